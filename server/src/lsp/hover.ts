// Hover: the model's definition of the table, view, column, index, constraint or enum under the cursor,
// as Markdown, with a link to where it was defined ("defined in `migrations/0003_x.sql:12`").
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { ColumnModel, ConstraintModel, IndexModel, Origin, ParsedFile, SchemaModel, TableModel } from '../engine/index.js';
import type { Target } from './navigation.js';

export interface OriginInfo {
  /** Project-relative path, forward slashes. */
  relPath: string;
  uri: string;
  /** 1-based line. */
  line: number;
}

export type DescribeOrigin = (origin: Origin) => OriginInfo | undefined;

const code = (s: string): string => '`' + s.replace(/`/g, "'") + '`';
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function qualified(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

function typeText(c: ColumnModel): string {
  return c.type.text || c.type.name + (c.type.isArray ? '[]' : '');
}

function definedIn(origin: Origin, describe: DescribeOrigin): string {
  const o = describe(origin);
  if (!o) return '';
  return `\n\nDefined in [${code(`${o.relPath}:${o.line}`)}](${o.uri}#L${o.line})`;
}

function constraintLine(c: ConstraintModel, model: SchemaModel): string {
  const cols = c.columns.length ? ` (${c.columns.join(', ')})` : '';
  let what: string;
  switch (c.kind) {
    case 'primaryKey':
      what = `PRIMARY KEY${cols}`;
      break;
    case 'unique':
      what = `UNIQUE${cols}`;
      break;
    case 'foreignKey': {
      const r = c.references;
      const target = r ? (model.tables.get(r.table) ? qualified(model.tables.get(r.table)!.schema, model.tables.get(r.table)!.name) : r.table) : '?';
      what = `FOREIGN KEY${cols} → ${target}${r?.columns ? ` (${r.columns.join(', ')})` : ''}`;
      if (r && r.onDelete !== 'no action') what += ` ON DELETE ${r.onDelete.toUpperCase()}`;
      if (r && r.onUpdate !== 'no action') what += ` ON UPDATE ${r.onUpdate.toUpperCase()}`;
      break;
    }
    case 'check':
      what = c.checkNotNullColumn ? `CHECK (${c.checkNotNullColumn} IS NOT NULL)` : `CHECK${cols}`;
      break;
    default:
      what = `EXCLUDE${cols}`;
  }
  return `${code(c.name)} ${what}${c.notValid ? ' NOT VALID' : ''}`;
}

function indexLine(ix: IndexModel): string {
  const cols = ix.columns.map((c) => c ?? '(expression)').join(', ');
  let s = `${code(ix.name)} ${ix.unique ? 'UNIQUE ' : ''}${ix.method} (${cols})`;
  if (ix.include.length) s += ` INCLUDE (${ix.include.join(', ')})`;
  if (ix.where) s += ` WHERE ${ix.where}`;
  if (ix.constraint) s += ` — backs constraint ${code(ix.constraint)}`;
  return s;
}

export function describeTable(table: TableModel, model: SchemaModel, describe: DescribeOrigin): string {
  const kind = table.partitioned ? 'partitioned table' : table.partitionOf ? 'partition' : 'table';
  const out = [`**${kind}** ${code(qualified(table.schema, table.name))}`];
  if (table.partitionOf) out.push(`Partition of ${code(table.partitionOf)}`);
  if (table.columns.size) {
    out.push('| column | type | null | default |\n|---|---|---|---|');
    const rows = [...table.columns.values()].map(
      (c) =>
        `| ${code(c.name)} | ${code(typeText(c))} | ${c.notNull ? 'NOT NULL' : 'null'} | ${c.identity ? 'identity' : c.generated ? 'generated' : c.default ? code(cell(c.default.text)) : ''} |`,
    );
    out[out.length - 1] += '\n' + rows.join('\n');
  }
  if (table.columnsIncomplete) out.push('_Some columns are not known from the migrations (CREATE TABLE AS, LIKE or INHERITS of an unknown table)._');
  if (table.constraints.length) out.push('**Constraints**\n' + table.constraints.map((c) => `- ${constraintLine(c, model)}`).join('\n'));
  const indexes = model.indexesOf(table.key);
  if (indexes.length) out.push('**Indexes**\n' + indexes.map((ix) => `- ${indexLine(ix)}`).join('\n'));
  if (table.rowLevelSecurity) out.push('Row-level security is enabled.');
  return out.join('\n\n') + definedIn(table.origin, describe);
}

function describeColumn(table: TableModel, c: ColumnModel, model: SchemaModel, describe: DescribeOrigin): string {
  const out = [`**column** ${code(`${qualified(table.schema, table.name)}.${c.name}`)}`];
  const facts = [code(typeText(c)), c.notNull ? 'NOT NULL' : 'nullable'];
  if (c.identity) facts.push('identity');
  if (c.generated) facts.push('generated');
  if (c.default) facts.push(`DEFAULT ${code(cell(c.default.text))}`);
  out.push(facts.join(' · '));
  const constraints = table.constraints.filter((k) => k.columns.includes(c.name) || k.checkNotNullColumn === c.name);
  if (constraints.length) out.push('**Constraints**\n' + constraints.map((k) => `- ${constraintLine(k, model)}`).join('\n'));
  const indexes = model.indexesOf(table.key).filter((ix) => ix.columns.includes(c.name) || ix.include.includes(c.name));
  if (indexes.length) out.push('**Indexes**\n' + indexes.map((ix) => `- ${indexLine(ix)}`).join('\n'));
  return out.join('\n\n') + definedIn(c.origin, describe);
}

export function describeTarget(target: Target, model: SchemaModel, describe: DescribeOrigin): string {
  switch (target.kind) {
    case 'table':
      return describeTable(target.table, model, describe);
    case 'column':
      return describeColumn(target.table, target.column, model, describe);
    case 'view':
      return `**${target.view.materialized ? 'materialized view' : 'view'}** ${code(qualified(target.view.schema, target.view.name))}` + definedIn(target.view.origin, describe);
    case 'index': {
      const ix = target.index;
      const table = model.tables.get(ix.table);
      return `**index** ${code(qualified(ix.schema, ix.name))} on ${code(table ? qualified(table.schema, table.name) : ix.table)}\n\n${indexLine(ix)}` + definedIn(ix.origin, describe);
    }
    case 'constraint':
      return `**constraint** on ${code(qualified(target.table.schema, target.table.name))}\n\n${constraintLine(target.constraint, model)}` + definedIn(target.constraint.origin, describe);
    case 'enum':
      return `**enum** ${code(target.enum.key.replace(/^public\./, ''))}\n\n${target.enum.values.map((v) => code(`'${v}'`)).join(', ')}` + definedIn(target.enum.origin, describe);
  }
}

export function hoverFor(target: Target, token: { start: number; end: number }, parsed: ParsedFile, model: SchemaModel, describe: DescribeOrigin): Hover {
  return {
    contents: { kind: MarkupKind.Markdown, value: describeTarget(target, model, describe) },
    range: { start: parsed.lines.positionAt(token.start), end: parsed.lines.positionAt(token.end) },
  };
}
