import { ruleTester } from './harness.js';

const base = { '0001_init.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12, 2), status text);' };
const VALIDATE_COMMENT =
  '-- VALIDATE CONSTRAINT scans the table under a SHARE UPDATE EXCLUSIVE lock, so reads and writes continue; keep it in its own transaction (ideally a later migration).';

ruleTester('check-constraint-not-valid', {
  valid: [
    { name: 'NOT VALID', migrations: base, code: "ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('new', 'paid')) NOT VALID;" },
    { name: 'validating an earlier NOT VALID constraint', migrations: base, code: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_status_check;' },
    { name: 'table created in the same file', code: 'CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a > 0);' },
    { name: 'CHECK inside CREATE TABLE', code: 'CREATE TABLE t (a int CHECK (a > 0));' },
    { name: 'a foreign key is another rule', migrations: base, code: 'ALTER TABLE orders ADD FOREIGN KEY (id) REFERENCES orders (id);' },
  ],
  invalid: [
    {
      name: 'named CHECK on an existing table',
      migrations: base,
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);',
      errors: [
        {
          messageId: 'addConstraint',
          data: { name: 'orders_total_check', table: 'orders' },
          line: 1,
          column: 24,
          endColumn: 72,
          suggestions: [{ output: `ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\n${VALIDATE_COMMENT}\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;` }],
        },
      ],
    },
    {
      name: 'unnamed CHECK: named after its first column, as PostgreSQL does',
      migrations: base,
      code: 'ALTER TABLE orders ADD CHECK (status <> \'\'), ADD CHECK (1 < 2);',
      errors: [
        { messageId: 'addConstraint', data: { name: 'orders_status_check' }, suggestions: [{ output: `ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status <> '') NOT VALID, ADD CHECK (1 < 2);\n${VALIDATE_COMMENT}\nALTER TABLE orders VALIDATE CONSTRAINT orders_status_check;` }] },
        { messageId: 'addConstraint', data: { name: 'orders_check' } },
      ],
    },
    {
      name: 'ADD COLUMN with an inline CHECK, inside a transaction block',
      migrations: base,
      code: 'BEGIN;\nALTER TABLE orders ADD COLUMN qty int CHECK (qty > 0);\nCOMMIT;\n',
      errors: [
        {
          messageId: 'addColumn',
          data: { column: 'qty', table: 'orders', name: 'orders_qty_check' },
          line: 2,
          column: 39,
          suggestions: [
            {
              output: `BEGIN;\nALTER TABLE orders ADD COLUMN qty int;\nALTER TABLE orders ADD CONSTRAINT orders_qty_check CHECK (qty > 0) NOT VALID;\nCOMMIT;\n${VALIDATE_COMMENT}\nALTER TABLE orders VALIDATE CONSTRAINT orders_qty_check;\n`,
            },
          ],
        },
      ],
    },
  ],
});
