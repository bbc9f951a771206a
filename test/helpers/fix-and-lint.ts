// A fix judged by what it leaves behind: the fix loop of some rules over every file of an in-memory
// history (as `--fix` runs it), then the whole history linted again with other rules, which must find
// nothing the fix made (a redundant index, a foreign-key type mismatch, …).
import { fixProject, type Finding } from '../../server/src/engine/index.js';
import { lint, onlyRules, project } from './engine.js';

export interface FixedHistory {
  /** Every file's text after the fix loop, by relative path. */
  files: Record<string, string>;
  /** Fixes applied, by relative path (files without fixes are left out). */
  fixes: Record<string, number>;
  /** Findings of `check` rules on the fixed history, as `file:line rule: message`. */
  after: string[];
  /** The same on the history before the fix. */
  before: string[];
}

function findings(files: Record<string, string>, rules: string[]): string[] {
  return lint(files, onlyRules(rules)).files.flatMap((f) => f.findings.map((d: Finding) => `${f.relPath}:${d.start.line + 1} ${d.ruleId}: ${d.message}`));
}

export function fixAndLint(files: Record<string, string>, fix: string[], check: string[]): FixedHistory {
  const changes = fixProject(project(files), onlyRules(fix), new Set(Object.keys(files).map((rel) => '/project/' + rel)));
  const out: Record<string, string> = {};
  const fixes: Record<string, number> = {};
  for (const rel of Object.keys(files)) {
    const c = changes.get('/project/' + rel);
    out[rel] = c?.text ?? files[rel]!;
    if (c) fixes[rel] = c.fixes;
  }
  return { files: out, fixes, after: findings(out, check), before: findings(files, check) };
}
