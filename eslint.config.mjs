// ESLint 9 flat config. TypeScript (libs, src, test, bench) is linted with typescript-eslint's recommended rules plus
// the type-aware rules we rely on; type information comes from tsconfig.json through the project service, so every
// linted .ts file must be included by tsconfig.json. Plain JavaScript (scripts/*.js, jest.config.js) is CommonJS for
// Node and gets no type-aware rules. eslint-config-prettier comes last: formatting is Prettier's job.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const tsFiles = ['**/*.ts', '**/*.mts', '**/*.cts'];
const jsFiles = ['**/*.js', '**/*.cjs'];

export default defineConfig(
  globalIgnores(['**/dist/**', 'node_modules/**', 'coverage/**', 'data/**', '**/*.d.ts']),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // TypeScript: recommended + type-aware rules
  {
    files: tsFiles,
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      // This library sanitises HTML and URLs: matching C0 controls (NUL, WHATWG URL trimming) is deliberate.
      'no-control-regex': 'off',
      // A timer or handle declared before the closures that clear it, then assigned once, stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'all',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Jest globals for unit and e2e specs and their helpers
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
  },

  // CommonJS Node scripts and config files: no type information
  {
    files: jsFiles,
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'commonjs',
      ecmaVersion: 2022,
      globals: { ...globals.node },
    },
    rules: {
      'no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'all', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  // The embeddable widget: a classic script for browsers, served as it is
  {
    files: ['libs/webmention/src/render/widget/*.js'],
    languageOptions: { sourceType: 'script', ecmaVersion: 2020, globals: { ...globals.browser } },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'module', ecmaVersion: 2022, globals: { ...globals.node } },
  },

  prettier,
);
