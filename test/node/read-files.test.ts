// Reading migrations: the synchronous read (used while reads come from the page cache) and the
// callback read (used once they are slow) give the same answer for every kind of path.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAX_FILE_BYTES, readSqlFile, readSqlFileSync, readSqlFiles } from '../../server/src/node/project.js';

test('readSqlFileSync answers as readSqlFile: text, byte order mark, binary, too large, FIFO, folder, missing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssl-read-'));
  try {
    writeFileSync(join(dir, 'plain.sql'), 'CREATE TABLE t (id int);\n');
    writeFileSync(join(dir, 'bom.sql'), '\uFEFFSELECT 1;\n');
    writeFileSync(join(dir, 'binary.sql'), Buffer.from([0x53, 0x00, 0x4c]));
    writeFileSync(join(dir, 'large.sql'), '');
    truncateSync(join(dir, 'large.sql'), MAX_FILE_BYTES + 1);
    mkdirSync(join(dir, 'folder.sql'));
    const files = ['plain.sql', 'bom.sql', 'binary.sql', 'large.sql', 'folder.sql', 'missing.sql'];
    if (spawnSync('mkfifo', [join(dir, 'fifo.sql')]).status === 0) files.push('fifo.sql');
    for (const f of files) assert.deepEqual(readSqlFileSync(join(dir, f)), await readSqlFile(join(dir, f)), f);
    assert.deepEqual(readSqlFileSync(join(dir, 'bom.sql')), { ok: true, text: 'SELECT 1;\n' });
    assert.equal(readSqlFileSync(join(dir, 'large.sql')).ok, false);
    assert.deepEqual(
      await readSqlFiles(files.map((f) => join(dir, f))),
      await Promise.all(files.map((f) => readSqlFile(join(dir, f)))),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
