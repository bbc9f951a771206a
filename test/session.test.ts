// The editor's lint session: a lint that reuses the last lint's order, facts and models must find
// exactly what a lint from scratch finds, whatever was edited, added or removed; and a keystroke in
// the newest file must replay that file only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig, LintSession, lintProject, replayAll, type LintOptions, type SourceFile } from '../server/src/engine/index.js';
import { Replayer } from '../server/src/engine/model/replay.js';
import { project, usePostgresParser } from './helpers/engine.js';
import { syntheticHistory } from './helpers/history.js';

usePostgresParser();

const config = defaultConfig();

/** Parsed files by path, kept across lints as the editor keeps them (a session reuses what a file's unchanged parse gave). */
const parsedCache: LintOptions['parsedCache'] = new Map();

function findingsOf(files: SourceFile[], only: string[], session?: LintSession): Record<string, string[]> {
  const result = lintProject(files, config, { only: new Set(only), session, parsedCache: session ? parsedCache : undefined });
  const out: Record<string, string[]> = {};
  for (const f of result.files) if (f.linted) out[f.relPath] = f.findings.map((d) => `${d.ruleId} ${d.range.start}-${d.range.end} ${d.message} ${JSON.stringify(d.fix ?? null)} ${JSON.stringify(d.suggestions)}`);
  return out;
}

/** Lints `only` with the session and from scratch, and requires the same findings. */
function same(files: SourceFile[], only: string[], session: LintSession, what: string): void {
  assert.deepEqual(findingsOf(files, only, session), findingsOf(files, only), what);
}

function withText(files: SourceFile[], rel: string, text: string): SourceFile[] {
  return files.map((f) => (f.relPath === rel ? { ...f, text } : f));
}

/** Counts the files replayed into a model (the editor's cursor replays statements, not files). */
function filesReplayed(run: () => void): number {
  const original = Replayer.prototype.setFile;
  let n = 0;
  Replayer.prototype.setFile = function (this: Replayer, file: string, index: number) {
    n++;
    original.call(this, file, index);
  };
  try {
    run();
  } finally {
    Replayer.prototype.setFile = original;
  }
  return n;
}

test('edits of the newest file, a middle file and the first file find what a lint from scratch finds', () => {
  let files = project(syntheticHistory(60, { rich: true }));
  const rels = files.map((f) => f.relPath).filter((r) => !r.endsWith('.down.sql'));
  const newest = files.find((f) => f.relPath === rels[rels.length - 1])!;
  const middle = files.find((f) => f.relPath === rels[30])!;
  const session = new LintSession();
  same(files, [newest.path], session, 'first lint');
  const edits: [SourceFile, string][] = [
    [newest, newest.text + '\nCREATE INDEX idx_items_60_name ON items_60 (name);\n'],
    [newest, newest.text + '\nCREATE INDEX idx_items_60_name ON items_60 (name);\nCREATE INDEX idx_items_60_name2 ON items_60 (name);\n'],
    [newest, newest.text.replace('CREATE TABLE items_60', 'CREATE TABLE items_sixty')],
    [middle, middle.text + '\nALTER TABLE items_60 ADD COLUMN late text;\nCREATE INDEX idx_items_15_parent_id_2 ON items_15 (parent_id);\n'],
    [middle, middle.text.replace('CREATE TABLE items_31', 'CREATE TABLE items_thirty_one')],
    [files[0]!, 'CREATE TABLE items_60 (id int);\n' + files[0]!.text],
    [newest, newest.text],
  ];
  for (const [file, text] of edits) {
    files = withText(files, file.relPath, text);
    same(files, [file.path], session, `after editing ${file.relPath}`);
    same(files, [newest.path], session, `the newest file after editing ${file.relPath}`);
    same(files, [middle.path], session, `the middle file after editing ${file.relPath}`);
  }
  // A whole-project lint with the session, after all that.
  assert.deepEqual(findingsOf(files, files.map((f) => f.path), session), findingsOf(files, files.map((f) => f.path)));
});

test('files added, removed and renamed (reordered) find what a lint from scratch finds', () => {
  let files = project(syntheticHistory(40, { rich: true }));
  const session = new LintSession();
  const newest = files[files.length - 1]!;
  same(files, [newest.path], session, 'first lint');
  const added: SourceFile = { path: '/project/000041_create_items_41.sql', relPath: '000041_create_items_41.sql', text: 'CREATE TABLE items_41 (id bigint PRIMARY KEY, parent_id bigint REFERENCES items_20 (id));\n' };
  files = [...files, added];
  same(files, [added.path], session, 'a new newest file');
  same(files, [newest.path], session, 'the former newest file');
  files = files.filter((f) => f.relPath !== '000010_create_items_10.sql');
  same(files, [added.path], session, 'a file removed from the middle');
  files = files.map((f) => (f.relPath === '000005_create_items_5.sql' ? { ...f, relPath: '000039_create_items_5.sql', path: '/project/000039_create_items_5.sql' } : f));
  same(files, [added.path], session, 'a file moved later in the history');
  same(files, ['/project/000039_create_items_5.sql'], session, 'the moved file itself');
});

