import { constraintSuffix, generatedName } from '../model/names.js';
import type { Statement } from '../parse/document.js';
import type { ConstraintDef, QualifiedName } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import {
  compileIgnore,
  composeName,
  hasTablePrefix,
  introducedEarlier,
  isPostgresDefaultName,
  planRename,
  renameEdits,
  qualified,
  sqlIdent,
  tableForms,
  toSnakeCase,
} from './naming/shared.js';
import { presetOf, PRESET_OPTION, type PresetSetting } from './naming/convention.js';
import { constraintSurvives, renamedConstraintSurvives } from './naming/final-names.js';
import { pushTo } from './util/collections.js';
import { defineRule, type RuleContext } from './types.js';

interface Options {
  primaryKeyPrefixes: string[];
  uniquePrefixes: string[];
  foreignKeyPrefixes: string[];
  checkPrefixes: string[];
  excludePrefixes: string[];
  requireNames: boolean;
  allowPostgresDefaults: boolean;
  ignore: string[];
  preset: PresetSetting;
}

type Kind = ConstraintDef['kind'];

const KIND_TEXT: Record<Kind, string> = { primaryKey: 'primary key', unique: 'unique', foreignKey: 'foreign key', check: 'check', exclude: 'exclusion' };
const TAIL_TEXT: Record<Kind, string> = { primaryKey: '', unique: '_{columns}', foreignKey: '_{ref}', check: '_{rule}', exclude: '_{columns}' };
/** Prefixes and suffixes people put on constraint names, stripped when a check's old name becomes its rule part. */
const NOISE = /^(chk|ck|check|cc|con|constraint)_|_(chk|ck|check|constraint)$/g;
const EXPRESSION_NOISE = new Set(['and', 'or', 'not', 'null', 'is', 'true', 'false', 'in', 'between', 'like', 'ilike', 'any', 'all', 'array', 'case', 'when', 'then', 'else', 'end', 'text', 'length', 'char_length', 'lower', 'upper', 'trim', 'coalesce']);

