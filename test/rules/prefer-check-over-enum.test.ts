import { ruleTester } from './harness.js';

ruleTester('prefer-check-over-enum', {
  valid: [
    "CREATE TABLE orders (id bigint PRIMARY KEY, status varchar(20) NOT NULL CHECK (status IN ('pending', 'paid', 'shipped')));",
    { name: 'composite types are not enums', code: 'CREATE TYPE money_amount AS (amount numeric(12, 2), currency varchar(3));' },
    {
      name: 'an enum dropped by a later migration',
      code: "CREATE TYPE mood AS ENUM ('sad', 'ok');",
      later: { '0600_drop.sql': 'DROP TYPE mood;' },
    },
    {
      name: 'ALTER TYPE … ADD VALUE on an enum of an earlier migration is not reported again',
      migrations: { '0001_mood.sql': "CREATE TYPE mood AS ENUM ('sad', 'ok');" },
      code: "ALTER TYPE mood ADD VALUE 'happy';",
    },
  ],
  invalid: [
    {
      code: "CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');\nCREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL);",
      errors: [{ messageId: 'enum', data: { name: 'order_status', count: 3 }, line: 1, column: 13, endColumn: 25 }],
    },
    {
      name: 'schema-qualified, quoted',
      code: 'CREATE TYPE app."Role" AS ENUM (\'admin\', \'member\');',
      errors: [{ messageId: 'enum', data: { name: 'Role', count: 2 }, column: 17, endColumn: 23 }],
    },
  ],
});
