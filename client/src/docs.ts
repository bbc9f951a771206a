// "Show documentation": the rule's page installed with this extension (docs/rules/<id>.md ships in
// the .vsix), in VS Code's Markdown preview: it matches the installed version and needs no network.
// The server's command (ServerCommand.showDocumentation) does the same for other editors with
// window/showDocument; this client runs it itself, through the language client's middleware.
import type * as vscode from 'vscode';

/** Opens the page in the Markdown preview (as text when the built-in Markdown extension is off); false when there is no such page. */
export async function showRuleDocumentation(api: typeof vscode, extensionUri: vscode.Uri, ruleId: string): Promise<boolean> {
  if (!/^[a-z0-9-]+$/.test(ruleId)) return false;
  const page = api.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
  try {
    await api.workspace.fs.stat(page);
  } catch {
    return false;
  }
  try {
    await api.commands.executeCommand('markdown.showPreview', page);
  } catch {
    await api.window.showTextDocument(page, { preview: true });
  }
  return true;
}
