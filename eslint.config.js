import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';

/**
 * Imports flow one way (DEVELOPERS.md principle 1):
 * core → app store and workers → features → app shell. No feature imports another.
 * Every folder that holds code is one of these elements; a file anywhere else is an error
 * (`boundaries/no-unknown-files`), and so is an import of such a file (`boundaries/no-unknown-dependencies`,
 * called `no-unknown` before eslint-plugin-boundaries 7). Test-only code lives in `src/test-support/`
 * and only tests, the bench and e2e may import it. See docs/architecture.md, "Boundaries".
 */
const elements = [
  { type: 'core', pattern: 'src/core', partialMatch: false },
  { type: 'cli', pattern: 'src/cli', partialMatch: false },
  { type: 'test-support', pattern: 'src/test-support', partialMatch: false },
  { type: 'store', pattern: 'src/app/store', partialMatch: false },
  { type: 'workers', pattern: 'src/app/workers', partialMatch: false },
  { type: 'lib', pattern: 'src/app/lib', partialMatch: false },
  { type: 'feature', pattern: 'src/app/features/*', capture: ['feature'], partialMatch: false },
  { type: 'shell', pattern: 'src/app/shell', partialMatch: false },
  { type: 'e2e', pattern: 'e2e', partialMatch: false },
  { type: 'bench', pattern: 'bench', partialMatch: false },
  { type: 'scripts', pattern: 'scripts', partialMatch: false },
];

/** Files outside every element: the tool configuration at the repository root, nothing else. */
const files = [
  {
    category: 'config',
    pattern: ['eslint.config.js', 'vite.config.ts', 'vitest.config.ts', 'playwright.config.ts', '.size-limit.cjs'],
  },
];

/** Syntax the app never uses. */
const APP_SYNTAX = [
  { selector: 'ExportDefaultDeclaration', message: 'Use named exports (DEVELOPERS.md principle 4).' },
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No HTML from data.' },
  { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'No HTML from data.' },
];

/** A feature keeps no module-level mutable state (what must outlive its components is in the store). */
const NO_FEATURE_MODULE_STATE = {
  selector: ':matches(Program, ExportNamedDeclaration) > VariableDeclaration[kind=/let|var/]',
  message: 'No module-level mutable state in a feature: keep it in the store (viewDrafts) or in a component.',
};

/** Components dispatch actions; only an action registry calls the store's change functions (docs/architecture.md, "Action registries"). */
const CHANGE_THROUGH_ACTIONS = {
  selector:
    'MemberExpression[property.name=/^(applyChange|applyProjectChange)$/]',
  message: "Change the project through an action (features/<name>/actions.ts, lib/project-actions.ts): it names the core function and decides the undo step.",
};

