// The status bar's words for pending migrations (client/src/pending-status.ts), without VS Code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pendingLabel } from '../../client/src/pending-status.js';

test('the status bar names the pending count and the base; the tooltip says why it fell back to all files', () => {
  assert.equal(pendingLabel(undefined), undefined);
  assert.equal(pendingLabel({ projects: [] }), undefined);
  const git = pendingLabel({ projects: [{ name: 'api', mode: 'git', base: 'origin/main (merge base 1a2b3c4d5e)', pending: 2, total: 687 }] })!;
  assert.equal(git.text, '2 pending · origin/main');
  assert.deepEqual(git.tooltip, ['api: 2 of 687 migrations pending against origin/main (merge base 1a2b3c4d5e); applied ones show their findings as hints while open']);
  const version = pendingLabel({ projects: [{ name: 'db', mode: 'appliedThrough', base: '0042', pending: 1, total: 43 }] })!;
  assert.equal(version.text, '1 pending · after 0042');
  const all = pendingLabel({ projects: [{ name: 'db', mode: 'all', pending: 12, total: 12, reason: 'not a git repository' }] })!;
  assert.equal(all.text, 'all files');
  assert.deepEqual(all.tooltip, ['db: reporting all 12 files, because not a git repository']);
  const mixed = pendingLabel({
    projects: [
      { name: 'a', mode: 'git', base: 'origin/main (merge base 1)', pending: 2, total: 5 },
      { name: 'b', mode: 'git', base: 'origin/develop (merge base 2)', pending: 1, total: 3 },
      { name: 'c', mode: 'all', pending: 4, total: 4, reason: 'sqlSchemaLint.report is "all"' },
    ],
  })!;
  assert.equal(mixed.text, '3 pending', 'several bases: the count alone; the tooltip has each');
  assert.equal(mixed.tooltip.length, 3);
});

test('the tooltip names each project’s migration tool and what it was detected from', () => {
  const base = { mode: 'git' as const, base: 'origin/main (merge base 1)', pending: 1, total: 3 };
  const label = pendingLabel({
    projects: [
      { name: 'web', ...base, tool: { id: 'prisma', source: 'files', evidence: ['migration_lock.toml'], files: 3, total: 3 } },
      { name: 'jobs', ...base, tool: { id: 'goose', source: 'markers', files: 2, total: 3 } },
      { name: 'rust', ...base, tool: { id: 'diesel', source: 'files', evidence: ['diesel.toml', 'metadata.toml'], files: 3, total: 3 } },
      { name: 'go', ...base, tool: { id: 'golang-migrate', source: 'layout', files: 3, total: 3 } },
      { name: 'ops', ...base, tool: { id: 'goose', source: 'config', files: 3, total: 3 } },
      { name: 'db', ...base, tool: { id: 'plain', source: 'none', files: 3, total: 3 } },
    ],
  })!;
  assert.equal(label.text, '6 pending · origin/main', 'the tool is in the tooltip only');
  assert.deepEqual(
    label.tooltip.filter((l) => l.includes('migration tool')),
    [
      'web: migration tool prisma (detected from migration_lock.toml)',
      'jobs: migration tool goose (detected from markers in files; 2 of 3 files)',
      'rust: migration tool diesel (detected from diesel.toml, metadata.toml)',
      'go: migration tool golang-migrate (detected from the file layout)',
      'ops: migration tool goose (set in .sql-schema-lint.json)',
      'db: no migration tool detected: plain numbered files, run statement by statement (set "migrationTool" in .sql-schema-lint.json if a tool runs them)',
    ],
  );
  assert.equal(label.tooltip.length, 12, 'each project’s pending line, then its tool line');
  assert.match(label.tooltip[0]!, /^web: 1 of 3 migrations pending/);
  assert.match(label.tooltip[1]!, /^web: migration tool prisma/);
  // A server without the field (older, or before the files are read) gives the pending line alone.
  assert.deepEqual(pendingLabel({ projects: [{ name: 'api', ...base }] })!.tooltip.length, 1);
});
