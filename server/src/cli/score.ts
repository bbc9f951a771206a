// `sql-schema-lint score`: placeholder until the score issue lands.
import type { ResolvedConfig, SourceFile } from '../engine/index.js';
import type { Format } from './args.js';
import type { Io } from './main.js';

export function runScore(_sources: SourceFile[], _config: ResolvedConfig, _format: Format, io: Io): number {
  io.stderr('sql-schema-lint: the score command is not available yet\n');
  return 2;
}
