// npm run bench — prints ratios against baselines measured in the same run (machines are shared
// and noisy: compare ratios, never absolute numbers). Exits 1 when a correctness check fails.
import { loadConfig } from '../server/src/config.js';
import { startScratchServer } from '../server/src/db/scratch-server.js';
import { benchOrgChart } from './org-chart.bench.js';

const iterations = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 400);
const server = await startScratchServer(loadConfig().databaseUrl);
let failed = false;
try {
  console.log(`# organisation chart (${iterations} sequential requests each, PostgreSQL: ${server.kind})`);
  const results = [];
  for (const staff of [10, 100]) results.push(await benchOrgChart(server, staff, iterations));
  for (const r of results) {
    console.log(
      `staff=${String(r.staff).padStart(3)}  full stack ${r.fullStackPerSec.toFixed(0)} req/s  ` +
        `raw pg ${r.rawPerSec.toFixed(0)} q/s  ratio full/raw = ${(r.fullStackPerSec / r.rawPerSec).toFixed(3)}  ` +
        `SQL statements/request = ${r.statementsPerRequest}`,
    );
  }
  const [small, large] = results;
  const equal = small.statementsPerRequest === large.statementsPerRequest;
  console.log(
    `statements/request 10 vs 100 staff: ${small.statementsPerRequest} vs ${large.statementsPerRequest} → ${equal ? 'equal (no N+1)' : 'NOT EQUAL (N+1)'}`,
  );
  failed ||= !equal;
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
