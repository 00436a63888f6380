// npm run bench — prints ratios against baselines measured in the same run (machines are shared
// and noisy: compare ratios, never absolute numbers). Exits 1 when a correctness check fails.
import { loadConfig } from '../server/src/config.js';
import { startScratchServer } from '../server/src/db/scratch-server.js';
import { benchAccessEvents } from './access-events.bench.js';
import { benchAuditVerify } from './audit-verify.bench.js';
import { benchAuditWrite } from './audit-write.bench.js';
import { benchCards } from './cards.bench.js';
import { benchIncidents } from './incidents.bench.js';
import { benchKiosk, kioskBuilt, quantile, WEB_DIST } from './kiosk.bench.js';
import { benchOplog } from './oplog.bench.js';
import { benchOplogMemory, printOplogMemory } from './oplog-memory.bench.js';
import { benchOplogQueries, printOplogQueries } from './oplog-queries.bench.js';
import { benchOrgChart } from './org-chart.bench.js';
import { benchRegister } from './register.bench.js';
import { benchRequestCost } from './request-cost.bench.js';
import { benchSecurityPlugins } from './security-plugins.bench.js';

// npm run bench -- [iterations (HTTP requests per variant, default 400)] [--writes=N (audit writes per case, default 2000)]
//                  [--only=request,chart,audit,security,access,verify,incidents,kiosk,oplog,register (default: all; kiosk needs `npm run build` first)]
//                  [--only=oplog-queries,oplog-memory (not in the default run: they generate millions of rows)]
//                  [--oplog-keep=NAME (keep the generated history in database NAME and reuse it next run)]
//                  [--oplog-plain=off (no plain indexed table beside the partitioned one)]
//                  [--oplog-rows=N (operation records per ingest, default 100000; of the generated history for
//                   oplog-queries, default 300000)] [--oplog-memory-rows=N (rows streamed to the endpoint, default 1000000)]
//                  [--oplog-memory-heap=MiB (the memory bench's server with --max-old-space-size: data held vs garbage)]
//                  [--verify-entries=N (audit entries verified while /healthz is timed, default 100000)]
const iterations = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 400);
const auditWrites = Number(
  /^--writes=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--writes=')) ?? '')?.[1] ?? 2000,
);
const verifyEntries = Number(
  /^--verify-entries=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--verify-entries=')) ?? '')?.[1] ?? 100_000,
);
const oplogRows = Number(
  /^--oplog-rows=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--oplog-rows=')) ?? '')?.[1] ?? 100_000,
);
const only = /^--only=(.+)$/.exec(process.argv.find((a) => a.startsWith('--only=')) ?? '')?.[1]?.split(',');
const runs = (part: string) => !only || only.includes(part);
const fmt = (n: number, digits = 0): string => n.toFixed(digits);
const server = await startScratchServer(loadConfig().databaseUrl);
let failed = false;
try {
  if (runs('request')) {
    const requests = iterations * 4;
    console.log(`# the cost of one request (${requests} per variant, 4 concurrent clients, alternating rounds)`);
    const r = await benchRequestCost(server, requests);
    console.log(`bare Apollo 5 + Fastify, { __typename }     ${fmt(r.barePerSec).padStart(6)} req/s  (baseline)`);
    console.log(
      `signed-in { me { staff { id } } } (createApp) ${fmt(r.signedInPerSec).padStart(6)} req/s  ` +
        `ratio = ${fmt(r.signedInPerSec / r.barePerSec, 3)} (goal ≥ 0.7)  SQL statements/request = ${r.statementsPerRequest}`,
    );
    console.log('');
  }
  if (runs('chart')) {
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
  }
  if (runs('audit')) {
    console.log(`\n# audit-chained write vs plain INSERT (${auditWrites} writes per case, one transaction each)`);
    for (const c of await benchAuditWrite(server, auditWrites)) {
      console.log(
        `${c.label.padEnd(24)}  plain ${fmt(c.plainPerSec).padStart(5)} writes/s  chained ${fmt(c.chainedPerSec).padStart(5)} writes/s  ` +
          `ratio chained/plain = ${fmt(c.chainedPerSec / c.plainPerSec, 3)}  chains ${c.chainsIntact ? 'intact' : 'BROKEN'}`,
      );
    }
  }
  if (runs('security')) {
    console.log(`\n# security plugins on one query (${iterations} sequential requests each, signed in)`);
    const sec = await benchSecurityPlugins(server, iterations);
    const rows: [string, number][] = [
      ['with all security plugins (createApp)', sec.withPerSec],
      ['without policy plugin + graphql-armor', sec.barePerSec],
      ['  … and allow-all auth checker', sec.bareAllowAllPerSec],
    ];
    for (const [label, perSec] of rows) console.log(`${label.padEnd(40)}  ${fmt(perSec).padStart(5)} req/s`);
    console.log(
      `ratio with/without (policy plugin + armor) = ${fmt(sec.withPerSec / sec.barePerSec, 3)}  ` +
        `ratio with/without (… + auth checker) = ${fmt(sec.withPerSec / sec.bareAllowAllPerSec, 3)}`,
    );
    console.log(
      `answers ${sec.sameAnswer ? 'identical' : 'DIFFER'} across the three; allow-all schema SDL ` +
        `${sec.sameSchema ? 'identical to createSchema()' : 'DIFFERS from createSchema() (allow-all variant not comparable)'}`,
    );
  }
  if (runs('access')) {
    const singles = Math.max(50, Math.round(iterations / 2));
    console.log(
      `\n# entry/exit register (A12.3): ${singles} single-event requests, 500-event batches, vs raw pg INSERT`,
    );
    const a = await benchAccessEvents(server, singles);
    console.log(`raw single-row INSERT            ${fmt(a.rawPerSec).padStart(6)} rows/s`);
    console.log(
      `one event per request            ${fmt(a.singlePerSec).padStart(6)} events/s  ratio = ${fmt(a.singlePerSec / a.rawPerSec, 3)} (goal ≥ 0.25)  ` +
        `SQL statements/request = ${a.statementsPerSingle}`,
    );
    console.log(
      `500-event batches                ${fmt(a.batchPerSec).padStart(6)} events/s  ratio = ${fmt(a.batchPerSec / a.rawPerSec, 3)} (goal ≥ 2)`,
    );
    console.log(`500 queued events ingested in    ${fmt(a.ingest500Seconds, 2)} s (goal ≤ 10 s)`);
    console.log(`… each with its door PIN         ${fmt(a.ingest500WithPinsSeconds, 2)} s (argon2id per event)`);
    console.log(`every event stored exactly once: ${a.storedOnce ? 'yes' : 'NO'}`);
    console.log('floor (same client, same request body):');
    console.log(
      `  bare Apollo 5 + Fastify, no DB ${fmt(a.floorNoDbPerSec).padStart(6)} req/s     ratio = ${fmt(a.floorNoDbPerSec / a.rawPerSec, 3)} to raw`,
    );
    console.log(
      `  … + event row & audit entry    ${fmt(a.floorWritePerSec).padStart(6)} events/s  ratio = ${fmt(a.floorWritePerSec / a.rawPerSec, 3)} to raw  ` +
        `(one transaction, 2 round trips)  ${a.floorStored ? 'all committed' : 'NOT ALL COMMITTED'}`,
    );
    console.log(
      `  one event per request / floor with write = ${fmt(a.singlePerSec / a.floorWritePerSec, 3)}  ` +
        `(ms per request: door ${fmt(1000 / a.singlePerSec, 2)}, floor ${fmt(1000 / a.floorWritePerSec, 2)}, ` +
        `no DB ${fmt(1000 / a.floorNoDbPerSec, 2)}, raw INSERT ${fmt(1000 / a.rawPerSec, 2)})`,
    );
    failed ||= !a.storedOnce || !a.floorStored;
  }
  if (runs('verify')) {
    console.log(`\n# /healthz while auditVerification(full: true) checks ${verifyEntries} entries (hardening §3)`);
    const v = await benchAuditVerify(server, verifyEntries);
    console.log(
      `/healthz idle                    p95 ${fmt(v.idleP95, 1).padStart(7)} ms  median ${fmt(v.idleMedian, 1)} ms`,
    );
    console.log(
      `/healthz during the verification p95 ${fmt(v.busyP95, 1).padStart(7)} ms  median ${fmt(v.busyMedian, 1)} ms  ` +
        `(${v.busySamples} requests)  ratio p95 busy/idle = ${fmt(v.busyP95 / v.idleP95, 2)}`,
    );
    console.log(
      `server event loop idle          delay p99 ${fmt(v.idleLoopDelayP99, 1).padStart(5)} ms  utilization ${fmt(v.idleLoopUtilization, 2)}  ` +
        `during: delay p99 ${fmt(v.busyLoopDelayP99, 1)} ms  utilization ${fmt(v.busyLoopUtilization, 2)}`,
    );
    console.log(`verification of ${v.entries} entries took ${fmt(v.verifyMs / 1000, 2)} s: ${v.ok ? 'ok' : 'NOT OK'}`);
    failed ||= !v.ok;
  }
  if (runs('incidents')) {
    const reports = Math.max(20, Math.round(iterations / 2));
    console.log(`\n# incidents on phones (issue 13 §5): ${reports} reports → Web Push, local push service decrypting`);
    const r = await benchIncidents(server, reports);
    const p = (v: number[], q: number): string => `${fmt(quantile(v, q), 1).padStart(6)} ms`;
    console.log(`report → push received            p50 ${p(r.reportMs, 0.5)}  p95 ${p(r.reportMs, 0.95)}`);
    console.log(`bare web-push send → received     p50 ${p(r.bareMs, 0.5)}  p95 ${p(r.bareMs, 0.95)}  (baseline)`);
    console.log(
      `ratio report:bare  p50 ${fmt(quantile(r.reportMs, 0.5) / quantile(r.bareMs, 0.5), 2)}  ` +
        `p95 ${fmt(quantile(r.reportMs, 0.95) / quantile(r.bareMs, 0.95), 2)}`,
    );
    console.log(
      `escalation → ${r.fanOut} devices          ${fmt(r.escalationFanOutMs, 1).padStart(6)} ms  ` +
        `bare ${r.fanOut} sends at once ${fmt(r.bareFanOutMs, 1)} ms  ratio = ${fmt(r.escalationFanOutMs / r.bareFanOutMs, 2)}`,
    );
    console.log(`every push arrived exactly once: ${r.exactlyOnce ? 'yes' : 'NO'}`);
    failed ||= !r.exactlyOnce;
  }
  if (runs('kiosk')) {
    const [taps, reloads] = [10, 5];
    console.log(
      `\n# door-tablet kiosk /door, built PWA + server in headless Chromium (${taps} taps, ${reloads} reloads)`,
    );
    if (!kioskBuilt()) {
      console.log(`skipped: ${WEB_DIST} or dist/server is missing: run \`npm run build\` first`);
    } else {
      const k = await benchKiosk(server, taps, reloads);
      const kB = (bytes: number): string => `${fmt(bytes / 1000, 1).padStart(6)} kB`;
      const ms = (v: number): string => `${fmt(v, 1).padStart(6)} ms`;
      const median = (v: number[]): number => quantile(v, 0.5);
      const row = (label: string, value: string, note: string): void =>
        console.log(`${label.padEnd(34)} ${value}  ${note}`);
      row('gzipped JS loaded by /door', kB(k.kioskJs.gzipBytes), `${k.kioskJs.files} files`);
      row('gzipped JS loaded by /signin', kB(k.signinJs.gzipBytes), `${k.signinJs.files} files (baseline)`);
      console.log(
        `ratio /door:/signin = ${fmt(k.kioskJs.gzipBytes / k.signinJs.gzipBytes, 3)}  ` +
          `budget 100 kB: ${k.kioskJs.gzipBytes <= 100_000 ? 'met' : 'NOT met'}`,
      );
      row('tap → saved, CPU 4×, median', ms(median(k.tapMs)), `p90 ${ms(quantile(k.tapMs, 0.9))}`);
      row('bare IndexedDB put, CPU 4×, median', ms(median(k.idbPutMs)), '(baseline, same page)');
      console.log(
        `ratio tap:put = ${fmt(median(k.tapMs) / median(k.idbPutMs), 2)}  ` +
          `goal ≤ 100 ms on a mid-range tablet: ${fmt(median(k.tapMs), 1)} ms here (informational)`,
      );
      row('offline reload /door, median', ms(median(k.offlineMs)), '(navigation → home screen usable)');
      row('offline precached icon, median', ms(median(k.offlineAssetMs)), '(navigation → load, baseline)');
      console.log(
        `ratio /door:icon = ${fmt(median(k.offlineMs) / median(k.offlineAssetMs), 2)}  ` +
          `budget 1 s: ${median(k.offlineMs) <= 1000 ? 'met' : 'NOT met'}`,
      );
      console.log(`every recorded event reached the server exactly once: ${k.storedOnce ? 'yes' : 'NO'}`);
      failed ||= !k.storedOnce;
    }
  }
  if (runs('oplog')) {
    console.log(`\n# operation-history ingest (A20.1), ${oplogRows} CSV rows, best of 3 alternating rounds`);
    const o = await benchOplog(server, oplogRows);
    const row = (label: string, perSec: number, note: string) =>
      console.log(`${label.padEnd(44)} ${fmt(perSec).padStart(8)} rows/s  ${note}`);
    const vs = (perSec: number) =>
      `ratio = ${fmt(perSec / o.rawPerSec, 3)} to raw, ${fmt(perSec / o.floorPerSec, 3)} to the floor`;
    row('raw COPY, unpartitioned, unindexed table', o.rawPerSec, '(baseline)');
    row(
      'floor: parsed rows into operation_record',
      o.floorPerSec,
      `ratio = ${fmt(o.floorPerSec / o.rawPerSec, 3)} to raw (its indexes and partitions; no staging, no summary)`,
    );
    row(
      'POST /api/oplog/batches/:sourceId (HTTP)',
      o.endpointPerSec,
      `${vs(o.endpointPerSec)} (goal ≥ 0.5 of raw: beyond the indexes, see docs/oplog.md)`,
    );
    row('oplog:import (chunks of 100 000 lines)', o.importPerSec, vs(o.importPerSec));
    console.log(`every row stored exactly once per batch: ${o.storedOnce ? 'yes' : 'NO'}`);
    failed ||= !o.storedOnce;
  }
  if (only?.includes('oplog-queries')) {
    const rows = process.argv.some((a) => a.startsWith('--oplog-rows=')) ? oplogRows : 300_000;
    console.log(
      `\n# operation-history reads on a generated 7-year history (${rows} rows), partitioned vs plain indexed table`,
    );
    const keep = /^--oplog-keep=(\w+)$/.exec(process.argv.find((a) => a.startsWith('--oplog-keep=')) ?? '')?.[1];
    const plain = !process.argv.includes('--oplog-plain=off');
    failed ||= !printOplogQueries(await benchOplogQueries(server, rows, undefined, { keep, plain }));
  }
  if (only?.includes('oplog-memory')) {
    const rows = Number(
      /^--oplog-memory-rows=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--oplog-memory-rows=')) ?? '')?.[1] ??
        1_000_000,
    );
    const heap = /^--oplog-memory-heap=(\d+)$/.exec(
      process.argv.find((a) => a.startsWith('--oplog-memory-heap=')) ?? '',
    )?.[1];
    console.log(
      `\n# server memory while ${rows} rows are streamed through POST /api/oplog/batches/:sourceId` +
        (heap ? ` (server's V8 old space limited to ${heap} MiB)` : ''),
    );
    failed ||= !printOplogMemory(await benchOplogMemory(server, rows, heap ? Number(heap) : undefined));
  }
  if (runs('register')) {
    console.log('\n# configuration register (issue 14 §5): import vs raw INSERT, search p95, statements per page');
    const r = await benchRegister(server);
    const ratio = r.rawInsertMs / r.importMs;
    console.log(
      `import ${r.items} items (GraphQL, checked, change records, audited) ${fmt(r.importMs)} ms  ` +
        `raw multi-row INSERT ${fmt(r.rawInsertMs)} ms  ratio import/raw = ${fmt(ratio, 3)} (goal ≥ 0.3)  ` +
        `${r.imported ? 'all stored' : 'NOT STORED'}`,
    );
    console.log(
      `register search over ${r.items} items: p95 ${fmt(r.searchP95Ms, 1)} ms (${r.searches} searches, 50 a page)`,
    );
    const [small, large] = r.statementsPerPage;
    const flat = small.statements === large.statements;
    console.log(
      `SQL statements per page N=${small.n} vs N=${large.n}: ${small.statements} vs ${large.statements} → ${flat ? 'flat (no N+1)' : 'NOT FLAT (N+1)'}`,
    );
    failed ||= !flat || !r.imported;
  }
  if (runs('cards')) {
    const rows = 3000;
    console.log(`\n# transfer rounds (issue 15 §3): a ${rows}-row personnel file, one import each`);
    const c = await benchCards(server, rows);
    const perSec = (ms: number) => (rows / ms) * 1000;
    const row = (label: string, ms: number, note: string) =>
      console.log(`${label.padEnd(52)} ${fmt(ms).padStart(7)} ms ${fmt(perSec(ms)).padStart(8)} rows/s  ${note}`);
    row('raw multi-row INSERT of the same rows', c.rawMs, '(baseline)');
    row(
      'import, dated later (checked, stored, scheduled)',
      c.importScheduleMs,
      `ratio = ${fmt(c.rawMs / c.importScheduleMs, 3)}`,
    );
    row(
      'import, dated today (moved + tasks opened at once)',
      c.importOpenMs,
      `ratio = ${fmt(c.rawMs / c.importOpenMs, 3)} (goal ≥ 0.2), ${c.tasksOpened} tasks opened`,
    );
    const [a, b] = c.statementsPerPage;
    console.log(
      `round view, statements per page of 100: ${a.moves} moves → ${a.statements}, ${b.moves} moves → ${b.statements}: ` +
        (a.statements === b.statements ? 'flat' : 'NOT FLAT'),
    );
    failed ||= a.statements !== b.statements;
  }
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
