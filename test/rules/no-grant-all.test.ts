import { ruleTester } from './harness.js';

ruleTester('no-grant-all', {
  valid: [
    { name: 'default privileges: least privilege, REVOKE ALL, ALL on functions', code: 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app_user;\nALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM PUBLIC;\nALTER DEFAULT PRIVILEGES GRANT ALL ON FUNCTIONS TO app_user;' },
    'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app_user;',
    'GRANT USAGE ON SCHEMA public TO app_user;',
    'REVOKE ALL ON TABLE orders FROM PUBLIC;',
    { name: 'ALL on a function is EXECUTE only', code: 'GRANT ALL ON FUNCTION f(int) TO app_user;\nGRANT ALL ON ALL ROUTINES IN SCHEMA api TO app_user;' },
    { name: 'ALL on a type or a language is USAGE only', code: 'GRANT ALL ON TYPE mood TO app_user;\nGRANT ALL ON LANGUAGE plpgsql TO app_user;' },
    { name: 'the bootstrap superuser', code: 'GRANT ALL ON SCHEMA auth TO postgres;' },
    { name: 'allowed grantees', code: 'GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA auth TO auth_admin;', options: { allowedGrantees: ['auth_admin'] } },
    { name: 'reading to PUBLIC is not writing', code: 'GRANT SELECT ON countries TO PUBLIC;' },
    { name: 'role membership is not a privilege grant', code: 'GRANT app_user TO alice;' },
  ],
  invalid: [
    {
      name: 'ALTER DEFAULT PRIVILEGES … GRANT ALL: every table created later',
      code: 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO app_user;',
      errors: [
        {
          messageId: 'grantAll',
          data: { target: 'every table created from now on in schema public (ALTER DEFAULT PRIVILEGES)', grantees: 'app_user', instead: 'SELECT, INSERT, UPDATE, DELETE' },
          line: 1,
          column: 49,
          endColumn: 52,
          suggestions: [{ output: 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app_user;' }],
        },
      ],
    },
    {
      name: 'ALTER DEFAULT PRIVILEGES FOR ROLE … GRANT ALL PRIVILEGES ON SEQUENCES, and write privileges to PUBLIC',
      code: 'ALTER DEFAULT PRIVILEGES FOR ROLE migrator GRANT ALL PRIVILEGES ON SEQUENCES TO app_user;\nALTER DEFAULT PRIVILEGES GRANT INSERT ON TABLES TO PUBLIC;',
      errors: [
        { messageId: 'grantAll', data: { target: 'every sequence created from now on (ALTER DEFAULT PRIVILEGES)', instead: 'USAGE, SELECT' }, line: 1, column: 50, endColumn: 64, suggestions: [{ output: 'ALTER DEFAULT PRIVILEGES FOR ROLE migrator GRANT USAGE, SELECT ON SEQUENCES TO app_user;\nALTER DEFAULT PRIVILEGES GRANT INSERT ON TABLES TO PUBLIC;' }] },
        { messageId: 'publicWrite', data: { privileges: 'INSERT', objects: 'every table created from now on (ALTER DEFAULT PRIVILEGES)' }, line: 2 },
      ],
    },
    {
      code: 'GRANT ALL PRIVILEGES ON TABLE orders TO app_user;',
      errors: [
        {
          messageId: 'grantAll',
          data: { kind: 'table', target: 'table orders', objects: 'orders', grantees: 'app_user', instead: 'SELECT, INSERT, UPDATE, DELETE' },
          line: 1,
          column: 7,
          endColumn: 21,
          suggestions: [{ title: 'Grant SELECT, INSERT, UPDATE, DELETE instead of ALL', output: 'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE orders TO app_user;' }],
        },
      ],
    },
    {
      name: 'schemas, sequences, databases and PUBLIC; allowed grantees are left out of a mixed list',
      code: 'GRANT ALL ON SCHEMA app TO app_user;\nGRANT ALL ON ALL SEQUENCES IN SCHEMA app TO postgres, app_user;\ngrant all on database shop to public;',
      errors: [
        { messageId: 'grantAll', data: { kind: 'schema', instead: 'USAGE' }, suggestions: [{ output: 'GRANT USAGE ON SCHEMA app TO app_user;\nGRANT ALL ON ALL SEQUENCES IN SCHEMA app TO postgres, app_user;\ngrant all on database shop to public;' }] },
        { messageId: 'grantAll', data: { kind: 'sequence', target: 'all sequences in schema app', grantees: 'app_user', instead: 'USAGE, SELECT' }, line: 2, suggestions: [{ output: 'GRANT ALL ON SCHEMA app TO app_user;\nGRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA app TO postgres, app_user;\ngrant all on database shop to public;' }] },
        { messageId: 'grantAll', data: { kind: 'database', grantees: 'PUBLIC', instead: 'CONNECT' }, line: 3, suggestions: [{ output: 'GRANT ALL ON SCHEMA app TO app_user;\nGRANT ALL ON ALL SEQUENCES IN SCHEMA app TO postgres, app_user;\ngrant CONNECT on database shop to public;' }] },
      ],
    },
    {
      name: 'write privileges to PUBLIC',
      code: 'GRANT SELECT, INSERT, UPDATE ON comments TO PUBLIC;',
      errors: [{ messageId: 'publicWrite', data: { privileges: 'INSERT, UPDATE', objects: 'comments' }, line: 1, column: 1 }],
    },
  ],
});
