import { ruleTester } from './harness.js';

ruleTester('no-float-for-money', {
  valid: [
    'CREATE TABLE orders (id bigint PRIMARY KEY, total NUMERIC(12, 2) NOT NULL);',
    'CREATE TABLE places (id bigint PRIMARY KEY, latitude double precision, longitude float8);',
    { name: 'excluded words win over money words', code: 'CREATE TABLE taxes (id bigint PRIMARY KEY, tax_rate real NOT NULL);' },
    { name: 'arrays of floats are measurements', code: 'CREATE TABLE s (id bigint PRIMARY KEY, price_samples float8[]);' },
    { name: 'custom word list', code: 'CREATE TABLE t (id bigint PRIMARY KEY, price real);', options: { moneyWords: ['salary'] } },
    { name: 'a user type named money in another schema', code: 'CREATE TABLE t (id bigint PRIMARY KEY, amount finance.money);' },
  ],
  invalid: [
    {
      code: 'CREATE TABLE products (\n  id bigint PRIMARY KEY,\n  unit_price double precision NOT NULL\n);',
      errors: [{ messageId: 'float', data: { column: 'unit_price', word: 'price', type: 'double precision' }, line: 3, column: 14, endLine: 3, endColumn: 30 }],
      output: 'CREATE TABLE products (\n  id bigint PRIMARY KEY,\n  unit_price NUMERIC(12, 2) NOT NULL\n);',
    },
    {
      name: 'money type, quoted camelCase name, custom numeric',
      code: 'CREATE TABLE t (id bigint PRIMARY KEY, "refundAmount" money, fee REAL);',
      options: { precision: 19, scale: 4 },
      errors: [
        { messageId: 'money', data: { column: 'refundAmount' } },
        { messageId: 'float', data: { column: 'fee', word: 'fee' } },
      ],
      output: 'CREATE TABLE t (id bigint PRIMARY KEY, "refundAmount" NUMERIC(19, 4), fee NUMERIC(19, 4));',
    },
    {
      name: 'ADD COLUMN on a table from an earlier migration',
      migrations: { '0001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);' },
      code: 'ALTER TABLE public.orders ADD COLUMN shipping_cost float(24);',
      errors: [{ messageId: 'float', data: { column: 'shipping_cost', word: 'cost' }, line: 1, column: 52, endColumn: 61 }],
      output: 'ALTER TABLE public.orders ADD COLUMN shipping_cost NUMERIC(12, 2);',
    },
    {
      name: 'ALTER COLUMN … TYPE to a float',
      migrations: { '0001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);' },
      code: 'ALTER TABLE orders ALTER COLUMN total TYPE double precision USING total::float8;',
      errors: [{ messageId: 'float', data: { column: 'total' } }],
      output: 'ALTER TABLE orders ALTER COLUMN total TYPE NUMERIC(12, 2) USING total::float8;',
    },
    {
      name: 'a directive for another rule does not hide it',
      code: '-- sql-schema-lint-disable-next-line naming-column\nCREATE TABLE t (id bigint PRIMARY KEY, balance real);',
      errors: [{ messageId: 'float', line: 2 }],
      output: '-- sql-schema-lint-disable-next-line naming-column\nCREATE TABLE t (id bigint PRIMARY KEY, balance NUMERIC(12, 2));',
    },
  ],
});
