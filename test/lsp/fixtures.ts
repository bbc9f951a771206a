// Generated SQL for editor tests and the bench: a realistic migration of about `lines` lines (tables with
// keys and defaults, foreign keys, indexes, comments, a plpgsql function, data changes).

export function generatedMigration(lines: number): string {
  const out: string[] = ['-- Generated migration for editor tests', 'BEGIN;', ''];
  let n = 0;
  while (out.length < lines) {
    const t = `table_${n}`;
    out.push(
      `-- ${t}: one block of a large migration`,
      `CREATE TABLE ${t} (`,
      '  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,',
      n > 0 ? `  parent_id bigint NOT NULL REFERENCES table_${n - 1} (id) ON DELETE CASCADE,` : '  parent_id bigint,',
      "  name text NOT NULL DEFAULT '',",
      '  amount numeric(12, 2) NOT NULL DEFAULT 0,',
      "  status text NOT NULL CHECK (status IN ('new', 'done')),",
      '  created_at timestamptz NOT NULL DEFAULT now(),',
      '  updated_at timestamptz NOT NULL DEFAULT now()',
      ');',
      `CREATE INDEX ${t}_parent_id_idx ON ${t} (parent_id);`,
      `CREATE UNIQUE INDEX ${t}_name_key ON ${t} (lower(name));`,
      `ALTER TABLE ${t} ADD COLUMN note text;`,
      `COMMENT ON TABLE ${t} IS 'Block ${n}';`,
      `INSERT INTO ${t} (name, amount, status) VALUES ('a', 1.5, 'new'), ('b', 2, 'done');`,
      `UPDATE ${t} SET note = 'x' WHERE status = 'new';`,
      `CREATE OR REPLACE FUNCTION ${t}_touch() RETURNS trigger LANGUAGE plpgsql AS $$`,
      'BEGIN',
      '  NEW.updated_at := now();',
      '  RETURN NEW;',
      'END;',
      '$$;',
      `CREATE TRIGGER ${t}_touch BEFORE UPDATE ON ${t} FOR EACH ROW EXECUTE FUNCTION ${t}_touch();`,
      '',
    );
    n++;
  }
  out.push('COMMIT;', '');
  return out.join('\n');
}
