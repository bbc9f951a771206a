// The rule registry: one import per rule, alphabetical. Rule ids are a public contract.
import { registerRuleIds } from './ids.js';
import { checkConstraintNotValid } from './check-constraint-not-valid.js';
import { concurrentIndexInTransaction } from './concurrent-index-in-transaction.js';
import { duplicateIndex } from './duplicate-index.js';
import { editedAppliedMigration } from './edited-applied-migration.js';
import { foreignKeyMissingIndex } from './foreign-key-missing-index.js';
import { foreignKeyNotValid } from './foreign-key-not-valid.js';
import { foreignKeyTypeMismatch } from './foreign-key-type-mismatch.js';
import { functionOnIndexedColumn } from './function-on-indexed-column.js';
import { invalidDirective } from './invalid-directive.js';
import { migrationFails } from './migration-fails.js';
import { namingBoolean } from './naming-boolean.js';
import { namingColumn } from './naming-column.js';
import { namingConstraint } from './naming-constraint.js';
import { namingForeignKeyColumn } from './naming-foreign-key-column.js';
import { namingIndex } from './naming-index.js';
import { namingTable } from './naming-table.js';
import { namingTimestamp } from './naming-timestamp.js';
import { noCharType } from './no-char-type.js';
import { noDropColumn } from './no-drop-column.js';
import { noDropTable } from './no-drop-table.js';
import { noFloatForMoney } from './no-float-for-money.js';
import { noGrantAll } from './no-grant-all.js';
import { noOffsetPagination } from './no-offset-pagination.js';
import { noPlaintextPassword } from './no-plaintext-password.js';
import { noRenameColumn } from './no-rename-column.js';
import { noRenameTable } from './no-rename-table.js';
import { noSelectStar } from './no-select-star.js';
import { notNullWithoutDefault } from './not-null-without-default.js';
import { preferBigintKey } from './prefer-bigint-key.js';
import { preferCheckOverEnum } from './prefer-check-over-enum.js';
import { preferIdentity } from './prefer-identity.js';
import { preferInOverOr } from './prefer-in-over-or.js';
import { preferJsonb } from './prefer-jsonb.js';
import { preferTimestamptz } from './prefer-timestamptz.js';
import { redundantIndex } from './redundant-index.js';
import { requireConcurrentIndex } from './require-concurrent-index.js';
import { requireLockTimeout } from './require-lock-timeout.js';
import { requirePrimaryKey } from './require-primary-key.js';
import { requireWhere } from './require-where.js';
import { securityDefinerSearchPath } from './security-definer-search-path.js';
import { statementTooComplex } from './statement-too-complex.js';
import { syntaxError } from './syntax-error.js';
import { tenantTableWithoutRls } from './tenant-table-without-rls.js';
import { tooManyIndexes } from './too-many-indexes.js';
import { uniqueConstraintViaIndex } from './unique-constraint-via-index.js';
import { unknownReference } from './unknown-reference.js';
import { unsafeColumnTypeChange } from './unsafe-column-type-change.js';
import { unsafeSetNotNull } from './unsafe-set-not-null.js';
import { volatileDefault } from './volatile-default.js';
import type { AnyRule } from './types.js';

export const rules: readonly AnyRule[] = [
  checkConstraintNotValid,
  concurrentIndexInTransaction,
  duplicateIndex,
  editedAppliedMigration,
  foreignKeyMissingIndex,
  foreignKeyNotValid,
  foreignKeyTypeMismatch,
  functionOnIndexedColumn,
  invalidDirective,
  migrationFails,
  namingBoolean,
  namingColumn,
  namingConstraint,
  namingForeignKeyColumn,
  namingIndex,
  namingTable,
  namingTimestamp,
  noCharType,
  noDropColumn,
  noDropTable,
  noFloatForMoney,
  noGrantAll,
  noOffsetPagination,
  noPlaintextPassword,
  noRenameColumn,
  noRenameTable,
  noSelectStar,
  notNullWithoutDefault,
  preferBigintKey,
  preferCheckOverEnum,
  preferIdentity,
  preferInOverOr,
  preferJsonb,
  preferTimestamptz,
  redundantIndex,
  requireConcurrentIndex,
  requireLockTimeout,
  requirePrimaryKey,
  requireWhere,
  securityDefinerSearchPath,
  statementTooComplex,
  syntaxError,
  tenantTableWithoutRls,
  tooManyIndexes,
  uniqueConstraintViaIndex,
  unknownReference,
  unsafeColumnTypeChange,
  unsafeSetNotNull,
  volatileDefault,
].sort((a, b) => a.id.localeCompare(b.id));

export const rulesById: ReadonlyMap<string, AnyRule> = new Map(rules.map((r) => [r.id, r]));

registerRuleIds(rules.map((r) => r.id));
