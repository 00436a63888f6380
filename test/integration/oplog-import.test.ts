// A20.1: npm run oplog:import — a file streamed in chunks through the same ingest as the API; a run
// killed half-way and run again goes on after the last stored line and stores nothing twice.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleCsv, importFile } from '../../server/src/modules/oplog/index.js';
import { SYSTEM_META } from '../../server/src/shared/audited.js';
import { useTestApp } from '../helpers/app.js';

const f = useTestApp({ seed: false, now: () => new Date('2026-11-26T01:00:00Z') });
const stored = async (source: string) =>
  Number(
    (
      await f.t.db.dataSource.query(`SELECT count(*)::int AS n FROM operation_record WHERE "sourceId" = $1`, [source])
    )[0].n,
  );

describe('A20.1 import of a file (npm run oplog:import)', () => {
  it('A20.1: a run killed after two chunks, run again, continues after the last stored line and doubles nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'oplog-import-'));
    const file = path.join(dir, 'terminals-2026-11.csv');
    const lines = [...exampleCsv(2_000)].join('').split('\n');
    lines[1500] = '2026-11-05 10:00:00,T-001,OP1001,NOT_A_TYPE,SUCCESS,'; // file line 1501
    await writeFile(file, lines.join('\n'));
    const ingest = f.t.app.services.oplogIngest;
    const opts = { file, sourceId: 'city-export-2026-11', format: 'csv' as const, chunkLines: 300, meta: SYSTEM_META };

    let batches = 0;
    const killed = await importFile(ingest, {
      ...opts,
      progress: () => {
        if (++batches === 2) throw new Error('killed');
      },
    }).catch((e: Error) => e.message);
    expect(killed).toBe('killed');
    expect(await stored(opts.sourceId)).toBe(600); // two chunks committed, nothing of the third

    const resumed = await importFile(ingest, opts);
    expect(resumed.resumedAfter).toBe(601); // header + 600 records
    expect(resumed.skipped).toBe(600);
    expect(resumed).toMatchObject({ stored: 1_399, duplicates: 0, refused: 1 });
    expect(resumed.refusedLines).toEqual([{ line: 1501, code: 'UNKNOWN_TYPE' }]);
    expect(await stored(opts.sourceId)).toBe(1_999);

    // from the start again: every line is read, every good one is already there
    const again = await importFile(ingest, { ...opts, fromStart: true });
    expect(again).toMatchObject({ stored: 0, duplicates: 1_999, refused: 1, skipped: 0 });
    expect(await stored(opts.sourceId)).toBe(1_999);
    const [{ n }] = await f.t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'Ingest.operationRecords' AND "targetId" = $1`,
      [opts.sourceId],
    );
    expect(n).toBe(2 + 5 + 7); // one entry per chunk
  });
});
