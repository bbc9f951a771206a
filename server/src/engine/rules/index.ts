// The rule registry: one import per rule, alphabetical. Rule ids are a public contract.
import { registerRuleIds } from './ids.js';
import { foreignKeyMissingIndex } from './foreign-key-missing-index.js';
import { invalidDirective } from './invalid-directive.js';
import { noFloatForMoney } from './no-float-for-money.js';
import { notNullWithoutDefault } from './not-null-without-default.js';
import { syntaxError } from './syntax-error.js';
import { unsafeSetNotNull } from './unsafe-set-not-null.js';
import type { AnyRule } from './types.js';

export const rules: readonly AnyRule[] = [
  foreignKeyMissingIndex,
  invalidDirective,
  noFloatForMoney,
  notNullWithoutDefault,
  syntaxError,
  unsafeSetNotNull,
].sort((a, b) => a.id.localeCompare(b.id));

export const rulesById: ReadonlyMap<string, AnyRule> = new Map(rules.map((r) => [r.id, r]));

registerRuleIds(rules.map((r) => r.id));
