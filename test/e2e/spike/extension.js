// Throwaway spike extension: flags `SELECT *` in .sql files and offers a quick fix.
// Plain CommonJS, no build step. Loaded through extensionDevelopmentPath.
const vscode = require('vscode');

const CODE = 'spike-select-star';

function lint(doc, collection) {
  if (doc.languageId !== 'sql') return;
  const diags = [];
  const re = /select\s+(\*)/gi;
  const text = doc.getText();
  let m;
  while ((m = re.exec(text))) {
    const start = doc.positionAt(m.index + m[0].length - 1);
    const range = new vscode.Range(start, start.translate(0, 1));
    const d = new vscode.Diagnostic(range, 'Avoid SELECT * (spike)', vscode.DiagnosticSeverity.Warning);
    d.code = CODE;
    d.source = 'e2e-spike';
    diags.push(d);
  }
  collection.set(doc.uri, diags);
}

function activate(context) {
  const collection = vscode.languages.createDiagnosticCollection('e2e-spike');
  context.subscriptions.push(collection);
  for (const doc of vscode.workspace.textDocuments) lint(doc, collection);
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((d) => lint(d, collection)),
    vscode.workspace.onDidChangeTextDocument((e) => lint(e.document, collection)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    vscode.languages.registerCodeActionsProvider({ language: 'sql' }, {
      provideCodeActions(doc, _range, ctx) {
        return ctx.diagnostics.filter((d) => d.code === CODE).map((d) => {
          const fix = new vscode.CodeAction('Replace * with column list (spike)', vscode.CodeActionKind.QuickFix);
          fix.diagnostics = [d];
          fix.edit = new vscode.WorkspaceEdit();
          fix.edit.replace(doc.uri, d.range, 'id');
          return fix;
        });
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
}

function deactivate() {}

module.exports = { activate, deactivate };
