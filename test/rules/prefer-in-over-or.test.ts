import { ruleTester } from './harness.js';

const orders = { '0001_orders.sql': "CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL, region text, total numeric(12, 2));" };

ruleTester('prefer-in-over-or', {
  valid: [
    { name: 'already IN', migrations: orders, code: "CREATE VIEW open_orders AS SELECT id FROM orders WHERE status IN ('pending', 'processing');" },
    { name: 'different columns', migrations: orders, code: "SELECT id FROM orders WHERE status = 'pending' OR region = 'eu';" },
    { name: 'one equality and a range on the same column', migrations: orders, code: 'SELECT id FROM orders WHERE total = 0 OR total > 100;' },
    { name: 'a CHECK constraint is not a query', code: "CREATE TABLE t (status text CHECK (status = 'a' OR status = 'b'));" },
    { name: 'ORs in the select list are not filters', migrations: orders, code: "SELECT id, (status = 'a' OR status = 'b') AS early FROM orders;" },
    {
      name: 'disabled on the line',
      migrations: orders,
      code: "-- sql-schema-lint-disable-next-line prefer-in-over-or\nSELECT id FROM orders WHERE status = 'a' OR status = 'b';",
    },
  ],
  invalid: [
    {
      name: "the seed's example",
      migrations: orders,
      code: "CREATE VIEW open_orders AS\nSELECT id FROM orders WHERE status = 'pending' OR status = 'processing';",
      errors: [{ messageId: 'preferIn', data: { count: 2, column: 'status', values: "'pending', 'processing'" }, line: 2, column: 29, endColumn: 72 }],
      output: "CREATE VIEW open_orders AS\nSELECT id FROM orders WHERE status IN ('pending', 'processing');",
    },
    {
      name: 'inside AND: the OR keeps its parentheses; other arms stay; reversed and parenthesized arms',
      migrations: orders,
      code: "UPDATE orders SET total = 0 WHERE total IS NULL AND ((status = 'a') OR 'b' = status OR region IS NULL OR status = $$c$$::text);",
      errors: [{ messageId: 'preferIn', data: { count: 3, column: 'status', values: "'a', 'b', $$c$$::text" } }],
      output: "UPDATE orders SET total = 0 WHERE total IS NULL AND (status IN ('a', 'b', $$c$$::text) OR region IS NULL);",
    },
    {
      name: 'two columns each repeated: two findings, fixed one after the other',
      migrations: orders,
      code: "SELECT o.id FROM orders o WHERE o.status = 'a' OR o.region = 'eu' OR o.status = 'b' OR o.region = 'us';",
      errors: [
        { messageId: 'preferIn', data: { column: 'o.status' } },
        { messageId: 'preferIn', data: { column: 'o.region' } },
      ],
      output: "SELECT o.id FROM orders o WHERE o.status IN ('a', 'b') OR o.region IN ('eu', 'us');",
    },
    {
      name: 'in a JOIN condition and in a subquery',
      migrations: orders,
      code: "SELECT a.id FROM orders a JOIN orders b ON b.id = a.id AND (b.region = 'eu' OR b.region = 'uk') WHERE a.id IN (SELECT id FROM orders WHERE total = 1 OR total = 2);",
      errors: [
        { messageId: 'preferIn', data: { column: 'b.region' } },
        { messageId: 'preferIn', data: { column: 'total' } },
      ],
      output: "SELECT a.id FROM orders a JOIN orders b ON b.id = a.id AND (b.region IN ('eu', 'uk')) WHERE a.id IN (SELECT id FROM orders WHERE total IN (1, 2));",
    },
    {
      name: 'a comment inside the OR: reported, not rewritten',
      migrations: orders,
      code: "SELECT id FROM orders WHERE status = 'a' -- the old name\n  OR status = 'b';",
      errors: [{ messageId: 'preferIn', line: 1 }],
      output: null,
    },
    {
      name: "in a '…' function body: reported, not rewritten",
      migrations: orders,
      code: "CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM orders WHERE status = ''a'' OR status = ''b''';",
      errors: [{ messageId: 'preferIn', column: 87 }],
      output: null,
    },
    {
      name: 'in a $$ PL/pgSQL body',
      migrations: orders,
      code: "DO $$\nBEGIN\n  DELETE FROM orders WHERE status = 'x' OR status = 'y';\nEND $$;",
      errors: [{ messageId: 'preferIn', line: 3, column: 28 }],
      output: "DO $$\nBEGIN\n  DELETE FROM orders WHERE status IN ('x', 'y');\nEND $$;",
    },
    {
      name: 'PostgreSQL 18 merges ORs of constants itself: the message says so',
      migrations: orders,
      postgresVersion: 18,
      code: "SELECT id FROM orders WHERE status = 'a' OR status = 'b';",
      errors: [{ messageId: 'preferInReadability' }],
      output: "SELECT id FROM orders WHERE status IN ('a', 'b');",
    },
  ],
});
