// VS Code client entry point (lands with the language-server issue).
export function activate(): void {}
export function deactivate(): void {}
