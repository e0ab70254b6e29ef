import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'web/dist/', 'drizzle/', 'coverage/', '.vitest-reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Architecture boundary: the domain of a module is pure. It may name platform types, never call platform
    // code (database, HTTP, clock, keys), nor reach into another module's internals.
    files: ['src/modules/*/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/platform/**', '**/platform'],
              allowTypeImports: true,
              message: 'Domain code imports nothing from platform but types (ARCHITECTURE.md).',
            },
            {
              group: [
                'fastify',
                'fastify/**',
                'drizzle-orm',
                'drizzle-orm/**',
                'pg',
                '@electric-sql/pglite',
                'node:crypto',
                'node:fs',
                'node:fs/**',
              ],
              allowTypeImports: true,
              message:
                'Domain code is pure: pass database, HTTP, time, randomness and keys in as parameters.',
            },
          ],
        },
      ],
    },
  },
  {
    // The web app is built for the browser: it shares contracts with the server, never server code — except a
    // module's pure domain (no platform, database, node:crypto or node:fs, enforced above), which the browser
    // may run as is: the public draw page checks an inclusion proof with the server's own Merkle code.
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/platform/**', '**/src/modules/*/*', '!**/src/modules/*/domain'],
              message: 'The web app imports contracts/ and pure domain code only.',
            },
          ],
        },
      ],
    },
  },
);
