-- SYNTAX TEST "source.sql" "sql-schema-lint directives in SQL comments"

-- sql-schema-lint-disable-next-line no-select-star, require-where
-- <-- comment.line.double-dash.sql punctuation.definition.comment.sql
-- ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql keyword.control.directive.sql-schema-lint
--                                  ^ comment.line.double-dash.sql - keyword.control.directive.sql-schema-lint entity.name.tag.rule-id.sql-schema-lint
--                                   ^^^^^^^^^^^^^^ comment.line.double-dash.sql entity.name.tag.rule-id.sql-schema-lint
--                                                 ^ comment.line.double-dash.sql punctuation.separator.comma.sql-schema-lint - entity.name.tag.rule-id.sql-schema-lint
--                                                   ^^^^^^^^^^^^^ comment.line.double-dash.sql entity.name.tag.rule-id.sql-schema-lint
SELECT id, email FROM users;

SELECT id FROM users; -- sql-schema-lint-disable-line no-select-star
--                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql keyword.control.directive.sql-schema-lint
--                                                    ^^^^^^^^^^^^^^ comment.line.double-dash.sql entity.name.tag.rule-id.sql-schema-lint
-- <--------------------- - comment keyword.control.directive.sql-schema-lint

--sql-schema-lint-disable-line naming-table
-- <~~---------------------------- comment.line.double-dash.sql keyword.control.directive.sql-schema-lint
--                             ^^^^^^^^^^^^ comment.line.double-dash.sql entity.name.tag.rule-id.sql-schema-lint

    -- sql-schema-lint-disable
--     ^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql keyword.control.directive.sql-schema-lint

-- sql-schema-lint-enable
-- ^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql keyword.control.directive.sql-schema-lint

/* sql-schema-lint-disable naming-table,naming-column */
-- <-- comment.block punctuation.definition.comment.sql
-- ^^^^^^^^^^^^^^^^^^^^^^^ comment.block keyword.control.directive.sql-schema-lint
--                         ^^^^^^^^^^^^ comment.block entity.name.tag.rule-id.sql-schema-lint
--                                     ^ comment.block punctuation.separator.comma.sql-schema-lint
--                                      ^^^^^^^^^^^^^ comment.block entity.name.tag.rule-id.sql-schema-lint
--                                                    ^^ comment.block punctuation.definition.comment.sql - entity.name.tag.rule-id.sql-schema-lint
CREATE TABLE user_roles (user_id bigint, role_id bigint, PRIMARY KEY (user_id, role_id));
/*sql-schema-lint-enable*/
-- <~~---------------------- comment.block keyword.control.directive.sql-schema-lint
--                      ^^ comment.block punctuation.definition.comment.sql - keyword.control.directive.sql-schema-lint

-- In a block comment the rule list may continue on the next lines.
/* sql-schema-lint-disable-next-line
   no-select-star */
-- ^^^^^^^^^^^^^^ comment.block entity.name.tag.rule-id.sql-schema-lint
--                ^^ comment.block punctuation.definition.comment.sql - entity.name.tag.rule-id.sql-schema-lint
SELECT id FROM users;
-- <------ keyword.other.DML.sql - comment

-- Rule ids may be separated by spaces as well as commas; "*/" right after an id ends the comment.
-- sql-schema-lint-disable-next-line no-select-star require-where
--                                   ^^^^^^^^^^^^^^ entity.name.tag.rule-id.sql-schema-lint
--                                                 ^ comment.line.double-dash.sql - entity.name.tag.rule-id.sql-schema-lint
--                                                  ^^^^^^^^^^^^^ entity.name.tag.rule-id.sql-schema-lint
SELECT id FROM users; /* sql-schema-lint-disable-line no-select-star*/
--                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.block keyword.control.directive.sql-schema-lint
--                                                    ^^^^^^^^^^^^^^ comment.block entity.name.tag.rule-id.sql-schema-lint
--                                                                  ^^ comment.block punctuation.definition.comment.sql - entity.name.tag.rule-id.sql-schema-lint

-- A reason after the list is not a rule id:
-- sql-schema-lint-disable-next-line require-where -- one-off cleanup
--                                   ^^^^^^^^^^^^^ entity.name.tag.rule-id.sql-schema-lint
--                                                ^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql - entity.name.tag.rule-id.sql-schema-lint
DELETE FROM users WHERE id = 0;
-- <------ keyword.other.DML.sql - comment

-- Not directives: not at the start of the comment, a longer word, or not a comment.
-- see sql-schema-lint-disable-next-line in the docs
--     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql - keyword.control.directive.sql-schema-lint
-- sql-schema-lint-disabled naming-table
-- ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql - keyword.control.directive.sql-schema-lint entity.name.tag.rule-id.sql-schema-lint
-- sql-schema-lint-disable,naming-table
-- ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql - keyword.control.directive.sql-schema-lint entity.name.tag.rule-id.sql-schema-lint
SELECT 'sql-schema-lint-disable-line no-select-star' AS note;
--      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.single.sql - keyword.control.directive.sql-schema-lint entity.name.tag.rule-id.sql-schema-lint
