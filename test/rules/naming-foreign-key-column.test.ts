import { ruleTester } from './harness.js';

/** A migration in Prisma Migrate's layout: the Prisma preset applies to it. */
const PRISMA = 'prisma/migrations/20240101000000_init/migration.sql';

const USERS = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);' };

ruleTester('naming-foreign-key-column', {
  valid: [
    {
      name: 'Prisma preset: the "A" and "B" keys of an implicit m-n relation table (keys added the way Prisma writes them), and camelCase keys',
      filename: PRISMA,
      code:
        'CREATE TABLE "Category" ("id" INTEGER NOT NULL, CONSTRAINT "Category_pkey" PRIMARY KEY ("id"));\n' +
        'CREATE TABLE "Post" ("id" INTEGER NOT NULL, "authorId" INTEGER, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));\n' +
        'CREATE TABLE "_CategoryToPost" ("A" INTEGER NOT NULL, "B" INTEGER NOT NULL);\n' +
        'ALTER TABLE "_CategoryToPost" ADD CONSTRAINT "_CategoryToPost_A_fkey" FOREIGN KEY ("A") REFERENCES "Category"("id") ON DELETE CASCADE ON UPDATE CASCADE;\n' +
        'ALTER TABLE "_CategoryToPost" ADD CONSTRAINT "_CategoryToPost_B_fkey" FOREIGN KEY ("B") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;\n' +
        'ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Category"("id");',
    },
    { name: 'a key column a later migration drops is not reported', migrations: USERS, code: 'CREATE TABLE orders (id bigint PRIMARY KEY, owner bigint REFERENCES users (id));', later: { '0600_drop.sql': 'ALTER TABLE orders DROP COLUMN owner;' } },
    { migrations: USERS, code: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), created_by bigint REFERENCES users (id));' },
    { name: 'camelCase is naming-column\'s business', migrations: USERS, code: 'CREATE TABLE "Order" (id bigint PRIMARY KEY, "userId" bigint REFERENCES users (id));' },
    {
      name: 'the referenced column\'s own name, and <role>_<that name>',
      code: 'CREATE TABLE users (user_uuid uuid PRIMARY KEY);\nCREATE TABLE sessions (user_uuid uuid REFERENCES users (user_uuid), owner_user_uuid uuid REFERENCES users (user_uuid));',
    },
    {
      name: 'REFERENCES without columns: the referenced primary key decides',
      code: 'CREATE TABLE countries (code char(2) PRIMARY KEY);\nCREATE TABLE addresses (id bigint PRIMARY KEY, country_code char(2) REFERENCES countries);',
    },
    { name: 'a shared primary key (1:1 extension table)', migrations: USERS, code: 'CREATE TABLE user_profiles (id bigint PRIMARY KEY REFERENCES users (id), bio text);' },
    {
      name: 'composite foreign keys are not checked',
      code: 'CREATE TABLE tenants_users (tenant bigint, login text, PRIMARY KEY (tenant, login));\nCREATE TABLE notes (id bigint, tenant bigint, author text, FOREIGN KEY (tenant, author) REFERENCES tenants_users (tenant, login));',
    },
    {
      name: 'strict: <singular>_id and <role>_<singular>_id',
      options: { strict: true },
      code: 'CREATE TABLE categories (id bigint PRIMARY KEY, parent_category_id bigint REFERENCES categories (id));\nCREATE TABLE people (id bigint PRIMARY KEY);\nCREATE TABLE order_items (id bigint PRIMARY KEY, person_id bigint REFERENCES people, buyer_person_id bigint REFERENCES people (id));',
    },
    { name: 'numbered keys', migrations: USERS, code: 'CREATE TABLE pairs (id bigint, user_id_1 bigint REFERENCES users, user_id2 bigint REFERENCES users);' },
    { name: 'custom suffixes', migrations: USERS, options: { suffixes: ['_id', '_ref'] }, code: 'CREATE TABLE orders (id bigint, user_ref bigint REFERENCES users);' },
    { name: 'ignore patterns', migrations: USERS, options: { ignore: ['^owner$'] }, code: 'CREATE TABLE orders (id bigint, owner bigint REFERENCES users);' },
    {
      name: 'a foreign key re-created on an older column is not reported again',
      migrations: { ...USERS, '0002_orders.sql': 'CREATE TABLE orders (id bigint, owner bigint CONSTRAINT orders_owner_fkey REFERENCES users (id));' },
      code: 'ALTER TABLE orders DROP CONSTRAINT orders_owner_fkey;\nALTER TABLE orders ADD CONSTRAINT orders_owner_fkey FOREIGN KEY (owner) REFERENCES users (id) ON DELETE CASCADE;',
    },
    { name: 'directive', migrations: USERS, code: 'CREATE TABLE orders (\n  id bigint,\n  -- sql-schema-lint-disable-next-line naming-foreign-key-column\n  owner bigint REFERENCES users\n);' },
  ],
  invalid: [
    {
      name: 'Prisma preset: suffixes and suggestions in camelCase',
      filename: PRISMA,
      code: 'CREATE TABLE "User" ("id" INTEGER NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\nCREATE TABLE "Post" ("id" INTEGER NOT NULL, "author" INTEGER);\nALTER TABLE "Post" ADD CONSTRAINT "Post_author_fkey" FOREIGN KEY ("author") REFERENCES "User"("id");',
      errors: [{ messageId: 'suffix', data: { column: 'author', suffixes: '"Id" or "By"', suggestion: '"authorId"' }, line: 3 }],
    },
    {
      name: 'outside Prisma, "A" and "B" of an underscore table are just badly named keys',
      code: 'CREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE "_CToC" ("A" int REFERENCES c (id), "B" int REFERENCES c (id));',
      errors: [{ messageId: 'suffix', data: { column: 'A' } }, { messageId: 'suffix', data: { column: 'B' } }],
    },
    {
      migrations: USERS,
      code: 'CREATE TABLE posts (id bigint PRIMARY KEY, author bigint REFERENCES users (id));',
      errors: [
        {
          messageId: 'suffix',
          data: { column: 'author', table: 'users', refColumn: 'id', suffixes: '"_id" or "_by"', suggestion: 'author_id' },
          line: 1,
          column: 44,
          endColumn: 50,
          suggestions: [{ title: 'Rename column "author" to author_id (update code that uses it)', output: 'CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint REFERENCES users (id));' }],
        },
      ],
    },
    {
      name: 'table-level FOREIGN KEY, self-reference',
      code: 'CREATE TABLE employees (id bigint PRIMARY KEY, manager bigint, FOREIGN KEY (manager) REFERENCES employees);',
      errors: [{ messageId: 'suffix', data: { column: 'manager', suggestion: 'manager_id' }, column: 48, suggestions: [{ output: 'CREATE TABLE employees (id bigint PRIMARY KEY, manager_id bigint, FOREIGN KEY (manager) REFERENCES employees);' }] }],
    },
    {
      name: 'a referenced column other than id is named in the suggestion',
      code: 'CREATE TABLE countries (code char(2) PRIMARY KEY);\nCREATE TABLE addresses (id bigint, country char(2) REFERENCES countries (code));',
      errors: [{ messageId: 'suffix', data: { refColumn: 'code', suggestion: 'country_code' }, line: 2 }],
    },
    {
      name: 'ADD COLUMN … REFERENCES, schema-qualified target from an earlier migration',
      migrations: { '0001_auth.sql': 'CREATE SCHEMA auth;\nCREATE TABLE auth.users (id uuid PRIMARY KEY);\nCREATE TABLE posts (id bigint PRIMARY KEY);' },
      code: 'ALTER TABLE posts ADD COLUMN reviewer uuid REFERENCES auth.users;',
      errors: [{ messageId: 'suffix', data: { table: 'users', suggestion: 'reviewer_id' }, column: 30, suggestions: [{ output: 'ALTER TABLE posts ADD COLUMN reviewer_id uuid REFERENCES auth.users;' }] }],
    },
    {
      name: 'a new foreign key on a column of an earlier migration: reported at the constraint, no rename offered',
      migrations: { ...USERS, '0002_posts.sql': 'CREATE TABLE posts (id bigint PRIMARY KEY, editor bigint);' },
      code: 'ALTER TABLE posts ADD CONSTRAINT fk_posts_editor FOREIGN KEY (editor) REFERENCES users (id);',
      errors: [{ messageId: 'suffix', data: { column: 'editor' }, column: 23, suggestions: [] }],
    },
    {
      name: 'strict: the role form names the referenced table',
      options: { strict: true },
      code: 'CREATE TABLE categories (id bigint PRIMARY KEY, parent_id bigint REFERENCES categories (id));',
      errors: [
        {
          messageId: 'strict',
          data: { expected: 'category_id', suggestion: 'parent_category_id' },
          suggestions: [{ output: 'CREATE TABLE categories (id bigint PRIMARY KEY, parent_category_id bigint REFERENCES categories (id));' }],
        },
      ],
    },
    {
      name: 'strict: audit columns and irregular plurals',
      options: { strict: true },
      code: 'CREATE TABLE people (id bigint PRIMARY KEY);\nCREATE TABLE notes (id bigint, created_by bigint REFERENCES people, owner_ref bigint REFERENCES people (id));',
      errors: [
        { messageId: 'strict', data: { expected: 'person_id', suggestion: 'created_by_person_id' }, line: 2 },
        { messageId: 'strict', data: { suggestion: 'owner_person_id' }, line: 2 },
      ],
    },
    {
      name: 'a directive for another rule does not hide it',
      migrations: USERS,
      code: '-- sql-schema-lint-disable-next-line naming-column\nCREATE TABLE posts (id bigint, owner bigint REFERENCES users);',
      errors: [{ messageId: 'suffix', line: 2 }],
    },
  ],
});
