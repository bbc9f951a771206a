// The VS Code manifest agrees with the code: the commands table, the settings the server reads, the
// activation events, the config file's schema validation and the engine version the client library needs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { COMMANDS, COMMAND_CATEGORY } from '../../client/src/commands.js';
import { DEFAULT_SETTINGS, SETTINGS_SECTION } from '../../server/src/lsp/protocol.js';
import { normalizeSettings } from '../../server/src/lsp/settings.js';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

function minVersion(range: string): number[] {
  return range.replace(/^[\^~>=\s]+/, '').split('.').map(Number);
}

describe('package.json (VS Code manifest)', () => {
  test('contributes.commands is the commands table, in the "SQL Schema Lint" category', () => {
    assert.equal(COMMAND_CATEGORY, 'SQL Schema Lint');
    assert.deepEqual(
      contributes.commands,
      COMMANDS.map((c) => ({ command: c.id, title: c.title, category: COMMAND_CATEGORY })),
    );
    const ids = COMMANDS.map((c) => c.id);
    for (const required of ['sqlSchemaLint.scoreSchema', 'sqlSchemaLint.fixAll', 'sqlSchemaLint.restartServer', 'sqlSchemaLint.showOutput']) assert.ok(ids.includes(required), required);
    for (const m of contributes.menus?.commandPalette ?? []) assert.ok(ids.includes(m.command), `menu entry for unknown command ${m.command}`);
  });

  test('contributes.configuration declares every setting the server reads, with the same defaults', () => {
    const props = contributes.configuration.properties as Record<string, { default: unknown; scope?: string }>;
    const declared = Object.fromEntries(
      Object.entries(props)
        .filter(([k]) => k.startsWith(`${SETTINGS_SECTION}.`) && k !== `${SETTINGS_SECTION}.trace.server`)
        .map(([k, v]) => [k.slice(SETTINGS_SECTION.length + 1), v.default]),
    );
    assert.deepEqual(declared, { ...DEFAULT_SETTINGS });
    assert.deepEqual(normalizeSettings(declared), DEFAULT_SETTINGS);
    // Per-folder settings: the server asks for them per workspace folder.
    for (const key of Object.keys(DEFAULT_SETTINGS)) assert.equal(props[`${SETTINGS_SECTION}.${key}`]!.scope, 'resource', key);
    assert.deepEqual((props[`${SETTINGS_SECTION}.trace.server`] as unknown as { enum: string[] }).enum, ['off', 'messages', 'verbose']);
  });

  test('activation on SQL files and on workspaces containing them', () => {
    for (const e of ['onLanguage:sql', 'workspaceContains:**/*.sql']) assert.ok(manifest.activationEvents.includes(e), e);
  });

  test('the config file is validated against the generated schema and read as JSON with comments', () => {
    assert.deepEqual(contributes.jsonValidation, [{ fileMatch: '.sql-schema-lint.json', url: './schemas/sql-schema-lint.schema.json' }]);
    assert.ok(existsSync(join(ROOT, 'schemas', 'sql-schema-lint.schema.json')), 'schemas/sql-schema-lint.schema.json exists');
    assert.ok(contributes.languages.some((l: { id: string; filenames: string[] }) => l.id === 'jsonc' && l.filenames.includes('.sql-schema-lint.json')));
  });

  test('engines.vscode is at least what vscode-languageclient needs, and main is the bundled client', () => {
    const lc = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'vscode-languageclient', 'package.json'), 'utf8'));
    const need = minVersion(lc.engines.vscode);
    const have = minVersion(manifest.engines.vscode);
    assert.ok(have[0]! > need[0]! || (have[0] === need[0] && have[1]! >= need[1]!), `engines.vscode ${manifest.engines.vscode} < ${lc.engines.vscode}`);
    assert.equal(manifest.main, './dist/client.js');
  });
});
