// Lint: the layering rule (core and CLI never import vscode) plus the habits from style.md.
import tseslint from 'typescript-eslint';
import noFocusedOrSkippedTests from './eslint/noFocusedOrSkippedTests.mjs';

/**
 * Tests allowed to be skipped, each with the reason: { file, title, reason }. Any other `.skip`,
 * `xit`, `this.skip()` fails lint, and `.only` always does (mocha's forbidOnly stops it at run time too).
 */
const skippedTests = [];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/fixtures/**', 'test/e2e/multi-root/**', 'test/e2e/empty-workspace/**', 'test/e2e/harness/**', '.vscode-test/**', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-require-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['test/**/*.ts'],
    plugins: { local: { rules: { 'no-focused-or-skipped-tests': noFocusedOrSkippedTests } } },
    rules: { 'local/no-focused-or-skipped-tests': ['error', { allow: skippedTests }] },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // Patterns from the analysed workspace must never reach V8's backtracking engine (issue 15).
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='RegExp']", message: 'Run workspace patterns through src/core/link/safeRegex.ts (RE2); for a pattern of our own use a literal.' },
        { selector: "CallExpression[callee.name='RegExp']", message: 'Run workspace patterns through src/core/link/safeRegex.ts (RE2); for a pattern of our own use a literal.' },
        // ts-morph's line lookups rescan the file from its start on every call: quadratic on a large file.
        { selector: "CallExpression[callee.property.name=/^(getLineAndColumnAtPos|getStartLineNumber|getEndLineNumber)$/]", message: 'Use src/core/project/position.ts (TypeScript\'s line-start table).' }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core and src/cli must stay free of the VS Code API (they run in plain Node and the CLI).' }] }],
    },
  },
);
