// Deep expressions that PostgreSQL 15 accepts (issue 15): each is analysed whole, without a stack
// overflow, and only a statement beyond the parser's own limit is reported, once, on itself.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { parseDocument } from '../../server/src/engine/index.js';
import { clearParseCache } from '../../server/src/engine/parse/document.js';
import { PgAdapter } from '../../server/src/engine/parse/pg-adapter.js';
import { lint, onlyRules, usePostgresParser } from '../helpers/engine.js';
import { ruleTester } from './harness.js';

const terms = (n: number, make: (i: number) => string, op: string): string => Array.from({ length: n }, (_, i) => make(i)).join(op);
const nested = (n: number, wrap: (inner: string, i: number) => string, core: string): string => {
  let s = core;
  for (let i = 0; i < n; i++) s = wrap(s, i);
  return s;
};

/** The shapes of the issue, each with a SELECT * or a call at its deepest point. */
const DEEP = {
  union: `CREATE VIEW v_union AS ${terms(1999, (i) => `SELECT ${i} AS a`, ' UNION ALL ')} UNION ALL SELECT * FROM t;`,
  case: `CREATE VIEW v_case AS SELECT ${nested(1000, (inner, i) => `CASE WHEN a > ${i} THEN ${inner} ELSE 0 END`, '(SELECT count(*) FROM (SELECT * FROM t) s)')} AS x FROM t;`,
  plus: `CREATE VIEW v_plus AS SELECT ${terms(2500, () => 'a', ' + ')} AS x FROM t;`,
  concat: `CREATE VIEW v_concat AS SELECT ${terms(2500, () => "a::text", ' || ')} AS x FROM t;`,
  calls: `CREATE TABLE c (id bigint PRIMARY KEY, v text DEFAULT ${nested(3000, (inner) => `lower(${inner})`, 'md5(random()::text)')});`,
  defaultTerms: `CREATE TABLE d (id bigint PRIMARY KEY, v bigint DEFAULT ${terms(6000, (i) => String(i), ' + ')});`,
};
const TABLE = 'CREATE TABLE t (id bigint PRIMARY KEY, a integer);\n';
/** About 30,000 terms: beyond libpg-query's stack (it stops near 10,000), whatever the stack size of the run. */
const BEYOND_PARSER = `CREATE TABLE e (id bigint PRIMARY KEY, v bigint DEFAULT ${terms(30000, (i) => String(i % 10), ' + ')});`;

ruleTester('statement-too-complex', {
  valid: Object.entries(DEEP).map(([name, sql]) => ({ name, code: TABLE + sql })),
  invalid: [
    {
      name: 'beyond the parser: one finding on the statement, not a syntax error',
      code: `${TABLE}${BEYOND_PARSER}\nCREATE TABLE f (id bigint PRIMARY KEY);\n`,
      errors: [{ messageId: 'parser', line: 2, column: 1, endLine: 2 }],
    },
  ],
});

usePostgresParser();

test('deep statements are analysed to their deepest point: the star at the bottom is found, and the defaults keep every call', () => {
  const r = lint({ '0001_t.sql': TABLE, '0002_deep.sql': Object.values(DEEP).join('\n') + '\nCREATE TABLE after_deep (id bigint PRIMARY KEY, price real);\n' }, onlyRules(['no-select-star', 'no-float-for-money', 'syntax-error', 'statement-too-complex']));
  const findings = r.files[1]!.findings.map((f) => `${f.ruleId} ${f.start.line + 1}`);
  assert.deepEqual(findings, ['no-select-star 1', 'no-select-star 2', 'no-float-for-money 7']);
  const calls = r.files[1]!.parsed.statements[4]!.facts.find((f) => f.kind === 'createTable');
  assert.ok(calls && calls.kind === 'createTable');
  assert.equal(calls.columns[1]!.default?.functions.length, 3002, 'lower ×3000, md5, random');
  const sum = r.files[1]!.parsed.statements[5]!.facts.find((f) => f.kind === 'createTable');
  assert.ok(sum && sum.kind === 'createTable' && sum.columns[1]!.default!.text.endsWith(' + 5999'));
});

test('beyond the parser: the statement has no facts and no syntax error; the file\'s and the other files\' findings stay', () => {
  const r = lint({ '0001_deep.sql': `${BEYOND_PARSER}\nCREATE TABLE g (id bigint PRIMARY KEY, price real);\n`, '0002_next.sql': 'CREATE TABLE h (id bigint PRIMARY KEY, price real);\n' });
  const [first, second] = r.files;
  const deep = first!.parsed.statements[0]!;
  assert.equal(deep.tooDeep, 'parser');
  assert.equal(deep.error, undefined);
  assert.deepEqual(deep.facts, []);
  const ids = first!.findings.map((f) => f.ruleId);
  assert.ok(ids.includes('statement-too-complex') && ids.includes('no-float-for-money') && !ids.includes('syntax-error'), ids.join(', '));
  assert.ok(second!.findings.some((f) => f.ruleId === 'no-float-for-money'));
  assert.doesNotMatch(first!.findings.map((f) => f.message).join('\n'), /Maximum call stack|RangeError/);
});

test('a stack that runs out while turning a tree into facts: one `analysis` finding on that statement, the others analysed', (t) => {
  clearParseCache();
  const real = PgAdapter.facts.bind(PgAdapter);
  mock.method(PgAdapter, 'facts', (node: unknown, input: Parameters<typeof PgAdapter.facts>[1]) => {
    if (input.tokens.slice(input.range).includes('overflowing')) throw new RangeError('Maximum call stack size exceeded');
    return real(node, input);
  });
  t.after(() => {
    mock.restoreAll();
    clearParseCache();
  });
  // DROP statements go to PostgreSQL's tree (pg-adapter), not pgsql-ast-parser.
  const text = 'DROP TABLE IF EXISTS overflowing;\nDROP TABLE IF EXISTS other;\nCREATE TABLE k (id bigint PRIMARY KEY, price real);\n';
  const parsed = parseDocument(text);
  assert.deepEqual(parsed.statements.map((s) => s.tooDeep), ['analysis', undefined, undefined]);
  assert.ok(parsed.statements[1]!.facts.some((f) => f.kind === 'drop'));
  const r = lint({ '0001_x.sql': text });
  const own = r.files[0]!.findings.filter((f) => f.ruleId === 'statement-too-complex');
  assert.deepEqual(own.map((f) => [f.messageId, f.start.line + 1, f.start.character + 1]), [['analysis', 1, 1]]);
  assert.ok(r.files[0]!.findings.some((f) => f.ruleId === 'no-float-for-money'));
});
