// Protocol tests: pending and applied migrations in the editor, on real git repositories. Pending
// files get full diagnostics; applied ones none in the Problems panel and hints while open; a new
// file is pending at once; an applied migration edited in the editor becomes pending and gets
// edited-applied-migration; git is asked again when the repository's HEAD or index changes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { commitAll, git, gitAvailable, gitRepo, write } from '../helpers/git.js';
import { ROOT, TestClient, tempProject, uri, waitFor } from './harness.js';

const CLI = join(ROOT, 'dist', 'cli.js');
const M = 'migrations/';
const HINT = 4;

const MAIN: Record<string, string> = {
  [M + '0001_users.sql']: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n',
  [M + '0002_orders.sql']: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), total numeric(12, 2) NOT NULL);\n',
  [M + '0003_flag.sql']: 'ALTER TABLE users ADD COLUMN active boolean NOT NULL;\n',
  [M + '0004_idx.sql']: 'CREATE INDEX idx_orders_total ON orders (total);\n',
};
const FEATURE = { [M + '0005_feature.sql']: 'ALTER TABLE orders ADD COLUMN note text;\n' };
const UNTRACKED = { [M + '0006_untracked.sql']: 'ALTER TABLE users ADD COLUMN nickname text NOT NULL;\n' };

/** main: 0001–0004 (0003 has an error); branch feature adds 0005; 0006 is untracked. */
function repo(): string {
  const dir = gitRepo(MAIN);
  git(dir, 'checkout', '-q', '-b', 'feature');
  write(dir, FEATURE);
  commitAll(dir, 'feature');
  write(dir, UNTRACKED);
  return dir;
}

const where = (d: Diagnostic): string => `${d.code}:${d.range.start.line + 1}:${d.range.start.character + 1}`;

function cliFindings(dir: string, args: string[]): Map<string, string[]> {
  const r = spawnSync(process.execPath, [CLI, '.', '--format', 'json', ...args], { cwd: dir, encoding: 'utf8' });
  const out = JSON.parse(r.stdout) as { diagnostics: { file: string; rule: string; line: number; column: number }[] };
  const byFile = new Map<string, string[]>();
  for (const d of out.diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), `${d.rule}:${d.line}:${d.column}`]);
  return byFile;
}

function lastPending(client: TestClient): TestClient['pendingStatuses'][number]['projects'][number] | undefined {
  return client.pendingStatuses.at(-1)?.projects[0];
}

