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
