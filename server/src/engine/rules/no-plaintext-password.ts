import { lex } from '../parse/lexer.js';
import type { Range } from '../parse/positions.js';
import { defineRule } from './types.js';

interface Options {
  allowHashed: boolean;
}

/** The value of a string literal token ('…', E'…', U&'…' are read approximately: only the quotes matter here). */
function literalValue(text: string): string {
  const m = /^(?:[eE]|[uU]&)?'([\s\S]*)'$/.exec(text);
  return m ? m[1]!.replace(/''/g, "'") : text;
}

interface BodyPassword {
  role: string;
  value: string;
  range: Range;
}

/** SQL kept in a string that runs later: a DO block's or function's body, an EXECUTE '…' inside one. */
const CODE_STATEMENTS = new Set(['DoStmt', 'CreateFunctionStmt']);

/**
 * `CREATE|ALTER ROLE|USER|GROUP … PASSWORD '…'` written inside `text` (SQL code), at file offset
 * `base`. Dollar-quoted strings inside are searched with exact positions; a quoted string run by
 * EXECUTE is searched too, and a password there is reported on the whole string.
 */
function passwordsInCode(text: string, base: number, depth = 0): BodyPassword[] {
  if (depth > 3 || !/password/i.test(text)) return [];
  const out: BodyPassword[] = [];
  const tokens = lex(text).filter((t) => t.name !== 'SQL_COMMENT' && t.name !== 'C_COMMENT');
  let role: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const word = t.text.toUpperCase();
    if (t.text === ';') role = undefined;
    else if ((word === 'CREATE' || word === 'ALTER') && /^(ROLE|USER|GROUP)$/i.test(tokens[i + 1]?.text ?? '')) role = tokens[i + 2]?.text.replace(/^"|"$/g, '') ?? '';
    else if (word === 'PASSWORD' && role !== undefined && tokens[i + 1]?.name === 'SCONST' && /^(?:[eE]|[uU]&)?'/.test(tokens[i + 1]!.text)) {
      const lit = tokens[i + 1]!;
      out.push({ role, value: literalValue(lit.text), range: { start: base + lit.start, end: base + lit.end } });
    } else if (t.name === 'SCONST') {
      const dollar = /^\$([A-Za-z_]\w*)?\$/.exec(t.text);
      if (dollar) out.push(...passwordsInCode(t.text.slice(dollar[0].length, t.text.length - dollar[0].length), base + t.start + dollar[0].length, depth + 1));
      else if (/^'/.test(t.text))
        for (const p of passwordsInCode(literalValue(t.text), 0, depth + 1)) out.push({ ...p, range: { start: base + t.start, end: base + t.end } });
    }
  }
  return out;
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
    // Inside DO blocks and function bodies the statement is not parsed into facts: read the code.
    for (const statement of ctx.file.parsed.statements) {
      if (!CODE_STATEMENTS.has(statement.type)) continue;
      const code = ctx.file.parsed.tokens.text.slice(statement.range.start, statement.range.end);
      for (const p of passwordsInCode(code, statement.range.start)) {
        if (p.value === '') continue;
        const messageId = /^md5[0-9a-f]{32}$/.test(p.value) ? 'md5' : /^SCRAM-SHA-256\$/.test(p.value) ? 'hashed' : 'plaintext';
        if (messageId === 'hashed' && ctx.options.allowHashed) continue;
        ctx.report({ messageId, data: { role: p.role }, range: p.range });
      }
    }
  },
});
