import { randomBytes } from 'node:crypto';
// Audit-chained write (AuditTrailService.record: lock the stream head, insert the entry, move the
// head) against a plain single-row INSERT, each in its own transaction through the same TypeORM
// DataSource, at 1 writer, 8 writers on 8 streams (one per actor: the design) and 8 writers on ONE
// stream (what a shared chain would cost). Plain and chained runs alternate in rounds so that
// drift on a noisy machine hits both alike.
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../server/src/db/data-source.js';
import type { ScratchServer } from '../server/src/db/scratch-server.js';
import { ActorType, AuditOutcome } from '../server/src/shared/audit.js';
import { AuditTrailService } from '../server/src/modules/audit-trail/audit-trail.service.js';

const ROUNDS = 4;
const WRITERS = 8;

export interface AuditWriteCase {
  label: string;
  writers: number;
  plainPerSec: number;
  chainedPerSec: number;
  /** entries in the chained case's streams === sum of their heads' seq (no lost or doubled link) */
  chainsIntact: boolean;
}

/** One write by writer w (0-based), its n-th overall. */
type Write = (writer: number, n: number) => Promise<unknown>;

/** Runs `total` writes split over `writers` concurrent loops; returns elapsed milliseconds. */
async function runWriters(writers: number, total: number, write: Write): Promise<number> {
  const each = Math.ceil(total / writers);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < each; i++) await write(w, w * each + i);
    }),
  );
  return performance.now() - t0;
}

/** Warm-up, then ROUNDS alternating rounds of plain and chained; writes/s of each. */
async function compare(
  writers: number,
  total: number,
  plain: Write,
  chained: Write,
): Promise<{ plainPerSec: number; chainedPerSec: number }> {
  const warmUp = Math.max(writers, Math.min(200, Math.floor(total / 10)));
  await runWriters(writers, warmUp, plain);
  await runWriters(writers, warmUp, chained);
  const perRound = Math.ceil(total / ROUNDS / writers) * writers;
  let plainMs = 0;
  let chainedMs = 0;
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate who goes first.
    if (r % 2 === 1) chainedMs += await runWriters(writers, perRound, chained);
    plainMs += await runWriters(writers, perRound, plain);
    if (r % 2 === 0) chainedMs += await runWriters(writers, perRound, chained);
  }
  const done = perRound * ROUNDS;
  return { plainPerSec: done / (plainMs / 1000), chainedPerSec: done / (chainedMs / 1000) };
}

async function chainsIntact(ds: DataSource, streams: string[]): Promise<boolean> {
  const [row] = (await ds.query(
    `SELECT (SELECT count(*) FROM audit_entry WHERE stream = ANY($1))::int AS entries,
            (SELECT coalesce(sum(seq), 0) FROM audit_stream_head WHERE stream = ANY($1))::int AS links`,
    [streams],
  )) as { entries: number; links: number }[];
  return row.entries === row.links;
}

export async function benchAuditWrite(server: ScratchServer, totalWrites: number): Promise<AuditWriteCase[]> {
  const name = await server.createDatabase('jukinet_bench');
  const ds = createDataSource({ url: server.urlOf(name), poolSize: WRITERS + 4 });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await ds.query(
      `CREATE TABLE bench_plain (id bigserial PRIMARY KEY, actor text NOT NULL, action text NOT NULL,
         payload jsonb, at timestamptz NOT NULL DEFAULT now())`,
    );
    const audit = new AuditTrailService(ds, randomBytes(32));
    const plain: Write = (w, n) =>
      ds.transaction((em) =>
        em.query(`INSERT INTO bench_plain (actor, action, payload) VALUES ($1, $2, $3)`, [
          `STAFF:bench-plain-${w}`,
          'Bench.write',
          JSON.stringify({ n: [n - 1, n] }),
        ]),
      );
    const chainedAs =
      (actorOf: (w: number) => string): Write =>
      (w, n) =>
        ds.transaction((em) =>
          audit.record(em, {
            actor: { type: ActorType.STAFF, id: actorOf(w) },
            action: 'Bench.write',
            outcome: AuditOutcome.OK,
            targetType: 'Bench',
            targetId: String(n),
            changes: { n: [n - 1, n] },
          }),
        );
    const cases: { label: string; writers: number; actors: string[]; actorOf: (w: number) => string }[] = [
      { label: '1 writer', writers: 1, actors: ['bench-solo'], actorOf: () => 'bench-solo' },
      {
        label: `${WRITERS} writers, own streams`,
        writers: WRITERS,
        actors: Array.from({ length: WRITERS }, (_, w) => `bench-own-${w}`),
        actorOf: (w) => `bench-own-${w}`,
      },
      {
        label: `${WRITERS} writers, one stream`,
        writers: WRITERS,
        actors: ['bench-shared'],
        actorOf: () => 'bench-shared',
      },
    ];
    const results: AuditWriteCase[] = [];
    for (const c of cases) {
      const rates = await compare(c.writers, totalWrites, plain, chainedAs(c.actorOf));
      const intact = await chainsIntact(
        ds,
        c.actors.map((a) => `${ActorType.STAFF}:${a}`),
      );
      results.push({ label: c.label, writers: c.writers, ...rates, chainsIntact: intact });
    }
    return results;
  } finally {
    await ds.destroy();
    await server.dropDatabase(name);
  }
}
