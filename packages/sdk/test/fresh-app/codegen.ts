import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'node_modules/@binh-dang/sdk/schema.graphql',
  documents: ['src/**/*.ts', '!src/gql/**'],
  // Relative imports with .js extensions, as NodeNext requires.
  emitLegacyCommonJSImports: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        // The API's Date is an ISO calendar date, YYYY-MM-DD, sent and received as a string.
        scalars: { Date: 'string' },
        defaultScalarType: 'unknown',
      },
    },
  },
};

export default config;
