import type { ConstraintDef, QualifiedName } from '../parse/facts.js';
import type { Statement } from '../parse/document.js';
import { DEFAULT_SCHEMA, tableKey, type ConstraintModel, type IndexModel, type SchemaModel, type TableModel } from '../model/schema.js';
import { defineRule, type FixSpec, type HistoryFile, type RelatedInfo, type RuleContext, type TextEdit } from './types.js';
import { eol, insertAfter, quoteIdent, truncateName, writtenTable } from './unsafe-set-not-null.js';
import { concurrentlyVerdict } from './util/concurrently.js';
import { fileHasTransactionBlock } from './util/migration.js';
import { gatherHistory, newestUpMigration } from '../history-spans.js';
import { definitionsIn } from '../model/origins.js';
import { statementContaining } from '../parse/statement-lookup.js';
import { attachedTo } from './util/history.js';

/** Every relation name (table, index, view, constraint index) the files create, even one dropped again. */
function gatherRelationNames(files: readonly HistoryFile[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    if (file.isDown) continue;
    for (const s of file.parsed.statements)
      for (const f of s.facts) {
        const schema = 'table' in f && f.table ? f.table.schema ?? DEFAULT_SCHEMA : DEFAULT_SCHEMA;
        if (f.kind === 'createIndex' && f.name) names.add(tableKey(schema, f.name.name));
        else if (f.kind === 'createTable') {
          names.add(tableKey(f.table.schema, f.table.name));
          // Primary keys, unique and exclusion constraints create an index of the constraint's name.
          for (const c of f.constraints) if (c.name && c.kind !== 'foreignKey' && c.kind !== 'check') names.add(tableKey(schema, c.name.name));
        }
        else if (f.kind === 'createView') names.add(tableKey(f.name.schema, f.name.name));
        else if (f.kind === 'rename' && (f.objectKind === 'index' || f.objectKind === 'table')) names.add(tableKey(f.target.schema, f.to.name));
        else if (f.kind === 'alterTable')
          for (const act of f.actions)
            if (act.type === 'addConstraint' && act.constraint.name && act.constraint.kind !== 'foreignKey' && act.constraint.kind !== 'check')
              names.add(tableKey(schema, act.constraint.name.name));
      }
  }
  return names;
}

/**
 * The name is taken: by a relation of the final schema, or by one the history ever creates (so that
 * a new index name collides with none of them, even one created later and dropped again).
 */
function relationNameTaken(ctx: Ctx, key: string): boolean {
  if (ctx.final.tables.has(key) || ctx.final.indexes.has(key) || ctx.final.views.has(key)) return true;
  return gatherHistory(ctx.history, gatherRelationNames).some((names) => names.has(key));
}

type FinalForeignKey = { table: TableModel; constraint: ConstraintModel };

/** The file's foreign keys in the final schema by where they were written, per list of the file's definitions. */
const foreignKeysByStart = new WeakMap<readonly FinalForeignKey[], Map<number, FinalForeignKey>>();

/** The final schema's foreign key written at `start` of the linted file (the last one there, as the model lists them). */
function finalForeignKey(ctx: Ctx, start: number): FinalForeignKey | undefined {
  // Indexed once per file: a scan per foreign key made a 10 MB dump quadratic.
  const constraints = definitionsIn(ctx.final, ctx.file.path).constraints;
  let byStart = foreignKeysByStart.get(constraints);
  if (!byStart) {
    byStart = new Map();
    for (const c of constraints) if (c.constraint.kind === 'foreignKey') byStart.set(c.constraint.origin.range.start, c);
    foreignKeysByStart.set(constraints, byStart);
  }
  return byStart.get(start);
}

/** The partitioned table `table` belongs to: from PARTITION OF, else from the history's first ATTACH PARTITION. */
function partitionParent(ctx: Ctx, table: string): string | undefined {
  return ctx.final.tables.get(table)?.partitionOf ?? attachedTo(ctx.history, table);
}

/** The columns of the index a fix creates, and the foreign keys that index serves. */
interface IndexPlan {
  columns: string[];
  serves: ConstraintModel[];
}

/** The index each unserved foreign key of a table gets, by final model and table (computed when a table is first reported). */
const planCache = new WeakMap<SchemaModel, Map<string, Map<ConstraintModel, IndexPlan>>>();

type Ctx = RuleContext<Record<string, never>>;

/**
 * An index serves a foreign key when the key's columns are its leading columns, in any order (the
 * referential check and joins look rows up by all of them at once). Expression elements never match;
 * a partial index only when its predicate is `fk_col IS NOT NULL [AND …]` over key columns, which holds
 * for every row a parent's DELETE or UPDATE has to find. BRIN indexes are lossy summaries of physical
 * ranges and do not find scattered child rows.
 */
function serves(ix: IndexModel, columns: string[]): boolean {
  if (ix.method === 'brin' || ix.columns.length < columns.length) return false;
  const lead = ix.columns.slice(0, columns.length);
  if (lead.some((c) => c === undefined || !columns.includes(c)) || new Set(lead).size !== columns.length) return false;
  if (ix.where !== undefined && !(ix.whereNotNullColumns && ix.whereNotNullColumns.every((c) => columns.includes(c)))) return false;
  return true;
}

