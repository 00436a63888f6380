// The web's typed operations: each web/src/features/<domain>/**/<name>.graphql (one per use case, its
// fragments beside the operations that spread them), validated against the committed schema.graphql,
// becomes web/src/generated/<name>.ts (run through web/scripts/codegen.ts: `npm run codegen`, checked
// by `npm run codegen:check`). Base names are unique across features.
//
// documentMode 'string': each operation is a TypedDocumentString, a String that carries its result
// and variables types. The bundle holds only the query text and a ten-line class (no GraphQL parser,
// no AST, no client library); enums are string unions (no runtime objects). One output per .graphql
// file, because a bundler puts a module in one chunk whole: a single file of every operation would
// land in the first load (the door kiosk's too, budget 100 kB) as soon as the session query is in it.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';

const FEATURES = 'web/src/features';
export const GENERATED_DIR = 'web/src/generated';

const output = {
  plugins: ['typescript-operations', 'typed-document-node'],
  config: {
    documentMode: 'string',
    pureMagicComment: true,
    enumsAsTypes: true,
    useTypeImports: true,
    onlyOperationTypes: true,
    skipTypename: true,
    inlineFragmentTypes: 'combine',
    avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
    scalars: {
      ID: { input: 'string', output: 'string' },
      DateTimeISO: 'string',
      LocalDate: 'string',
      JSON: 'unknown',
      JSONObject: 'Record<string, unknown>',
    },
  },
} satisfies CodegenConfig['generates'][string];

const documents = readdirSync(FEATURES, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.graphql'))
  .sort();
// The output is named by the file's base name alone: two of one name would overwrite each other.
const seen = new Map<string, string>();
for (const f of documents) {
  const other = seen.get(path.basename(f));
  if (other)
    throw new Error(`${FEATURES}/${f} and ${FEATURES}/${other} would both generate ${path.basename(f, '.graphql')}.ts`);
  seen.set(path.basename(f), f);
}

const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: Object.fromEntries(
    documents.map((f) => [
      `${GENERATED_DIR}/${path.basename(f, '.graphql')}.ts`,
      { ...output, documents: [`${FEATURES}/${f}`] },
    ]),
  ),
};
export default config;
