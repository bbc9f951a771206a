import { ruleTester } from './harness.js';

const products = { '0001_products.sql': 'CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL);' };

ruleTester('no-offset-pagination', {
  valid: [
    { name: 'keyset pagination', migrations: products, code: 'SELECT id, name FROM products WHERE id > 10000 ORDER BY id LIMIT 20;' },
    { name: 'a small OFFSET', migrations: products, code: 'SELECT id FROM products ORDER BY id LIMIT 20 OFFSET 40;' },
    { name: 'an OFFSET given as a parameter is not a literal', migrations: products, code: 'CREATE FUNCTION page(p int) RETURNS SETOF bigint LANGUAGE sql AS $$ SELECT id FROM products ORDER BY id LIMIT 20 OFFSET p $$;' },
    { name: 'below a raised threshold', migrations: products, options: { threshold: 50000 }, code: 'SELECT id FROM products ORDER BY id LIMIT 20 OFFSET 10000;' },
    { name: 'disabled on the line', migrations: products, code: '-- sql-schema-lint-disable-next-line no-offset-pagination\nSELECT id FROM products ORDER BY id LIMIT 20 OFFSET 10000;' },
  ],
  invalid: [
    {
      name: "the seed's example",
      migrations: products,
      code: 'SELECT id, name FROM products ORDER BY id LIMIT 20 OFFSET 10000;',
      errors: [{ messageId: 'offset', data: { offset: 10000 }, line: 1, column: 52, endColumn: 64 }],
    },
    {
      name: 'in a view, a subquery, OFFSET … ROWS, and a lower threshold',
      migrations: products,
      options: { threshold: 100 },
      code: 'CREATE VIEW later_products AS\nSELECT id FROM (SELECT id FROM products ORDER BY id OFFSET 500 ROWS) p ORDER BY id OFFSET 100;',
      errors: [
        { messageId: 'offset', data: { offset: 500 }, line: 2, column: 53 },
        { messageId: 'offset', data: { offset: 100 }, line: 2, column: 84 },
      ],
    },
    {
      name: 'in a function body and after UNION',
      migrations: products,
      code: 'CREATE FUNCTION far_page() RETURNS SETOF bigint LANGUAGE sql AS $$\n  SELECT id FROM products UNION ALL SELECT id FROM products ORDER BY 1 LIMIT 10 OFFSET 2000\n$$;',
      errors: [{ messageId: 'offset', data: { offset: 2000 }, line: 2, column: 81 }],
    },
  ],
});
