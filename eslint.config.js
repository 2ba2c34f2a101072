// Flat ESLint config: typescript-eslint's recommended rules for every layer, plus the
// project's own bans. Raw Electron IPC is confined to the two typed wrappers so that every
// message crosses the validated contract in shared/ipc.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const IPC_WRAPPERS = ['electron/host/main-ipc.ts', 'electron/preload.ts'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'release/**',
      'out/**',
      'test-results/**',
      '.vitest/**',
      'shared/protocol/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: IPC_WRAPPERS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Use the typed IPC wrappers (electron/host/main-ipc.ts, electron/preload.ts).',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'electron', property: 'ipcMain', message: 'Use the typed IPC wrappers.' },
        { object: 'electron', property: 'ipcRenderer', message: 'Use the typed IPC wrappers.' },
      ],
    },
  },
);
