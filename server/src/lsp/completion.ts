// Completion from the schema model: table names after FROM / JOIN / INTO / UPDATE / TABLE / REFERENCES
// and DDL's ON, columns where the table is known (select lists, WHERE, SET, index and key column lists,
// REFERENCES t (…), alias.column), with the column's type in the detail. Token-based, so it works in the
// statement being typed even though that statement does not parse yet.
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import type { ColumnModel, ParsedFile, SchemaModel, TableModel } from '../engine/index.js';
import { DOT, identName, isNameToken } from '../engine/parse/tokens.js';
import { enclosingParen, findTable, parenTable, relationsIn, statementAround, type RelationRef } from './navigation.js';

export const COMPLETION_TRIGGERS = ['.', '('];

const TABLE_WORDS = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'REFERENCES', 'TRUNCATE']);
const MODIFIERS = new Set(['ONLY', 'IF', 'NOT', 'EXISTS', 'CONCURRENTLY', 'LATERAL']);

// PostgreSQL's reserved key words (Appendix C): as identifiers they must be quoted.
const RESERVED = new Set(
  ('all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create current_catalog current_date ' +
    'current_role current_time current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign from ' +
    'grant group having in initially intersect into lateral leading limit localtime localtimestamp not null offset on only or order placing ' +
    'primary references returning select session_user some symmetric system_user table then to trailing true union unique user using variadic ' +
    'when where window with').split(' '),
);

export function quoteIfNeeded(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function qualifiedLabel(t: { schema: string; name: string }): string {
  return t.schema === 'public' ? quoteIfNeeded(t.name) : `${quoteIfNeeded(t.schema)}.${quoteIfNeeded(t.name)}`;
}

function columnDetail(c: ColumnModel): string {
  let s = c.type.text || c.type.name;
  if (c.notNull) s += ' NOT NULL';
  if (c.identity) s += ' identity';
  else if (c.default) s += ` DEFAULT ${c.default.text.length > 40 ? c.default.text.slice(0, 39) + '…' : c.default.text}`;
  return s;
}

function tableItems(model: SchemaModel, withViews: boolean, schema?: string): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const t of model.tables.values()) {
    if (schema && t.schema !== schema) continue;
    out.push({
      label: schema ? quoteIfNeeded(t.name) : qualifiedLabel(t),
      kind: CompletionItemKind.Class,
      detail: `${t.partitioned ? 'partitioned table' : 'table'} · ${t.columns.size} column${t.columns.size === 1 ? '' : 's'}`,
    });
  }
  if (withViews)
    for (const v of model.views.values()) {
      if (schema && v.schema !== schema) continue;
      out.push({ label: schema ? quoteIfNeeded(v.name) : qualifiedLabel(v), kind: CompletionItemKind.Interface, detail: v.materialized ? 'materialized view' : 'view' });
    }
  return out;
}

function columnItems(tables: TableModel[]): CompletionItem[] {
  const out: CompletionItem[] = [];
  const seen = new Set<string>();
  tables.forEach((t, ti) => {
    let ci = 0;
    for (const c of t.columns.values()) {
      const key = `${t.key}.${c.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        label: quoteIfNeeded(c.name),
        kind: CompletionItemKind.Field,
        detail: columnDetail(c),
        labelDetails: { description: t.name },
        sortText: `${String(ti).padStart(3, '0')}${String(ci++).padStart(4, '0')}`,
      });
    }
  });
  return out;
}

export function completionsAt(parsed: ParsedFile, model: SchemaModel, offset: number): CompletionItem[] {
  const ts = parsed.tokens;
  const i = ts.indexAt(offset);
  const at = ts.at(i);
  // Inside a string, a comment-like token or a number: nothing to complete.
  if (at && at.start < offset && !isNameToken(at)) return [];
  let prev: number;
  if (at && at.start < offset) prev = i - 1;
  else if (ts.at(i - 1) && ts.at(i - 1)!.end === offset && isNameToken(ts.at(i - 1)!)) prev = i - 2;
  else prev = i - 1;
  const st = statementAround(ts, prev + 1);
  if (prev < st.from - 1) return [];
  const relations = relationsIn(ts, st).filter((r) => r.at !== prev + 1);
  const tablesOf = (refs: RelationRef[]): TableModel[] => refs.map((r) => findTable(model, r.schema, r.name)).filter((t): t is TableModel => !!t);
  const prevTok = ts.at(prev);

  // alias.| or table.| or schema.|
  if (prevTok?.name === DOT && ts.at(prev - 1) && isNameToken(ts.at(prev - 1)!)) {
    const q = identName(ts.at(prev - 1)!.text).name;
    const r = relations.find((x) => x.alias === q) ?? relations.find((x) => x.name === q);
    const t = r ? findTable(model, r.schema, r.name) : findTable(model, undefined, q);
    if (t) return columnItems([t]);
    return tableItems(model, true, q);
  }

  let k = prev;
  while (k >= st.from && MODIFIERS.has(ts.at(k)!.text.toUpperCase()) && ts.at(k)!.keyword) k--;
  const word = k >= st.from ? ts.at(k)!.text.toUpperCase() : '';
  const head = st.head;
  if (TABLE_WORDS.has(word)) {
    // ALTER TABLE t ADD … / CREATE TABLE name: a new name, nothing to suggest.
    if (word === 'TABLE' && head[0] === 'CREATE') return [];
    return tableItems(model, word === 'FROM' || word === 'JOIN');
  }
  if (word === 'ON') {
    const ddl = ['CREATE', 'ALTER', 'DROP', 'GRANT', 'REVOKE'].includes(head[0] ?? '') && relations.every((r) => r.via !== 'FROM' && r.via !== 'JOIN');
    if (ddl) return tableItems(model, false);
  }
  if (word === 'COLUMN' || ((word === 'ALTER' || word === 'DROP' || word === 'RENAME') && head[0] === 'ALTER' && k > st.from + 1)) {
    const t = tablesOf(relations.filter((r) => r.via === 'TABLE'));
    if (t.length) return columnItems(t);
  }
  const open = enclosingParen(ts, st, prev + 1);
  if (open >= 0) {
    const owner = parenTable(ts, st, open, relations);
    if (owner) {
      const t = findTable(model, owner.schema, owner.name);
      return t ? columnItems([t]) : [];
    }
  }
  // Anywhere else in a statement with known tables: their columns.
  const tables = tablesOf(relations.filter((r) => r.via !== 'REFERENCES'));
  return tables.length ? columnItems(tables) : [];
}
