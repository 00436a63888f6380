// The web's typed operations: web/src/features/**/*.graphql, validated against the committed
// schema.graphql, become web/src/generated/graphql.ts (run through web/scripts/codegen.ts:
// `npm run codegen`, checked by `npm run codegen:check`).
//
// documentMode 'string': each operation is a TypedDocumentString, a String that carries its result
// and variables types. The bundle holds only the query text and a ten-line class (no GraphQL parser,
// no AST, no client library), marked pure so a route keeps only the operations it imports: the door
// kiosk stays within its 100 kB. Enums are string unions (no runtime objects).
import type { CodegenConfig } from '@graphql-codegen/cli';

export const GENERATED_OPERATIONS = 'web/src/generated/graphql.ts';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['web/src/features/**/*.graphql'],
  generates: {
    [GENERATED_OPERATIONS]: {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        documentMode: 'string',
        pureMagicComment: true,
        enumsAsTypes: true,
        useTypeImports: true,
        onlyOperationTypes: true,
        skipTypename: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: {
          ID: { input: 'string', output: 'string' },
          DateTimeISO: 'string',
          LocalDate: 'string',
          JSON: 'unknown',
          JSONObject: 'Record<string, unknown>',
        },
      },
    },
  },
};
export default config;
