// In-process: a rule that throws must not take the language server down, hide the other rules'
// findings, or flood the output channel on every keystroke (the built server cannot be given a
// failing rule, so this drives the server's Workspace directly).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import * as registry from '../../server/src/engine/rules/index.js';
import { Logger } from '../../server/src/lsp/log.js';
import { Workspace } from '../../server/src/lsp/workspace.js';
import { usePostgresParser } from '../helpers/engine.js';

usePostgresParser();

test('a rule that throws is logged once in the output channel and skipped; the other rules still report', () => {
  const lines: string[] = [];
  const sink = (m: string): void => void lines.push(m);
  const log = new Logger({ console: { info: sink, warn: sink, error: sink, log: sink } } as unknown as Connection);
  const workspace = new Workspace(log, { projectChanged: () => undefined, progress: () => undefined, configErrorsChanged: () => undefined });
  const dir = mkdtempSync(join(tmpdir(), 'ssl-rule-failure-'));
  workspace.setFolders([{ uri: pathToFileURL(dir).href, path: dir, name: 'project' }]);
  const broken = {
    id: 'broken-probe',
    meta: { description: '', category: 'syntax', defaultSeverity: 'warning', messages: {}, defaultOptions: {}, schema: { type: 'object', properties: {}, additionalProperties: false }, fixable: false, hasSuggestions: false },
    check(): void {
      throw new Error('boom');
    },
  };
  (registry.rules as unknown[]).push(broken);
  try {
    const file = join(dir, '0001_orders.sql');
    const uri = pathToFileURL(file).href;
    const results = [1, 2, 3].map((version) => {
      const project = workspace.changeDocument(uri, `CREATE TABLE orders (id bigint PRIMARY KEY, amount float${' '.repeat(version)});`, version)!;
      return workspace.lintFile(project, file).findings.map((f) => f.ruleId);
    });
    for (const ids of results) assert.ok(ids.includes('no-float-for-money'), `the other rules still report: ${ids.join(', ')}`);
    const logged = lines.filter((l) => l.includes('broken-probe'));
    assert.equal(logged.length, 1, `logged once over three lints:\n${lines.join('\n')}`);
    assert.match(logged[0]!, /^Rule broken-probe failed on 0001_orders\.sql and was skipped: Error: boom/);
  } finally {
    (registry.rules as unknown[]).splice((registry.rules as unknown[]).indexOf(broken), 1);
  }
});
