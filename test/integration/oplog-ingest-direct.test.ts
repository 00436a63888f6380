// A20.1, issue 16 Bench: a batch none of whose lines can be stored yet is COPYed straight into
// operation_record in its transaction (no staging table). A row of a month with no partition sends
// the batch through the stage after its months get their partitions, outside the transaction; a
// batch that fails midway stores nothing; batches of two sources stream at the same time. Whatever
// path a batch takes, every line is stored once and operation_day equals its recomputation.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DAYS_OF_RECORDS } from '../../server/src/modules/oplog/oplog.sql.js';
import { SYSTEM_META } from '../../server/src/shared/audited.js';
import { useTestApp } from '../helpers/app.js';
import { CSV_HEADER } from '../helpers/oplog.js';
import { aroundPgQueries } from '../helpers/pg-spy.js';

const f = useTestApp({ seed: false, now: () => new Date('2026-11-26T01:00:00Z') });

const q = (sql: string, params: unknown[] = []) => f.t.db.dataSource.query(sql, params);
const summary = () =>
  q(`SELECT "day", "operatorId", "records", "firstAt", "lastAt", "hours" FROM operation_day ORDER BY 1, 2`);
const recomputed = () => q(DAYS_OF_RECORDS);
const lines = async (sourceId: string) =>
  (
    (await q(`SELECT line FROM operation_record WHERE "sourceId" = $1 ORDER BY line`, [sourceId])) as { line: number }[]
  ).map((r) => r.line);
const partitionOf = async (month: string) =>
  ((await q(`SELECT to_regclass($1) IS NOT NULL AS made`, [`operation_record_${month}`])) as { made: boolean }[])[0]
    .made;
const sourceRow = (sourceId: string) =>
  q(`SELECT batches, stored::int AS stored FROM operation_source WHERE id = $1`, [sourceId]);
const okAudits = (sourceId: string) =>
  q(
    `SELECT changes -> 'stored' ->> 1 AS stored FROM audit_entry
      WHERE action = 'Ingest.operationRecords' AND outcome = 'OK' AND "targetId" = $1`,
    [sourceId],
  );

const ingest = (sourceId: string, body: Readable) =>
  f.t.app.services.oplogIngest.ingest(SYSTEM_META, sourceId, 'csv', body, { via: 'api' });
const batch = (sourceId: string, rows: string[]) =>
  ingest(sourceId, Readable.from([Buffer.from([CSV_HEADER, ...rows].join('\n'))]));

/** The SQL text of every statement (COPY included) the app sends while `run` runs. */
async function statementsOf<T>(run: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const sql: string[] = [];
  const result = await aroundPgQueries((_client, args, query) => {
    const a = args[0] as string | { text?: string };
    const text = typeof a === 'string' ? a : a?.text;
    if (text) sql.push(text.replace(/\s+/g, ' ').trim());
    return query(args);
  }, run);
  return { result, sql };
}

/** The oplog_ensure_partition calls sent inside a transaction (one client's statements, in order). */
function partitionsMadeInTransactions(sql: string[]): string[] {
  let open = false;
  return sql.filter((s) => {
    if (/^(START TRANSACTION|BEGIN)/.test(s)) open = true;
    else if (/^(COMMIT|ROLLBACK)/.test(s)) open = false;
    return open && s.includes('oplog_ensure_partition');
  });
}

/** `n` good lines on a Tokyo day, operators OP0–OP4, every fifth with a target. */
const dayLines = (day: string, n: number, terminal = 'T-010') =>
  Array.from(
    { length: n },
    (_, i) =>
      `${day} ${String(8 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00,${terminal},OP${i % 5},INQUIRY,SUCCESS,${i % 5 === 0 ? `target-${i}` : ''}`,
  );

