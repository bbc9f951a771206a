// Fixes that change types or add indexes, checked by PostgreSQL (18, PGlite): each small history is
// applied as written and after the fix loop (which must apply). Where the rule holds its edit back as a
// suggestion because something later depends on the old type, the history with that suggestion
// applied must fail for that reason: the dependents that turn a fix into a suggestion are real.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, fixProject, lintProject } from '../../server/src/engine/index.js';
import type { ApplyJob } from '../../server/src/pg/apply-in-worker.js';
import { applyInWorker } from '../../server/src/pg/apply-in-worker.js';
import { onlyRules, project, usePostgresParser } from '../helpers/engine.js';

usePostgresParser();

interface Scenario {
  name: string;
  rule: string;
  files: Record<string, string>;
  /** Fixes the fix loop applies over all files. */
  fixes: number;
  /** The first suggestion of the rule's first finding in this file, applied to every file it edits: fails with this SQLSTATE, or applies. */
  suggestion?: { file: string; fails?: string };
}

const COMMUNITIES = 'CREATE TABLE communities (id serial PRIMARY KEY, name text NOT NULL);';
const POSTS = 'CREATE TABLE posts (id bigserial PRIMARY KEY, community_id int NOT NULL);\nALTER TABLE posts ADD CONSTRAINT posts_community_fk FOREIGN KEY (community_id) REFERENCES communities (id);';
const PARENT = 'CREATE TABLE readings (site char(4) NOT NULL, at date NOT NULL) PARTITION BY LIST (site);';
const CHILD = "CREATE TABLE readings_north (site char(4) NOT NULL, at date NOT NULL);\nALTER TABLE readings ATTACH PARTITION readings_north FOR VALUES IN ('nort');";

const SCENARIOS: Scenario[] = [
  {
    name: 'prefer-bigint-key widens a key and the foreign key ADD CONSTRAINT adds in the same file',
    rule: 'prefer-bigint-key',
    files: { '0001_init.sql': COMMUNITIES + '\n' + POSTS, '0002_use.sql': "INSERT INTO communities (name) VALUES ('a');\nINSERT INTO posts (community_id) SELECT id FROM communities;" },
    fixes: 2,
  },
  {
    name: "lemmy's case: a later PL/pgSQL function returns the foreign key column as integer",
    rule: 'prefer-bigint-key',
    files: {
      '0001_init.sql': COMMUNITIES + '\n' + POSTS,
      '0002_activity.sql':
        'CREATE FUNCTION community_activity() RETURNS TABLE (count_ bigint, community_id_ integer) LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN QUERY SELECT count(*), p.community_id FROM posts p GROUP BY p.community_id;\nEND;\n$$;\n' +
        "INSERT INTO communities (name) VALUES ('a');\nINSERT INTO posts (community_id) SELECT id FROM communities;\nSELECT * FROM community_activity();",
    },
    fixes: 0,
    suggestion: { file: '0001_init.sql', fails: '42804' },
  },
  {
    name: 'prefer-timestamptz: a later index expression casts the column to date',
    rule: 'prefer-timestamptz',
    files: { '0001_events.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamp NOT NULL);', '0002_index.sql': 'CREATE INDEX events_day ON events ((at::date));' },
    fixes: 0,
    suggestion: { file: '0001_events.sql', fails: '42P17' },
  },
  {
    name: 'no-char-type: a partition tree in one file changes whole',
    rule: 'no-char-type',
    files: { '0001_readings.sql': PARENT + '\n' + CHILD },
    fixes: 2,
  },
  {
    name: 'no-char-type: a partition tree over two files is left alone (the suggestion changes both)',
    rule: 'no-char-type',
    files: { '0001_readings.sql': PARENT, '0002_north.sql': CHILD },
    fixes: 0,
    suggestion: { file: '0002_north.sql' },
  },
  {
    name: 'foreign-key-missing-index: one index for a one-column and a composite key',
    rule: 'foreign-key-missing-index',
    files: {
      '0001_accounts.sql': 'CREATE TABLE accounts (id bigint PRIMARY KEY, region text, UNIQUE (id, region));',
      '0002_invoices.sql':
        'CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts, region text);\nALTER TABLE invoices ADD CONSTRAINT invoices_account_region_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region);',
    },
    fixes: 1,
  },
];

function fixed(s: Scenario): { files: Record<string, string>; fixes: number } {
  const changes = fixProject(project(s.files), onlyRules([s.rule]), new Set(Object.keys(s.files).map((r) => '/project/' + r)));
  const files: Record<string, string> = {};
  let fixes = 0;
  for (const [rel, text] of Object.entries(s.files)) {
    const c = changes.get('/project/' + rel);
    files[rel] = c?.text ?? text;
    fixes += c?.fixes ?? 0;
  }
  return { files, fixes };
}

/** The history with the first suggestion of the rule's first finding in `file` applied to every file it edits. */
function suggested(s: Scenario, file: string): Record<string, string> {
  const result = lintProject(project(s.files), onlyRules([s.rule]));
  const finding = result.files.find((f) => f.relPath === file)!.findings.find((f) => f.ruleId === s.rule);
  const suggestion = finding?.suggestions[0];
  assert.ok(suggestion, `${s.name}: a suggestion in ${file}`);
  const out: Record<string, string> = {};
  for (const [rel, text] of Object.entries(s.files)) out[rel] = applyEdits(text, suggestion.edits.filter((e) => (e.file ?? '/project/' + file) === '/project/' + rel));
  return out;
}

const job = (files: Record<string, string>): ApplyJob => ({ steps: Object.entries(files).map(([path, sql]) => ({ path, sql, run: 'transaction' as const })) });

test('the fixed histories apply on PostgreSQL, and the suggestions held back as unsafe fail there', async (t) => {
  const jobs: ApplyJob[] = [];
  const expect: { what: string; fails?: string }[] = [];
  for (const s of SCENARIOS) {
    const f = fixed(s);
    assert.equal(f.fixes, s.fixes, `${s.name}: fixes applied`);
    jobs.push(job(s.files));
    expect.push({ what: `${s.name}: as written${f.fixes ? '' : ' (and after the fix loop, which changes nothing)'}` });
    if (f.fixes) {
      jobs.push(job(f.files));
      expect.push({ what: `${s.name}: fixed` });
    }
    if (s.suggestion) {
      jobs.push(job(suggested(s, s.suggestion.file)));
      expect.push({ what: `${s.name}: with the suggestion`, ...(s.suggestion.fails ? { fails: s.suggestion.fails } : {}) });
    }
  }
  const results = await applyInWorker(jobs, { timeoutMs: 300_000 });
  const lines = results.map((r, i) => {
    const e = expect[i]!;
    const got = r.result.failure ? `${r.result.failure.error.code} ${r.result.failure.error.message}` : 'applies';
    return { line: `${e.what}: ${got}`, ok: e.fails ? r.result.failure?.error.code === e.fails : !r.result.failure };
  });
  t.diagnostic('\n' + lines.map((l) => l.line).join('\n'));
  assert.deepEqual(lines.filter((l) => !l.ok).map((l) => l.line), []);
});
