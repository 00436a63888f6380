// npm run oplog:plans | oplog:plans:check
// Builds a scratch database from the migrations, fills the operation history with a fixed dataset
// and writes (or compares) the EXPLAIN plans of its statements: server/src/modules/oplog/oplog.plans.sql.
import { readFile, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createDataSource } from '../src/db/data-source.js';
import { startScratchServer } from '../src/db/scratch-server.js';
import { PLANS_FILE, renderPlans } from '../src/modules/oplog/index.js';

const mode = process.argv.includes('check') ? 'check' : 'emit';
const server = await startScratchServer(loadConfig().databaseUrl);
let code = 0;
try {
  const db = await server.createDatabase('jukinet_oplog_plans');
  try {
    const ds = createDataSource({ url: server.urlOf(db) });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    const client = new pg.Client({ connectionString: server.urlOf(db) });
    await client.connect();
    let text: string;
    try {
      text = await renderPlans(client);
    } finally {
      await client.end();
    }
    if (mode === 'emit') {
      await writeFile(PLANS_FILE, text);
      console.log(`wrote ${PLANS_FILE}`);
    } else {
      const committed = await readFile(PLANS_FILE, 'utf8').catch(() => '');
      if (committed !== text) {
        const a = committed.split('\n');
        const b = text.split('\n');
        const i = b.findIndex((l, k) => l !== a[k]);
        console.error(
          `${PLANS_FILE} is out of date (first difference at line ${i + 1}):\n  committed: ${a[i]}\n  now:       ${b[i]}\nrun \`npm run oplog:plans\` and review the plans`,
        );
        code = 1;
      } else console.log(`${PLANS_FILE} is up to date`);
    }
  } finally {
    await server.dropDatabase(db);
  }
} finally {
  await server.stop();
}
process.exit(code);
