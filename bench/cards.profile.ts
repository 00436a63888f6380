// Profile driver for the transfer import (issue 15 §3, bench --only=cards), not part of `npm run bench`:
// runs the cards bench once and prints, for the import dated today only, each statement's time as
// the client sees it (send → answer, grouped by its first words) and the heaviest frames of a CPU
// profile of the same import.
//   node node_modules/vite-node/dist/cli.mjs bench/cards.profile.ts [rows (default 3000)]
//   PROFILE=/tmp/cards.cpuprofile …   also writes the CPU profile (open in Chrome DevTools)
import { readFileSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import { performance } from 'node:perf_hooks';
import type { QueryRunner } from 'typeorm';
import { loadConfig } from '../server/src/config.js';
import { CountingLogger } from '../server/src/db/query-counter.js';
import { startScratchServer } from '../server/src/db/scratch-server.js';
import { benchCards } from './cards.bench.js';
import { topFrames, type CpuProfile } from './profile-frames.js';

const rows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3000);

/** Times every statement while `on`: TypeORM reports a statement's time to logQuerySlow past maxQueryExecutionTime. */
/** And the CPU time of the statement's backend (from /proc): on a loaded machine wall times swing. */
class TimingLogger extends CountingLogger {
  on = false;
  private cpuAt = new Map<number, number>();
  readonly timed = new Map<string, { n: number; ms: number; cpuMs: number }>();
  /** CPU time (ms) of a backend so far */
  private cpu(runner?: QueryRunner): [number, number] {
    const pid = (runner as unknown as { databaseConnection?: { processID?: number } })?.databaseConnection?.processID;
    if (!pid) return [0, 0];
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return [pid, (Number(f[11]) + Number(f[12])) * 10];
  }
  override logQuery(query: string, parameters?: unknown[], runner?: QueryRunner): void {
    // every statement is "slow" past a nanosecond while on: TypeORM reads the option after each query
    if (runner)
      (runner.connection.options as { maxQueryExecutionTime?: number }).maxQueryExecutionTime = this.on ? 1e-6 : 1000;
    if (this.on) {
      const [pid, ms] = this.cpu(runner);
      this.cpuAt.set(pid, ms);
    }
    super.logQuery(query, parameters, runner);
  }
  override logQuerySlow(time: number, query: string, _parameters?: unknown[], runner?: QueryRunner): void {
    if (!this.on) return;
    const [pid, ms] = this.cpu(runner);
    const k = query.replace(/\s+/g, ' ').trim().slice(0, 100);
    const t = this.timed.get(k) ?? { n: 0, ms: 0, cpuMs: 0 };
    t.n++;
    t.ms += time;
    t.cpuMs += ms - (this.cpuAt.get(pid) ?? ms);
    this.timed.set(k, t);
  }
}

const logger = new TimingLogger();
const session = new inspector.Session();
session.connect();
const post = <T>(method: string, params?: object) =>
  new Promise<T>((resolve, reject) =>
    session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))),
  );
const server = await startScratchServer(loadConfig().databaseUrl);
let profile: CpuProfile | undefined;
let wall = 0;
let nodeCpu = 0;
try {
  await benchCards(server, rows, {
    logger,
    aroundOpen: async (run) => {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
      logger.on = true;
      const node0 = process.cpuUsage();
      const t0 = performance.now();
      try {
        return await run();
      } finally {
        wall = performance.now() - t0;
        const node = process.cpuUsage(node0);
        nodeCpu = (node.user + node.system) / 1000;
        logger.on = false;
        profile = (await post<{ profile: CpuProfile }>('Profiler.stop')).profile;
      }
    },
  });
} finally {
  await server.stop();
}
const all = [...logger.timed.values()].reduce((a, t) => a + t.ms, 0);
const dbCpu = [...logger.timed.values()].reduce((a, t) => a + t.cpuMs, 0);
console.log(
  `import dated today, ${rows} rows: ${wall.toFixed(0)} ms wall, ${all.toFixed(0)} ms in SQL statements (wall); ` +
    `CPU: database ${dbCpu.toFixed(0)} ms (its statements' backend), Node ${nodeCpu.toFixed(0)} ms (with the profiler's own)`,
);
console.log('    wall  db CPU  statements');
for (const [q, t] of [...logger.timed].sort((a, b) => b[1].cpuMs - a[1].cpuMs || b[1].ms - a[1].ms).slice(0, 25))
  console.log(
    `${t.ms.toFixed(0).padStart(6)} ms ${t.cpuMs.toFixed(0).padStart(5)} ms ${String(t.n).padStart(3)}×  ${q}`,
  );
if (profile) {
  if (process.env.PROFILE) writeFileSync(process.env.PROFILE, JSON.stringify(profile));
  console.log(topFrames(profile, 25));
}
