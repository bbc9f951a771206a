import { defineRule, type FixSpec } from './types.js';
import { findKeyword, tokenRange } from './util/migration.js';

interface Options {
  allowedGrantees: string[];
}

/**
 * What to grant instead of ALL, per object kind: the privileges an application role needs.
 * Kinds whose ALL is a single privilege (functions and procedures: EXECUTE; languages, types,
 * domains, foreign servers: USAGE; tablespaces: CREATE) grant nothing extra and are not reported.
 */
const INSTEAD: Record<string, string> = {
  table: 'SELECT, INSERT, UPDATE, DELETE',
  sequence: 'USAGE, SELECT',
  schema: 'USAGE',
  database: 'CONNECT',
};

const WRITE_PRIVILEGES = new Set(['insert', 'update', 'delete', 'truncate', 'references', 'trigger']);

export const noGrantAll = defineRule<Options>({
  id: 'no-grant-all',
  meta: {
    description: 'Disallow GRANT ALL and write privileges granted to PUBLIC.',
    category: 'security',
    defaultSeverity: 'warning',
    messages: {
      grantAll:
        'GRANT ALL on {{target}} to {{grantees}} also grants {{extra}}: a leaked connection or an injection through that role can do all of it. Grant only what the role needs, e.g. GRANT {{instead}}.',
      publicWrite:
        'GRANT {{privileges}} on {{objects}} TO PUBLIC lets every role in the database, present and future, change these rows. Grant the privileges to the application\'s own role instead.',
    },
    defaultOptions: { allowedGrantees: ['postgres'] },
    schema: {
      type: 'object',
      properties: {
        allowedGrantees: {
          type: 'array',
          items: { type: 'string' },
          description: 'Roles that may be granted ALL: owner and admin roles (the bootstrap superuser postgres by default). A GRANT to these roles only is not reported.',
        },
      },
      additionalProperties: false,
    },
    fixable: false,
    hasSuggestions: true,
  },
  check(ctx) {
    const allowed = new Set(ctx.options.allowedGrantees.map((g) => g.toLowerCase()));
    for (const { fact, statement } of ctx.facts('grant')) {
      if (!fact.isGrant) continue;
      const grantees = fact.grantees.filter((g) => !allowed.has(g.toLowerCase()));
      if (!grantees.length) continue;
      const objects = fact.objects.filter(Boolean).join(', ') || 'the objects';
      const granteeText = grantees.map((g) => (g === 'public' ? 'PUBLIC' : g)).join(', ');
      if (fact.privileges === 'all') {
        const instead = INSTEAD[fact.objectKind];
        if (!instead) continue;
        const all = findKeyword(ctx, statement, ['ALL']);
        if (all < 0) continue;
        const range = tokenRange(ctx, all);
        const next = ctx.file.parsed.tokens.at(all + 1);
        if (next && next.text.toUpperCase() === 'PRIVILEGES') range.end = next.end;
        const extra = {
          table: 'TRUNCATE, REFERENCES and TRIGGER',
          sequence: 'UPDATE (setval)',
          schema: 'CREATE (any object in the schema)',
          database: 'CREATE (new schemas) and TEMPORARY',
        }[fact.objectKind]!;
        // ON ALL TABLES IN SCHEMA s: the objects are schemas.
        const inSchema = findKeyword(ctx, statement, ['IN'], range.end);
        const target = fact.defaults
          ? `every ${fact.objectKind} created from now on${fact.objects.length ? ` in schema ${objects}` : ''} (ALTER DEFAULT PRIVILEGES)`
          : inSchema >= 0 && ctx.file.parsed.tokens.at(inSchema + 1)?.text.toUpperCase() === 'SCHEMA'
            ? `all ${fact.objectKind}s in schema ${objects}`
            : `${fact.objectKind} ${objects}`;
        const suggestion: FixSpec = { title: `Grant ${instead} instead of ALL`, edits: [{ range, newText: instead }] };
        ctx.report({ messageId: 'grantAll', data: { kind: fact.objectKind, target, objects, grantees: granteeText, extra, instead }, range, suggestions: [suggestion] });
        continue;
      }
      if (!grantees.includes('public') || fact.objectKind !== 'table') continue;
      const writes = fact.privileges.filter((p) => WRITE_PRIVILEGES.has(p));
      if (!writes.length) continue;
      const on = fact.defaults ? `every table created from now on${fact.objects.length ? ` in schema ${objects}` : ''} (ALTER DEFAULT PRIVILEGES)` : objects;
      ctx.report({ messageId: 'publicWrite', data: { privileges: writes.map((p) => p.toUpperCase()).join(', '), objects: on }, range: statement.range });
    }
  },
});
