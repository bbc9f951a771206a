// Command-line arguments. Unknown flags are usage errors (exit code 2), never ignored.
export type Format = 'text' | 'json' | 'sarif' | 'github' | 'gitlab' | 'markdown';

export interface CliArgs {
  command: 'lint' | 'score' | 'explain' | 'stats' | 'verify';
  paths: string[];
  format: Format;
  fix: boolean;
  maxWarnings?: number;
  config?: string;
  rules: { id: string; severity: string }[];
  cache: boolean;
  cacheLocation?: string;
  help: boolean;
  version: boolean;
  color?: boolean;
  /** Bulk suppressions (server/src/cli/suppressions.ts). */
  suppressAll: boolean;
  suppressRules: string[];
  pruneSuppressions: boolean;
  /** Pending files (reported, fixable): changed since the merge base of this ref and HEAD. */
  since?: string;
  /** Pending files: changed in the working tree (staged, unstaged, untracked). */
  changed: boolean;
  /** Pending files: staged changes only. */
  staged: boolean;
  /** Every file is pending, whatever appliedThrough or --fix's default say. */
  includeApplied: boolean;
  /** explain --all: every migration, not only those named or the newest. */
  all: boolean;
  /** stats --query: print the table statistics query. */
  query: boolean;
  /** verify: apply the history on this server instead of PGlite. */
  databaseUrl?: string;
  /** verify: give up after this many seconds. */
  timeoutSeconds?: number;
}

export class UsageError extends Error {}

