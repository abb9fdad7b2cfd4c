import type { CodegenConfig } from '@graphql-codegen/cli';

/** Generates typed documents for the SDK's operations from the committed schema contract. */
const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents: ['src/operations/*.graphql'],
  ignoreNoDocuments: false,
  // ESM with NodeNext resolution needs explicit .js extensions in relative imports.
  emitLegacyCommonJSImports: false,
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        avoidOptionals: { field: true, inputValue: false, object: false },
        scalars: { Date: 'string' },
        defaultScalarType: 'unknown',
      },
    },
  },
};

export default config;
