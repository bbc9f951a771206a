// Rule ids without importing the rules (avoids an import cycle for rules that need the list).
let ids: string[] = [];
export function registerRuleIds(list: string[]): void {
  ids = list;
}
export function ruleIds(): string[] {
  return ids;
}