/** Tests, beside the code they test; they may also use `src/test-support/`. */
const TEST_FILES = '**/*.test.{ts,tsx}';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'e2e/screenshots'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (DEVELOPERS.md principle 4).' },
      ],
    },
  },
  {
    files: ['*.config.ts', '*.config.js', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.{ts,tsx,js,cjs,mjs}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/files': files,
      'boundaries/root-path': import.meta.dirname,
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
    },
    rules: {
      'boundaries/no-unknown-files': 'error',
      'boundaries/no-unknown-dependencies': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          checkInternals: true,
          policies: [
            { from: { element: { type: 'core' } }, allow: { to: { element: { type: 'core' } } } },
            { from: { element: { type: 'cli' } }, allow: { to: { element: { types: { anyOf: ['core', 'cli'] } } } } },
            { from: { element: { type: 'store' } }, allow: { to: { element: { types: { anyOf: ['core', 'store'] } } } } },
            { from: { element: { type: 'workers' } }, allow: { to: { element: { types: { anyOf: ['core', 'workers'] } } } } },
            { from: { element: { type: 'lib' } }, allow: { to: { element: { types: { anyOf: ['core', 'store', 'workers', 'lib'] } } } } },
            {
              from: { element: { type: 'feature' } },
              allow: { to: { element: { types: { anyOf: ['core', 'store', 'workers', 'lib'] } } } },
            },
            {
              from: { element: { type: 'feature' } },
              allow: { to: { element: { type: 'feature', captured: { feature: '{{ from.element.captured.feature }}' } } } },
            },
            {
              from: { element: { type: 'shell' } },
              allow: { to: { element: { types: { anyOf: ['core', 'store', 'workers', 'lib', 'feature', 'shell'] } } } },
            },
            { from: { element: { type: 'test-support' } }, allow: { to: { element: { types: { anyOf: ['core', 'test-support'] } } } } },
            { from: { file: { path: TEST_FILES } }, allow: { to: { element: { type: 'test-support' } } } },
            { from: { element: { type: 'bench' } }, allow: { to: { element: { types: { anyOf: ['core', 'test-support', 'bench'] } } } } },
            { from: { element: { type: 'e2e' } }, allow: { to: { element: { types: { anyOf: ['core', 'test-support', 'e2e'] } } } } },
            {
              disallow: { to: { file: { path: TEST_FILES } } },
              message: 'Nothing imports a test file: code shared by tests goes in src/test-support/.',
            },
            {
              disallow: {
                to: [
                  { element: { type: 'store', fileInternalPath: '!{index.ts,persist.ts}' } },
                  { element: { types: { anyOf: ['workers', 'feature'] }, fileInternalPath: '!index.ts' } },
                  { element: { type: 'lib', fileInternalPath: 'monaco/!(index.ts)' } },
                ],
              },
              message:
                'Import the store (index.ts, persist.ts), the workers, a feature and lib/monaco through their entry point (docs/architecture.md, "Entry points").',
            },
            { dependency: { relationship: { to: 'internal' } }, allow: { to: { element: { types: { anyOf: ['store', 'workers', 'feature', 'lib'] } } } } },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-*', '@fluentui/*', 'zustand', 'zustand/*', 'zundo', 'idb-keyval', 'monaco-editor', 'monaco-editor/*', '@tanstack/*', 'comlink'], message: 'src/core is pure TypeScript: no UI, store or browser libraries.' },
            { group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'src/core runs in browsers and workers too: no Node built-ins.' },
            {
              regex: '^(?!\\.{1,2}/|(zod|papaparse|ipaddr\\.js|to-regex-range)$)',
              message: 'src/core imports only its allowlist of packages (zod, papaparse, ipaddr.js, to-regex-range; its tests also fast-check and vitest). Add a package here only on purpose.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'navigator', 'process', 'fetch', 'XMLHttpRequest', 'WebSocket', 'indexedDB', 'self', 'Buffer'],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-syntax': ['error', ...APP_SYNTAX],
    },
  },
  {
    // A feature keeps what must outlive its components in the store (e.g. `viewDrafts`), not in module
    // variables.
    files: ['src/app/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...APP_SYNTAX,
        NO_FEATURE_MODULE_STATE,
      ],
    },
  },
  {
    files: ['src/app/features/**/*.{ts,tsx}'],
    ignores: ['src/app/features/*/actions.ts', TEST_FILES],
    rules: { 'no-restricted-syntax': ['error', ...APP_SYNTAX, NO_FEATURE_MODULE_STATE, CHANGE_THROUGH_ACTIONS] },
  },
  {
    files: ['src/app/shell/**/*.{ts,tsx}', 'src/app/lib/**/*.{ts,tsx}'],
    ignores: ['src/app/lib/actions.ts', 'src/app/lib/*-actions.ts', TEST_FILES],
    rules: { 'no-restricted-syntax': ['error', ...APP_SYNTAX, CHANGE_THROUGH_ACTIONS] },
  },
  {
    // Core is pure: it keeps nothing between calls (ids come from the caller, the data, or `newId`).
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (DEVELOPERS.md principle 4).' },
        {
          selector: ':matches(Program, ExportNamedDeclaration) > VariableDeclaration[kind=/let|var/]',
          message: 'No module-level mutable state in core: take what varies from the caller (an id, a generator) or derive it from the data.',
        },
      ],
    },
  },
  {
    files: ['src/core/**/index.ts', 'src/app/lib/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program',
          message: 'No barrel in core or app/lib: each module is imported by its own file (docs/architecture.md, "Entry points").',
        },
      ],
    },
  },
);
