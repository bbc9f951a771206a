// Generated artefacts are marked and drift-checked (rust-analyzer's ensure_file_contents):
// run `npm run generate` to rewrite them after changing rule metadata.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { configSchemaText, RULE_TABLE_END, RULE_TABLE_START, ruleTableMarkdown } from '../server/src/engine/generated.js';

const root = join(__dirname, '..');
const update = !!process.env.UPDATE_GENERATED;

function ensure(file: string, expected: string): void {
  const path = join(root, file);
  if (update) writeFileSync(path, expected);
  assert.equal(readFileSync(path, 'utf8'), expected, `${file} is out of date: run npm run generate`);
}

test('README rule table is generated from rule metadata', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const a = readme.indexOf(RULE_TABLE_START);
  const b = readme.indexOf(RULE_TABLE_END);
  assert.ok(a >= 0 && b > a, 'README has the rule-table markers');
  ensure('README.md', readme.slice(0, a) + ruleTableMarkdown() + readme.slice(b + RULE_TABLE_END.length));
});

test('the config JSON schema is generated from rule metadata', () => {
  ensure('schemas/sql-schema-lint.schema.json', configSchemaText());
});
