import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_ELECTRON = { name: 'electron', message: 'main/hub and shared/ must not import electron.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The hub core is a plain Node library: the desktop shell depends on it, never the reverse.
    files: ['main/hub/**/*.ts', 'shared/**/*.ts', 'main/cli.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [NO_ELECTRON] }],
    },
  },
  {
    // HTTP is one adapter of the hub (main/hub/api/), put in front of it by compose.ts; the core
    // and the service layer know neither express nor the adapter.
    files: ['main/hub/**/*.ts'],
    ignores: ['main/hub/api/**', 'main/hub/compose.ts', 'main/hub/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_ELECTRON, { name: 'express', message: 'Only the HTTP adapter (main/hub/api/) uses express.' }],
          patterns: [{ group: ['**/api/*'], message: 'Only compose.ts puts the HTTP adapter (main/hub/api/) in front of the hub.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly' } },
  },
);
