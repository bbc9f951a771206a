import { defineRule } from './types.js';

interface Options {
  allowHashed: boolean;
}

/** The value of a string literal token ('…', E'…', U&'…' are read approximately: only the quotes matter here). */
function literalValue(text: string): string {
  const m = /^(?:[eE]|[uU]&)?'([\s\S]*)'$/.exec(text);
  return m ? m[1]!.replace(/''/g, "'") : text;
}

export const noPlaintextPassword = defineRule<Options>({
  id: 'no-plaintext-password',
  meta: {
    description: 'Disallow role passwords written in migrations.',
    category: 'security',
    defaultSeverity: 'error',
    messages: {
      plaintext:
        'The password of role "{{role}}" is written in the migration: it is now in version control, in every clone and CI log, and in the server log if statement logging is on. Set it outside migrations (a secrets manager, psql\'s \\password, or a psql variable such as PASSWORD :\'app_password\'), and rotate this one.',
      md5:
        'Role "{{role}}" gets an MD5 password hash in the migration: with md5 authentication the hash itself is enough to log in, so it is as secret as the password, and it is now in version control. Set the password outside migrations and rotate it.',
      hashed:
        'Role "{{role}}" gets a SCRAM verifier in the migration: it cannot be used to log in directly, but anyone with the repository can brute-force it offline. Prefer setting passwords outside migrations.',
    },
    defaultOptions: { allowHashed: false },
    schema: {
      type: 'object',
      properties: {
        allowHashed: { type: 'boolean', description: 'Accept SCRAM-SHA-256 verifiers (never MD5 hashes, which work as passwords).' },
      },
      additionalProperties: false,
    },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    const text = ctx.file.parsed.text;
    for (const { fact } of ctx.facts('role')) {
      if (!fact.password) continue;
      const written = text.slice(fact.password.start, fact.password.end);
      // psql variables (:'pw') and template placeholders are masked into literals: not a secret.
      if (!/^(?:[eE]|[uU]&)?'/.test(written)) continue;
      const value = literalValue(written);
      if (value === '') continue;
      // AlterRoleStmt gives the role as a RoleSpec.
      const name = fact.name as unknown;
      const role = typeof name === 'string' ? name : String((name as { rolename?: string } | undefined)?.rolename ?? '');
      const messageId = /^md5[0-9a-f]{32}$/.test(value) ? 'md5' : /^SCRAM-SHA-256\$/.test(value) ? 'hashed' : 'plaintext';
      if (messageId === 'hashed' && ctx.options.allowHashed) continue;
      ctx.report({ messageId, data: { role }, range: fact.password });
    }
  },
});