describe('pending and applied migrations (language server, real git)', { skip: gitAvailable() ? false : 'git is not installed' }, () => {
  test('pending files get full diagnostics, applied ones none unless open (then hints); edits and new files are pending at once', async () => {
    const dir = repo();
    // Edited on disk before the editor opens: git lists it as modified, and its base text comes from git.
    write(dir, { [M + '0002_orders.sql']: MAIN[M + '0002_orders.sql']!.replace('numeric(12, 2)', 'numeric(14, 2)') });
    const client = await TestClient.start({ folders: [dir] });
    try {
      const status = await waitFor('the pending status', () => lastPending(client));
      assert.equal(status.mode, 'git');
      assert.match(status.base!, /^main \(merge base [0-9a-f]{10}\)$/);
      assert.equal(status.pending, 3);
      assert.equal(status.total, 6);

      // The Problems panel (workspace pull) shows the pending files exactly as the CLI's --since main does.
      const cli = cliFindings(dir, ['--since', 'main']);
      assert.deepEqual([...cli.keys()].sort(), [M + '0002_orders.sql', M + '0005_feature.sql', M + '0006_untracked.sql']);
      assert.ok(cli.get(M + '0002_orders.sql')!.some((k) => k.startsWith('edited-applied-migration:')), 'the edit on disk is reported, by both');
      for (const [file, expected] of cli) {
        const got = await waitFor(`diagnostics of ${file}`, () => {
          const ds = client.workspaceReports.get(uri(join(dir, file)));
          return ds && ds.length === expected.length && ds;
        });
        assert.deepEqual(got.map(where).sort(), [...expected].sort(), file);
        assert.ok(got.every((d) => d.severity !== HINT));
      }
      const applied = uri(join(dir, M + '0003_flag.sql'));
      assert.ok(!client.workspaceReports.get(applied)?.length, 'the applied 0003 and its error stay out of the Problems panel');

      // Opened, an applied file shows its findings as hints.
      const u3 = await client.open(join(dir, M + '0003_flag.sql'), MAIN[M + '0003_flag.sql']!);
      const hints = await client.pull(u3);
      assert.ok(hints.some((d) => d.code === 'not-null-without-default'), 'the history still judges it');
      assert.ok(hints.every((d) => d.severity === HINT), 'as hints');
      assert.ok(!client.workspaceReports.get(applied)?.length);

      // Its SQL edited in the editor: pending at once, with edited-applied-migration.
      await client.replace(u3, 'boolean NOT NULL', "boolean NOT NULL DEFAULT 'f'");
      const edited = await waitFor('edited-applied-migration', async () => {
        const ds = await client.pull(u3);
        return ds.some((d) => d.code === 'edited-applied-migration') && ds;
      });
      const finding = edited.find((d) => d.code === 'edited-applied-migration')!;
      assert.equal(finding.severity, 2, 'a warning');
      assert.deepEqual(finding.range.start, { line: 0, character: 53 });
      assert.ok(edited.every((d) => d.severity !== HINT), 'pending now: full diagnostics');
      await client.replace(u3, " DEFAULT 'f'", '');
      await waitFor('back to hints once the edit is undone', async () => {
        const ds = await client.pull(u3);
        return ds.length > 0 && ds.every((d) => d.severity === HINT) && !ds.some((d) => d.code === 'edited-applied-migration');
      });

      // A comment-only edit changes no SQL: no edited-applied-migration.
      const u4 = await client.open(join(dir, M + '0004_idx.sql'), MAIN[M + '0004_idx.sql']!);
      await client.change(u4, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '-- speeds up the totals report\n' }]);
      const commented = await waitFor('diagnostics after a comment-only edit', async () => {
        const ds = await client.pull(u4);
        return ds.length > 0 && ds.every((d) => d.severity !== HINT) && ds;
      });
      assert.ok(!commented.some((d) => d.code === 'edited-applied-migration'));

      // A new file is pending at once.
      const u7 = await client.open(join(dir, M + '0007_new.sql'), 'ALTER TABLE users ADD COLUMN plan text NOT NULL;\n');
      const fresh = await client.pull(u7);
      assert.ok(fresh.some((d) => d.code === 'not-null-without-default' && d.severity === 1), 'an error, at once');
      await waitFor('the status counts the new and the edited files', () => lastPending(client)?.pending === 5 && lastPending(client));

      // Closed again, the applied file leaves nothing behind.
      await client.close(u3);
      await waitFor('the applied file cleared', () => client.workspaceReports.has(applied) && client.workspaceReports.get(applied)!.length === 0);
    } finally {
      await client.stop();
    }
  });

  test('git is asked again when HEAD or the index changes; sqlSchemaLint.report "all" and a folder without git report every file', async () => {
    const dir = repo();
    const client = await TestClient.start({ folders: [dir] });
    try {
      await waitFor('two pending files', () => lastPending(client)?.pending === 2);
      const feature = uri(join(dir, M + '0005_feature.sql'));
      await waitFor('0005 reported', () => client.workspaceReports.get(feature)?.length);
      // main catches up with the branch: only the untracked file is still pending.
      git(dir, 'checkout', '-q', 'main');
      git(dir, 'merge', '-q', '--ff-only', 'feature');
      git(dir, 'checkout', '-q', 'feature');
      await waitFor('one pending file after main moved', () => lastPending(client)?.pending === 1, 20_000);
      await waitFor('0005 is applied now: cleared', () => client.workspaceReports.get(feature)?.length === 0);
      // Staging changes the index: asked again; the untracked file staged is still pending.
      git(dir, 'add', M + '0006_untracked.sql');
      await waitFor('still one pending file', () => client.pendingStatuses.length > 0 && lastPending(client)?.pending === 1);
    } finally {
      await client.stop();
    }

    const all = await TestClient.start({ folders: [dir], settings: { report: 'all' } });
    try {
      const s = await waitFor('the status says all', () => lastPending(all));
      assert.equal(s.mode, 'all');
      assert.equal(s.reason, 'sqlSchemaLint.report is "all"');
      await waitFor('the applied 0003 reported', () => all.workspaceReports.get(uri(join(dir, M + '0003_flag.sql')))?.some((d) => d.code === 'not-null-without-default'));
    } finally {
      await all.stop();
    }

    const plain = tempProject({ ...MAIN });
    const nogit = await TestClient.start({ folders: [plain] });
    try {
      const s = await waitFor('the status says why', () => lastPending(nogit));
      assert.deepEqual({ mode: s.mode, reason: s.reason, pending: s.pending }, { mode: 'all', reason: 'not a git repository', pending: 4 });
      await waitFor('every file reported', () => nogit.workspaceReports.get(uri(join(plain, M + '0003_flag.sql')))?.length);
    } finally {
      await nogit.stop();
    }
  });

  test('appliedThrough in .sql-schema-lint.json decides without git, for the editor as for the CLI', async () => {
    const dir = tempProject({ ...MAIN, ...FEATURE, '.sql-schema-lint.json': '{ "appliedThrough": "0004" }' });
    const client = await TestClient.start({ folders: [dir] });
    try {
      const s = await waitFor('the status', () => lastPending(client));
      assert.deepEqual({ mode: s.mode, base: s.base, pending: s.pending, total: s.total }, { mode: 'appliedThrough', base: '0004', pending: 1, total: 5 });
      const cli = cliFindings(dir, []);
      const expected = cli.get(M + '0005_feature.sql')!;
      const got = await waitFor('0005 reported', () => client.workspaceReports.get(uri(join(dir, M + '0005_feature.sql'))));
      assert.deepEqual(got.map(where).sort(), [...expected].sort());
      assert.ok(!client.workspaceReports.get(uri(join(dir, M + '0003_flag.sql')))?.length);
      assert.deepEqual([...cli.keys()], [M + '0005_feature.sql'], 'the CLI reports the same file');
    } finally {
      await client.stop();
    }
  });
});
