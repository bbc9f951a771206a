import { ruleTester } from './harness.js';

const base = { '0001_init.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);' };
const VALIDATE_COMMENT =
  '-- VALIDATE CONSTRAINT scans the table under a SHARE UPDATE EXCLUSIVE lock, so reads and writes continue; keep it in its own transaction (ideally a later migration).';

ruleTester('foreign-key-not-valid', {
  valid: [
    { name: 'NOT VALID, validated later', migrations: base, code: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;' },
    { name: 'table created in the same file', migrations: base, code: 'CREATE TABLE items (id bigint PRIMARY KEY, order_id bigint);\nALTER TABLE items ADD CONSTRAINT items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);' },
    { name: 'CREATE TABLE with REFERENCES', migrations: base, code: 'CREATE TABLE items (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));' },
    // Every existing row holds NULL in the new column: PostgreSQL adds the key as valid without checking a row.
    { name: 'ADD COLUMN … REFERENCES without a default on an existing table', migrations: base, code: 'ALTER TABLE orders ADD COLUMN buyer_id bigint REFERENCES users (id);' },
    { name: 'ADD COLUMN … REFERENCES on a new table', code: 'CREATE TABLE a (id bigint PRIMARY KEY);\nCREATE TABLE b (id bigint PRIMARY KEY);\nALTER TABLE b ADD COLUMN a_id bigint REFERENCES a (id);' },
    { name: 'partitioned table before PostgreSQL 18 (NOT VALID is not allowed there)', migrations: { ...base, '0002_p.sql': 'CREATE TABLE events (id bigint, user_id bigint, at date) PARTITION BY RANGE (at);' }, code: 'ALTER TABLE events ADD FOREIGN KEY (user_id) REFERENCES users (id);' },
    { name: 'a CHECK constraint is another rule', migrations: base, code: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (user_id > 0);' },
  ],
  invalid: [
    {
      name: 'named constraint: NOT VALID + VALIDATE after the statement',
      migrations: base,
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;\n',
      errors: [
        {
          messageId: 'addConstraint',
          data: { name: 'orders_user_fk', table: 'orders', referenced: 'users' },
          line: 1,
          column: 24,
          endColumn: 111,
          suggestions: [
            {
              title: 'NOT VALID',
              output: `ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE NOT VALID;\n${VALIDATE_COMMENT}\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'unnamed constraint gets PostgreSQL\'s name so it can be validated; unknown table counts as existing',
      code: 'ALTER TABLE public.payments ADD FOREIGN KEY (account_id) REFERENCES accounts;',
      errors: [
        {
          messageId: 'addConstraint',
          data: { name: 'payments_account_id_fkey', table: 'payments', referenced: 'accounts' },
          suggestions: [
            {
              output: `ALTER TABLE public.payments ADD CONSTRAINT payments_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts NOT VALID;\n${VALIDATE_COMMENT}\nALTER TABLE public.payments VALIDATE CONSTRAINT payments_account_id_fkey;`,
            },
          ],
        },
      ],
    },
    {
      name: 'inside BEGIN … COMMIT: VALIDATE goes after the COMMIT',
      migrations: base,
      code: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);\nCOMMIT;',
      errors: [
        {
          messageId: 'addConstraint',
          line: 2,
          suggestions: [
            { output: `BEGIN;\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nCOMMIT;\n${VALIDATE_COMMENT}\nALTER TABLE orders VALIDATE CONSTRAINT fk;` },
          ],
        },
      ],
    },
    {
      name: 'ADD COLUMN … DEFAULT … REFERENCES: the constraint moves to its own NOT VALID statement',
      migrations: base,
      code: 'ALTER TABLE orders ADD COLUMN buyer_id bigint DEFAULT 1 CONSTRAINT orders_buyer_fk REFERENCES users (id) ON DELETE SET NULL;',
      errors: [
        {
          messageId: 'addColumn',
          data: { column: 'buyer_id', table: 'orders', referenced: 'users' },
          line: 1,
          column: 57,
          suggestions: [
            {
              output: `ALTER TABLE orders ADD COLUMN buyer_id bigint DEFAULT 1;\nALTER TABLE orders ADD CONSTRAINT orders_buyer_fk FOREIGN KEY (buyer_id) REFERENCES users (id) ON DELETE SET NULL NOT VALID;\n${VALIDATE_COMMENT}\nALTER TABLE orders VALIDATE CONSTRAINT orders_buyer_fk;`,
            },
          ],
        },
      ],
    },
    {
      name: 'partitioned table on PostgreSQL 18',
      postgresVersion: 18,
      migrations: { ...base, '0002_p.sql': 'CREATE TABLE events (id bigint, user_id bigint, at date) PARTITION BY RANGE (at);' },
      code: 'ALTER TABLE events ADD FOREIGN KEY (user_id) REFERENCES users (id);',
      errors: [{ messageId: 'addConstraint', data: { name: 'events_user_id_fkey' } }],
    },
    {
      name: 'directive for another rule does not hide it',
      migrations: base,
      code: '-- sql-schema-lint-disable-next-line require-lock-timeout\nALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);',
      errors: [{ messageId: 'addConstraint', line: 2 }],
    },
  ],
});
