// The score on the seed's own example schemas and on the project's own snippets: the seed's schemas
// score below a version corrected by what the seed itself teaches, and a schema assembled from the
// snippets (which follow the seed) is Expert.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { defaultConfig, scoreProject, type ScoreReport } from '../../server/src/engine/index.js';
import { lint, usePostgresParser } from '../helpers/engine.js';
import { expandSnippet } from '../helpers/snippets.js';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

function score(files: Record<string, string>): ScoreReport {
  const config = defaultConfig();
  const result = lint(files, config);
  assert.deepEqual(result.ruleFailures, []);
  return scoreProject(result, config);
}

function summary(r: ScoreReport): string {
  return `${r.score} (${r.band}); ${r.dimensions.map((d) => `${d.name} ${d.score ?? '–'}`).join(', ')}\n${r.dimensions.flatMap((d) => d.reasons.map((x) => `  ${d.name}: ${x}`)).join('\n')}`;
}

/** The tables the seed's relationship patterns reference, in an earlier migration (the same for both versions). */
const RELATIONSHIP_BASE = `CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE roles (id bigserial PRIMARY KEY, name varchar(50) NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE posts (id bigserial PRIMARY KEY, title text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE tickets (id bigserial PRIMARY KEY, subject text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());`;

describe('score of the seed schemas and the snippets', () => {
  usePostgresParser();

  test('the seed blog schema (000) scores below its corrected version', () => {
    const seed = score({ '0001_blog.sql': fixture('seed-blog.sql') });
    const corrected = score({ '0001_blog.sql': fixture('seed-blog-corrected.sql') });
    assert.ok(seed.score < corrected.score, `seed ${summary(seed)}\ncorrected ${summary(corrected)}`);
    // The seed loses points where the seed's own rules say it should: unindexed foreign keys, an implicit ON DELETE, names.
    const lostTo = new Set(seed.topFindings.map((f) => f.ruleId));
    for (const id of ['foreign-key-missing-index', 'score/foreign-key-actions', 'naming-constraint', 'naming-boolean']) assert.ok(lostTo.has(id), id);
    assert.ok(corrected.score >= 90, summary(corrected));
  });

  test('the seed relationship patterns (004) score below their corrected version, also once the seed\'s syntax error is repaired', () => {
    const seedSql = fixture('seed-relationships.sql');
    const seed = score({ '0001_base.sql': RELATIONSHIP_BASE, '0002_relationships.sql': seedSql });
    // The seed's employees table ends in a trailing comma: repair only that, so the comparison is not won by a syntax error alone.
    const repairedSql = seedSql.replace('ON DELETE RESTRICT,\n    -- ON DELETE options', 'ON DELETE RESTRICT\n    -- ON DELETE options');
    assert.notEqual(repairedSql, seedSql);
    const repaired = score({ '0001_base.sql': RELATIONSHIP_BASE, '0002_relationships.sql': repairedSql });
    const corrected = score({ '0001_base.sql': RELATIONSHIP_BASE, '0002_relationships.sql': fixture('seed-relationships-corrected.sql') });
    assert.ok(seed.topFindings.some((f) => f.ruleId === 'syntax-error'));
    assert.ok(!repaired.topFindings.some((f) => f.ruleId === 'syntax-error'));
    assert.ok(seed.score < corrected.score, `seed ${summary(seed)}\ncorrected ${summary(corrected)}`);
    assert.ok(repaired.score < corrected.score, `repaired ${summary(repaired)}\ncorrected ${summary(corrected)}`);
  });

  test('a schema assembled from the project\'s snippets scores at least 90', () => {
    const snippets = JSON.parse(readFileSync(join(__dirname, '..', '..', 'snippets', 'sql.code-snippets'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
    const byPrefix = new Map(Object.values(snippets).map((s) => [s.prefix, expandSnippet(s.body)]));
    const snippet = (prefix: string, rename?: [string, string]): string => {
      const sql = byPrefix.get(prefix);
      assert.ok(sql, prefix);
      return rename ? sql.replaceAll(rename[0], rename[1]) : sql;
    };
    // The history the snippet test uses (users, tenants) plus roles, which the many-to-many snippet references.
    const files: Record<string, string> = {
      '0001_users.sql': 'CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());',
      '0002_tenants.sql': 'CREATE TABLE tenants (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());',
      '0003_roles.sql': 'CREATE TABLE roles (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());',
      // Each snippet as its own migration, in the order a project would use them. Two snippets both
      // default to a table named orders: the second one's table is renamed to invoices.
      '0004_orders.sql': snippet('ssl-table'),
      '0005_invoices.sql': snippet('ssl-one-to-many', ['orders', 'invoices']),
      '0006_user_roles.sql': snippet('ssl-many-to-many'),
      '0007_categories.sql': snippet('ssl-hierarchy'),
      '0008_audit_logs.sql': snippet('ssl-audit-log'),
      '0009_events.sql': snippet('ssl-partitioned-table'),
      '0010_orders_created_at_index.sql': snippet('ssl-index-concurrently'),
      '0011_users_country_code.sql': snippet('ssl-add-not-null-column'),
      '0012_invoices_soft_delete.sql': snippet('ssl-soft-delete', ['orders', 'invoices']),
      '0013_invoices_user_fk.sql': snippet('ssl-fk-not-valid', ['orders', 'invoices']),
      '0014_queries.sql': `${snippet('ssl-keyset-pagination')}\n${snippet('ssl-optimistic-update')}`,
      '0015_template.sql': snippet('ssl-migration'),
    };
    const r = score(files);
    assert.equal(r.migrations, 15);
    assert.ok(r.score >= 90, summary(r));
    assert.equal(r.band, 'Expert');
    // Query Quality and Security are assessed (queries, a tenant table), not skipped.
    assert.notEqual(r.dimensions.find((d) => d.name === 'Query Quality')!.score, null);
    assert.notEqual(r.dimensions.find((d) => d.name === 'Security')!.score, null);
  });
});
