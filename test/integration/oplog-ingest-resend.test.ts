// A20.1, issue 16 Bench: the ingest stores a batch whose lines are all new with a plain insert and
// the operator-days its parser counted, and a batch with lines already stored through ON CONFLICT,
// counting only what it stored. Whichever way a batch goes — a partial resend, a bad line fixed and
// sent again, an import's next chunk, two copies of a batch at once — every line is stored once and
// operation_day equals its recomputation from the records.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DAYS_OF_RECORDS } from '../../server/src/modules/oplog/oplog.sql.js';
import { SYSTEM_META } from '../../server/src/shared/audited.js';
import { useTestApp } from '../helpers/app.js';
import { CSV_HEADER } from '../helpers/oplog.js';

const f = useTestApp({ seed: false, now: () => new Date('2026-11-26T01:00:00Z') });

const summary = () =>
  f.t.db.dataSource.query(
    `SELECT "day", "operatorId", "records", "firstAt", "lastAt", "hours" FROM operation_day ORDER BY 1, 2`,
  );
const recomputed = () => f.t.db.dataSource.query(DAYS_OF_RECORDS);
const stored = async (sourceId: string) =>
  (await f.t.db.dataSource.query(
    `SELECT line, "operatorId" FROM operation_record WHERE "sourceId" = $1 ORDER BY line`,
    [sourceId],
  )) as { line: number; operatorId: string }[];
const batch = (sourceId: string, lines: string[], opts: { firstLine?: number } = {}) =>
  f.t.app.services.oplogIngest.ingest(
    SYSTEM_META,
    sourceId,
    'csv',
    Readable.from([Buffer.from((opts.firstLine ? lines : [CSV_HEADER, ...lines]).join('\n'))]),
    opts.firstLine ? { via: 'import', header: CSV_HEADER, firstLine: opts.firstLine } : { via: 'api' },
  );

const DAY = [
  '2026-11-20 08:59:00,T-001,OPA,SIGN_IN,SUCCESS,',
  '2026-11-20 09:10:00,T-001,OPA,INQUIRY,SUCCESS,12345678901',
  '2026-11-20 13:00:00,T-001,OPB,UPDATE,FAILURE,',
  '2026-11-20 17:45:00,T-001,OPA,SIGN_OUT,SUCCESS,',
];

describe('A20.1 ingest: new lines by a plain insert, lines sent again skipped, the summary exact', () => {
  it('A20.1: a bad line fixed and sent again is stored once; the lines stored before count as duplicates', async () => {
    const bad = [...DAY];
    bad[2] = '2026-11-20 13:00:00,T-001,OPB,TELEPORT,FAILURE,'; // line 4: unknown type
    expect(await batch('resend-fixed', bad)).toMatchObject({ stored: 3, duplicates: 0, refused: 1 });
    expect(await batch('resend-fixed', DAY)).toMatchObject({ stored: 1, duplicates: 3, refused: 0 });
    expect((await stored('resend-fixed')).map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(await batch('resend-fixed', DAY)).toMatchObject({ stored: 0, duplicates: 4 });
    expect(await summary()).toEqual(await recomputed());
  });

  it('A20.1: a partial resend (the lines sent, and new ones after them) stores only the new lines', async () => {
    expect(await batch('resend-partial', DAY.slice(0, 2))).toMatchObject({ stored: 2 });
    expect(await batch('resend-partial', DAY)).toMatchObject({ stored: 2, duplicates: 2 });
    // an import's next chunk: lines after every stored one, all new
    const next = ['2026-11-21 09:00:00,T-001,OPA,INQUIRY,SUCCESS,', '2026-11-21 23:30:00,T-001,OPB,PRINT,SUCCESS,'];
    expect(await batch('resend-partial', next, { firstLine: 6 })).toMatchObject({ stored: 2, duplicates: 0 });
    expect((await stored('resend-partial')).map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7]);
    const days = (await summary()) as { operatorId: string; records: number; hours: number }[];
    expect(days).toEqual(await recomputed());
    // OPB on 11/21: one record at 23:30 Tokyo, hour 23
    expect(days.filter((d) => d.operatorId === 'OPB').map((d) => [d.records, d.hours])).toContainEqual([1, 1 << 23]);
  });

  it('A20.1: two copies of a batch sent at once store each line once; the other answers them as duplicates', async () => {
    const lines = Array.from(
      { length: 300 },
      (_, i) =>
        `2026-11-2${2 + (i % 3)} 1${i % 10}:00:${String(i % 60).padStart(2, '0')},T-002,OP${i % 7},INQUIRY,SUCCESS,`,
    );
    const [a, b, c] = await Promise.all([
      batch('at-once', lines),
      batch('at-once', lines),
      batch('at-once', lines.slice(0, 150)),
    ]);
    expect(a.stored + b.stored + c.stored).toBe(300);
    expect(a.duplicates + b.duplicates + c.duplicates).toBe(300 + 150);
    expect(await stored('at-once')).toHaveLength(300);
    expect(await summary()).toEqual(await recomputed());
  });
});
