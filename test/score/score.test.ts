// The score formula, dimension by dimension, on small models (docs/score.md gives each formula).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { band, defaultConfig, findingQuality, lintProject, scoreProject, type DimensionName, type ResolvedConfig, type ScoreReport } from '../../server/src/engine/index.js';
import { lint, project, usePostgresParser } from '../helpers/engine.js';

function score(files: Record<string, string>, config: ResolvedConfig = defaultConfig()): ScoreReport {
  return scoreProject(lint(files, config), config);
}

function dim(r: ScoreReport, name: DimensionName) {
  const d = r.dimensions.find((x) => x.name === name);
  assert.ok(d, name);
  return d;
}

function part(r: ScoreReport, name: DimensionName, id: string) {
  const p = dim(r, name).parts.find((x) => x.id === id);
  assert.ok(p, `${name}: part ${id} in ${dim(r, name).parts.map((x) => x.id).join(', ')}`);
  return p;
}

function withSeverity(id: string, severity: 'off' | 'info' | 'warning' | 'error'): ResolvedConfig {
  const c = defaultConfig();
  c.rules.set(id, { ...c.rules.get(id)!, severity });
  return c;
}

const near = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) <= eps, `${a} ≈ ${b}`);

/** A table with nothing to criticise. */
const ACCOUNTS = 'CREATE TABLE accounts (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());';