export const HELP = `Usage: sql-schema-lint [options] [paths...]
       sql-schema-lint score [paths...] [--format text|json|markdown]
       sql-schema-lint explain [paths...] [--all] [--format text|json|markdown]
       sql-schema-lint stats --query
       sql-schema-lint verify [paths...] [--database-url <url>] [--format <format>]

Lints PostgreSQL migration and schema files. Directories are searched for *.sql
(node_modules and .git are skipped); all files form one migration history,
ordered by version (V2 before V10, timestamps, 0001_ prefixes).

Options:
  --format <format>            text (default), json, sarif, github (workflow commands
                               that annotate a pull request), gitlab (Code Quality report)
  --fix                        Apply safe fixes to the files (each written atomically); never to
                               applied files, and in a git repository by default only to
                               uncommitted ones
  --max-warnings <n>           Exit with 1 when there are more than n warnings
  --config <file>              Use this config file instead of the nearest .sql-schema-lint.json
  --rule <id=severity>         Set a rule's severity (off, info, warning or warn, error); repeatable
  --since <ref>                Report (and fix) only migrations added or changed since the merge base
                               of <ref> and HEAD, working tree included; the others are replayed
  --changed                    Same, for changes not committed yet (staged, unstaged, untracked)
  --staged                     Same, for staged changes only (pre-commit hooks)
  --include-applied            Report and fix every file, applied ones too (overrides appliedThrough
                               and --fix's default of fixing only uncommitted files)
  --cache                      Cache parse results between runs (content-hash keyed)
  --cache-location <file>      Where to keep the cache (default: .sql-schema-lint-cache)
  --no-color                   Plain text output even on a terminal
  --suppress-all               Record every finding in .sql-schema-lint-suppressions.json, so
                               that only new ones are reported (per file and rule, by count)
  --suppress-rule <id>         The same for one rule; repeatable
  --prune-suppressions         Remove suppressions that no finding uses any more

verify applies the history in order to a fresh PostgreSQL 18 (PGlite, in process)
and reports the first migration PostgreSQL rejects (rule migration-fails):
  --database-url <url>         Use a scratch database on this server instead
                               (postgres://user@host:port/db; created and dropped)
  --timeout <seconds>          Give up after this long (default 600)
  -h, --help                   Show this help
  -v, --version                Show the version

explain prints what each statement locks, blocks, rewrites and scans, per migration: the
pending ones (--since, --changed, --staged, appliedThrough), else the files named (directories
give the history), else the newest migration; --all for every one.
stats --query prints read-only SQL listing each table's size as JSON; saved as
.sql-schema-lint-stats.json next to the config file, findings on small tables drop to info.

Exit codes: 0 no errors (warnings within --max-warnings), 1 lint errors or too many
warnings, 2 usage, configuration or I/O error.`;

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { command: 'lint', paths: [], format: 'text', fix: false, rules: [], cache: false, help: false, version: false, suppressAll: false, suppressRules: [], pruneSuppressions: false, changed: false, staged: false, includeApplied: false, all: false, query: false };
  const rest = [...argv];
  if (rest[0] === 'score' || rest[0] === 'explain' || rest[0] === 'stats' || rest[0] === 'verify') args.command = rest.shift() as CliArgs['command'];
  else if (rest[0] === 'lint') rest.shift();
  const value = (flag: string): string => {
    const v = rest.shift();
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  while (rest.length) {
    let a = rest.shift()!;
    if (a.startsWith('--') && a.includes('=')) {
      const i = a.indexOf('=');
      rest.unshift(a.slice(i + 1));
      a = a.slice(0, i);
    }
    switch (a) {
      case '--format': {
        const f = value(a);
        const allowed = args.command === 'score' || args.command === 'explain' ? ['text', 'json', 'markdown'] : ['text', 'json', 'sarif', 'github', 'gitlab'];
        if (!allowed.includes(f)) throw new UsageError(`--format must be one of ${allowed.join(', ')}`);
        args.format = f as Format;
        break;
      }
      case '--fix':
        args.fix = true;
        break;
      case '--all':
        if (args.command !== 'explain') throw new UsageError('--all is an option of explain');
        args.all = true;
        break;
      case '--query':
        if (args.command !== 'stats') throw new UsageError('--query is an option of stats');
        args.query = true;
        break;
      case '--max-warnings': {
        const v = value(a);
        if (!/^\d+$/.test(v)) throw new UsageError('--max-warnings needs a non-negative integer');
        args.maxWarnings = Number(v);
        break;
      }
      case '--config':
        args.config = value(a);
        break;
      case '--rule': {
        const v = value(a);
        const m = /^([a-z0-9-]+)[=:](\w+)$/.exec(v);
        if (!m) throw new UsageError(`--rule expects id=severity, got "${v}"`);
        args.rules.push({ id: m[1]!, severity: m[2]! });
        break;
      }
      case '--cache':
        args.cache = true;
        break;
      case '--cache-location':
        args.cacheLocation = value(a);
        args.cache = true;
        break;
      case '--suppress-all':
        args.suppressAll = true;
        break;
      case '--suppress-rule':
        args.suppressRules.push(value(a));
        break;
      case '--prune-suppressions':
        args.pruneSuppressions = true;
        break;
      case '--since':
        args.since = value(a);
        break;
      case '--changed':
        args.changed = true;
        break;
      case '--staged':
        args.staged = true;
        break;
      case '--include-applied':
        args.includeApplied = true;
        break;
      case '--database-url':
        args.databaseUrl = value(a);
        break;
      case '--timeout': {
        const v = value(a);
        if (!/^\d+$/.test(v) || Number(v) === 0) throw new UsageError('--timeout needs a positive number of seconds');
        args.timeoutSeconds = Number(v);
        break;
      }
      case '--no-color':
        args.color = false;
        break;
      case '--color':
        args.color = true;
        break;
      case '-h':
      case '--help':
        args.help = true;
        break;
      case '-v':
      case '--version':
        args.version = true;
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        args.paths.push(a);
    }
  }
  const suppressing = args.suppressAll || args.suppressRules.length > 0;
  if (args.suppressAll && args.suppressRules.length) throw new UsageError('--suppress-all and --suppress-rule cannot be used together');
  if (suppressing && args.pruneSuppressions) throw new UsageError('--prune-suppressions cannot be used with --suppress-all or --suppress-rule');
  if (args.command === 'score' && (suppressing || args.pruneSuppressions)) throw new UsageError('score measures the whole schema and ignores suppressions; run the suppression options without "score"');
  const boundaries = [args.since !== undefined && '--since', args.changed && '--changed', args.staged && '--staged', args.includeApplied && '--include-applied'].filter(Boolean);
  if (boundaries.length > 1) throw new UsageError(`${boundaries.join(' and ')} cannot be combined: each decides which files are reported`);
  if (boundaries.length && args.command === 'score') throw new UsageError(`${boundaries[0]} does not apply to score, which measures the whole schema`);
  if (args.command !== 'verify' && (args.databaseUrl !== undefined || args.timeoutSeconds !== undefined)) throw new UsageError('--database-url and --timeout belong to "verify"');
  if (args.command === 'verify' && (args.fix || args.cache || suppressing || args.pruneSuppressions)) throw new UsageError('verify applies the history to PostgreSQL: --fix, --cache and the suppression options belong to linting');
  // A history breaks where it breaks, pending or not: verify applies and reports every file.
  if (boundaries.length && args.command === 'verify') throw new UsageError(`${boundaries[0]} does not apply to verify, which applies the whole history and reports where it fails`);
  if (args.paths.length === 0) args.paths.push('.');
  return args;
}
