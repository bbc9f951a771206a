import { generatedName } from '../model/names.js';
import type { Statement } from '../parse/document.js';
import type { CreateIndexFact } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import {
  MAX_IDENTIFIER_BYTES,
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
import { indexSurvives } from './naming/final-names.js';
import { pushTo } from './util/collections.js';
import { defineRule, type RuleContext } from './types.js';

interface Options {
  prefixes: string[];
  uniquePrefixes: string[];
  strict: boolean;
  requireNames: boolean;
  allowPostgresDefaults: boolean;
  ignore: string[];
  preset: PresetSetting;
}

interface IndexInfo {
  table: string;
  /** Column names; undefined for an expression. */
  columns: (string | undefined)[];
  /** Words naming each element (a column, or the names in an expression). */
  parts: string[] | undefined;
  unique: boolean;
  partial: boolean;
}

const EXPRESSION_NOISE = new Set(['and', 'or', 'not', 'null', 'is', 'true', 'false', 'text', 'varchar', 'integer', 'bigint', 'date', 'timestamp', 'timestamptz', 'jsonb', 'json', 'public', 'pg_catalog']);

function expressionWords(expression: string): string {
  const ws = (expression.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).map(toSnakeCase).filter((w) => w && !EXPRESSION_NOISE.has(w));
  return [...new Set(ws)].join('_') || 'expr';
}

export const namingIndex = defineRule<Options>({
  id: 'naming-index',
  meta: {
    description: 'Require index names of the form idx_{table}_{columns}.',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      prefix:
        'Index "{{name}}" on {{table}} does not follow the idx_{table}_{columns} convention (its name should start with {{expected}}). Predictable names make EXPLAIN plans, pg_stat_user_indexes and lock waits readable at a glance, and later DROP INDEX / REINDEX migrations easy to write; ad-hoc names get duplicated or dropped by mistake. Rename it to {{suggestion}}.',
      strict:
        'Index "{{name}}" on {{table}} does not name its columns as idx_{table}_{columns} requires (expected {{suggestion}}): a name that lists the columns tells whoever reads a query plan or drops a duplicate which index this is without looking it up. Rename it to {{suggestion}}.',
      unnamed:
        'The index on {{table}} ({{columns}}) has no name, so PostgreSQL names it {{generated}}: that name does not follow idx_{table}_{columns}, and later migrations that drop or rebuild the index must guess it. Name it {{suggestion}}.',
      prisma:
        'Index "{{name}}" on {{table}} follows neither Prisma\'s index naming ({{expected}}) nor idx_{table}_{columns}. Predictable names make EXPLAIN plans, pg_stat_user_indexes and lock waits readable at a glance, and let `prisma migrate diff` and later DROP INDEX migrations find the index; an ad-hoc name gets duplicated or dropped by mistake. Rename it to {{suggestion}}.',
    },
    defaultOptions: { prefixes: ['idx_'], uniquePrefixes: ['uq_'], strict: false, requireNames: false, allowPostgresDefaults: true, ignore: [], preset: 'auto' },
    schema: {
      type: 'object',
      properties: {
        prefixes: { type: 'array', items: { type: 'string' }, description: 'Accepted prefixes; a name must start with <prefix><table>_. The first one is used for new names.' },
        uniquePrefixes: { type: 'array', items: { type: 'string' }, description: 'Further prefixes accepted for unique indexes (the first one is used for their new names).' },
        strict: { type: 'boolean', description: 'Also require the columns: exactly <prefix><table>_<col1>_<col2>…; a partial index may add a suffix. Indexes on expressions only need the prefix.' },
        requireNames: { type: 'boolean', description: 'Report indexes created without a name (PostgreSQL then generates <table>_<columns>_idx).' },
        allowPostgresDefaults: { type: 'boolean', description: 'Accept names in PostgreSQL\'s own style written out explicitly (<table>_<columns>_idx, and _key for unique indexes), as pg_dump and Prisma write them.' },
        ignore: { type: 'array', items: { type: 'string', format: 'regex' }, description: 'Regular expressions: index names matching one are not checked.' },
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
    const prefixesFor = (unique: boolean): string[] => (unique ? [...o.uniquePrefixes, ...o.prefixes] : o.prefixes);
    const newPrefix = (unique: boolean): string => (unique ? o.uniquePrefixes[0] ?? o.prefixes[0] : o.prefixes[0]) ?? 'idx_';
    const taken = new Set<string>();
    const prisma = presetOf(ctx) === 'prisma';

    const conforms = (name: string, ix: IndexInfo): 'ok' | 'prefix' | 'strict' => {
      const cols = ix.columns.map((c) => c ?? 'expr');
      if (prisma && isPrismaIndexName(name, ix)) return 'ok';
      if (o.allowPostgresDefaults && (isPostgresDefaultName(name, ix.table, cols, 'idx') || (ix.unique && isPostgresDefaultName(name, ix.table, cols, 'key')))) return 'ok';
      const prefixes = prefixesFor(ix.unique);
      if (!hasTablePrefix(name, prefixes, ix.table)) return 'prefix';
      if (!o.strict || ix.columns.some((c) => c === undefined)) return 'ok';
      for (const p of prefixes)
        for (const t of tableForms(ix.table))
          for (const cs of [ix.columns as string[], (ix.columns as string[]).map(toSnakeCase)]) {
            const expected = `${p}${t}_${cs.join('_')}`;
            if (name === expected || (ix.partial && name.startsWith(expected + '_'))) return 'ok';
            if (Buffer.byteLength(expected) > MAX_IDENTIFIER_BYTES && Buffer.byteLength(name) >= MAX_IDENTIFIER_BYTES - 3 && expected.startsWith(name)) return 'ok';
          }
      return 'strict';
    };

    const proposal = (ix: IndexInfo): string | undefined => {
      if (!ix.parts) return undefined;
      // Prisma's own name: the table and columns as written, _idx (_key for a unique index).
      if (prisma) return generatedName(ix.table, ix.columns.map((c, i) => c ?? ix.parts![i]!), ix.unique ? 'key' : 'idx');
      return composeName(newPrefix(ix.unique), toSnakeCase(ix.table), ix.parts);
    };

    const nameTaken = (statement: Statement, schema: string | undefined, name: string): boolean => {
      const key = qualified(schema, name);
      const m = ctx.modelAt(statement);
      return taken.has(name.toLowerCase()) || m.indexes.has(key) || m.tables.has(key) || m.views.has(key) || ctx.final.indexes.has(key) || ctx.final.tables.has(key);
    };

    /** This file's DROP INDEX and ALTER INDEX … RENAME by index, in statement order; built once (a scan per index was quadratic on a large dump). */
    let uses: Map<string, { index: number; range: Range; rename: boolean }[]> | undefined;
    const usesOf = (schema: string | undefined, name: string): { index: number; range: Range; rename: boolean }[] => {
      if (!uses) {
        const map = new Map<string, { index: number; range: Range; rename: boolean }[]>();
        for (const s of ctx.file.parsed.statements)
          for (const f of s.facts) {
            if (f.kind === 'drop' && f.objectKind === 'index') for (const n of f.names) pushTo(map, qualified(n.schema, n.name), { index: s.index, range: n.nameRange, rename: false });
            if (f.kind === 'rename' && f.objectKind === 'index') pushTo(map, qualified(f.target.schema, f.target.name), { index: s.index, range: f.target.nameRange, rename: true });
          }
        uses = map;
      }
      return uses.get(qualified(schema, name)) ?? [];
    };

    /** This file's references to an index by name after `statement`: DROP INDEX and ALTER INDEX … RENAME. */
    const referencesAfter = (statement: Statement, schema: string | undefined, name: string): Range[] =>
      usesOf(schema, name)
        .filter((u) => u.index > statement.index)
        .map((u) => u.range);

    const renamedLater = (statement: Statement, schema: string | undefined, name: string): boolean => usesOf(schema, name).some((u) => u.rename && u.index > statement.index);

    const checkNamed = (statement: Statement, schema: string | undefined, name: string, range: Range, ix: IndexInfo): void => {
      if (ignored(name) || introducedEarlier(ctx, 'indexes', qualified(schema, name)) || renamedLater(statement, schema, name)) return;
      // An index a later migration drops or renames (or whose table it drops): the advice cannot be followed.
      if (!indexSurvives(ctx, schema, name)) return;
      const verdict = conforms(name, ix);
      if (verdict === 'ok') return;
      const to = proposal(ix);
      const expected = prisma ? `${ix.table}_<columns>_${ix.unique ? 'key' : 'idx'}` : prefixesFor(ix.unique).map((p) => p + toSnakeCase(ix.table) + '_').join(' or ');
      const data = { name, table: ix.table, expected, suggestion: to ? sqlIdent(to) : `${newPrefix(ix.unique)}${toSnakeCase(ix.table)}_<columns>` };
      const plan = to && !nameTaken(statement, schema, to) ? planRename(ctx as RuleContext<unknown>, name, to, [{ range }, ...referencesAfter(statement, schema, name).map((r) => ({ range: r }))], taken) : undefined;
      if (plan && to) taken.add(to.toLowerCase());
      ctx.report({ messageId: prisma ? 'prisma' : verdict, data, range, ...renameEdits(plan, `Rename index ${sqlIdent(name)} to ${sqlIdent(to ?? '')}`) });
    };

    for (const { fact, statement } of ctx.facts('createIndex')) {
      const schema = fact.table.schema;
      const ix = infoOf(fact);
      if (fact.name) {
        checkNamed(statement, schema, fact.name.name, fact.name.range, ix);
        continue;
      }
      if (!o.requireNames) continue;
      const generated = generatedName(fact.table.name, ix.columns.map((c) => c ?? 'expr'), 'idx');
      if (!indexSurvives(ctx, schema, generated)) continue;
      const to = proposal(ix)!;
      const tokens = ctx.file.parsed.tokens;
      const on = tokens.findWord(tokens.indexAt(statement.range.start), ['ON'], tokens.indexAt(fact.table.range.start));
      const at = on >= 0 ? tokens.at(on)!.start : -1;
      const plan = at >= 0 && !nameTaken(statement, schema, to) ? planRename(ctx as RuleContext<unknown>, generated, to, [{ range: { start: at, end: at }, insert: `${sqlIdent(to)} ` }], taken) : undefined;
      if (plan) taken.add(to.toLowerCase());
      ctx.report({
        messageId: 'unnamed',
        data: { table: fact.table.name, columns: fact.elements.map((e) => e.column ?? e.expression ?? '').join(', '), generated, suggestion: sqlIdent(to) },
        range: { start: statement.range.start, end: fact.table.range.start > statement.range.start ? fact.table.range.end : statement.range.end },
        ...renameEdits(plan, `Name the index ${sqlIdent(to)}`),
      });
    }

    for (const { fact, statement } of ctx.facts('rename')) {
      if (fact.objectKind !== 'index') continue;
      const m = ctx.modelAt(statement);
      const model = m.indexes.get(qualified(fact.target.schema, fact.target.name));
      // The index behind a PRIMARY KEY or UNIQUE constraint is named by naming-constraint.
      if (!model || model.constraint) continue;
      const table = m.tables.get(model.table)?.name ?? model.table.slice(model.table.indexOf('.') + 1);
      const ix: IndexInfo = {
        table,
        columns: model.columns,
        parts: model.columns.every((c) => c !== undefined) ? (model.columns as string[]).map(toSnakeCase) : undefined,
        unique: model.unique,
        partial: !!model.where,
      };
      checkNamed(statement, fact.target.schema, fact.to.name, fact.to.range, ix);
    }
  },
});

/**
 * A name Prisma gives: <table>_<columns>_idx, <table>_<columns>_key for a unique index (shortened as
 * PostgreSQL shortens its own), and for the table of an implicit m-n relation <table>_AB_unique and
 * <table>_B_index.
 */
function isPrismaIndexName(name: string, ix: IndexInfo): boolean {
  if (name === `${ix.table}_AB_unique` || name === `${ix.table}_B_index`) return true;
  const cols = ix.columns.map((c) => c ?? 'expr');
  return isPostgresDefaultName(name, ix.table, cols, 'idx') || (ix.unique && isPostgresDefaultName(name, ix.table, cols, 'key'));
}

function infoOf(fact: CreateIndexFact): IndexInfo {
  return {
    table: fact.table.name,
    columns: fact.elements.map((e) => e.column),
    parts: fact.elements.map((e) => (e.column ? toSnakeCase(e.column) : expressionWords(e.expression ?? ''))),
    unique: fact.unique,
    partial: !!fact.where,
  };
}
