// The CI integrations that live at the repository root: the composite GitHub Action (action.yml) and
// the pre-commit hook (.pre-commit-hooks.yaml). The action's lint step is run with bash against a
// stand-in CLI that prints its arguments, as the runner would run it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const action = readFileSync(join(ROOT, 'action.yml'), 'utf8');

/** The `run: |` block of the step with this id (YAML block scalar: the lines indented deeper than `run:`). */
function stepScript(id: string): string {
  const step = action.slice(action.indexOf(`id: ${id}\n`));
  const m = /\n( +)run: \|\n((?:\1 +.*\n|\s*\n)+)/.exec(step);
  assert.ok(m, `a run block in step ${id}`);
  const indent = m[1]!.length + 2;
  return m[2]!
    .split('\n')
    .map((l) => l.slice(indent))
    .join('\n');
}

function lintStep(inputs: { paths?: string; since?: string; args?: string }): string[] {
  const actionPath = mkdtempSync(join(tmpdir(), 'ssl-action-'));
  mkdirSync(join(actionPath, 'dist'));
  writeFileSync(join(actionPath, 'dist', 'cli.js'), 'console.log(JSON.stringify(process.argv.slice(2)));\n');
  const r = spawnSync('bash', ['-c', stepScript('lint')], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, GITHUB_ACTION_PATH: actionPath, INPUT_PATHS: inputs.paths ?? '.', INPUT_SINCE: inputs.since ?? '', INPUT_ARGS: inputs.args ?? '' },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[];
}

describe('action.yml', () => {
  test('a composite action with the inputs paths, since and args; since defaults to the pull request\'s base branch', () => {
    assert.match(action, /^runs:\n {2}using: composite$/m);
    for (const input of ['paths', 'since', 'args']) assert.match(action, new RegExp(`^ {2}${input}:\\n {4}description: `, 'm'));
    assert.match(action, /^ {2}since:\n(?: {4}.*\n)*? {4}default: origin\/\$\{\{ github\.base_ref \}\}$/m);
    // Inputs reach the script through the environment, never pasted into it (no script injection).
    assert.doesNotMatch(stepScript('lint'), /\$\{\{/);
  });

  test('on a pull request it runs sql-schema-lint --format github --since origin/<base> over the paths', () => {
    assert.deepEqual(lintStep({ since: 'origin/main' }), ['--format', 'github', '--since', 'origin/main', '.']);
    assert.deepEqual(lintStep({ since: 'origin/main', paths: 'db/migrations db/structure.sql', args: '--max-warnings 0 --config db/.sql-schema-lint.json' }), [
      '--format',
      'github',
      '--since',
      'origin/main',
      '--max-warnings',
      '0',
      '--config',
      'db/.sql-schema-lint.json',
      'db/migrations',
      'db/structure.sql',
    ]);
  });

  test('without a base branch (a push) or with since: none, every file is reported', () => {
    assert.deepEqual(lintStep({ since: 'origin/' }), ['--format', 'github', '.']);
    assert.deepEqual(lintStep({ since: 'none' }), ['--format', 'github', '.']);
    assert.deepEqual(lintStep({ since: 'v1.4.0' }), ['--format', 'github', '--since', 'v1.4.0', '.']);
  });

  test('the install step builds the CLI the lint step runs', () => {
    const install = action.slice(action.indexOf('- name: Install sql-schema-lint'), action.indexOf('- name: Lint'));
    assert.match(install, /npm ci /);
    assert.match(install, /node esbuild\.mjs --production/);
    assert.match(stepScript('lint'), /node "\$GITHUB_ACTION_PATH\/dist\/cli\.js"/);
  });
});

test('.pre-commit-hooks.yaml: a node hook that runs sql-schema-lint --staged once over the whole history', () => {
  const hooks = readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
  assert.match(hooks, /^- id: sql-schema-lint$/m);
  assert.match(hooks, /^ {2}entry: sql-schema-lint --staged$/m);
  assert.match(hooks, /^ {2}language: node$/m);
  assert.match(hooks, /^ {2}pass_filenames: false$/m, 'the CLI finds the staged files itself and lints them against the whole history');
  const bin = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;
  assert.ok(bin['sql-schema-lint'], 'the entry is the package\'s bin');
});
