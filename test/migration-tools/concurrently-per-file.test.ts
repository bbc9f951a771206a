// concurrentlyAt on a long migration: rules ask it for every CREATE INDEX they would make CONCURRENTLY,
// so what it needs of the file (the tool's run, explicit BEGIN … COMMIT blocks, the tool's statement
// blocks) is computed once per file, and the tool is asked again per statement only when its run reads
// which statements are CONCURRENTLY (Flyway). The verdicts are the same as for a short file.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { concurrentlyAt, fileRun, migrationSetup, parseDocument, type HistoryFile } from '../../server/src/engine/index.js';
import { toolsById } from '../../server/src/engine/migration-tools/registry.js';
import type { MigrationTool, MigrationToolId } from '../../server/src/engine/migration-tools/types.js';
import { usePostgresParser } from '../helpers/engine.js';

function history(relPath: string, text: string): HistoryFile {
  const parsed = parseDocument(text);
  const run = fileRun(relPath, parsed, migrationSetup());
  return { path: '/project/' + relPath, relPath, parsed, index: 0, isDown: false, run };
}

/** Counts the calls of a tool's run while `body` runs. */
function countingRuns<T>(id: MigrationToolId, body: () => T): { result: T; runs: number } {
  const tool = toolsById.get(id)! as MigrationTool;
  const original = tool.run;
  let runs = 0;
  tool.run = (input) => {
    runs++;
    return original.call(tool, input);
  };
  try {
    return { result: body(), runs };
  } finally {
    tool.run = original;
  }
}

const indexes = (n: number, from = 0): string => Array.from({ length: n }, (_, i) => `CREATE INDEX i${from + i} ON t (a);\n`).join('');

describe('concurrentlyAt on a long file', () => {
  usePostgresParser();

  test('goose: the tool is asked once for the file and once for a statement appended, not once per statement', () => {
    const text = `-- +goose Up\n${indexes(200)}-- +goose StatementBegin\nCREATE INDEX b1 ON t (a);\nCREATE INDEX b2 ON t (b);\n-- +goose StatementEnd\nBEGIN;\n${indexes(3, 500)}COMMIT;\n${indexes(2, 600)}`;
    const { result, runs } = countingRuns('goose', () => {
      const file = history('db/00002_indexes.sql', text);
      const verdicts = file.parsed.statements.map((s) => concurrentlyAt(file, s));
      for (let i = 0; i < 50; i++) concurrentlyAt(file);
      return { file, verdicts, appended: concurrentlyAt(file) };
    });
    assert.equal(runs, 2, 'the file, and the file with a statement appended');
    const { file, verdicts, appended } = result;
    const at = (sql: string): (typeof verdicts)[number] => verdicts[file.parsed.statements.findIndex((s) => file.parsed.text.slice(s.range.start, s.range.end) === sql)]!;
    // goose runs the file in its transaction; its opt-out is offered.
    assert.equal(at('CREATE INDEX i0 ON t (a)').reason, 'tool');
    assert.equal(at('CREATE INDEX i0 ON t (a)').optOut?.title, 'add "-- +goose NO TRANSACTION" to the file');
    assert.equal(at('CREATE INDEX i199 ON t (a)').reason, 'tool');
    // A block of two statements is sent whole, and the explicit BEGIN … COMMIT is a block too.
    assert.equal(at('CREATE INDEX b2 ON t (b)').reason, 'block');
    assert.equal(at('CREATE INDEX i501 ON t (a)').reason, 'block');
    // After the COMMIT the tool's transaction is what remains.
    assert.equal(at('CREATE INDEX i601 ON t (a)').reason, 'tool');
    assert.equal(appended.reason, 'tool');
  });

  test('Flyway reads which statements are CONCURRENTLY: asked again per statement, and the answer follows the others', () => {
    const concurrent = Array.from({ length: 5 }, (_, i) => `CREATE INDEX CONCURRENTLY c${i} ON t (a);\n`).join('');
    const { result, runs } = countingRuns('flyway', () => {
      // Every other statement is CONCURRENTLY already: adding it to the last plain one leaves none in a transaction.
      const alone = history('db/V2__a.sql', concurrent + 'CREATE INDEX last ON t (a);\n');
      const mixed = history('db/V3__b.sql', 'CREATE INDEX p1 ON t (a);\n' + concurrent + 'CREATE INDEX p2 ON t (a);\n');
      return {
        alone: concurrentlyAt(alone, alone.parsed.statements.at(-1)!),
        mixed: mixed.parsed.statements.map((s) => concurrentlyAt(mixed, s)),
      };
    });
    assert.deepEqual(result.alone, { allowed: true, toolName: 'Flyway' });
    // Two plain indexes: making either CONCURRENTLY leaves the other, so Flyway keeps its transaction.
    assert.deepEqual(
      result.mixed.map((v) => v.allowed),
      [false, false, false, false, false, false, false],
    );
    assert.equal(runs, 2 + 1 + 7, 'each file once, then once per statement asked');
  });
});
