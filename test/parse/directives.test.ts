import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint, onlyRules, usePostgresParser } from '../helpers/engine.js';

usePostgresParser();
const config = onlyRules(['no-float-for-money', 'invalid-directive']);
const rules = (text: string): string[] => lint({ '0001.sql': text }, config).files[0]!.findings.map((f) => `${f.start.line + 1}:${f.ruleId}`);

const money = 'CREATE TABLE t (id int, price real);';

test('disable-next-line: named rule, all rules, lists, block comments, descriptions', () => {
  assert.deepEqual(rules(`-- sql-schema-lint-disable-next-line no-float-for-money\n${money}`), []);
  assert.deepEqual(rules(`-- sql-schema-lint-disable-next-line\n${money}`), []);
  assert.deepEqual(rules(`-- sql-schema-lint-disable-next-line syntax-error, no-float-for-money\n${money}`), []);
  assert.deepEqual(rules(`/* sql-schema-lint-disable-next-line no-float-for-money */\n${money}`), []);
  assert.deepEqual(rules(`-- sql-schema-lint-disable-next-line no-float-for-money -- legacy, see #12\n${money}`), []);
  assert.deepEqual(rules(`-- sql-schema-lint-disable-next-line syntax-error\n${money}`), ['2:no-float-for-money']);
  assert.deepEqual(rules(`-- sql-schema-lint-disable-next-line no-float-for-money\n\n${money}`), ['3:no-float-for-money'], 'only the next line');
});

test('disable-line as a trailing comment', () => {
  assert.deepEqual(rules(`${money} -- sql-schema-lint-disable-line no-float-for-money`), []);
  assert.deepEqual(rules(`${money} -- sql-schema-lint-disable-line no-such-rule`), ['1:no-float-for-money', '1:invalid-directive']);
});

test('disable … enable ranges, and disable to the end of the file', () => {
  const text = `${money}\n-- sql-schema-lint-disable no-float-for-money\n${money.replace('t ', 'u ')}\n-- sql-schema-lint-enable no-float-for-money\n${money.replace('t ', 'v ')}\n/* sql-schema-lint-disable */\n${money.replace('t ', 'w ')}`;
  assert.deepEqual(rules(text), ['1:no-float-for-money', '5:no-float-for-money']);
});

test('unknown rule ids in directives are reported at the id', () => {
  const f = lint({ '0001.sql': `-- sql-schema-lint-disable-next-line no-flot-for-money\n${money}` }, config).files[0]!.findings;
  assert.deepEqual(f.map((d) => [d.ruleId, d.start.line + 1, d.start.character + 1]), [['invalid-directive', 1, 38], ['no-float-for-money', 2, 31]]);
});

test('directives work in files with syntax errors (comments come from the scanner)', () => {
  const f = lint({ '0001.sql': `SELEC 1;\n-- sql-schema-lint-disable-next-line no-float-for-money\n${money}` }, onlyRules(['no-float-for-money', 'syntax-error'])).files[0]!.findings;
  assert.deepEqual(f.map((d) => d.ruleId), ['syntax-error']);
});
