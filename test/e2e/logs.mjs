// Reads the logs a VS Code run leaves (code-server's logDir, or @vscode/test-electron's user-data logs):
// the extension host log and the "SQL Schema Lint" output channel. Errors of ours in them fail the run.
import fs from 'node:fs';
import path from 'node:path';

function walk(dir, out = []) {
  let entries;
  try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return out; }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.log')) out.push(p);
  }
  return out;
}

export function scanLogs(dir) {
  const files = walk(dir);
  const extensionHost = files.find((f) => /exthost\.log$/.test(path.basename(f)));
  const outputChannel = files.find((f) => /SQL Schema Lint\.log$/.test(path.basename(f)));
  const problems = [];
  for (const f of [extensionHost, outputChannel].filter(Boolean)) {
    for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
      if (/\[error\]/i.test(line)) problems.push({ file: path.relative(dir, f), line });
    }
  }
  return { files, extensionHost, outputChannel, problems };
}
