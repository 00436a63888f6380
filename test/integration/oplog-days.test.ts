// Issue 16, Bench: the per-operator, per-day summary (operation_day) that unusual volume and all day
// read is kept by the ingest in the statement that stores the records. Whatever arrives — batches
// of the same operator-days from two sources, a batch sent again, an import killed and resumed, a
// file imported again from the start — it equals the summary recomputed from the records.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exampleCsv, importFile } from '../../server/src/modules/oplog/index.js';
import { DAYS_OF_RECORDS } from '../../server/src/modules/oplog/oplog.sql.js';
import { SYSTEM_META } from '../../server/src/shared/audited.js';
import { useTestApp } from '../helpers/app.js';
import { CSV_HEADER } from '../helpers/oplog.js';

const f = useTestApp({ seed: false, now: () => new Date('2026-11-26T01:00:00Z') });

const summary = async () =>
  (await f.t.db.dataSource.query(
    `SELECT "day", "operatorId", "records", "firstAt", "lastAt", "hours" FROM operation_day ORDER BY 1, 2`,
  )) as { day: unknown; operatorId: string; records: number; firstAt: Date; lastAt: Date; hours: number }[];
const recomputed = async () => (await f.t.db.dataSource.query(DAYS_OF_RECORDS)) as unknown[];

const batch = (sourceId: string, lines: string[]) =>
  f.t.app.services.oplogIngest.ingest(
    SYSTEM_META,
    sourceId,
    'csv',
    Readable.from([Buffer.from([CSV_HEADER, ...lines].join('\n'))]),
    { via: 'api' },
  );

describe('Issue 16 Bench: operation_day, the per-operator, per-day summary kept at ingest', () => {
  it('A20.1 Bench: batches, a batch sent again, a resumed import and a re-import leave the summary equal to the records’ recomputation', async () => {
    // OPN around Tokyo midnight (two days), and at 07:00 and 20:00 of one day from two terminals' batches
    const a = [
      '2026-11-10 23:59:59,T-001,OPN,INQUIRY,SUCCESS,',
      '2026-11-11 00:00:00,T-001,OPN,INQUIRY,SUCCESS,',
      '2026-11-11 07:00:00,T-001,OPN,UPDATE,SUCCESS,',
      '2026-11-11 12:30:00,T-001,OPM,INQUIRY,FAILURE,',
    ];
    const b = ['2026-11-11 20:00:00,T-002,OPN,PRINT,SUCCESS,', '2026-11-11 06:15:00,T-002,OPN,INQUIRY,SUCCESS,'];
    expect(await batch('days-a', a)).toMatchObject({ stored: 4, duplicates: 0 });
    expect(await batch('days-b', b)).toMatchObject({ stored: 2, duplicates: 0 });
    const merged = (await summary()).filter((d) => d.operatorId === 'OPN');
    expect(merged).toHaveLength(2);
    // 11/11: four records from two batches, 00:00 to 20:00, in the hours 0, 6, 7 and 20
    expect(merged[1]).toMatchObject({
      records: 4,
      firstAt: new Date('2026-11-11T00:00:00+09:00'),
      lastAt: new Date('2026-11-11T20:00:00+09:00'),
      hours: (1 << 0) | (1 << 6) | (1 << 7) | (1 << 20),
    });
    expect(merged[0]).toMatchObject({ records: 1, hours: 1 << 23 });

    // the same batch again, and one with a line of it and a new one: only the new line is counted
    expect(await batch('days-a', a)).toMatchObject({ stored: 0, duplicates: 4 });
    expect(await batch('days-b', [...b, '2026-11-11 21:00:00,T-002,OPN,PRINT,SUCCESS,'])).toMatchObject({
      stored: 1,
      duplicates: 2,
    });
    expect((await summary()).find((d) => d.operatorId === 'OPN' && d.records === 5)).toMatchObject({
      lastAt: new Date('2026-11-11T21:00:00+09:00'),
    });

    // an import killed after two chunks, resumed, then read again from the start
    const dir = await mkdtemp(path.join(tmpdir(), 'oplog-days-'));
    const file = path.join(dir, 'terminals.csv');
    await writeFile(file, [...exampleCsv(1_500)].join(''));
    const opts = { file, sourceId: 'days-import', format: 'csv' as const, chunkLines: 250, meta: SYSTEM_META };
    let batches = 0;
    const killed = await importFile(f.t.app.services.oplogIngest, {
      ...opts,
      progress: () => {
        if (++batches === 2) throw new Error('killed');
      },
    }).catch((e: Error) => e.message);
    expect(killed).toBe('killed');
    expect(await summary()).toEqual(await recomputed());
    expect(await importFile(f.t.app.services.oplogIngest, opts)).toMatchObject({ stored: 1_000, skipped: 500 });
    expect(await importFile(f.t.app.services.oplogIngest, { ...opts, fromStart: true })).toMatchObject({
      stored: 0,
      duplicates: 1_500,
    });

    const days = await summary();
    expect(days.reduce((n, d) => n + d.records, 0)).toBe(7 + 1_500);
    expect(days).toEqual(await recomputed());
  });
});
