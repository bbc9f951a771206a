// Supabase CLI: `supabase/migrations/<timestamp>_<name>.sql`. `supabase db push` and `migration up`
// split a file into statements and send them, with the insert into its migration history, as one
// pipelined batch (apps/cli-go/pkg/migration/file.go `ExecBatch`: "ExecBatch is implicitly
// transactional"). There is no per-file opt-out: a statement that cannot run in a transaction
// (CREATE INDEX CONCURRENTLY) cannot go through the CLI at all; run it outside the CLI.
import { wholeFile } from '../sections.js';
import type { MigrationTool } from '../types.js';

const LAYOUT = /(?:^|\/)supabase\/migrations\/\d+_[^/]*\.sql$/;

export const supabase: MigrationTool = {
  id: 'supabase',
  name: 'Supabase CLI',
  docs: 'https://github.com/supabase/cli/blob/develop/apps/cli-go/pkg/migration/file.go',
  bookkeeping: {
    schema: 'supabase_migrations',
    table: 'schema_migrations',
    ddl: ['CREATE SCHEMA IF NOT EXISTS supabase_migrations', 'CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY, statements text[], name text)'],
    source: 'supabase/cli pkg/migration/history.go (CREATE_VERSION_SCHEMA, CREATE_VERSION_TABLE, ADD_STATEMENTS_COLUMN, ADD_NAME_COLUMN)',
  },
  detect({ relPath, toolFiles }) {
    if (!LAYOUT.test(relPath)) return 0;
    const root = relPath.slice(0, relPath.lastIndexOf('supabase/migrations/'));
    return toolFiles.has(`${root}supabase/config.toml`) ? 8 : 3;
  },
  role: () => 'up',
  run({ text }) {
    const up = wholeFile(text, 'up', 'implicit', 'batch');
    return { upSections: [up], downSections: [], transaction: 'implicit', blocks: [] };
  },
};
