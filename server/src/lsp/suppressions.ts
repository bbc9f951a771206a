// The editor reads the same bulk suppressions file as the CLI (node/suppressions.ts finds it) and hides
// the same findings (engine/suppressions.ts decides). A malformed file is reported like a bad config
// file, and the last valid one (or none) keeps applying until it is fixed.
import * as path from 'node:path';
import { applySuppressions, ConfigError, type Finding, type Suppressions } from '../engine/index.js';
import { readSuppressionsFile, suppressionKey, suppressionsFileFor } from '../node/suppressions.js';

export interface ProjectSuppressions {
  file: string;
  suppressions: Suppressions;
  error?: ConfigError;
}

export class SuppressionsLoader {
  private readonly lastGood = new Map<string, Suppressions>();

  /** The project's suppressions file, read now (projects are rebuilt when it changes on disk). */
  load(configFile: string | undefined, root: string): ProjectSuppressions | undefined {
    if (!path.isAbsolute(root)) return undefined;
    const file = suppressionsFileFor(configFile, root);
    try {
      const suppressions = readSuppressionsFile(file);
      if (!suppressions) {
        this.lastGood.delete(file);
        return undefined;
      }
      this.lastGood.set(file, suppressions);
      return { file, suppressions };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      return { file, suppressions: this.lastGood.get(file) ?? {}, error: e };
    }
  }
}

/** The findings of `file` that the suppressions leave visible. */
export function visibleFindings(s: ProjectSuppressions | undefined, file: string, findings: Finding[]): Finding[] {
  if (!s || !findings.length || !path.isAbsolute(file)) return findings;
  return applySuppressions([{ key: suppressionKey(s.file, file), findings }], s.suppressions).files[0]!.findings;
}