/** The table's indexes plus those of its partition ancestors (an index on a partitioned table covers every partition). */
function indexesFor(ctx: Ctx, table: string): IndexModel[] {
  const out: IndexModel[] = [];
  const seen = new Set<string>();
  for (let t: string | undefined = table; t && !seen.has(t); t = partitionParent(ctx, t)) {
    seen.add(t);
    out.push(...ctx.final.indexesOf(t));
  }
  return out;
}

/**
 * The indexes to create for a table's unserved foreign keys, one per key unless keys share columns:
 * a key whose columns are a subset of another's is served by the larger key's index when the smaller
 * key's columns lead it, so (b1) and (b1, b2) get one index (b1, b2), not (b1) beside (b1, b2) that
 * redundant-index would then report. For each key that no other contains, its index's columns are
 * ordered along a chain of the keys inside it (smallest first); a key on no such chain gets its own.
 */
function indexPlans(ctx: Ctx, table: TableModel): Map<ConstraintModel, IndexPlan> {
  let byTable = planCache.get(ctx.final);
  if (!byTable) planCache.set(ctx.final, (byTable = new Map()));
  const hit = byTable.get(table.key);
  if (hit) return hit;
  const indexes = indexesFor(ctx, table.key);
  const unserved = table.constraints.filter((c) => c.kind === 'foreignKey' && c.columns.length && !indexes.some((ix) => serves(ix, c.columns)));
  const sets = new Map(unserved.map((c) => [c, new Set(c.columns)]));
  const within = (small: ConstraintModel, big: ConstraintModel): boolean => small.columns.every((c) => sets.get(big)!.has(c));
  const strictlyWithin = (small: ConstraintModel, big: ConstraintModel): boolean => within(small, big) && !within(big, small);
  // Largest first, then in the order they were written: the first container of a key decides its index.
  const bySize = [...unserved].sort((x, y) => y.columns.length - x.columns.length);
  const plans = new Map<ConstraintModel, IndexPlan>();
  for (const top of bySize) {
    if (plans.has(top) || unserved.some((o) => strictlyWithin(top, o))) continue;
    const chain = unserved.filter((o) => within(o, top) && !plans.has(o)).sort((x, y) => x.columns.length - y.columns.length);
    const columns: string[] = [];
    const served: ConstraintModel[] = [];
    for (const k of chain) {
      if (!columns.every((c) => sets.get(k)!.has(c))) continue;
      for (const c of k.columns) if (!columns.includes(c)) columns.push(c);
      served.push(k);
    }
    const plan = { columns, serves: served };
    for (const k of served) plans.set(k, plan);
  }
  for (const k of unserved) if (!plans.has(k)) plans.set(k, { columns: k.columns, serves: [k] });
  byTable.set(table.key, plans);
  return plans;
}

function indexName(ctx: Ctx, schema: string, table: string, columns: string[]): string {
  const base = `idx_${table}_${columns.join('_')}`;
  for (let i = 0; ; i++) {
    const suffix = i === 0 ? '' : `_${i}`;
    const name = truncateName(base, 63 - suffix.length) + suffix;
    if (!relationNameTaken(ctx, tableKey(schema, name))) return name;
  }
}

function createIndex(name: string, concurrently: boolean, tableText: string, columns: string[]): string {
  return `CREATE INDEX${concurrently ? ' CONCURRENTLY' : ''} ${quoteIdent(name)} ON ${tableText} (${columns.map(quoteIdent).join(', ')});`;
}

/** The last statement of `file` that defines one of `keys` (`statement` when none comes after it). */
function lastStatementOf(file: HistoryFile, keys: readonly ConstraintModel[], statement: Statement): Statement {
  let last = statement;
  for (const k of keys) {
    if (k.origin.file !== file.path) continue;
    const s = statementContaining(file.parsed.statements, k.origin.range.start);
    if (s && s.index > last.index) last = s;
  }
  return last;
}

