// The rule registry: one import per rule, alphabetical. Rule ids are a public contract.
import { registerRuleIds } from './ids.js';
import { invalidDirective } from './invalid-directive.js';
import { noFloatForMoney } from './no-float-for-money.js';
import { syntaxError } from './syntax-error.js';
import type { AnyRule } from './types.js';

export const rules: readonly AnyRule[] = [
  invalidDirective,
  noFloatForMoney,
  syntaxError,
].sort((a, b) => a.id.localeCompare(b.id));

export const rulesById: ReadonlyMap<string, AnyRule> = new Map(rules.map((r) => [r.id, r]));

registerRuleIds(rules.map((r) => r.id));
