import { ruleTester } from './harness.js';

ruleTester('invalid-directive', {
  valid: [
    '-- sql-schema-lint-disable-next-line no-float-for-money, syntax-error\nSELECT 1;',
    '/* sql-schema-lint-disable */ SELECT 1; /* sql-schema-lint-enable */',
    '-- sql-schema-lint-disable-next-line no-float-for-money -- a reason, free text\nSELECT 1;',
  ],
  invalid: [
    {
      code: '-- sql-schema-lint-disable-next-line no-float-for-mony\nSELECT 1;',
      errors: [{ messageId: 'unknownRule', data: { rule: 'no-float-for-mony', suggestion: 'no-float-for-money' }, line: 1, column: 38, endColumn: 55 }],
    },
  ],
});