export const foreignKeyMissingIndex = defineRule<Record<string, never>>({
  id: 'foreign-key-missing-index',
  meta: {
    description: 'Require an index whose leading columns are the columns of each foreign key.',
    category: 'indexing',
    defaultSeverity: 'warning',
    messages: {
      missingIndex:
        'Foreign key {{constraint}} on {{table}} ({{columns}}) has no index starting with those columns: every DELETE of a row of {{referenced}}, every update of its key and every ON DELETE CASCADE or SET NULL must scan the whole of {{table}} to find the child rows, and joins on the foreign key cannot use an index. Create an index on {{table}} ({{columns}}).',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: true,
    hasSuggestions: true,
  },
  check(ctx) {
    if (ctx.file.isDown) return;
    const newest = newestUpMigration(ctx.history);
    for (const s of ctx.file.parsed.statements)
      for (const f of s.facts) {
        if (f.kind === 'createTable') for (const c of f.constraints) check(ctx, newest, s, f.table, c);
        else if (f.kind === 'alterTable')
          for (const act of f.actions) {
            if (act.type === 'addConstraint') check(ctx, newest, s, f.table, act.constraint);
            else if (act.type === 'addColumn') for (const c of act.constraints) check(ctx, newest, s, f.table, c);
          }
      }
  },
});

function check(ctx: Ctx, newest: HistoryFile | undefined, statement: Statement, written: QualifiedName, def: ConstraintDef): void {
  if (def.kind !== 'foreignKey') return;
  // The same foreign key in the final schema: found by where it was written, so renames of its table,
  // columns or name are followed, and a key dropped later (or whose table was dropped) is not reported.
  const found = finalForeignKey(ctx, (def.name?.range ?? def.range).start);
  if (!found) return;
  const { table, constraint } = found;
  // Indexes the model cannot see (LIKE … INCLUDING INDEXES of an unknown table): do not guess.
  if (table.columnsIncomplete || !constraint.columns.length) return;
  if (indexesFor(ctx, table.key).some((ix) => serves(ix, constraint.columns))) return;

  const tableText = writtenTable(ctx, written);
  const referenced = constraint.references ? ctx.final.tables.get(constraint.references.table) : undefined;
  const related: RelatedInfo[] = referenced ? [{ file: referenced.origin.file, range: referenced.origin.range, message: `Referenced table ${quoteIdent(referenced.name)} is defined here.` }] : [];
  const data = {
    constraint: quoteIdent(constraint.name),
    table: tableText,
    columns: constraint.columns.map(quoteIdent).join(', '),
    referenced: referenced ? quoteIdent(referenced.name) : constraint.references?.table ?? '',
  };
  // CREATE INDEX CONCURRENTLY cannot run in a transaction block (its tool's, or an explicit one) nor on a
  // partitioned table. The new statement is one more in the file: a tool that sends the file as one
  // query then runs it in a transaction too (the verdict for a statement added to the file).
  const concurrentOk = (file: HistoryFile): boolean => !table.partitioned && !fileHasTransactionBlock(file.parsed) && concurrentlyVerdict(file, undefined).allowed;

  // One index for the keys that share columns (see indexPlans).
  const plan = indexPlans(ctx, table).get(constraint) ?? { columns: constraint.columns, serves: [constraint] };
  if (newest && newest.index === ctx.file.index) {
    // The newest migration, probably not applied anywhere yet: add the index right after the key (after
    // the last of the keys it serves that this file defines). The plan is in the final schema's names:
    // when this file writes the key under other names (renamed later in the file), index it alone.
    const asWritten = tableKey(written.schema, written.name) === table.key && (!def.columns.length || def.columns.join('\u0000') === constraint.columns.join('\u0000'));
    const columns = asWritten ? plan.columns : def.columns.length ? def.columns : constraint.columns;
    const after = asWritten ? lastStatementOf(ctx.file, plan.serves, statement) : statement;
    const existed = ctx.existedBeforeFile(written.schema, written.name);
    const name = indexName(ctx, written.schema ?? DEFAULT_SCHEMA, written.name, columns);
    const sql = createIndex(name, existed && concurrentOk(ctx.file), tableText, columns);
    const fix: FixSpec = { title: `Create index ${quoteIdent(name)} on ${tableText} (${columns.map(quoteIdent).join(', ')}) after this statement`, edits: [insertAfter(ctx.file.parsed.text, after, [sql])] };
    ctx.report({ messageId: 'missingIndex', data, range: def.range, fix, related });
    return;
  }
  // An older migration has probably run somewhere already: editing it changes nothing there. The index
  // belongs in the newest migration, with the key's final table and column names.
  const suggestions: FixSpec[] = [];
  if (newest) {
    const finalTable = table.key === tableKey(written.schema, written.name) ? tableText : (table.schema === DEFAULT_SCHEMA ? '' : quoteIdent(table.schema) + '.') + quoteIdent(table.name);
    const name = indexName(ctx, table.schema, table.name, plan.columns);
    const sql = createIndex(name, table.fileIndex < newest.index && concurrentOk(newest), finalTable, plan.columns);
    const text = newest.parsed.text;
    const end = text.length;
    const nl = eol(text);
    const edits: TextEdit[] = [{ file: newest.path, range: { start: end, end }, newText: (text === '' || text.endsWith('\n') ? '' : nl) + sql + nl }];
    // A last statement without its semicolon would swallow the appended one.
    const last = newest.parsed.statements[newest.parsed.statements.length - 1];
    if (last && !text.slice(last.range.end, last.end).includes(';')) edits.unshift({ file: newest.path, range: { start: last.range.end, end: last.range.end }, newText: ';' });
    suggestions.push({ title: `Create index ${quoteIdent(name)} on ${finalTable} (${plan.columns.map(quoteIdent).join(', ')}) in the newest migration, ${newest.relPath}`, edits });
  }
  ctx.report({ messageId: 'missingIndex', data, range: def.range, suggestions, related });
}
