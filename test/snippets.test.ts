// Every snippet, expanded with its default placeholders, is valid PostgreSQL and lints clean as a
// migration on top of a history that already has users and tenants tables.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { defaultConfig } from '../server/src/engine/index.js';
import { lint, usePostgresParser } from './helpers/engine.js';
import { expandSnippet } from './helpers/snippets.js';

const snippets = JSON.parse(readFileSync(join(__dirname, '..', 'snippets', 'sql.code-snippets'), 'utf8')) as Record<string, { prefix: string; body: string[]; description: string }>;
const HISTORY = {
  '0001_users.sql': 'CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());',
  '0002_tenants.sql': 'CREATE TABLE tenants (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());',
};

describe('snippets', () => {
  usePostgresParser();
  test('the manifest contributes the snippet file', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.snippets, [{ language: 'sql', path: './snippets/sql.code-snippets' }]);
  });
  for (const [name, s] of Object.entries(snippets)) {
    test(`${s.prefix} (${name}) expands to SQL that lints clean`, () => {
      assert.match(s.prefix, /^ssl-/);
      assert.ok(s.description.length > 10, 'has a description');
      const sql = expandSnippet(s.body);
      const config = defaultConfig();
      for (const [id, r] of config.rules) if (r.severity === 'off') config.rules.set(id, { ...r, severity: 'info' });
      // prefer-identity is off by default because the seed's own template uses BIGSERIAL.
      if (config.rules.has('prefer-identity')) config.rules.set('prefer-identity', { ...config.rules.get('prefer-identity')!, severity: 'off' });
      // Snippets name placeholder tables (orders, roles) that the user replaces: not a history to check names against.
      if (config.rules.has('unknown-reference')) config.rules.set('unknown-reference', { ...config.rules.get('unknown-reference')!, severity: 'off' });
      const r = lint({ ...HISTORY, '0003_snippet.sql': sql }, config);
      const f = r.files.find((x) => x.relPath === '0003_snippet.sql')!.findings;
      assert.deepEqual(f.map((d) => `${d.start.line + 1}:${d.start.character + 1} ${d.ruleId}: ${d.message}`), [], sql);
    });
  }
});
