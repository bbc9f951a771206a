// SARIF 2.1.0 for code-scanning upload; validated against the official schema in the tests.
import { docsUrl, PROJECT_URL } from '../../engine/lint.js';
import { rules } from '../../engine/rules/index.js';
import { verifyNotes, type ReportInput } from './types.js';

/** `docsBase`: where the rule pages are on the web (default: the project's repository). */
export function formatSarif(input: ReportInput, version: string, docsBase?: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const level = (s: string): string => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sql-schema-lint',
            version,
            informationUri: PROJECT_URL,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.meta.description },
              helpUri: docsUrl(r.id, docsBase),
              properties: { category: r.meta.category },
              defaultConfiguration: { level: r.meta.defaultSeverity === 'off' ? 'none' : level(r.meta.defaultSeverity), enabled: r.meta.defaultSeverity !== 'off' },
            })),
          },
        },
        // verify: what was not checked and by which PostgreSQL, as notifications of the run.
        ...(input.verify ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: verifyNotes(input.verify).map((text) => ({ level: 'note', message: { text } })) }] } : {}),
        results: input.files.flatMap((f) =>
          f.findings.map((d) => ({
            ruleId: d.ruleId,
            ruleIndex: ruleIndex.get(d.ruleId) ?? 0,
            level: level(d.severity),
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(f.displayPath) },
                  region: { startLine: d.start.line + 1, startColumn: d.start.character + 1, endLine: d.end.line + 1, endColumn: d.end.character + 1 },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
