// The rule registry: one import per rule, alphabetical. Rule ids are a public contract.
import { registerRuleIds } from './ids.js';
import { checkConstraintNotValid } from './check-constraint-not-valid.js';
import { concurrentIndexInTransaction } from './concurrent-index-in-transaction.js';
import { foreignKeyMissingIndex } from './foreign-key-missing-index.js';
import { foreignKeyNotValid } from './foreign-key-not-valid.js';
import { invalidDirective } from './invalid-directive.js';
import { noDropColumn } from './no-drop-column.js';
import { noDropTable } from './no-drop-table.js';
import { noFloatForMoney } from './no-float-for-money.js';
import { noRenameColumn } from './no-rename-column.js';
import { noRenameTable } from './no-rename-table.js';
import { notNullWithoutDefault } from './not-null-without-default.js';
import { requireConcurrentIndex } from './require-concurrent-index.js';
import { requireLockTimeout } from './require-lock-timeout.js';
import { syntaxError } from './syntax-error.js';
import { uniqueConstraintViaIndex } from './unique-constraint-via-index.js';
import { unsafeColumnTypeChange } from './unsafe-column-type-change.js';
import { unsafeSetNotNull } from './unsafe-set-not-null.js';
import { volatileDefault } from './volatile-default.js';
import type { AnyRule } from './types.js';

export const rules: readonly AnyRule[] = [
  checkConstraintNotValid,
  concurrentIndexInTransaction,
  foreignKeyMissingIndex,
  foreignKeyNotValid,
  invalidDirective,
  noDropColumn,
  noDropTable,
  noFloatForMoney,
  noRenameColumn,
  noRenameTable,
  notNullWithoutDefault,
  requireConcurrentIndex,
  requireLockTimeout,
  syntaxError,
  uniqueConstraintViaIndex,
  unsafeColumnTypeChange,
  unsafeSetNotNull,
  volatileDefault,
].sort((a, b) => a.id.localeCompare(b.id));

export const rulesById: ReadonlyMap<string, AnyRule> = new Map(rules.map((r) => [r.id, r]));

registerRuleIds(rules.map((r) => r.id));