describe('A20.1 ingest straight into operation_record', () => {
  it('A20.1: a new batch is COPYed straight into operation_record (no staging table); sent again, it goes through the stage and stores nothing twice', async () => {
    const rows = [...dayLines('2026-11-18', 40), '2026-11-18 10:00:00,T-010,OP1,TELEPORT,SUCCESS,'];
    const first = await statementsOf(() => batch('direct-new', rows));
    expect(first.result).toMatchObject({ received: 41, stored: 40, duplicates: 0, refused: 1 });
    expect(first.result.refusedLines).toEqual([{ line: 42, code: 'UNKNOWN_TYPE' }]);
    expect(first.sql.some((s) => s.startsWith('COPY operation_record'))).toBe(true);
    expect(first.sql.filter((s) => s.includes('oplog_stage'))).toEqual([]);

    const again = await statementsOf(() => batch('direct-new', rows));
    expect(again.result).toMatchObject({ stored: 0, duplicates: 40, refused: 1 });
    expect(again.sql.some((s) => s.startsWith('COPY oplog_stage'))).toBe(true);
    expect(again.sql.some((s) => s.startsWith('COPY operation_record'))).toBe(false);

    expect(await lines('direct-new')).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    expect(await sourceRow('direct-new')).toEqual([{ batches: 2, stored: 40 }]);
    expect(await okAudits('direct-new')).toEqual([{ stored: '40' }, { stored: '0' }]);
    expect(await summary()).toEqual(await recomputed());
  });

  it('A20.2: a batch with a month that has no partition yet stores every good line once, the month gets its partition, the targets’ HMACs kept', async () => {
    expect(await partitionOf('2025_06')).toBe(false);
    // days of a month with a partition before and after those of one without: the first go straight
    // in, are read back when the old month comes, and the batch goes through the stage
    const rows = [
      ...dayLines('2026-11-19', 30),
      ...dayLines('2025-06-10', 20),
      'not,a,valid,line,at,all',
      ...dayLines('2026-11-20', 10),
    ];
    const run = await statementsOf(() => batch('old-month', rows));
    expect(run.result).toMatchObject({ received: 61, stored: 60, duplicates: 0, refused: 1 });
    expect(run.result.refusedLines).toEqual([{ line: 52, code: 'BAD_AT' }]);
    expect(await partitionOf('2025_06')).toBe(true);
    expect(run.sql.some((s) => s.startsWith('COPY operation_record'))).toBe(true);
    expect(run.sql.some((s) => s.startsWith('COPY ( SELECT line, at'))).toBe(true);
    expect(run.sql.some((s) => s.startsWith('COPY oplog_stage'))).toBe(true);
    // the partition was made after the direct transaction was rolled back, never inside a transaction
    const rollback = run.sql.indexOf('ROLLBACK');
    expect(rollback).toBeGreaterThan(-1);
    expect(run.sql.findIndex((s, i) => i > rollback && s.includes('oplog_ensure_partition'))).toBeGreaterThan(rollback);
    expect(partitionsMadeInTransactions(run.sql)).toEqual([]);

    expect(await lines('old-month')).toEqual([
      ...Array.from({ length: 50 }, (_, i) => i + 2),
      ...Array.from({ length: 10 }, (_, i) => i + 53),
    ]);
    // a row read back from operation_record has the same HMAC as the same target sent straight in
    await batch('hmac-twin', dayLines('2026-11-19', 1));
    const hmacs = await q(
      `SELECT "sourceId", encode("targetHmac", 'hex') AS h FROM operation_record
        WHERE "sourceId" IN ('old-month', 'hmac-twin') AND line = 2 ORDER BY 1`,
    );
    expect(hmacs).toHaveLength(2);
    expect(hmacs[0].h).toMatch(/^[0-9a-f]{64}$/);
    expect(hmacs[0].h).toBe(hmacs[1].h);
    expect(await sourceRow('old-month')).toEqual([{ batches: 1, stored: 60 }]);
    expect(await okAudits('old-month')).toEqual([{ stored: '60' }]);
    expect(await summary()).toEqual(await recomputed());
  });

  it('A20.1: a batch whose body fails midway stores nothing, straight or spilled; the source is free for the next batch', async () => {
    const before = await summary();
    const failing = (rows: string[]) =>
      Readable.from(
        (async function* () {
          yield Buffer.from(`${[CSV_HEADER, ...rows].join('\n')}\n`);
          await new Promise((r) => setTimeout(r, 20));
          throw new Error('the client went away');
        })(),
      );
    await expect(ingest('cut-short', failing(dayLines('2026-11-21', 500)))).rejects.toThrow('the client went away');
    await expect(
      ingest('cut-short', failing([...dayLines('2026-11-21', 50), ...dayLines('2025-07-02', 50)])),
    ).rejects.toThrow('the client went away');
    expect(await lines('cut-short')).toEqual([]);
    expect(await sourceRow('cut-short')).toEqual([]);
    expect(await okAudits('cut-short')).toEqual([]);
    expect(await summary()).toEqual(before);
    // the lock of the source was released with the connection: the batch sent whole is stored
    expect(await batch('cut-short', dayLines('2026-11-21', 500))).toMatchObject({ stored: 500 });
    expect(await summary()).toEqual(await recomputed());
  });

  it('A20.1: batches of two sources stream at the same time, of the same operator-days, one with a month that has no partition', async () => {
    // each body waits halfway until the other's first half was read: both are in their COPY at once
    let arrived = 0;
    let release!: () => void;
    const bothHalfway = new Promise<void>((r) => (release = r));
    const halves = (rows: string[]) =>
      Readable.from(
        (async function* () {
          yield Buffer.from(`${[CSV_HEADER, ...rows.slice(0, rows.length / 2)].join('\n')}\n`);
          if (++arrived === 2) release();
          await bothHalfway;
          yield Buffer.from(rows.slice(rows.length / 2).join('\n'));
        })(),
      );
    const a = [...dayLines('2026-11-22', 200, 'T-A'), ...dayLines('2026-11-23', 200, 'T-A')];
    const b = [...dayLines('2026-11-22', 200, 'T-B'), ...dayLines('2025-08-05', 200, 'T-B')];
    const [ra, rb] = await Promise.all([ingest('two-a', halves(a)), ingest('two-b', halves(b))]);
    expect(ra).toMatchObject({ stored: 400, duplicates: 0, refused: 0 });
    expect(rb).toMatchObject({ stored: 400, duplicates: 0, refused: 0 });
    expect(await lines('two-a')).toHaveLength(400);
    expect(await lines('two-b')).toHaveLength(400);
    expect(await partitionOf('2025_08')).toBe(true);
    const days = (await summary()) as { day: unknown; operatorId: string; records: number }[];
    expect(days).toEqual(await recomputed());
    // the day both sent: each operator's records of both sources
    const shared = await q(`SELECT "operatorId", records FROM operation_day WHERE "day" = '2026-11-22' ORDER BY 1`);
    expect(shared).toEqual(['OP0', 'OP1', 'OP2', 'OP3', 'OP4'].map((operatorId) => ({ operatorId, records: 80 })));
  });
});
