// Synthetic migration histories of any length, for the scaling test and the bench. Each file creates
// a table with a foreign key to an earlier one, an index, an ALTER of an earlier table and a view (the
// shape of ../shared/tools/gen-history.mjs, which the figures were measured with). The rich
// variant adds, every few files, what makes the other rules work: duplicate and redundant indexes,
// tables without a primary key, tenant columns, DO blocks, renames, enums, SECURITY DEFINER
// functions, SELECT * views, type changes, dropped indexes and columns, grants, transactions and
// down migrations.

export interface HistoryOptions {
  rich?: boolean;
}

const pad = (i: number): string => String(i).padStart(6, '0');

/** The migrations of a history of `n` files, as { 'relative/path.sql': text } in history order. */
export function syntheticHistory(n: number, options: HistoryOptions = {}): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= n; i++) {
    const t = `items_${i}`;
    const p = `items_${Math.max(1, Math.floor(i / 2))}`;
    const sql = [
      `CREATE TABLE ${t} (`,
      `  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,`,
      i > 1 ? `  parent_id bigint REFERENCES ${p} (id),` : `  parent_id bigint,`,
      `  name text NOT NULL,`,
      `  amount numeric(12,2) NOT NULL DEFAULT 0,`,
      `  is_active boolean NOT NULL DEFAULT true,`,
      `  created_at timestamptz NOT NULL DEFAULT now()`,
      `);`,
      i % 3 ? `CREATE INDEX idx_${t}_parent_id ON ${t} (parent_id);` : `-- parent_id left without an index`,
      i > 1 ? `ALTER TABLE ${p} ADD COLUMN note_${i} text;` : '',
      `CREATE VIEW ${t}_active AS SELECT id, name, amount FROM ${t} WHERE is_active;`,
    ];
    if (options.rich) sql.push(...richStatements(i, t, p));
    sql.push('');
    const name = `${pad(i)}_create_${t}`;
    files[`${name}.sql`] = sql.join('\n');
    if (options.rich && i % 10 === 0) files[`${name}.down.sql`] = `DROP VIEW ${t}_active;\nDROP TABLE ${t};\n`;
  }
  return files;
}

function richStatements(i: number, t: string, p: string): string[] {
  const out: string[] = [];
  const every = (k: number): boolean => i % k === 0;
  if (every(5) && i % 3) out.push(`CREATE INDEX idx_${t}_parent_copy ON ${t} (parent_id);`);
  if (every(7)) out.push(`CREATE INDEX idx_${t}_parent_name ON ${t} (parent_id, name);`);
  if (every(11)) out.push(`CREATE TABLE log_${i} (message text, created timestamp, active boolean);`);
  if (every(13)) out.push(`ALTER TABLE ${t} ADD COLUMN tenant_id bigint;`);
  if (every(17)) out.push(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_tables WHERE tablename = '${t}') THEN ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY; END IF; END $$;`);
  if (every(19) && i > 1) out.push(`ALTER TABLE ${p} RENAME COLUMN note_${i} TO remark_${i};`);
  if (every(23) && i > 11) out.push(`ALTER TABLE log_${11 * Math.floor((i - 1) / 11)} RENAME TO archived_log_${i};`);
  if (every(29)) out.push(`CREATE TYPE status_${i} AS ENUM ('open', 'closed');`);
  if (every(31)) out.push(`CREATE FUNCTION touch_${i}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN RETURN NEW; END $$;`);
  if (every(3)) out.push(`CREATE VIEW ${t}_all AS SELECT * FROM ${t};`);
  if (every(37)) out.push(`CREATE TABLE counter_${i} (id serial PRIMARY KEY, value integer, counter_uuid uuid DEFAULT gen_random_uuid());`);
  if (every(41)) out.push(`ALTER TABLE ${t} ALTER COLUMN parent_id TYPE integer;`);
  if (every(43) && i > 2) out.push(`DROP INDEX idx_items_${i - 1}_parent_id;`);
  if (every(47) && i > 1) out.push(`ALTER TABLE ${p} ADD CONSTRAINT ${p}_amount_${i}_check CHECK (amount >= 0);`);
  if (every(53) && i > 1) out.push(`ALTER TABLE ${p} ADD COLUMN flag_${i} boolean NOT NULL DEFAULT false;`);
  if (every(59) && i > 1) out.push(`UPDATE ${p} SET name = 'x';`);
  if (every(61)) out.push(`CREATE INDEX idx_${t}_name ON ${t} (name);`, `CREATE VIEW ${t}_by_name AS SELECT id FROM ${t} WHERE upper(name) = 'X';`);
  if (every(67) && i > 1) out.push(`ALTER TABLE ${p} DROP COLUMN note_${i};`);
  if (every(71)) out.push(`GRANT ALL ON ${t} TO PUBLIC;`);
  if (every(73) && i > 1) out.push(`DROP VIEW IF EXISTS items_${i - 1}_active;`);
  if (every(79)) out.push('BEGIN;', `CREATE INDEX CONCURRENTLY idx_${t}_created ON ${t} (created_at);`, 'COMMIT;');
  if (every(83) && i > 1) out.push(`ALTER TABLE ${p} ADD COLUMN ${p}_ref bigint REFERENCES ${t} (id);`);
  return out;
}
