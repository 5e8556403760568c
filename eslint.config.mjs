// Lint rules that keep the architecture visible: one importer per dependency,
// no floating promises, no bare localStorage, no stray console.log, and the
// screens' and the runtime's timers on an injected clock.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const depPaths = [
  {
    name: 'peerjs',
    message: 'Only src/peers/peerjs/ may import peerjs; use the Transport interface.',
  },
  { name: 'dexie', message: 'Only src/db/ may import dexie; use the repository functions.' },
];

/** A relative import that climbs out of its folder into one of `layers`. */
const upward = (layers, rule) => ({
  regex: `^(\\.\\./)+(${layers.join('|')})(/|$)`,
  message: `Layers: ${rule} (docs/architecture.md).`,
});

/** Test support: tests, benches and tests/e2e may import it; production code may not. */
const testSupport = {
  regex:
    '(^|/)(testing|fake[^/]*|[^/]*\\.test|transportChecks|contractHelpers|transportContract)(/|\\.|$)',
  message:
    'Production code does not import test support (testing, fake*, *.test, contract checks).',
};
const testFiles = [
  'src/**/*.test.ts',
  'src/**/*.test.tsx',
  'src/**/testing.ts',
  'src/**/testing/**',
  'src/**/fake*.ts',
  'src/peers/transportChecks.ts',
  'src/peers/contractHelpers.ts',
  'src/peers/transportContract.ts',
];

/**
 * The layers, lowest first: lib imports nothing of ours; db imports lib;
 * peers imports db and lib; runtime imports peers, db and lib; ui (and the
 * entry points) import any of them. `allow` names the one dependency a folder owns.
 */
const layers = [
  {
    files: ['src/lib/**'],
    patterns: [upward(['db', 'peers', 'runtime', 'ui', 'sw'], 'src/lib imports nothing of ours')],
  },
  {
    files: ['src/db/**'],
    allow: ['dexie'],
    patterns: [upward(['peers', 'runtime', 'ui', 'sw'], 'src/db imports only src/lib')],
  },
  {
    files: ['src/peers/**'],
    patterns: [upward(['runtime', 'ui', 'sw'], 'src/peers imports only src/db and src/lib')],
  },
  {
    files: ['src/peers/peerjs/**'],
    allow: ['peerjs'],
    patterns: [upward(['runtime', 'ui', 'sw'], 'src/peers imports only src/db and src/lib')],
  },
  {
    files: ['src/runtime/**'],
    patterns: [upward(['ui', 'sw'], 'src/runtime imports only src/peers, src/db and src/lib')],
  },
  { files: ['src/ui/**', 'src/sw/**', 'src/main.tsx'], patterns: [] },
];

/** One no-restricted-imports setting: the dependencies not owned here and the patterns refused. */
const restricted = (allow, patterns) => [
  'error',
  { paths: depPaths.filter((p) => !allow.includes(p.name)), patterns },
];

// Each folder's production files keep to their layer and import no test
// support; its tests keep to the layer too but may import test support.
const layerConfigs = layers.flatMap(({ files, allow = [], patterns }) => [
  {
    files,
    ignores: testFiles,
    rules: { 'no-restricted-imports': restricted(allow, [...patterns, testSupport]) },
  },
  {
    // An inner array matches a file that matches all of its globs.
    files: files.flatMap((dir) => testFiles.map((test) => [dir, test])),
    rules: { 'no-restricted-imports': restricted(allow, patterns) },
  },
]);

const noLocalStorage = {
  name: 'localStorage',
  message: 'Use the settings repository (IndexedDB).',
};
/** The screens and the runtime time things on a Clock (src/lib/clock.ts), so tests can fake it. */
const timerGlobals = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'].map((name) => ({
  name,
  message: 'Use a Clock from src/lib/clock.ts (systemClock in the app, a fake in tests).',
}));

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
      'no-restricted-imports': restricted([], []),
      'no-restricted-globals': ['error', noLocalStorage],
      'no-console': ['error', { allow: ['warn', 'error', 'info', 'debug'] }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  ...layerConfigs,
  {
    files: ['src/ui/**', 'src/runtime/**'],
    ignores: testFiles,
    rules: { 'no-restricted-globals': ['error', noLocalStorage, ...timerGlobals] },
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