export const namingConstraint = defineRule<Options>({
  id: 'naming-constraint',
  meta: {
    description: 'Require constraint names of the form chk_{table}_…, uq_{table}_…, fk_{table}_…, pk_{table} (or PostgreSQL\'s own <table>_…_<suffix> names).',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      pattern:
        'The {{kind}} constraint "{{name}}" on {{table}} does not follow the {{pattern}} convention. Constraint names are what the application and on-call engineers see in errors ("violates {{kind}} constraint …") and what later DROP / VALIDATE CONSTRAINT migrations must spell; a predictable name says at once which table and rule failed. Rename it to {{suggestion}}.',
      unnamed:
        'The {{kind}} constraint on {{table}} has no name, so PostgreSQL names it {{generated}}: errors show that generated name, and later migrations that drop or validate the constraint must guess it. Name it {{suggestion}}.',
    },
    defaultOptions: {
      primaryKeyPrefixes: ['pk_'],
      uniquePrefixes: ['uq_'],
      foreignKeyPrefixes: ['fk_'],
      checkPrefixes: ['chk_'],
      excludePrefixes: ['excl_'],
      requireNames: false,
      allowPostgresDefaults: true,
      ignore: [],
      preset: 'auto',
    },
    schema: {
      type: 'object',
      properties: {
        primaryKeyPrefixes: { type: 'array', items: { type: 'string' }, description: 'Accepted primary-key prefixes: the name is <prefix><table> (or <prefix><table>_…). <table>_pkey is always accepted.' },
        uniquePrefixes: { type: 'array', items: { type: 'string' }, description: 'Accepted unique-constraint prefixes: the name starts with <prefix><table>_.' },
        foreignKeyPrefixes: { type: 'array', items: { type: 'string' }, description: 'Accepted foreign-key prefixes: the name starts with <prefix><table>_.' },
        checkPrefixes: { type: 'array', items: { type: 'string' }, description: 'Accepted check-constraint prefixes: the name starts with <prefix><table>_.' },
        excludePrefixes: { type: 'array', items: { type: 'string' }, description: 'Accepted exclusion-constraint prefixes: the name starts with <prefix><table>_.' },
        requireNames: { type: 'boolean', description: 'Report PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK and EXCLUDE constraints written without CONSTRAINT <name>.' },
        allowPostgresDefaults: {
          type: 'boolean',
          description: "Accept PostgreSQL's own names written out explicitly (<table>_<columns>_fkey, _key, _check, _excl), as pg_dump, Prisma and many teams write them.",
        },
        ignore: { type: 'array', items: { type: 'string', format: 'regex' }, description: 'Regular expressions: constraint names matching one are not checked.' },
        preset: PRESET_OPTION,
      },
      additionalProperties: false,
    },
    fixable: true,
    hasSuggestions: true,
  },
  check(ctx) {
    if (ctx.file.isDown) return;
    const o = ctx.options;
    const ignored = compileIgnore(o.ignore);
    const taken = new Set<string>();
    const prefixes = (kind: Kind): string[] =>
      ({ primaryKey: o.primaryKeyPrefixes, unique: o.uniquePrefixes, foreignKey: o.foreignKeyPrefixes, check: o.checkPrefixes, exclude: o.excludePrefixes })[kind];
    const firstPrefix = (kind: Kind): string => prefixes(kind)[0] ?? { primaryKey: 'pk_', unique: 'uq_', foreignKey: 'fk_', check: 'chk_', exclude: 'excl_' }[kind];
    // Prisma writes PostgreSQL's own names in full (User_pkey, Post_authorId_fkey), and <table>_AB_pkey for an implicit m-n relation's table.
    const prisma = presetOf(ctx) === 'prisma';

    const conforms = (kind: Kind, name: string, table: string, columns: string[], notNullColumn?: string): boolean => {
      if (kind === 'primaryKey') {
        if (tableForms(table).some((t) => name === `${t}_pkey`)) return true;
        if (hasTablePrefix(name, prefixes(kind), table, true)) return true;
      } else if (hasTablePrefix(name, prefixes(kind), table)) return true;
      if (prisma && kind === 'primaryKey' && name === `${table}_AB_pkey`) return true;
      if (!o.allowPostgresDefaults && !prisma) return false;
      // PostgreSQL 18 names a column's NOT NULL constraint <table>_<column>_not_null; a CHECK (column IS NOT NULL) named so (as unsafe-set-not-null suggests) is that name.
      if (notNullColumn && isPostgresDefaultName(name, table, [notNullColumn], 'not_null')) return true;
      return isPostgresDefaultName(name, table, columns, constraintSuffix(kind));
    };

    /** The words after <prefix><table>_ in a new name. */
    const tail = (c: ConstraintDef, table: string, oldName?: string): string[] => {
      if (c.kind === 'primaryKey') return [];
      if (c.kind === 'check') {
        const fromOld = oldName ? cleanRule(oldName, table) : '';
        if (fromOld) return [fromOld];
        const ident = firstIdentifier(c.check?.text ?? '');
        return [toSnakeCase(c.columns[0] ?? ident ?? 'check')];
      }
      if (c.columns.length) return c.columns.map(toSnakeCase);
      return [oldName ? cleanRule(oldName, table) : ''].filter(Boolean);
    };

    const nameTaken = (statement: Statement, table: QualifiedName, kind: Kind, name: string): boolean => {
      if (taken.has(name.toLowerCase())) return true;
      const m = ctx.modelAt(statement);
      for (const model of [m, ctx.final]) {
        if (model.table(table.schema, table.name)?.constraints.some((k) => k.name === name)) return true;
        const key = qualified(table.schema, name);
        // A primary key or unique constraint creates an index of the same name, in the relation namespace.
        if ((kind === 'primaryKey' || kind === 'unique' || kind === 'exclude') && (model.indexes.has(key) || model.tables.has(key) || model.views.has(key))) return true;
      }
      return false;
    };

    /** This file's DROP / VALIDATE / RENAME CONSTRAINT by table and constraint, in statement order; built once (a scan per constraint was quadratic on a large dump). */
    let uses: Map<string, { index: number; range: Range; rename: boolean }[]> | undefined;
    const useKey = (table: QualifiedName, name: string): string => `${qualified(table.schema, table.name)}|${name}`;
    const usesOf = (table: QualifiedName, name: string): { index: number; range: Range; rename: boolean }[] => {
      if (!uses) {
        const map = new Map<string, { index: number; range: Range; rename: boolean }[]>();
        for (const s of ctx.file.parsed.statements)
          for (const f of s.facts) {
            if (f.kind === 'alterTable')
              for (const a of f.actions)
                if (a.type === 'dropConstraint' || a.type === 'validateConstraint') pushTo(map, useKey(f.table, a.name.name), { index: s.index, range: a.name.range, rename: false });
            if (f.kind === 'rename' && f.objectKind === 'constraint' && f.from) pushTo(map, useKey(f.target, f.from.name), { index: s.index, range: f.from.range, rename: true });
          }
        uses = map;
      }
      return uses.get(useKey(table, name)) ?? [];
    };

    /** This file's later references to a constraint of `table`: DROP / VALIDATE / RENAME CONSTRAINT. */
    const referencesAfter = (statement: Statement, table: QualifiedName, name: string): Range[] =>
      usesOf(table, name)
        .filter((u) => u.index > statement.index)
        .map((u) => u.range);

    const renamedLater = (statement: Statement, table: QualifiedName, name: string): boolean => usesOf(table, name).some((u) => u.rename && u.index > statement.index);

    const pattern = (kind: Kind): string => {
      const postgres = kind === 'primaryKey' ? ['{table}_pkey'] : o.allowPostgresDefaults || prisma ? [`{table}_…_${constraintSuffix(kind)}`] : [];
      const seed = prefixes(kind).map((p) => `${p}{table}${TAIL_TEXT[kind]}`);
      return (prisma ? [...postgres, ...seed] : [...seed, ...postgres]).join(' / ');
    };

    /** The name to suggest: the seed's <prefix><table>_…, or for Prisma the name Prisma itself writes (<table>_<columns>_<suffix>, the table as written). */
    const proposal = (c: ConstraintDef, table: string, oldName?: string): string => {
      if (!prisma) return composeName(firstPrefix(c.kind), toSnakeCase(table), tail(c, table, oldName));
      const rule = c.kind === 'check' || !c.columns.length ? tail(c, table, oldName) : c.columns;
      return generatedName(table, c.kind === 'primaryKey' ? [] : rule, constraintSuffix(c.kind));
    };

    const checkNamed = (statement: Statement, table: QualifiedName, c: ConstraintDef, name: string, range: Range): void => {
      if (ignored(name) || introducedEarlier(ctx, 'constraints', `${table.name}.${name}`) || renamedLater(statement, table, name)) return;
      const cols = c.kind === 'check' ? (c.check?.notNullColumn ? [c.check.notNullColumn] : c.columns) : c.columns;
      if (conforms(c.kind, name, table.name, cols, c.check?.notNullColumn)) return;
      const to = proposal(c, table.name, name);
      const sites = [{ range }, ...referencesAfter(statement, table, name).map((r) => ({ range: r }))];
      const plan = !nameTaken(statement, table, c.kind, to) ? planRename(ctx as RuleContext<unknown>, name, to, sites, taken) : undefined;
      if (plan) taken.add(to.toLowerCase());
      ctx.report({
        messageId: 'pattern',
        data: { kind: KIND_TEXT[c.kind], name, table: table.name, pattern: pattern(c.kind), suggestion: sqlIdent(to) },
        range,
        ...renameEdits(plan, `Rename constraint ${sqlIdent(name)} to ${sqlIdent(to)}`),
      });
    };

    const checkConstraint = (statement: Statement, table: QualifiedName, c: ConstraintDef, created: boolean): void => {
      // A constraint a later migration drops or renames (or whose table it drops): the advice cannot be followed.
      if (!constraintSurvives(ctx, statement, table, c, created)) return;
      if (c.name) {
        checkNamed(statement, table, c, c.name.name, c.name.range);
        return;
      }
      if (!o.requireNames) return;
      const suffix = constraintSuffix(c.kind);
      // PostgreSQL names a primary key <table>_pkey, without its columns.
      const cols = c.kind === 'primaryKey' ? [] : c.kind === 'check' ? (c.check?.notNullColumn ? [c.check.notNullColumn] : c.columns) : c.columns;
      const generated = c.usingIndex ?? generatedName(table.name, cols, suffix);
      // PostgreSQL names a table-level check after the first column it mentions.
      const candidates = [generated, generatedName(table.name, [], suffix), ...(c.check ? [generatedName(table.name, [firstIdentifier(c.check.text) ?? ''], suffix)] : [])];
      const to = proposal(c, table.name);
      // ADD … USING INDEX takes the index's name; naming the constraint renames the index too.
      const plan =
        !c.usingIndex && !nameTaken(statement, table, c.kind, to)
          ? planRename(ctx as RuleContext<unknown>, candidates, to, [{ range: { start: c.range.start, end: c.range.start }, insert: `CONSTRAINT ${sqlIdent(to)} ` }], taken)
          : undefined;
      if (plan) taken.add(to.toLowerCase());
      ctx.report({
        messageId: 'unnamed',
        data: { kind: KIND_TEXT[c.kind], table: table.name, generated, suggestion: sqlIdent(to) },
        range: c.range,
        ...renameEdits(plan, `Name the constraint ${sqlIdent(to)}`),
      });
    };

    for (const { fact, statement } of ctx.facts('createTable')) {
      if (fact.temporary) continue;
      for (const c of fact.constraints) checkConstraint(statement, fact.table, c, true);
    }
    for (const { fact, statement } of ctx.facts('alterTable'))
      for (const a of fact.actions) {
        if (a.type === 'addColumn') for (const c of a.constraints) checkConstraint(statement, fact.table, c, false);
        else if (a.type === 'addConstraint') checkConstraint(statement, fact.table, a.constraint, false);
      }
    for (const { fact, statement } of ctx.facts('rename')) {
      if (fact.objectKind !== 'constraint' || !fact.from) continue;
      if (!renamedConstraintSurvives(ctx, statement, fact.target, fact.from.name, fact.to.name)) continue;
      const model = ctx.modelAt(statement).table(fact.target.schema, fact.target.name)?.constraints.find((k) => k.name === fact.from!.name);
      if (!model) continue;
      const c: ConstraintDef = { kind: model.kind, columns: model.columns, inline: false, range: fact.to.range, notValid: model.notValid, include: [] };
      if (model.checkNotNullColumn) c.check = { text: '', range: fact.to.range, functions: [], isNull: false, notNullColumn: model.checkNotNullColumn };
      checkNamed(statement, fact.target, c, fact.to.name, fact.to.range);
    }
  },
});

/** The rule part of a check constraint's old name: positive_price, or orders_total_check -> total. */
function cleanRule(oldName: string, table: string): string {
  let s = toSnakeCase(oldName);
  for (const t of tableForms(table).map(toSnakeCase)) {
    if (s.startsWith(t + '_')) s = s.slice(t.length + 1);
    else if (s.endsWith('_' + t)) s = s.slice(0, -(t.length + 1));
  }
  s = s.replace(NOISE, '').replace(/^(pk|pkey|uq|uk|unique|fk|fkey|key|excl|ex|idx)_|_(pkey|uq|uk|unique|fk|fkey|key|excl|idx)$/g, '');
  return s === toSnakeCase(table) ? '' : s;
}

function firstIdentifier(expression: string): string | undefined {
  const stripped = expression.replace(/'(?:[^']|'')*'/g, ' ');
  return (stripped.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).find((w) => !EXPRESSION_NOISE.has(w.toLowerCase()));
}
