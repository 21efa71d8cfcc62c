import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';

/**
 * Imports flow one way (DEVELOPERS.md principle 1):
 * core → app store and workers → features → app shell. No feature imports another.
 */
const elements = [
  { type: 'core', pattern: 'src/core' },
  { type: 'cli', pattern: 'src/cli' },
  { type: 'store', pattern: 'src/app/store' },
  { type: 'workers', pattern: 'src/app/workers' },
  { type: 'lib', pattern: 'src/app/lib' },
  { type: 'feature', pattern: 'src/app/features/*', capture: ['feature'] },
  { type: 'shell', pattern: 'src/app/shell' },
];

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
    files: ['src/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
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
              regex: '^(?!\\.{1,2}/|(zod|papaparse|ipaddr\\.js|to-regex-range|fast-check)$)',
              message: 'src/core imports only its allowlist of packages (zod, papaparse, ipaddr.js, to-regex-range; fast-check in test helpers). Add a package here only on purpose.',
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
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (DEVELOPERS.md principle 4).' },
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No HTML from data.' },
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'No HTML from data.' },
      ],
    },
  },
);
