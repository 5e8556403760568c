// Lint rules that keep the architecture visible: one importer per dependency,
// no floating promises, no bare localStorage, no stray console.log.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const restrictedDeps = {
  paths: [
    {
      name: 'peerjs',
      message: 'Only src/peers/peerjs/ may import peerjs; use the Transport interface.',
    },
    { name: 'dexie', message: 'Only src/db/ may import dexie; use the repository functions.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', '.wrangler', 'test-results', 'playwright-report', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      'no-restricted-imports': ['error', restrictedDeps],
      'no-restricted-globals': [
        'error',
        { name: 'localStorage', message: 'Use the settings repository (IndexedDB).' },
      ],
      'no-console': ['error', { allow: ['warn', 'error', 'info', 'debug'] }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/peers/peerjs/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: restrictedDeps.paths.filter((p) => p.name !== 'peerjs') },
      ],
    },
  },
  {
    files: ['src/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: restrictedDeps.paths.filter((p) => p.name !== 'dexie') },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['bench/**', 'scripts/**', 'tests/**'],
    rules: { 'no-console': 'off' },
  },
);
