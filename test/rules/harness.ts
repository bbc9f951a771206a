// RuleTester-style harness (ESLint's RuleTester, with Squawk's discipline that every fix is applied,
// re-parsed and re-linted). Each case is its own test. Inputs must be valid PostgreSQL.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits, fixProject, rulesById, type Finding } from '../../server/src/engine/index.js';
import { lint, onlyRules, project, toolFiles, usePostgresParser } from '../helpers/engine.js';

export interface ExpectedError {
  messageId: string;
  data?: Record<string, string | number>;
  /** 1-based, as editors show them. */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Each suggestion applied alone: its title (substring), the resulting file text and the files it creates (relative paths). */
  suggestions?: { title?: string; output: string; newFiles?: Record<string, string> }[];
}

export interface CaseBase {
  name?: string;
  code: string;
  /** Earlier migrations, in history order: { '0001_init.sql': '…' }. */
  migrations?: Record<string, string>;
  /** Later migrations (after the file under test). */
  later?: Record<string, string>;
  /** The file name of `code` (default 0500_under_test.sql). */
  filename?: string;
  options?: Record<string, unknown>;
  postgresVersion?: number;
  /** The migration tools' own files: { 'migrations/2024_x/metadata.toml': 'run_in_transaction = false' }. */
  toolFiles?: Record<string, string>;
  /** The file's text at the base (git), as the CLI and the editor pass it for an edited migration. */
  baseText?: string;
}

export interface InvalidCase extends CaseBase {
  errors: ExpectedError[];
  /** The file after the fix loop; required when any finding has a fix; omit (or null) when none does. */
  output?: string | null;
}

export type ValidCase = string | CaseBase;

const DEFAULT_FILE = '0500_under_test.sql';

function build(c: CaseBase) {
  const filename = c.filename ?? DEFAULT_FILE;
  const files = { ...(c.migrations ?? {}), [filename]: c.code, ...(c.later ?? {}) };
  const baseTexts: Record<string, string> = c.baseText !== undefined ? { [filename]: c.baseText } : {};
  return { filename, files, baseTexts };
}

function run(ruleId: string, c: CaseBase): { findings: Finding[]; all: Finding[]; filename: string; files: Record<string, string> } {
  const { filename, files, baseTexts } = build(c);
  const config = onlyRules([ruleId, 'syntax-error'], c.options ? { [ruleId]: c.options } : {});
  if (c.postgresVersion) config.postgresVersion = c.postgresVersion;
  const result = lint(files, config, toolFiles(c.toolFiles), baseTexts);
  const syntax = result.files.flatMap((f) => f.findings.filter((d) => d.ruleId === 'syntax-error').map((d) => `${f.relPath}:${d.start.line + 1}: ${d.message}`));
  assert.deepEqual(syntax, [], 'test inputs must be valid PostgreSQL');
  const file = result.files.find((f) => f.relPath === filename)!;
  return { findings: file.findings.filter((d) => d.ruleId === ruleId), all: file.findings, filename, files };
}

function reparseClean(ruleId: string, text: string, c: CaseBase, filename: string): Finding[] {
  const { files, baseTexts } = build({ ...c, code: text, filename });
  const result = lint(files, onlyRules([ruleId, 'syntax-error'], c.options ? { [ruleId]: c.options } : {}), toolFiles(c.toolFiles), baseTexts);
  const file = result.files.find((f) => f.relPath === filename)!;
  const syntax = file.findings.filter((d) => d.ruleId === 'syntax-error');
  assert.deepEqual(syntax.map((d) => d.message), [], `the edited SQL must still parse:\n${text}`);
  return file.findings.filter((d) => d.ruleId === ruleId);
}

export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const rule = rulesById.get(ruleId);
  describe(ruleId, () => {
    usePostgresParser();
    test('is registered', () => assert.ok(rule, `rule ${ruleId} is not in the registry`));
    cases.valid.forEach((v, i) => {
      const c: CaseBase = typeof v === 'string' ? { code: v } : v;
      test(`valid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
        const { findings } = run(ruleId, c);
        assert.deepEqual(findings.map((f) => `${f.start.line + 1}:${f.start.character + 1} ${f.messageId}: ${f.message}`), []);
      });
    });
    cases.invalid.forEach((c, i) => {
      test(`invalid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
        const { findings, filename } = run(ruleId, c);
        assert.equal(findings.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${findings.map((f) => `${f.start.line + 1}:${f.start.character + 1} ${f.message}`).join('\n')}`);
        c.errors.forEach((e, k) => {
          const f = findings[k]!;
          assert.equal(f.messageId, e.messageId);
          assert.ok(rule!.meta.messages[e.messageId], `messageId ${e.messageId} is declared`);
          assert.doesNotMatch(f.message, /\{\{/, 'every placeholder is filled');
          if (e.data) for (const [key, val] of Object.entries(e.data)) assert.equal(f.data[key], val, `data.${key}`);
          if (e.line !== undefined) assert.equal(f.start.line + 1, e.line, 'line');
          if (e.column !== undefined) assert.equal(f.start.character + 1, e.column, 'column');
          if (e.endLine !== undefined) assert.equal(f.end.line + 1, e.endLine, 'endLine');
          if (e.endColumn !== undefined) assert.equal(f.end.character + 1, e.endColumn, 'endColumn');
          if (e.suggestions) {
            assert.equal(f.suggestions.length, e.suggestions.length, 'number of suggestions');
            e.suggestions.forEach((s, j) => {
              const sug = f.suggestions[j]!;
              if (s.title) assert.ok(sug.title.includes(s.title), `suggestion title "${sug.title}" includes "${s.title}"`);
              const local = sug.edits.filter((ed) => !ed.file || ed.file.endsWith('/' + filename));
              const out = applyEdits(c.code, local);
              assert.equal(out, s.output);
              reparseClean(ruleId, out, c, filename);
              const created = Object.fromEntries((sug.newFiles ?? []).map((f) => [f.file.replace(/^\/project\//, ''), f.text]));
              assert.deepEqual(created, s.newFiles ?? {}, 'files the suggestion creates');
            });
          } else {
            // Suggestions that edit this file must still leave valid SQL.
            for (const sug of f.suggestions) {
              const local = sug.edits.filter((ed) => !ed.file || ed.file.endsWith('/' + filename));
              if (local.length) reparseClean(ruleId, applyEdits(c.code, local), c, filename);
            }
          }
        });
        const fixable = findings.some((f) => f.fix);
        if (fixable) {
          assert.ok(typeof c.output === 'string', 'a finding has a fix: the case must give its output');
          const { files, baseTexts } = build(c);
          const changes = fixProject(project(files, baseTexts), onlyRules([ruleId], c.options ? { [ruleId]: c.options } : {}), new Set(['/project/' + filename]), toolFiles(c.toolFiles));
          const fixed = changes.get('/project/' + filename)?.text ?? c.code;
          assert.equal(fixed, c.output);
          const after = reparseClean(ruleId, fixed, c, filename);
          assert.deepEqual(after.filter((f) => f.fix).map((f) => f.message), [], 'the fix loop leaves no fixable finding of this rule');
        } else {
          assert.ok(c.output === undefined || c.output === null, 'no finding has a fix, so the case must not give an output');
        }
      });
    });
  });
}
