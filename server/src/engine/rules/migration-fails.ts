import { defineRule } from './types.js';

/**
 * A migration PostgreSQL itself rejects when the history is applied in order to an empty database.
 * Only PostgreSQL knows (a foreign key to columns without a unique constraint, a default of the wrong
 * type, a new enum value used in its own transaction, …), so plain linting reports nothing here: the
 * findings come from `sql-schema-lint verify` and the editor's verify-on-save (server/src/pg), which
 * apply the history to PostgreSQL and report its error under this rule, with its severity and
 * directives taken from the configuration like any other rule's.
 */
export const migrationFails = defineRule({
  id: 'migration-fails',
  meta: {
    description: 'Disallow migrations that PostgreSQL rejects when the history is applied in order (reported by verify).',
    category: 'migration safety',
    defaultSeverity: 'error',
    messages: {
      statement:
        'PostgreSQL rejects this statement: {{message}} (SQLSTATE {{code}}).{{detail}}{{hint}} The migration fails here when it runs after the migrations before it (checked on {{checkedBy}}).',
      file: 'PostgreSQL rejects this migration {{when}}: {{message}} (SQLSTATE {{code}}).{{detail}}{{hint}} (checked on {{checkedBy}}).',
      notChecked: 'Not checked on {{checkedBy}}: {{reason}}.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check() {
    // Nothing to see without running PostgreSQL: verify reports this rule (server/src/pg/verify.ts).
  },
});
