// Plain numbered files with no tool the engine recognises: run statement by statement, as `psql -f`
// does, so only an explicit BEGIN … COMMIT makes a transaction (set `migrationTool`, or the rules'
// `assumeInTransaction`, when your runner wraps files). The seed's migration template splits a file
// with `-- ===== UP =====`, `-- ===== DOWN =====` and `-- ===== VERIFY =====` lines.
import { splitSections, toSections } from '../sections.js';
import type { MigrationTool } from '../types.js';

export const plain: MigrationTool = {
  id: 'plain',
  name: 'plain SQL files',
  docs: 'https://www.postgresql.org/docs/current/app-psql.html',
  detect: () => 0,
  run({ text, markers }) {
    const { up, down } = toSections(splitSections(text, markers, 'template'), () => ({ transaction: 'none', sending: 'statements' }));
    return { upSections: up, downSections: down, transaction: 'none', blocks: [] };
  },
};
