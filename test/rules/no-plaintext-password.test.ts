import { ruleTester } from './harness.js';

ruleTester('no-plaintext-password', {
  valid: [
    'CREATE ROLE app_user LOGIN;',
    'CREATE USER app_user PASSWORD NULL;',
    { name: 'a psql variable', code: "CREATE ROLE app_user LOGIN PASSWORD :'app_password';\nALTER ROLE app_user PASSWORD :'new_password';" },
    { name: 'an empty password clears it', code: "ALTER ROLE app_user PASSWORD '';" },
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
      name: 'down migrations too',
      filename: '0500_roles.down.sql',
      code: "CREATE ROLE legacy LOGIN PASSWORD 'legacy';",
      errors: [{ messageId: 'plaintext' }],
    },
  ],
});
