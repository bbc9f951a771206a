// Agreement check between SQL Schema Lint's migration-safety rules and Squawk (github.com/sbdchd/squawk)
// on a corpus of real migrations. Squawk is never a dependency of the product: install it anywhere
// outside the project (e.g. `npm install --prefix <dir> squawk-cli`) and point --squawk at it.
//
//   node --import tsx test/bench/compare-squawk.mjs --squawk <dir>/node_modules/.bin/squawk [--corpus ../shared/corpus] [--samples 3] [--only lemmy,trigger.dev]
//
// Each top-level folder of the corpus is one migration history. Findings are compared per concern
// and per statement (per file for lock timeouts, which both tools may report once or per statement):
// "only ours", "only Squawk", "both".
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import engine from '../../server/src/engine/index.js';

// The engine is TypeScript compiled to CommonJS by tsx: its exports arrive on the default import.
const { defaultConfig, lintProject, loadPostgresParser } = engine;

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const squawk = opt('squawk', 'squawk');
const corpus = resolve(opt('corpus', join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus')));
const samples = Number(opt('samples', '0'));
const only = opt('only', '')?.split(',').filter(Boolean) ?? [];
const pgVersion = Number(opt('pg', '16'));

/**
 * Concerns both tools check. `ours`: our rule ids; `squawk`: Squawk rule names, optionally limited
 * to statements of a kind (Squawk's constraint-missing-not-valid covers CHECK and FOREIGN KEY).
 */
const CONCERNS = [
  { name: 'concurrent index (create/drop)', ours: ['require-concurrent-index'], squawk: ['require-concurrent-index-creation', 'require-concurrent-index-deletion'] },
  { name: 'CONCURRENTLY inside a transaction', ours: ['concurrent-index-in-transaction'], squawk: ['ban-concurrent-index-creation-in-transaction'] },
  { name: 'foreign key NOT VALID', ours: ['foreign-key-not-valid'], squawk: ['adding-foreign-key-constraint', 'constraint-missing-not-valid'], squawkWhen: (st) => addsConstraint(st, 'foreignKey') },
  { name: 'CHECK NOT VALID', ours: ['check-constraint-not-valid'], squawk: ['constraint-missing-not-valid'], squawkWhen: (st) => addsConstraint(st, 'check') },
  { name: 'UNIQUE/PRIMARY KEY via index', ours: ['unique-constraint-via-index'], squawk: ['disallowed-unique-constraint', 'adding-serial-primary-key-field'] },
  { name: 'NOT NULL', ours: ['not-null-without-default', 'unsafe-set-not-null'], squawk: ['adding-not-nullable-field', 'adding-required-field'] },
  { name: 'volatile default / rewrite on ADD COLUMN', ours: ['volatile-default'], squawk: ['adding-field-with-default'] },
  { name: 'column type change', ours: ['unsafe-column-type-change'], squawk: ['changing-column-type'] },
  { name: 'rename column', ours: ['no-rename-column'], squawk: ['renaming-column'] },
  { name: 'rename table', ours: ['no-rename-table'], squawk: ['renaming-table'] },
  { name: 'drop column', ours: ['no-drop-column'], squawk: ['ban-drop-column'] },
  { name: 'drop table', ours: ['no-drop-table'], squawk: ['ban-drop-table'] },
  { name: 'lock timeout (per file)', ours: ['require-lock-timeout'], squawk: ['require-lock-timeout'], perFile: true },
];

function addsConstraint(st, kind) {
  return st.facts.some(
    (f) =>
      f.kind === 'alterTable' &&
      f.actions.some((a) => (a.type === 'addConstraint' && a.constraint.kind === kind) || (a.type === 'addColumn' && a.constraints.some((c) => c.kind === kind))),
  );
}

function sqlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sqlFiles(p));
    else if (name.endsWith('.sql')) out.push(p);
  }
  return out;
}

/** Index of the statement holding `offset`, else the first statement after it. */
function statementAt(parsed, offset) {
  const sts = parsed.statements;
  for (const s of sts) if (offset < s.end || offset <= s.range.end) return s;
  return sts[sts.length - 1];
}

const squawkCrashes = [];

