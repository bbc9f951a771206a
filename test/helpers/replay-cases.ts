// Small histories for the schema-model replay gaps the oracle found on the corpus. Each unit test in
// test/model/ asserts what the model holds after one of them; test/pg/replay-cases.test.ts applies
// them all, one after the other, to PostgreSQL and checks that its catalog agrees with the model.
// Names do not collide across cases, so that they can run as one history.

/** Files of each case, in history order (each file runs in its own transaction). */
export const REPLAY_CASES = {
  /** ALTER TYPE … ADD VALUE [BEFORE | AFTER | IF NOT EXISTS] and RENAME VALUE. */
  enumValues: {
    '0001_mood.sql': "CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE diary (id int PRIMARY KEY, today mood, past mood[]);",
    '0002_happy.sql': "ALTER TYPE mood ADD VALUE 'happy';",
    '0003_more.sql': "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';\nALTER TYPE mood ADD VALUE IF NOT EXISTS 'sad';\nALTER TYPE public.mood ADD VALUE 'ecstatic' AFTER 'happy';",
    '0004_rename.sql': "ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';",
  },
  /** ALTER TYPE … RENAME TO: Prisma's `X_new` swap, and a plain rename of a type columns use. */
  enumRename: {
    '0001_status.sql':
      'CREATE TYPE "JobStatus" AS ENUM (\'QUEUED\', \'DONE\');\nCREATE TABLE "Job" (id text PRIMARY KEY, status "JobStatus" NOT NULL DEFAULT \'QUEUED\', history "JobStatus"[]);\nCREATE TYPE sort_type_enum AS ENUM (\'Hot\', \'New\');\nCREATE TABLE local_site (id int PRIMARY KEY, default_sort_type sort_type_enum NOT NULL DEFAULT \'Hot\');',
    '0002_swap.sql': [
      'BEGIN;',
      'CREATE TYPE "JobStatus_new" AS ENUM (\'QUEUED\', \'RUNNING\', \'DONE\');',
      'ALTER TABLE "Job" ALTER COLUMN "status" DROP DEFAULT;',
      'ALTER TABLE "Job" ALTER COLUMN "status" TYPE "JobStatus_new" USING ("status"::text::"JobStatus_new");',
      'ALTER TABLE "Job" ALTER COLUMN "history" TYPE "JobStatus_new"[] USING ("history"::text[]::"JobStatus_new"[]);',
      'ALTER TYPE "JobStatus" RENAME TO "JobStatus_old";',
      'ALTER TYPE "JobStatus_new" RENAME TO "JobStatus";',
      'DROP TYPE "JobStatus_old";',
      'ALTER TABLE "Job" ALTER COLUMN "status" SET DEFAULT \'QUEUED\';',
      'COMMIT;',
    ].join('\n'),
    '0003_rename.sql': 'ALTER TYPE sort_type_enum RENAME TO post_sort_type_enum;',
  },
  /** DDL inside DO blocks: plain statements (guarded by IF), EXECUTE of literal strings. */
  doBlocks: {
    '0001_env.sql': 'CREATE TABLE "RuntimeEnvironment" (id text PRIMARY KEY, "projectId" text NOT NULL);',
    '0002_shortcode.sql': 'DO $$\nDECLARE\n  words text[] := ARRAY[\'apple\', \'fig\'];\nBEGIN\n  ALTER TABLE "RuntimeEnvironment"\n  ADD COLUMN "shortcode" text;\n\n  UPDATE "RuntimeEnvironment" SET "shortcode" = words[1];\n\n  CREATE UNIQUE INDEX "RuntimeEnvironment_projectId_shortcode_key" ON "RuntimeEnvironment"("projectId", "shortcode");\nEND $$;',
    '0003_parent.sql': [
      'ALTER TABLE "RuntimeEnvironment" ADD COLUMN IF NOT EXISTS "parentEnvironmentId" TEXT;',
      'DO $$',
      'BEGIN',
      '    IF NOT EXISTS (SELECT 1 FROM information_schema.table_constraints WHERE constraint_name = \'RuntimeEnvironment_parentEnvironmentId_fkey\') THEN',
      '        ALTER TABLE "RuntimeEnvironment" ADD CONSTRAINT "RuntimeEnvironment_parentEnvironmentId_fkey" FOREIGN KEY ("parentEnvironmentId") REFERENCES "RuntimeEnvironment" ("id") ON DELETE CASCADE ON UPDATE CASCADE;',
      '    END IF;',
      'END $$;',
    ].join('\n'),
    // The same guarded statement again: PostgreSQL skips it; the model must not keep two constraints.
    '0004_again.sql':
      'DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = \'RuntimeEnvironment_parentEnvironmentId_fkey\') THEN ALTER TABLE "RuntimeEnvironment" ADD CONSTRAINT "RuntimeEnvironment_parentEnvironmentId_fkey" FOREIGN KEY ("parentEnvironmentId") REFERENCES "RuntimeEnvironment" ("id") ON DELETE CASCADE ON UPDATE CASCADE; END IF; END $$;',
    '0005_execute.sql': [
      'DO $$',
      'BEGIN',
      '  EXECUTE \'ALTER INDEX "RuntimeEnvironment_projectId_shortcode_key" RENAME TO "RuntimeEnvironment_shortcode_key"\';',
      '  EXECUTE \'CREATE INDEX "RuntimeEnvironment_parent_idx" \' || \'ON "RuntimeEnvironment" ("parentEnvironmentId")\';',
      `  EXECUTE $q$ALTER TABLE "RuntimeEnvironment" ADD COLUMN "note" text DEFAULT 'it''s'$q$;`,
      'END',
      '$$;',
    ].join('\n'),
  },
  /** CREATE TABLE … AS: column names and types, and a later rename reaching an index. */
  createTableAs: {
    '0001_post.sql':
      'CREATE TABLE post (id serial PRIMARY KEY, creator_id int NOT NULL, published timestamptz NOT NULL DEFAULT now(), title varchar(200));\nCREATE TABLE comment (id serial PRIMARY KEY, creator_id int, published timestamptz);',
    '0002_combined.sql': [
      'CREATE TABLE person_content_combined AS SELECT published, creator_id, id AS post_id, NULL::int AS comment_id FROM post UNION ALL SELECT published, creator_id, NULL::int, id FROM comment;',
      "CREATE TABLE post_actions AS SELECT max(p.published) AS liked, p.creator_id AS person_id, count(*) AS n, true AS flag, 'x' AS label, p.title FROM post p GROUP BY p.creator_id, p.title;",
      'CREATE TABLE post_copy AS SELECT * FROM post;',
      'CREATE TABLE post_titles (a, b) AS SELECT id, title FROM post;',
      'CREATE TABLE post_liked AS SELECT s.liked, s.id FROM (SELECT published AS liked, id FROM post) s;',
    ].join('\n'),
    '0003_rename.sql': [
      'ALTER TABLE person_content_combined ADD COLUMN id int PRIMARY KEY GENERATED ALWAYS AS IDENTITY, ALTER COLUMN published SET NOT NULL;',
      'CREATE INDEX idx_person_content_combined_creator_published ON person_content_combined (creator_id, published DESC, id DESC);',
      'ALTER TABLE person_content_combined RENAME COLUMN published TO published_at;',
    ].join('\n'),
  },
  /** DROP COLUMN drops the indexes whose expressions or predicate read the column. */
  dropColumnIndexes: {
    '0001_account.sql': [
      'CREATE TABLE account (id int PRIMARY KEY, email text, deleted_at timestamptz, name text);',
      'CREATE UNIQUE INDEX idx_account_email_lower ON account (lower(email));',
      'CREATE INDEX idx_account_live_name ON account (name) WHERE deleted_at IS NULL;',
      'CREATE INDEX idx_account_name ON account (name);',
    ].join('\n'),
    '0002_drop.sql': 'ALTER TABLE account RENAME COLUMN email TO mail;\nALTER TABLE account DROP COLUMN mail;\nALTER TABLE account DROP COLUMN deleted_at;',
  },
  /** Renaming a PRIMARY KEY or UNIQUE index renames its constraint, and the reverse. */
  keyRenames: {
    '0001_user.sql':
      'CREATE TABLE user_ (id int, actor_id text, CONSTRAINT user__pkey PRIMARY KEY (id));\nALTER TABLE user_ ADD CONSTRAINT idx_user_actor_id UNIQUE (actor_id);\nCREATE TABLE comment_reply (id int PRIMARY KEY, email text UNIQUE);\nCREATE INDEX idx_comment_reply_email ON comment_reply (email);',
    '0002_rename.sql': [
      'ALTER TABLE user_ RENAME TO person;',
      'ALTER INDEX user__pkey RENAME TO person__pkey;',
      'ALTER INDEX idx_user_actor_id RENAME TO idx_person_actor_id;',
      'ALTER TABLE comment_reply RENAME TO notification;',
      'ALTER TABLE notification RENAME CONSTRAINT comment_reply_pkey TO notification_pkey;',
      'ALTER TABLE notification RENAME CONSTRAINT comment_reply_email_key TO notification_email_key;',
      'ALTER INDEX idx_comment_reply_email RENAME TO idx_notification_email;',
    ].join('\n'),
  },
  /** DROP MATERIALIZED VIEW drops the view's indexes. */
  dropMaterializedView: {
    '0001_mview.sql': 'CREATE TABLE score (id int PRIMARY KEY, points int);\nCREATE MATERIALIZED VIEW score_mview AS SELECT id, points FROM score;\nCREATE UNIQUE INDEX idx_score_mview_id ON score_mview (id);',
    '0002_drop.sql': 'DROP MATERIALIZED VIEW score_mview;',
  },
  /** A UNIQUE that repeats the PRIMARY KEY (or an earlier UNIQUE) of the same CREATE TABLE makes no constraint. */
  duplicateKeys: {
    '0001_users.sql':
      'CREATE TABLE auth_users (id uuid NOT NULL UNIQUE, email text UNIQUE, alias text, nick text UNIQUE, CONSTRAINT auth_users_pkey PRIMARY KEY (id), UNIQUE (email), CONSTRAINT alias_named UNIQUE (alias), UNIQUE (alias), CONSTRAINT nick_named UNIQUE (nick));',
  },
  /** ATTACH and DETACH PARTITION. */
  partitions: {
    '0001_events.sql':
      "CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_default (id bigint, at date);\nALTER TABLE ONLY events ATTACH PARTITION events_default DEFAULT;\nCREATE TABLE events_2026 (id bigint, at date);\nALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');",
    '0002_detach.sql': 'ALTER TABLE events DETACH PARTITION events_2026;',
  },
} satisfies Record<string, Record<string, string>>;

export type ReplayCase = keyof typeof REPLAY_CASES;

/** Every case as one history, in case order: files named `<case>/<file>`. */
export function allReplayCases(): { relPath: string; sql: string }[] {
  return Object.entries(REPLAY_CASES).flatMap(([name, files]) => Object.entries(files).map(([file, sql]) => ({ relPath: `${name}/${file}`, sql })));
}
