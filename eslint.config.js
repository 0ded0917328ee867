// One linter for the whole tree. The layer rules of docs/ARCHITECTURE.md live here as
// import zones, so a parser that reaches for the store or a TUI file that reaches for
// capture code fails `npm run lint` instead of relying on review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';

const IO_MODULES = [
  'fs',
  'fs/promises',
  'net',
  'dgram',
  'child_process',
  'worker_threads',
  'http',
  'https',
  'os',
  'process',
].flatMap((m) => [m, `node:${m}`]);

const NATIVE_LOADERS = ['bindings', 'node-gyp-build', '**/native/**'];
const UI_PACKAGES = ['react', 'react/*', 'ink', 'ink-*'];

/** Zones for import-x/no-restricted-paths: `target` may not import from `from`. */
const layerZones = [
  // protocols are pure: they see only their own helpers, stream types and shared.
  {
    target: './src/collector/protocols',
    from: './src',
    except: ['./collector/protocols', './collector/stream', './shared'],
    message: 'protocol parsers are pure: only protocols/, collector/stream types and shared/.',
  },
  {
    target: './src/store',
    from: './src',
    except: ['./store', './shared'],
    message: 'store depends on shared/ only.',
  },
  {
    target: './src/pxl',
    from: './src',
    except: ['./pxl', './store', './shared'],
    message: 'pxl reads the store; it never sees capture, UI or CLI code.',
  },
  {
    target: './src/scripts',
    from: './src',
    except: ['./scripts', './pxl', './shared'],
    message: 'the script bundle loader reads script folders; it knows only pxl and shared.',
  },
  {
    target: './src/collector',
    from: ['./src/pxl', './src/tui', './src/cli', './src/format', './src/agent', './src/scripts'],
    message: 'collector writes to the store and knows nothing above it.',
  },
  {
    target: './src/tui',
    from: ['./src/collector', './src/cli', './src/agent'],
    message: 'the TUI renders query results and knows no capture code.',
  },
  {
    target: './src/format',
    from: ['./src/collector', './src/tui', './src/cli', './src/agent'],
    message: 'format renders query results only.',
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'native/build/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'import-x/no-default-export': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'no-console': 'error',
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: NATIVE_LOADERS,
              message: 'only collector/capture/ebpf loads the native addon.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/collector/protocols/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES,
          patterns: [{ group: NATIVE_LOADERS, message: 'protocols do no I/O.' }],
        },
      ],
    },
  },
  {
    // Parser tests read captures and run tshark; the parsers themselves stay pure.
    files: ['src/collector/protocols/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/store/**', 'src/pxl/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: UI_PACKAGES, message: 'store and pxl never import React or Ink.' },
            {
              group: NATIVE_LOADERS,
              message: 'only collector/capture/ebpf loads the native addon.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/collector/capture/ebpf/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The CLI, renderers, benches and tests talk to the terminal.
    files: ['src/cli/**', 'src/format/**', 'bench/**', 'test/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**', 'bench/**'],
    rules: {
      'max-lines': 'off',
      'max-lines-per-function': 'off',
      // `expect(() => call()).toThrow()` is the idiom.
      '@typescript-eslint/no-confusing-void-expression': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['vitest.config.ts', 'vitest.pcap-live.config.ts', 'eslint.config.js'],
    rules: { 'import-x/no-default-export': 'off' },
  },
  prettier,
);
