// npm run schema:emit | schema:check
import { writeFile } from 'node:fs/promises';
import { createSchema } from '../src/composition/schema.js';
import { renderSchemaFile, schemaFileDrift } from '../src/schema-file.js';

const FILE = 'schema.graphql';
const mode = process.argv.includes('check') ? 'check' : 'emit';
const schema = await createSchema();
if (mode === 'emit') {
  await writeFile(FILE, renderSchemaFile(schema));
  console.log(`wrote ${FILE}`);
} else {
  const drift = await schemaFileDrift(schema, FILE);
  if (drift) {
    console.error(drift);
    process.exit(1);
  }
  console.log(`${FILE} is up to date`);
}