function squawkJson(dir, files) {
  try {
    return JSON.parse(execFileSync(squawk, ['--reporter', 'json', '--pg-version', `${pgVersion}.0`, ...files], { cwd: dir, maxBuffer: 1 << 28, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (e) {
    // Squawk exits with 1 when it reports anything; it panics on a few inputs ("the parser seems stuck").
    if (e.stdout && e.stdout.trim().startsWith('[')) return JSON.parse(e.stdout);
    return undefined;
  }
}

function runSquawk(dir, files) {
  const all = squawkJson(dir, files);
  if (all) return all;
  // One file made Squawk crash: run file by file and skip the ones it cannot lint.
  return files.flatMap((f) => {
    const one = squawkJson(dir, [f]);
    if (!one) squawkCrashes.push(join(dir, f));
    return one ?? [];
  });
}

await loadPostgresParser();
const oursIds = new Set(CONCERNS.flatMap((c) => c.ours));
const config = defaultConfig();
for (const [id, setting] of config.rules) config.rules.set(id, { ...setting, severity: oursIds.has(id) ? 'warning' : 'off' });
config.postgresVersion = pgVersion;

const totals = new Map(CONCERNS.map((c) => [c.name, { ours: [], squawk: [], both: [] }]));
const sources = readdirSync(corpus).filter((d) => statSync(join(corpus, d)).isDirectory() && (!only.length || only.includes(d)));
for (const source of sources) {
  const dir = join(corpus, source);
  const paths = sqlFiles(dir);
  const files = paths.map((p) => ({ path: p, relPath: relative(dir, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
  const result = lintProject(files, config);
  const byRel = new Map(result.files.map((f) => [f.relPath, f]));
  const keyOf = (concern, file, st) => (concern.perFile ? `${source}/${file.relPath}` : `${source}/${file.relPath}#${st.index}`);
  const label = (file, st) => {
    const pos = file.parsed.lines.positionAt(st.range.start);
    return `${source}/${file.relPath}:${pos.line + 1}  ${file.parsed.text.slice(st.range.start, st.range.end).replace(/\s+/g, ' ').slice(0, 110)}`;
  };
  for (const concern of CONCERNS) {
    const ours = new Map();
    const theirs = new Map();
    for (const f of result.files)
      for (const d of f.findings) if (concern.ours.includes(d.ruleId)) {
        const st = statementAt(f.parsed, d.range.start);
        ours.set(keyOf(concern, f, st), label(f, st));
      }
    const sq = runSquawkCached(source, dir, files.map((f) => f.relPath));
    for (const d of sq) {
      if (!concern.squawk.includes(d.rule_name)) continue;
      const f = byRel.get(String(d.file).split('\\').join('/'));
      if (!f || !f.parsed.statements.length) continue;
      const line = Math.min(d.line, f.parsed.lines.positionAt(f.parsed.text.length).line);
      const offset = f.parsed.lines.offsetAt({ line, character: d.column });
      const st = statementAt(f.parsed, offset);
      if (concern.squawkWhen && !concern.squawkWhen(st)) continue;
      theirs.set(keyOf(concern, f, st), label(f, st));
    }
    const t = totals.get(concern.name);
    for (const [k, l] of ours) (theirs.has(k) ? t.both : t.ours).push(l);
    for (const [k, l] of theirs) if (!ours.has(k)) t.squawk.push(l);
  }
}

function runSquawkCached(source, dir, rels) {
  runSquawkCached.cache ??= new Map();
  if (!runSquawkCached.cache.has(source)) runSquawkCached.cache.set(source, runSquawk(dir, rels));
  return runSquawkCached.cache.get(source);
}

const version = execFileSync(squawk, ['--version'], { encoding: 'utf8' }).trim();
console.log(`SQL Schema Lint vs ${version} on ${corpus} (${sources.join(', ')}), PostgreSQL ${pgVersion}`);
console.log('concern'.padEnd(44) + 'only ours'.padStart(10) + 'only Squawk'.padStart(13) + 'both'.padStart(7));
for (const c of CONCERNS) {
  const t = totals.get(c.name);
  console.log(c.name.padEnd(44) + String(t.ours.length).padStart(10) + String(t.squawk.length).padStart(13) + String(t.both.length).padStart(7));
}
if (squawkCrashes.length) console.log(`\nSquawk crashed on ${squawkCrashes.length} file(s), left out of its counts: ${squawkCrashes.map((f) => relative(corpus, f)).join(', ')}`);
if (samples > 0)
  for (const c of CONCERNS) {
    const t = totals.get(c.name);
    for (const [bucket, list] of [['only ours', t.ours], ['only Squawk', t.squawk]]) {
      if (!list.length) continue;
      console.log(`\n## ${c.name}: ${bucket} (${list.length})`);
      // An even spread over the list rather than the first files only.
      const step = Math.max(1, Math.floor(list.length / samples));
      for (let i = 0; i < list.length && i / step < samples; i += step) console.log('  ' + list[i]);
    }
  }
