import { ruleTester } from './harness.js';

ruleTester('no-plaintext-password', {
  valid: [
    'CREATE ROLE app_user LOGIN;',
    'CREATE USER app_user PASSWORD NULL;',
    { name: 'a psql variable', code: "CREATE ROLE app_user LOGIN PASSWORD :'app_password';\nALTER ROLE app_user PASSWORD :'new_password';" },
    { name: 'an empty password clears it', code: "ALTER ROLE app_user PASSWORD '';" },
    {
      name: 'code that only mentions passwords: a column, a comparison, a psql variable in a DO block',
      code: "DO $$\nBEGIN\n  UPDATE users SET password = crypt('x', gen_salt('bf')) WHERE password IS NULL;\n  PERFORM 1 FROM users WHERE password = 'x';\nEND\n$$;\nCREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'password ''x''' $$;",
    },
    { name: 'SCRAM verifiers when allowed', code: "CREATE ROLE app_user LOGIN PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$a2V5:c2VydmVy';", options: { allowHashed: true } },
  ],
  invalid: [
    {
      code: "CREATE ROLE app_user LOGIN PASSWORD 'use-vault-not-plaintext';",
      errors: [{ messageId: 'plaintext', data: { role: 'app_user' }, line: 1, column: 37, endColumn: 62 }],
    },
    {
      name: 'ALTER ROLE / USER, ENCRYPTED, escape strings',
      code: "ALTER USER reporting WITH ENCRYPTED PASSWORD 's3cr3t';\nALTER ROLE \"Analyst\" PASSWORD E'it''s\\tsecret' VALID UNTIL 'infinity';",
      errors: [
        { messageId: 'plaintext', data: { role: 'reporting' }, line: 1, column: 46 },
        { messageId: 'plaintext', data: { role: 'Analyst' }, line: 2, column: 31 },
      ],
    },
    {
      name: 'MD5 hashes log in as they are; SCRAM verifiers can be brute-forced',
      code: "CREATE ROLE a PASSWORD 'md5f1e8f4b4ff3e5e1cba7b7fb0d7a1e3e9';\nCREATE ROLE b PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$a2V5:c2VydmVy';",
      errors: [
        { messageId: 'md5', data: { role: 'a' } },
        { messageId: 'hashed', data: { role: 'b' }, line: 2 },
      ],
    },
    {
      name: 'in a DO block: static SQL (exact range) and EXECUTE of a string (the whole string)',
      code: "DO $$\nBEGIN\n  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN\n    CREATE ROLE app LOGIN PASSWORD 'hunter2';\n  END IF;\n  EXECUTE 'ALTER ROLE reporting PASSWORD ''s3cret''';\nEND\n$$;",
      errors: [
        { messageId: 'plaintext', data: { role: 'app' }, line: 4, column: 36, endColumn: 45 },
        { messageId: 'plaintext', data: { role: 'reporting' }, line: 6, column: 11, endColumn: 53 },
      ],
    },
    {
      name: 'in a function body',
      code: "CREATE FUNCTION make_role() RETURNS void LANGUAGE plpgsql AS $fn$\nBEGIN\n  CREATE USER bot WITH PASSWORD 'md5f1e8f4b4ff3e5e1cba7b7fb0d7a1e3e9';\nEND\n$fn$;",
      errors: [{ messageId: 'md5', data: { role: 'bot' }, line: 3, column: 33 }],
    },
    {
      name: 'down migrations too',
      filename: '0500_roles.down.sql',
      code: "CREATE ROLE legacy LOGIN PASSWORD 'legacy';",
      errors: [{ messageId: 'plaintext' }],
    },
  ],
});
