import { ruleTester } from './harness.js';

ruleTester('security-definer-search-path', {
  valid: [
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ SELECT 1 $$;",
    "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql SECURITY DEFINER SET search_path TO '';",
    { name: 'SECURITY INVOKER', code: 'CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY INVOKER AS $$ SELECT 1 $$;' },
    { name: 'fixed by a later ALTER FUNCTION', code: 'CREATE FUNCTION api.f(a int) RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT a $$;', later: { '0600_fix.sql': 'ALTER FUNCTION api.f(int) SET search_path = api, pg_temp;' } },
  ],
  invalid: [
    {
      code: 'CREATE FUNCTION public.delete_user(uid bigint) RETURNS void\nLANGUAGE plpgsql SECURITY DEFINER\nAS $$ BEGIN DELETE FROM users WHERE id = uid; END $$;',
      errors: [
        {
          messageId: 'missing',
          data: { kind: 'Function', name: 'delete_user' },
          line: 2,
          column: 18,
          endColumn: 34,
          suggestions: [{ output: 'CREATE FUNCTION public.delete_user(uid bigint) RETURNS void\nLANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp\nAS $$ BEGIN DELETE FROM users WHERE id = uid; END $$;' }],
        },
      ],
    },
    {
      name: 'procedures, EXTERNAL SECURITY DEFINER, a SET of another parameter, a BEGIN ATOMIC body',
      code: "CREATE PROCEDURE p() LANGUAGE sql EXTERNAL SECURITY DEFINER SET work_mem = '64MB' BEGIN ATOMIC SELECT 1; END;",
      errors: [{ messageId: 'missing', data: { kind: 'Procedure', name: 'p' }, column: 44, suggestions: [{ output: "CREATE PROCEDURE p() LANGUAGE sql EXTERNAL SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET work_mem = '64MB' BEGIN ATOMIC SELECT 1; END;" }] }],
    },
    {
      name: 'an ALTER FUNCTION of another function does not count',
      code: 'CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;\nALTER FUNCTION f2() SET search_path = pg_temp;',
      errors: [{ messageId: 'missing', data: { name: 'f' } }],
    },
  ],
});
