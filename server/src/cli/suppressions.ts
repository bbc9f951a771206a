// The CLI's side of bulk suppressions: `--suppress-all`, `--suppress-rule <id>` and
// `--prune-suppressions` rewrite the file, and every lint run hides what it allows. What is hidden
// is the engine's decision (engine/suppressions.ts); where the file is, node/suppressions.ts.
import {
  applySuppressions,
  countSuppressed,
  pruneSuppressions,
  rulesById,
  suppressFindings,
  UNSUPPRESSIBLE_RULES,
  type Finding,
  type Suppressions,
} from '../engine/index.js';
import { readSuppressionsFile, suppressionKey, suppressionsFileFor, writeSuppressionsFile } from '../node/suppressions.js';
import { UsageError, type CliArgs } from './args.js';

export interface LintedFile {
  path: string;
  findings: Finding[];
}

export class SuppressionsRun {
  private constructor(
    readonly file: string,
    private readonly existing: Suppressions | undefined,
    private readonly args: Pick<CliArgs, 'suppressAll' | 'suppressRules' | 'pruneSuppressions'>,
  ) {}

  /** Finds and reads the project's suppressions file. Throws ConfigError (malformed file) or UsageError (bad --suppress-rule). */
  static load(configFile: string | undefined, root: string, cwd: string, args: CliArgs): SuppressionsRun {
    for (const id of args.suppressRules) {
      if (!rulesById.has(id)) throw new UsageError(`--suppress-rule: unknown rule "${id}"`);
      if (UNSUPPRESSIBLE_RULES.has(id)) throw new UsageError(`--suppress-rule: ${id} findings cannot be suppressed; fix the SQL`);
    }
    const file = suppressionsFileFor(configFile, root, cwd);
    return new SuppressionsRun(file, readSuppressionsFile(file), args);
  }

  /**
   * Rewrites the suppressions file when asked, then returns the findings still reported. `say` gets one
   * line about what was written or about suppressions that no finding uses any more.
   */
  async apply(files: LintedFile[], say: (line: string) => void, display: (p: string) => string): Promise<{ files: LintedFile[]; suppressed: number }> {
    const inputs = files.map((f) => ({ key: suppressionKey(this.file, f.path), findings: f.findings }));
    let suppressions = this.existing ?? {};
    const where = display(this.file);
    if (this.args.suppressAll || this.args.suppressRules.length) {
      suppressions = suppressFindings(inputs, suppressions, this.args.suppressAll ? undefined : new Set(this.args.suppressRules));
      if (await writeSuppressionsFile(this.file, suppressions)) {
        const { files: n, findings } = countSuppressed(suppressions);
        say(`Wrote ${where}: ${findings} finding${findings === 1 ? '' : 's'} in ${n} file${n === 1 ? '' : 's'} suppressed; commit it so the editor and CI use it too.`);
      }
    }
    const outcome = applySuppressions(inputs, suppressions);
    const unused = countSuppressed(outcome.unused).findings;
    if (this.args.pruneSuppressions) {
      if (await writeSuppressionsFile(this.file, pruneSuppressions(suppressions, outcome.unused))) say(`Pruned ${where}: removed ${unused} suppression${unused === 1 ? '' : 's'} that no finding used.`);
    } else if (unused > 0) {
      say(`${unused} suppression${unused === 1 ? ' is' : 's are'} no longer needed (the findings were fixed); run sql-schema-lint --prune-suppressions to remove ${unused === 1 ? 'it' : 'them'} from ${where}, so that new findings of those rules are reported.`);
    }
    return { files: files.map((f, i) => ({ ...f, findings: outcome.files[i]!.findings })), suppressed: outcome.suppressed };
  }
}
