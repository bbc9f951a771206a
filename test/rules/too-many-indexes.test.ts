import { ruleTester } from './harness.js';

const nine = (table: string): string =>
  [`CREATE TABLE ${table} (id bigint PRIMARY KEY, c1 int, c2 int, c3 int, c4 int, c5 int, c6 int, c7 int, c8 int);`, ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `CREATE INDEX ${table}_c${i} ON ${table} (c${i});`)].join('\n');

ruleTester('too-many-indexes', {
  valid: [
    { name: 'eight indexes, the primary key included', code: nine('t').split('\n').slice(0, 8).join('\n') },
    { name: 'nine with max 9', code: nine('t'), options: { max: 9 } },
    { name: 'one is dropped by a later migration', code: nine('t'), later: { '0600_drop.sql': 'DROP INDEX t_c3;' } },
    { name: 'the crossing index is in another file', migrations: { '0001_t.sql': nine('t') }, code: 'CREATE INDEX t_c1c2 ON t (c1, c2);' },
  ],
  invalid: [
    {
      code: nine('orders'),
      errors: [{ messageId: 'tooMany', data: { table: 'orders', count: 9, max: 8, name: 'orders_c8', position: 9 }, line: 9, column: 14, endColumn: 23 }],
    },
    {
      name: 'crossed in a later migration, counted in the final schema',
      migrations: { '0001_t.sql': nine('t').split('\n').slice(0, 8).join('\n') },
      code: 'CREATE INDEX t_c8 ON t (c8);\nCREATE INDEX t_c1c2 ON t (c1, c2);',
      later: { '0600_more.sql': 'CREATE INDEX t_c3c4 ON t (c3, c4);' },
      errors: [{ messageId: 'tooMany', data: { count: 11, name: 't_c8' }, line: 1 }],
    },
    {
      name: 'a lower maximum; constraints count',
      code: 'CREATE TABLE t (id bigint PRIMARY KEY, email text UNIQUE, a int);\nCREATE INDEX t_a ON t (a);',
      options: { max: 2 },
      errors: [{ messageId: 'tooMany', data: { count: 3, max: 2, name: 't_a' }, line: 2 }],
    },
  ],
});
