// npm run migration:generate -- <Name> | migration:check
// Builds a scratch database from the migrations and compares it with the entities.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { createDataSource } from '../src/db/data-source.js';
import { pendingSchemaSql, renderMigration, writeMigrationIndex, classNameOf } from '../src/db/migration-drift.js';
import { startScratchServer } from '../src/db/scratch-server.js';

const DIR = 'server/src/db/migrations';
const args = process.argv.slice(2).filter((a) => a !== '--');
const mode = args[0] === 'generate' ? 'generate' : 'check';
const name = args[1] ?? 'Change';

const server = await startScratchServer(loadConfig().databaseUrl);
let code = 0;
try {
  const db = await server.createDatabase('jukinet_migration');
  const ds = createDataSource({ url: server.urlOf(db) });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const sql = await pendingSchemaSql(ds);
    if (mode === 'check') {
      if (sql.up.length) {
        console.error(
          `entities and migrations disagree; run \`npm run migration:generate -- <Name>\`. Missing:\n${sql.up.join('\n')}`,
        );
        code = 1;
      } else console.log('migrations are in step with the entities');
    } else if (!sql.up.length) {
      console.log('nothing to generate: migrations are in step with the entities');
    } else {
      const file = `${Date.now()}-${name}.ts`;
      await writeFile(path.join(DIR, file), renderMigration(classNameOf(file), sql));
      await writeMigrationIndex(DIR);
      console.log(`wrote ${path.join(DIR, file)} (${sql.up.length} statements)`);
    }
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await server.dropDatabase(db);
  }
} finally {
  await server.stop();
}
process.exit(code);