test('a keystroke in the newest file replays that file only; one in the middle replays the later files', () => {
  let files = project(syntheticHistory(200));
  const session = new LintSession();
  const newest = files[files.length - 1]!;
  const middle = files[100]!;
  const fresh = filesReplayed(() => lintProject(files, config, { only: new Set([newest.path]) }));
  assert.ok(fresh >= 200, `a lint from scratch replays the history (${fresh} files)`);
  lintProject(files, config, { only: new Set([newest.path]), session, parsedCache });
  for (let i = 0; i < 3; i++) {
    files = withText(files, newest.relPath, newest.text + `\n-- keystroke ${i}\n`);
    const replayed = filesReplayed(() => lintProject(files, config, { only: new Set([newest.path]), session, parsedCache }));
    assert.equal(replayed, 1, `keystroke ${i} in the newest file replays it into the final model, nothing else`);
  }
  files = withText(files, middle.relPath, middle.text + '\n-- edit\n');
  const first = filesReplayed(() => lintProject(files, config, { only: new Set([middle.path]), session, parsedCache }));
  files = withText(files, middle.relPath, middle.text + '\n-- edit 2\n');
  const next = filesReplayed(() => lintProject(files, config, { only: new Set([middle.path]), session, parsedCache }));
  assert.ok(first <= 200, `the first edit in the middle replays up to it once, then the rest (${first} files)`);
  assert.equal(next, 100, 'the next edit in the middle replays it and the later files into the final model');
});

test('random edits, additions and removals: the session finds what a lint from scratch finds', () => {
  let seed = 12;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const snippets = [
    'CREATE INDEX idx_x_parent_id ON items_20 (parent_id);',
    'DROP INDEX idx_items_20_parent_id;',
    'ALTER TABLE items_10 RENAME TO items_ten;',
    'ALTER TABLE items_12 RENAME COLUMN name TO title;',
    'CREATE TABLE extra (id int, items_id bigint REFERENCES items_3 (id), tenant_id bigint);',
    'DROP TABLE IF EXISTS items_25 CASCADE;',
    'ALTER TABLE items_8 ADD CONSTRAINT items_8_name_key UNIQUE (name);',
    'CREATE TYPE mood AS ENUM (\'ok\');',
    'DO $$ BEGIN ALTER TABLE extra ENABLE ROW LEVEL SECURITY; END $$;',
    'CREATE VIEW everything AS SELECT * FROM items_4;',
  ];
  let files = project(syntheticHistory(40, { rich: true }));
  const session = new LintSession();
  for (let step = 0; step < 30; step++) {
    const kind = random(10);
    const target = files[kind < 5 ? files.length - 1 : random(files.length)]!;
    if (kind === 9 && files.length > 30) files = files.filter((f) => f !== target);
    else if (kind === 8) {
      const rel = `000${100 + step}_added.sql`;
      files = [...files, { path: `/project/${rel}`, relPath: rel, text: snippets[random(snippets.length)]! + '\n' }];
    } else files = withText(files, target.relPath, target.text + '\n' + snippets[random(snippets.length)]! + '\n');
    const only = [...new Set([files[files.length - 1]!.path, files[random(files.length)]!.path])].slice(0, 2);
    same(files, only, session, `step ${step}`);
  }
});

test('the model right after a file, from the session, equals a replay up to that file', () => {
  const files = project(syntheticHistory(50, { rich: true }));
  const session = new LintSession();
  const result = lintProject(files, config, { only: new Set([files[files.length - 1]!.path]), session, parsedCache });
  for (const position of [0, 20, 49]) {
    const file = result.history[position]!;
    const after = session.modelAfter(result.history, file.path)!;
    const expected = replayAll(result.history, position + 1);
    assert.deepEqual([...after.tables.keys()].sort(), [...expected.tables.keys()].sort(), `tables after ${file.relPath}`);
    assert.deepEqual([...after.indexes.keys()].sort(), [...expected.indexes.keys()].sort(), `indexes after ${file.relPath}`);
  }
  assert.equal(session.modelAfter([...result.history].reverse(), files[0]!.path), undefined, 'not the session\'s history');
});