describe('score formula', () => {
  usePostgresParser();

  test('bands follow the seed: <40 Critical risk, 40-60 Needs work, 60-80 Solid, 80-90 Professional, 90+ Expert', () => {
    assert.deepEqual([0, 39, 40, 59, 60, 79, 80, 89, 90, 100].map(band), [
      'Critical risk',
      'Critical risk',
      'Needs work',
      'Needs work',
      'Solid',
      'Solid',
      'Professional',
      'Professional',
      'Expert',
      'Expert',
    ]);
  });

  test('finding density: 1 with none, 1/2 with one weighted finding per object', () => {
    assert.equal(findingQuality(0, 10), 1);
    assert.equal(findingQuality(5, 5), 0.5);
    assert.equal(findingQuality(3, 0), 0.25, 'at least one object');
  });

  test('a clean one-table schema scores 100 on what is assessed; the rest is not assessed and renormalised', () => {
    const r = score({ '0001_accounts.sql': ACCOUNTS });
    assert.equal(r.score, 100);
    assert.equal(r.band, 'Expert');
    assert.equal(dim(r, 'Schema Design').score, 10);
    assert.equal(dim(r, 'Migration Safety').score, 10);
    for (const n of ['Indexing', 'Query Quality', 'Security', 'Monitoring', 'Backup/Recovery'] as const) assert.equal(dim(r, n).score, null, n);
    assert.equal(r.assessedWeight, 30);
    assert.match(r.notes[0]!, /Not assessed: Indexing, Query Quality, Security, Monitoring, Backup\/Recovery\. The assessed dimensions' weights \(30 %\) are scaled to 100 %\./);
    assert.match(dim(r, 'Schema Design').reasons[0]!, /^no points lost: checked 1 table, 3 columns/);
    assert.deepEqual(r.topFindings, []);
  });

  test('Monitoring and Backup/Recovery are never scored from SQL; pg_stat_statements is noted', () => {
    const r = score({ '0001.sql': `${ACCOUNTS} CREATE EXTENSION pg_stat_statements;` });
    assert.equal(dim(r, 'Monitoring').score, null);
    assert.equal(dim(r, 'Backup/Recovery').score, null);
    assert.match(dim(r, 'Monitoring').reasons[0]!, /^not assessed from SQL/);
    assert.ok(r.notes.some((n) => /pg_stat_statements is installed/.test(n)));
  });

  test('an empty history has nothing to assess and scores 0', () => {
    const r = score({});
    assert.equal(r.score, 0);
    assert.equal(r.assessedWeight, 0);
    assert.ok(r.dimensions.every((d) => d.score === null));
  });

  describe('Schema Design', () => {
    test('primary keys: share of tables with one, weight 3 of 9', () => {
      const r = score({ '0001.sql': `${ACCOUNTS} CREATE TABLE events (name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());` });
      const p = part(r, 'Schema Design', 'primary-key');
      assert.equal(p.value, 0.5);
      assert.equal(p.weight, 3);
      assert.match(p.detail, /^1 of 2 tables has no primary key: events$/);
      // 10 × (3 × 0.5 + 1 + 1 + 4) / 9
      assert.equal(dim(r, 'Schema Design').score, 8.3);
      const e = r.topFindings.filter((f) => f.part === 'primary-key');
      assert.equal(e.length, 1);
      assert.equal(e[0]!.ruleId, 'score/primary-key');
      assert.equal(e[0]!.table, 'public.events');
      assert.equal(e[0]!.kind, 'signal');
    });

    test('a CREATE TABLE AS table (columns unknown) is not judged on keys, NOT NULL or timestamps', () => {
      // `*` over a table the history never created: the model cannot know the columns.
      const r = score({ '0001.sql': `${ACCOUNTS} CREATE TABLE account_copies AS SELECT * FROM legacy_accounts;` });
      assert.equal(part(r, 'Schema Design', 'primary-key').value, 1);
      assert.equal(part(r, 'Schema Design', 'created-at').value, 1);
    });

    test('NOT NULL coverage: full marks from 60 % of non-key columns, linear below', () => {
      const r = score({
        '0001.sql':
          'CREATE TABLE profiles (id bigserial PRIMARY KEY, bio text, website text, city text, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());',
      });
      const p = part(r, 'Schema Design', 'not-null');
      // 2 of 5 non-key columns are NOT NULL: 0.4 / 0.6
      near(p.value, 0.4 / 0.6);
      assert.match(p.detail, /^2 of 5 columns \(40 %\) are NOT NULL; full marks from 60 %$/);
      const e = r.topFindings.filter((f) => f.part === 'not-null');
      assert.deepEqual(e.map((f) => f.message), ['Column profiles.bio is nullable.', 'Column profiles.website is nullable.', 'Column profiles.city is nullable.']);
      assert.equal(score({ '0001.sql': 'CREATE TABLE profiles (id bigserial PRIMARY KEY, bio text, name text NOT NULL, slug text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());' }).topFindings.length, 0, '75 % costs nothing');
    });

    test('explicit foreign-key actions: share of foreign keys that say ON DELETE', () => {
      const r = score({
        '0001.sql': `${ACCOUNTS}
CREATE TABLE projects (id bigserial PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE, owner_id bigint NOT NULL REFERENCES accounts (id), created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX idx_projects_account_id ON projects (account_id);
CREATE INDEX idx_projects_owner_id ON projects (owner_id);`,
      });
      const p = part(r, 'Schema Design', 'foreign-key-actions');
      assert.equal(p.value, 0.5);
      assert.match(p.detail, /^1 of 2 foreign keys leave ON DELETE implicit: projects\.owner_id$/);
      const e = r.topFindings.find((f) => f.part === 'foreign-key-actions')!;
      assert.equal(e.line, 2);
      assert.equal(r.perTable.find((t) => t.table === 'projects')!.issues.includes('implicit ON DELETE'), true);
    });

    test('creation timestamps: created_at by name, or any timestamp defaulting to now()', () => {
      const r = score({
        '0001.sql': `CREATE TABLE grants (id bigserial PRIMARY KEY, granted_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE imports (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL);
CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL, edited_at timestamptz NOT NULL);`,
      });
      const p = part(r, 'Schema Design', 'created-at');
      near(p.value, 2 / 3);
      assert.match(p.detail, /^1 of 3 tables has no creation timestamp: notes$/);
    });

    test('design findings: weighted by severity over tables + columns / 4', () => {
      const files = { '0001.sql': 'CREATE TABLE orders (id bigserial PRIMARY KEY, total_price double precision NOT NULL, created_at timestamptz NOT NULL DEFAULT now());' };
      const r = score(files);
      const p = part(r, 'Schema Design', 'findings');
      // one warning (0.5) over 1 table + 3 columns / 4
      near(p.value, findingQuality(0.5, 1 + 3 / 4));
      assert.match(p.detail, /^1 finding \(no-float-for-money ×1\) over 1 table and 3 columns$/);
      const asError = score(files, withSeverity('no-float-for-money', 'error'));
      near(part(asError, 'Schema Design', 'findings').value, findingQuality(1, 1 + 3 / 4));
      const asInfo = score(files, withSeverity('no-float-for-money', 'info'));
      near(part(asInfo, 'Schema Design', 'findings').value, findingQuality(0.2, 1 + 3 / 4));
      assert.ok(asError.score < r.score && r.score < asInfo.score);
    });

    test('a rule turned off does not count and the report says so', () => {
      const r = score({ '0001.sql': 'CREATE TABLE orders (id bigserial PRIMARY KEY, total_price double precision NOT NULL, created_at timestamptz NOT NULL DEFAULT now());' }, withSeverity('no-float-for-money', 'off'));
      assert.equal(part(r, 'Schema Design', 'findings').value, 1);
      assert.ok(r.notes.some((n) => n === 'Rules turned off in this project (their checks do not count): no-float-for-money.'));
    });
  });

  describe('Indexing', () => {
    const FK = {
      '0001.sql': `${ACCOUNTS}
CREATE TABLE projects (id bigserial PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE, owner_id bigint NOT NULL REFERENCES accounts (id) ON DELETE RESTRICT, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX idx_projects_account_id ON projects (account_id);`,
    };

    test('foreign-key indexes: share of foreign keys foreign-key-missing-index does not report; its findings carry the cost', () => {
      const r = score(FK);
      const p = part(r, 'Indexing', 'foreign-key-index');
      assert.equal(p.value, 0.5);
      assert.equal(p.weight, 2);
      assert.equal(dim(r, 'Indexing').findings, 1);
      const e = r.topFindings.filter((f) => f.dimension === 'Indexing');
      assert.deepEqual(e.map((f) => [f.kind, f.ruleId, f.table]), [['finding', 'foreign-key-missing-index', 'public.projects']]);
      // The other indexing rules (duplicate-index, redundant-index, too-many-indexes) find nothing here:
      // index findings 1 (weight 1) next to the coverage 0.5 (weight 2).
      assert.equal(dim(r, 'Indexing').score, 6.7);
    });

    test('with foreign-key-missing-index off, coverage is not measured and the report says so', () => {
      const r = score(FK, withSeverity('foreign-key-missing-index', 'off'));
      assert.ok(!dim(r, 'Indexing').parts.some((p) => p.id === 'foreign-key-index'));
      assert.ok(r.notes.some((n) => /foreign-key-missing-index is off: foreign-key index coverage is not measured/.test(n)));
    });

    test('no foreign keys and no secondary indexes: not assessed', () => {
      assert.equal(dim(score({ '0001.sql': ACCOUNTS }), 'Indexing').score, null);
    });
  });

  describe('Query Quality', () => {
    test('findings per query, view and routine', () => {
      const r = score({ '0001.sql': `${ACCOUNTS} CREATE VIEW account_names AS SELECT * FROM accounts; CREATE VIEW account_ids AS SELECT id FROM accounts;` });
      const p = part(r, 'Query Quality', 'findings');
      near(p.value, findingQuality(0.5, 2));
      assert.match(p.detail, /^1 finding \(no-select-star ×1\) over 2 queries, views and routines$/);
      assert.equal(dim(r, 'Query Quality').score, 8);
    });

    test('every query-quality rule off: not assessed rather than a clean bill', () => {
      const c = defaultConfig();
      for (const id of ['no-select-star', 'prefer-in-over-or', 'no-offset-pagination', 'function-on-indexed-column']) if (c.rules.has(id)) c.rules.set(id, { ...c.rules.get(id)!, severity: 'off' });
      const r = score({ '0001.sql': `${ACCOUNTS} CREATE VIEW account_names AS SELECT * FROM accounts;` }, c);
      assert.equal(dim(r, 'Query Quality').score, null);
      assert.match(dim(r, 'Query Quality').reasons[0]!, /every query-quality rule is off/);
    });
  });

  describe('Migration Safety', () => {
    test('unsafe-operation findings per up migration, weight 4; a rollback for each, weight 1', () => {
      const r = score({
        '0001_accounts.sql': ACCOUNTS,
        '0002_backfill.sql': "UPDATE accounts SET name = 'x';",
        '0002_backfill.down.sql': "UPDATE accounts SET name = 'y' WHERE false;",
      });
      assert.equal(r.migrations, 2);
      const f = part(r, 'Migration Safety', 'findings');
      near(f.value, findingQuality(0.5, 2));
      const rb = part(r, 'Migration Safety', 'rollback');
      assert.equal(rb.value, 0.5);
      assert.match(rb.detail, /^1 of 2 migrations has no down migration or down section$/);
      assert.deepEqual(
        r.topFindings.filter((x) => x.part === 'rollback').map((x) => x.message),
        ['Migration 0001_accounts.sql has no rollback (no down/undo file, no down section).'],
      );
    });

    test('down sections in the file count as a rollback (goose, dbmate, the seed template)', () => {
      const r = score({
        '0001_a.sql': `-- +goose Up\n${ACCOUNTS}\n-- +goose Down\nDROP TABLE accounts;`,
        '0002_b.sql': '-- migrate:up\nCREATE TABLE teams (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());\n-- migrate:down\n',
        '0003_c.sql': 'CREATE TABLE tags (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());\n-- ========== DOWN ==========\n-- DROP TABLE tags;\n',
        'V4__d.sql': 'CREATE TABLE labels (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());',
        'U4__d.sql': 'DROP TABLE labels;',
      });
      assert.equal(part(r, 'Migration Safety', 'rollback').value, 1);
    });

    test('a single file is a schema, not a history: no rollback part', () => {
      assert.ok(!dim(score({ '0001.sql': ACCOUNTS }), 'Migration Safety').parts.some((p) => p.id === 'rollback'));
    });

    test('a statement PostgreSQL cannot parse counts here (the migration fails)', () => {
      const r = score({ '0001.sql': `${ACCOUNTS} CREATE TABLE broken (id bigint,);` });
      assert.match(part(r, 'Migration Safety', 'findings').detail, /syntax-error ×1/);
    });
  });

  describe('Security', () => {
    test('row level security on tenant tables: a table without it halves its share', () => {
      const r = score({
        '0001.sql': `CREATE TABLE tenants (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE invoices (id bigserial PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX idx_invoices_tenant_id ON invoices (tenant_id);
CREATE TABLE notes (id bigserial PRIMARY KEY, organization_id bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;`,
      });
      const p = part(r, 'Security', 'row-level-security');
      assert.equal(p.value, 0.75);
      assert.match(p.detail, /^1 of 2 tenant tables without row level security: invoices$/);
      assert.equal(r.perTable.find((t) => t.table === 'invoices')!.issues.includes('no row level security'), true);
      assert.equal(r.perTable[0]!.table, 'invoices', 'the table that lost most comes first');
    });

    test('no tenant tables and no security rule: not assessed', () => {
      assert.equal(dim(score({ '0001.sql': ACCOUNTS }), 'Security').score, null);
    });
  });

  describe('traceability', () => {
    const MESSY = {
      '0001_users.sql': `CREATE TABLE user_accounts (name text, total_price double precision, created date);
CREATE TABLE orders (id serial PRIMARY KEY, user_id int REFERENCES user_accounts (name), tenant_id int);
CREATE VIEW v AS SELECT * FROM orders;`,
      '0002_more.sql': "ALTER TABLE orders ADD COLUMN status text NOT NULL; UPDATE orders SET status = 'x';",
    };

    test('every point lost is carried by a finding or a signal: the costs add up to 100 minus the score', () => {
      const r = score(MESSY);
      assert.ok(r.score < 80, String(r.score));
      assert.ok(r.topFindings.length < 50, 'all evidence listed');
      const lost = r.topFindings.reduce((s, f) => s + f.cost, 0);
      assert.ok(Math.abs(lost - (100 - r.score)) <= 1, `${lost} vs ${100 - r.score}`);
      const perDimension = r.dimensions.filter((d) => d.score !== null).reduce((s, d) => s + d.parts.reduce((t, p) => t + p.cost, 0), 0);
      near(perDimension, lost, 0.05);
      // Grouped by rule or signal, the same points: what to fix first.
      near(r.byRule.reduce((s, g) => s + g.cost, 0), lost, 0.05);
      assert.equal(r.byRule.reduce((s, g) => s + g.count, 0), r.topFindings.length);
      for (let i = 1; i < r.byRule.length; i++) assert.ok(r.byRule[i - 1]!.cost >= r.byRule[i]!.cost);
      // Sorted by cost, each with a place in a file.
      for (let i = 1; i < r.topFindings.length; i++) assert.ok(r.topFindings[i - 1]!.cost >= r.topFindings[i]!.cost);
      for (const f of r.topFindings) assert.ok(f.file.startsWith('/project/') && f.line >= 1 && f.column >= 1);
    });

    test('each dimension lists why it lost points, with counts, largest loss first', () => {
      const r = score(MESSY);
      const d = dim(r, 'Schema Design');
      const losses = d.reasons.map((x) => Number(/\(−(\d+\.\d)\)$/.exec(x)?.[1]));
      assert.ok(losses.every((n) => n > 0));
      assert.deepEqual(losses, [...losses].sort((a, b) => b - a));
      assert.ok(d.reasons.some((x) => /^primary keys: 1 of 2 tables has no primary key: user_accounts \(−\d\.\d\)$/.test(x)), d.reasons.join('\n'));
    });

    test('per-table breakdown: points lost by the evidence about each table', () => {
      const r = score(MESSY);
      const orders = r.perTable.find((t) => t.table === 'orders')!;
      const mine = r.topFindings.filter((f) => f.table === 'public.orders').reduce((s, f) => s + f.cost, 0);
      near(orders.cost, Math.round(mine * 100) / 100, 0.02);
      assert.equal(orders.line, 2);
      assert.ok(orders.findings > 0);
      assert.equal(r.perTable.find((t) => t.table === 'user_accounts')!.hasPrimaryKey, false);
    });

    test('the score is a pure function of the lint result and the configuration', () => {
      const result = lint(MESSY);
      assert.deepEqual(scoreProject(result), scoreProject(result, defaultConfig()));
      assert.deepEqual(scoreProject(result), scoreProject(lint(MESSY)));
    });

    test('refuses a lint that skipped files (an editor lint of one file)', () => {
      const files = project(MESSY);
      const partial = lintProject(files, defaultConfig(), { only: new Set([files[0]!.path]) });
      assert.throws(() => scoreProject(partial), /every file/);
    });
  });
});
