import { ruleTester } from './harness.js';

ruleTester('tenant-table-without-rls', {
  valid: [
    'CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id bigint NOT NULL);\nALTER TABLE invoices ENABLE ROW LEVEL SECURITY;',
    'CREATE TABLE tenants (id bigint PRIMARY KEY, name text);',
    {
      name: 'RLS enabled by a later migration',
      code: 'CREATE TABLE invoices (id bigint PRIMARY KEY, organization_id bigint NOT NULL);',
      later: { '0600_rls.sql': 'ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;\nCREATE POLICY tenant_isolation ON invoices USING (organization_id = current_setting(\'app.org\')::bigint);' },
    },
    {
      name: 'partitions are reached through their parent',
      code: "CREATE TABLE events (tenant_id bigint, at date) PARTITION BY RANGE (at);\nALTER TABLE events ENABLE ROW LEVEL SECURITY;\nCREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');",
    },
    { name: 'another column list', code: 'CREATE TABLE t (id bigint PRIMARY KEY, tenant_id bigint);', options: { columns: ['account_id'] } },
    { name: 'the table is reported where the tenant column was defined, not here', migrations: { '0001_t.sql': 'CREATE TABLE t (id bigint PRIMARY KEY, tenant_id bigint);' }, code: 'ALTER TABLE t ADD COLUMN note text;' },
    { name: 'a DO block enabling row level security', code: 'CREATE TABLE t (id bigint PRIMARY KEY, tenant_id bigint);\nDO $$ BEGIN EXECUTE \'ALTER TABLE t ENABLE ROW LEVEL SECURITY\'; END $$;' },
  ],
  invalid: [
    {
      code: 'CREATE TABLE invoices (\n  id bigint PRIMARY KEY,\n  tenant_id bigint NOT NULL\n);',
      errors: [{ messageId: 'noRls', data: { table: 'invoices', column: 'tenant_id', tableSql: 'invoices', columnSql: 'tenant_id', type: 'bigint' }, line: 3, column: 3, endColumn: 12 }],
    },
    {
      name: 'camelCase (Prisma) names, and a column added to an earlier table',
      migrations: { '0001_t.sql': 'CREATE TABLE "Project" (id text PRIMARY KEY);' },
      code: 'ALTER TABLE "Project" ADD COLUMN "organizationId" text NOT NULL;',
      errors: [{ messageId: 'noRls', data: { table: 'Project', column: 'organizationId', tableSql: '"Project"', columnSql: '"organizationId"', type: 'text' }, column: 34 }],
    },
    {
      name: 'RLS disabled again later',
      code: 'CREATE TABLE t (id bigint PRIMARY KEY, tenant_id bigint);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;',
      later: { '0600_off.sql': 'ALTER TABLE t DISABLE ROW LEVEL SECURITY;' },
      errors: [{ messageId: 'noRls' }],
    },
  ],
});
