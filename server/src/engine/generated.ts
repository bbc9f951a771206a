// Artefacts generated from rule metadata: the README's rule table and the config file's JSON schema.
// test/generated.test.ts checks they are up to date (UPDATE_GENERATED=1 npm run generate rewrites them).
import { configJsonSchema } from './config.js';
import { rules } from './rules/index.js';

export const RULE_TABLE_START = '<!-- rule-table:start (generated from rule metadata; do not edit) -->';
export const RULE_TABLE_END = '<!-- rule-table:end -->';

export function ruleTableMarkdown(): string {
  const rows = rules.map(
    (r) =>
      `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.meta.description} | ${r.meta.category} | ${r.meta.defaultSeverity} | ${r.meta.fixable ? 'fix' : r.meta.hasSuggestions ? 'suggestion' : ''} |`,
  );
  return [RULE_TABLE_START, '| Rule | What it checks | Category | Default | Edits |', '|---|---|---|---|---|', ...rows, RULE_TABLE_END].join('\n');
}

export function configSchemaText(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}
