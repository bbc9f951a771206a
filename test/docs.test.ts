// Docs cannot drift: every rule has a page, every page's examples are executed, and every option of
// the rule's schema is documented (the idea of Biome's rule-doc check and typescript-eslint's docs test).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { defaultConfig, rules } from '../server/src/engine/index.js';
import { applyHistory } from '../server/src/pg/apply-history.js';
import { openPglite, type PgliteInstance } from '../server/src/pg/pglite.js';
import { planVerify, verifyReport, VERIFY_RULE_ID } from '../server/src/pg/verify.js';
import { lint, onlyRules, project, usePostgresParser } from './helpers/engine.js';

const root = join(__dirname, '..');
const docsDir = join(root, 'docs', 'rules');

interface Block {
  /** earlier: a migration before the example; base: the example file's text at the git base (the next example edits it). */
  kind: 'incorrect' | 'correct' | 'earlier' | 'base';
  code: string;
  line: number;
  /** The rule's options for this example, written after the kind: ```sql correct {"preset": "prisma"} */
  options?: Record<string, unknown>;
}

export function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  const re = /^```sql (incorrect|correct|earlier|base)(?: (\{.*\}))?[ \t]*\n([\s\S]*?)^```/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(markdown)))
    out.push({ kind: m[1] as Block['kind'], code: m[3]!, line: markdown.slice(0, m.index).split('\n').length, ...(m[2] ? { options: JSON.parse(m[2]) as Record<string, unknown> } : {}) });
  return out;
}

describe('rule docs', () => {
  usePostgresParser();
  test('rules, docs pages and rule tests are one-to-one', () => {
    const ids = rules.map((r) => r.id).sort();
    const pages = readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
    assert.deepEqual(pages, ids, 'docs/rules/<id>.md for every rule and no other');
    for (const id of ids) {
      const testFile = join(root, 'test', 'rules', `${id}.test.ts`);
      assert.ok(existsSync(testFile), `test/rules/${id}.test.ts exists`);
      assert.ok(existsSync(join(root, 'server', 'src', 'engine', 'rules', `${id}.ts`)), `server/src/engine/rules/${id}.ts exists`);
    }
  });

  // migration-fails is reported by verify, not by linting: its examples are applied to PostgreSQL.
  let pg: PgliteInstance | undefined;
  after(async () => {
    await pg?.close();
  });
  async function verifyExample(files: Record<string, string>, example: string): Promise<string[]> {
    pg ??= await openPglite();
    await pg.session.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    const plan = planVerify(project(files), defaultConfig());
    const result = await applyHistory(pg.session, plan.files.map((f) => f.step));
    const report = verifyReport(plan, result, 'PGlite', 'pglite', defaultConfig());
    assert.deepEqual([...report.findings.keys()].filter((p) => p !== `/project/${example}`), [], 'only the example fails');
    return (report.findings.get(`/project/${example}`) ?? []).map((f) => f.message);
  }

  for (const rule of rules) {
    test(`${rule.id}: page shape, options and executed examples`, async () => {
      const md = readFileSync(join(docsDir, `${rule.id}.md`), 'utf8');
      assert.match(md, new RegExp(`^# ${rule.id}\\n`), 'title is the rule id');
      for (const h of ['## Why', '## Examples', '## Options', '## When not to use it']) assert.ok(md.includes(h), `has a "${h}" section`);
      for (const opt of Object.keys(rule.meta.schema.properties)) assert.ok(md.includes('`' + opt + '`'), `documents option \`${opt}\``);
      const bs = blocks(md);
      // statement-too-complex: a statement thousands of terms deep does not fit on a docs page.
      if (rule.id !== 'syntax-error' && rule.id !== 'invalid-directive' && rule.id !== 'statement-too-complex') {
        assert.ok(bs.some((b) => b.kind === 'incorrect'), 'has an incorrect example');
        assert.ok(bs.some((b) => b.kind === 'correct'), 'has a correct example');
      }
      const earlier: Record<string, string> = {};
      let n = 0;
      let baseText: string | undefined;
      for (const b of bs) {
        if (b.kind === 'earlier') {
          earlier[`${String(++n).padStart(4, '0')}_earlier.sql`] = b.code;
          continue;
        }
        if (b.kind === 'base') {
          baseText = b.code;
          continue;
        }
        const config = onlyRules([rule.id, 'syntax-error'], b.options ? { [rule.id]: b.options } : {});
        const result = lint({ ...earlier, '0900_example.sql': b.code }, config, undefined, baseText === undefined ? {} : { '0900_example.sql': baseText });
        baseText = undefined;
        if (rule.id === VERIFY_RULE_ID) {
          assert.deepEqual(result.files.flatMap((f) => f.findings), [], 'plain linting never reports it, and the example parses');
          const messages = await verifyExample({ ...earlier, '0900_example.sql': b.code }, '0900_example.sql');
          if (b.kind === 'incorrect') assert.ok(messages.length > 0, `incorrect example at line ${b.line} fails on PostgreSQL`);
          else assert.deepEqual(messages, [], `correct example at line ${b.line} applies`);
          continue;
        }
        const all = result.files.flatMap((f) => f.findings);
        const own = result.files.find((f) => f.relPath === '0900_example.sql')!.findings.filter((f) => f.ruleId === rule.id);
        if (rule.id !== 'syntax-error') assert.deepEqual(all.filter((f) => f.ruleId === 'syntax-error').map((f) => f.message), [], `example at line ${b.line} parses`);
        if (b.kind === 'incorrect') assert.ok(own.length > 0, `incorrect example at line ${b.line} is reported by ${rule.id}`);
        else assert.deepEqual(own.map((f) => f.message), [], `correct example at line ${b.line} is not reported`);
      }
    });
  }
});
