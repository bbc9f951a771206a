// Robustness over real migrations written by others: every file is linted without a crash, and
// PostgreSQL's verdict is never contradicted — a file PostgreSQL parses whole gets zero syntax-error
// findings and exactly PostgreSQL's statement boundaries.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { defaultConfig, lintProject, parseDocument, type SourceFile } from '../../server/src/engine/index.js';
import { maskNonSql } from '../../server/src/engine/parse/mask.js';
import { pgParse } from '../../server/src/engine/parse/pg.js';
import { ByteOffsets } from '../../server/src/engine/parse/positions.js';
import { corpusAvailable, corpusFiles } from '../helpers/corpus.js';
import { usePostgresParser } from '../helpers/engine.js';

usePostgresParser();

test('corpus: no crash, no syntax-error on SQL PostgreSQL accepts, same statement boundaries', (t) => {
  if (!corpusAvailable()) {
    t.skip('../shared/corpus is absent: corpus robustness not checked');
    return;
  }
  const files = corpusFiles();
  const stats = new Map<string, { files: number; statements: number; errors: number; wholeFiles: number; astParser: number; pgAdapter: number }>();
  const falseErrors: string[] = [];
  const boundaryMismatches: string[] = [];
  for (const f of files) {
    const text = readFileSync(f.abs, 'utf8');
    const parsed = parseDocument(text);
    const s = stats.get(f.source) ?? { files: 0, statements: 0, errors: 0, wholeFiles: 0, astParser: 0, pgAdapter: 0 };
    s.files++;
    s.statements += parsed.statements.length;
    for (const st of parsed.statements) {
      if (st.error) s.errors++;
      else if (st.parser === 'pgsql-ast-parser') s.astParser++;
      else s.pgAdapter++;
    }
    const masked = maskNonSql(text);
    const whole = pgParse(masked);
    if (!('error' in whole)) {
      s.wholeFiles++;
      for (const st of parsed.statements) if (st.error) falseErrors.push(`${f.rel}: ${st.error.message}`);
      // PostgreSQL's own boundaries (stmt_location is a byte offset; skip leading blanks and comments).
      const bytes = new ByteOffsets(masked);
      const pgStarts = whole.stmts.map((x: { stmt_location?: number }) => {
        let o = bytes.toUtf16(x.stmt_location ?? 0);
        for (;;) {
          const rest = masked.slice(o);
          const m = /^(\s+|--[^\n]*|\/\*[\s\S]*?\*\/)/.exec(rest);
          if (!m) break;
          o += m[0].length;
        }
        return o;
      });
      const ours = parsed.statements.map((st) => st.range.start);
      if (JSON.stringify(pgStarts) !== JSON.stringify(ours)) boundaryMismatches.push(f.rel);
    }
    stats.set(f.source, s);
  }
  const table = [...stats].map(([source, s]) => `${source.padEnd(18)} files ${String(s.files).padStart(4)}  statements ${String(s.statements).padStart(6)}  parse-whole ${String(s.wholeFiles).padStart(4)}  syntax errors ${String(s.errors).padStart(4)}  facts via pgsql-ast-parser ${String(s.astParser).padStart(6)}  via PostgreSQL AST ${String(s.pgAdapter).padStart(6)}`);
  t.diagnostic('\n' + table.join('\n'));
  assert.deepEqual(falseErrors, [], 'syntax-error on files PostgreSQL parses whole');
  assert.deepEqual(boundaryMismatches, [], 'statement boundaries differ from PostgreSQL');
});

test('corpus: every source lints as one project with every rule on, without a rule failure', (t) => {
  if (!corpusAvailable()) {
    t.skip('../shared/corpus is absent');
    return;
  }
  const bySource = new Map<string, SourceFile[]>();
  for (const f of corpusFiles()) {
    const list = bySource.get(f.source) ?? [];
    list.push({ path: f.abs, relPath: f.rel, text: readFileSync(f.abs, 'utf8') });
    bySource.set(f.source, list);
  }
  const config = defaultConfig();
  for (const [id, s] of config.rules) config.rules.set(id, { ...s, severity: s.severity === 'off' ? 'info' : s.severity });
  const counts = new Map<string, number>();
  for (const [source, files] of bySource) {
    const result = lintProject(files, config);
    assert.deepEqual(result.ruleFailures.map((r) => `${r.ruleId} on ${r.file}: ${(r.error as Error).stack}`), [], `rule failures in ${source}`);
    for (const f of result.files) for (const d of f.findings) counts.set(d.ruleId, (counts.get(d.ruleId) ?? 0) + 1);
  }
  t.diagnostic('findings per rule: ' + [...counts].sort().map(([k, v]) => `${k} ${v}`).join(', '));
});
