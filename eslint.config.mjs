// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/vscode and src/adapters may talk to the editor.' };
const noAxios = { name: 'axios', message: 'src/core is pure: HTTP lives in src/adapters.' };
const noFs = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
  name,
  message: 'src/core is pure: it takes text and returns values; files live in src/adapters.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'dist-vsix/**', 'node_modules/**', 'demo/**', 'test/fixtures/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Use crypto for anything that must be unpredictable.' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode, noAxios, ...noFs], patterns: [{ group: ['**/adapters/**', '**/vscode/**'], message: 'src/core depends on nothing outside itself.' }] }],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ ...noVscode, message: 'src/services is vscode-free: the command line and the agents use it too.' }], patterns: [{ group: ['**/vscode/**'], message: 'src/services is vscode-free: the command line and the agents use it too.' }] }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ ...noVscode, message: 'The command line runs without the editor.' }, { ...noAxios, message: 'The command line works offline: no HTTP.' }], patterns: [{ group: ['**/vscode/**'], message: 'The command line runs without the editor: use src/services.' }] }],
    },
  },
  {
    files: ['src/shared/**/*.ts', 'webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: ['**/adapters/**', '**/vscode/**'], message: 'Only the protocol in src/shared crosses to the webview.' }] }],
    },
  },
);
