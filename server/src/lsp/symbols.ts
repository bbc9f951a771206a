// Document symbols (the outline: tables with their columns, views, indexes, enums and functions a file
// creates) and workspace symbols (the same across every indexed migration), from the statements' facts.
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import type { ParsedFile, Range } from '../engine/index.js';
import { toLspRange } from './convert.js';
import type { Workspace } from './workspace.js';

function label(schema: string | undefined, name: string): string {
  return schema && schema !== 'public' ? `${schema}.${name}` : name;
}

function contains(outer: Range, inner: Range): Range {
  // LSP requires the selection range inside the full range.
  return inner.start >= outer.start && inner.end <= outer.end ? inner : outer;
}

export function documentSymbols(parsed: ParsedFile): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const sym = (name: string, detail: string, kind: SymbolKind, range: Range, selection: Range, children?: DocumentSymbol[]): DocumentSymbol => {
    const s: DocumentSymbol = { name, detail, kind, range: toLspRange(parsed, range), selectionRange: toLspRange(parsed, contains(range, selection)) };
    if (children?.length) s.children = children;
    return s;
  };
  for (const st of parsed.statements) {
    const range = { start: st.range.start, end: st.end };
    for (const f of st.facts) {
      switch (f.kind) {
        case 'createTable': {
          const columns = f.columns.map((c) => sym(c.name.name, c.type.text, SymbolKind.Field, contains(range, c.range), c.name.range));
          out.push(sym(label(f.table.schema, f.table.name), f.partitionOf ? 'partition' : f.partitioned ? 'partitioned table' : 'table', SymbolKind.Class, range, f.table.nameRange, columns));
          break;
        }
        case 'createView':
          out.push(sym(label(f.name.schema, f.name.name), f.materialized ? 'materialized view' : 'view', SymbolKind.Interface, range, f.name.nameRange));
          break;
        case 'createIndex':
          out.push(sym(f.name?.name ?? `(unnamed index on ${f.table.name})`, `${f.unique ? 'unique ' : ''}index on ${label(f.table.schema, f.table.name)}`, SymbolKind.Key, range, f.name?.range ?? f.table.nameRange));
          break;
        case 'createEnum':
          out.push(sym(label(f.name.schema, f.name.name), 'enum', SymbolKind.Enum, range, f.name.nameRange));
          break;
        case 'createFunction':
          out.push(sym(label(f.name.schema, f.name.name), `function (${f.language})`, SymbolKind.Function, range, f.name.nameRange));
          break;
        default:
          break;
      }
    }
  }
  return out;
}

/** Subsequence match, case-insensitive: "usrid" matches "users_id". */
export function matchesQuery(name: string, query: string): boolean {
  if (!query) return true;
  const n = name.toLowerCase();
  let k = 0;
  for (const c of query.toLowerCase()) {
    k = n.indexOf(c, k);
    if (k < 0) return false;
    k++;
  }
  return true;
}

export const MAX_WORKSPACE_SYMBOLS = 1000;
const symbolCache = new WeakMap<ParsedFile, DocumentSymbol[]>();

function cachedSymbols(parsed: ParsedFile): DocumentSymbol[] {
  let s = symbolCache.get(parsed);
  if (!s) symbolCache.set(parsed, (s = documentSymbols(parsed)));
  return s;
}

export function workspaceSymbols(workspace: Workspace, query: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const flatten = (symbols: DocumentSymbol[], uri: string, container: string | undefined): void => {
    for (const s of symbols) {
      if (out.length >= MAX_WORKSPACE_SYMBOLS) return;
      if (matchesQuery(s.name, query)) out.push({ name: s.name, kind: s.kind, location: { uri, range: s.selectionRange }, ...(container ? { containerName: container } : {}) });
      if (s.children) flatten(s.children, uri, s.name);
    }
  };
  for (const project of workspace.projects.values()) {
    for (const state of project.files.values()) {
      const parsed = workspace.parse(state);
      if (!parsed) continue;
      flatten(cachedSymbols(parsed), state.uri, undefined);
      if (out.length >= MAX_WORKSPACE_SYMBOLS) return out;
    }
  }
  return out;
}
