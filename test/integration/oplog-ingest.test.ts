// A20.1: operation records pushed by API clients — CSV or NDJSON streamed through COPY, the same
// batch stored once, bad lines refused with their numbers while good ones are stored, one audit
// entry per batch, the target kept only as its HMAC (A8.1), WRITE_OPLOG required of a token.
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, useTestApp } from '../helpers/app.js';
import { gql, signIn } from '../helpers/graphql.js';
import { apiToken, CSV_HEADER, postBatch } from '../helpers/oplog.js';
import { DEMO } from '../helpers/people.js';
import { LAST_RECEIVED } from '../../server/src/modules/oplog/oplog.sql.js';

const clock = new Date('2026-11-26T01:00:00Z');
const f = useTestApp({ now: () => clock, env: { OPLOG_BATCH_MAX_MB: '1' } });
let token: string;

const count = async (sourceId: string) =>
  Number(
    (
      await f.t.db.dataSource.query(`SELECT count(*)::int AS n FROM operation_record WHERE "sourceId" = $1`, [sourceId])
    )[0].n,
  );
const audits = (sourceId: string) =>
  f.t.db.dataSource.query(
    `SELECT outcome, reason, changes FROM audit_entry
      WHERE action = 'Ingest.operationRecords' AND "targetId" IS NOT DISTINCT FROM $1 ORDER BY id`,
    [sourceId],
  );

const GOOD_AND_BAD = [
  CSV_HEADER,
  '2026-11-25 09:00:01,T-001,OP1001,SIGN_IN,SUCCESS,',
  '2026-11-25 09:03:10,T-001,OP1001,INQUIRY,SUCCESS,住民票コード 12345678901',
  '2026-11-25 09:04:00,T-001,OP1001,TELEPORT,SUCCESS,', // line 4: unknown type
  '2026-11-31 09:05:00,T-001,OP1001,PRINT,SUCCESS,', // line 5: no such day
  '',
  '"2026/11/25 17:30:00","T-001","OP1001","SIGN_OUT","正常",""', // line 7, quoted, Japanese result
  '2026-11-25 17:31:00,T-001,OP1001,SIGN_OUT', // line 8: a field missing
].join('\r\n');

beforeAll(async () => {
  token = await apiToken(f.t, DEMO.manager.staffNumber, ['WRITE_OPLOG']);
});

describe('A20.1 ingest of operation records (POST /api/oplog/batches/:sourceId)', () => {
  it('A20.1: stores the good lines, refuses the bad ones with their line numbers, answers both counts, audits the batch once', async () => {
    const res = await postBatch(f.t, 'term-001-20261125', GOOD_AND_BAD, { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      sourceId: 'term-001-20261125',
      lines: 8,
      received: 6,
      stored: 3,
      duplicates: 0,
      refused: 3,
      refusedLines: [
        { line: 4, code: 'UNKNOWN_TYPE' },
        { line: 5, code: 'BAD_AT' },
        { line: 8, code: 'BAD_FIELD_COUNT' },
      ],
    });
    const rows = await f.t.db.dataSource.query(
      `SELECT "at", line, "terminalCode", "operatorId", "operationType", result, "targetHmac"
         FROM operation_record WHERE "sourceId" = 'term-001-20261125' ORDER BY line`,
    );
    expect(rows.map((r: any) => [r.line, r.operationType, r.result])).toEqual([
      [2, 'SIGN_IN', 'SUCCESS'],
      [3, 'INQUIRY', 'SUCCESS'],
      [7, 'SIGN_OUT', 'SUCCESS'],
    ]);
    expect(rows[0].at).toEqual(new Date('2026-11-25T00:00:01Z')); // a wall-clock time is Tokyo's
    expect(rows[0].targetHmac).toBeNull();
    const audit = await audits('term-001-20261125');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'OK' });
    expect(audit[0].changes).toMatchObject({ stored: [null, 3], refused: [null, 3], received: [null, 6] });
  });

  it('A8.1: a target is stored only as its HMAC under SECRETS_DIR/oplog-target.key, nowhere in clear', async () => {
    const [row] = await f.t.db.dataSource.query(
      `SELECT "targetHmac" FROM operation_record WHERE "sourceId" = 'term-001-20261125' AND line = 3`,
    );
    const expected = createHmac('sha256', f.t.secrets.oplogTargetKey).update('住民票コード 12345678901').digest();
    expect(Buffer.compare(row.targetHmac, expected)).toBe(0);
    const clear = await f.t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM operation_record r WHERE r::text LIKE '%12345678901%'`,
    );
    expect(clear[0].n).toBe(0);
    const audited = await f.t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry e WHERE e::text LIKE '%12345678901%'`,
    );
    expect(audited[0].n).toBe(0);
  });

  it('A20.1: the same batch sent twice stores nothing twice (source id + line), and says so', async () => {
    const again = await postBatch(f.t, 'term-001-20261125', GOOD_AND_BAD, { token });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ stored: 0, duplicates: 3, refused: 3 });
    expect(await count('term-001-20261125')).toBe(3);
    expect(await audits('term-001-20261125')).toHaveLength(2);
  });

  it('A20.1: NDJSON, one object a line; a line that is not an object is refused by its number', async () => {
    const body = [
      JSON.stringify({
        at: '2026-11-25T10:00:00+09:00',
        terminal: 'T-002',
        operator: 'OP2002',
        type: 'INQUIRY',
        result: 'OK',
        target: 'x',
      }),
      '{"at": "2026-11-25T10:01:00+09:00", "terminal": ',
      JSON.stringify({
        at: '2026-11-25T01:02:00Z',
        terminal: 'T-002',
        operator: 'OP2002',
        type: 'update',
        result: 'NG',
      }),
      '[1, 2]',
    ].join('\n');
    const res = await postBatch(f.t, 'term-002-20261125', body, { token, contentType: 'application/x-ndjson' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      received: 4,
      stored: 2,
      refused: 2,
      refusedLines: [
        { line: 2, code: 'BAD_JSON' },
        { line: 4, code: 'BAD_JSON' },
      ],
    });
    const [r] = await f.t.db.dataSource.query(
      `SELECT "operationType", result FROM operation_record WHERE "sourceId" = 'term-002-20261125' AND line = 3`,
    );
    expect(r).toEqual({ operationType: 'UPDATE', result: 'FAILURE' });
  });

  it('A20.2: a record of a month without a partition gets one (an old history imported late)', async () => {
    const body = `${CSV_HEADER}\n2024-03-15 10:00:00,T-003,OP3003,PRINT,SUCCESS,\n2036-01-01 00:00:00,T-003,OP3003,PRINT,SUCCESS,`;
    const res = await postBatch(f.t, 'old-history', body, { token });
    expect(res.body).toMatchObject({ stored: 1, refused: 1, refusedLines: [{ line: 3, code: 'AT_OUT_OF_RANGE' }] });
    const [p] = await f.t.db.dataSource.query(`SELECT to_regclass('operation_record_2024_03') IS NOT NULL AS made`);
    expect(p.made).toBe(true);
  });

  it('A20.1: bad requests are answered with a code and stored nothing, never a 500', async () => {
    const badType = await postBatch(f.t, 'x1', GOOD_AND_BAD, { token, contentType: 'application/json' });
    expect(badType).toMatchObject({ status: 415, body: { code: 'OPLOG_UNSUPPORTED_MEDIA_TYPE' } });
    const sjis = await postBatch(f.t, 'x1', GOOD_AND_BAD, { token, contentType: 'text/csv; charset=shift_jis' });
    expect(sjis).toMatchObject({ status: 415, body: { code: 'OPLOG_UNSUPPORTED_MEDIA_TYPE' } });
    const badHeader = await postBatch(f.t, 'x1', 'when,where\n1,2', { token });
    expect(badHeader).toMatchObject({ status: 400, body: { code: 'OPLOG_BAD_HEADER' } });
    const empty = await postBatch(f.t, 'x1', '', { token });
    expect(empty).toMatchObject({ status: 400, body: { code: 'OPLOG_BAD_HEADER' } });
    const badSource = await postBatch(f.t, 'a b;c', GOOD_AND_BAD, { token });
    expect(badSource).toMatchObject({ status: 400, body: { code: 'OPLOG_BAD_SOURCE' } });
    const binary = await postBatch(f.t, 'x1', Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a, 0x80, 0x81]), { token });
    expect(binary).toMatchObject({ status: 400, body: { code: 'OPLOG_BAD_HEADER' } });
    const longLine = await postBatch(f.t, 'x1', `${CSV_HEADER}\n${'9'.repeat(20_000)}\n`, { token });
    expect(longLine).toMatchObject({ status: 200, body: { refusedLines: [{ line: 2, code: 'LINE_TOO_LONG' }] } });
    expect(await count('x1')).toBe(0);
    const refused = (await audits('x1')).filter((a: any) => a.outcome === 'REFUSED');
    expect(refused.map((a: any) => a.reason)).toEqual([
      'OPLOG_UNSUPPORTED_MEDIA_TYPE',
      'OPLOG_UNSUPPORTED_MEDIA_TYPE',
      'OPLOG_BAD_HEADER',
      'OPLOG_BAD_HEADER',
      'OPLOG_BAD_HEADER',
    ]);
  });

  it('A20.1: a batch over OPLOG_BATCH_MAX_MB is refused whole (413) and stores nothing', async () => {
    const line = '2026-11-24 09:00:01,T-009,OP9009,SIGN_IN,SUCCESS,\n';
    const body = `${CSV_HEADER}\n${line.repeat(Math.ceil((1.1 * 1024 * 1024) / line.length))}`;
    const res = await postBatch(f.t, 'too-large', body, { token });
    expect(res).toMatchObject({ status: 413, body: { code: 'OPLOG_BATCH_TOO_LARGE' } });
    expect(await count('too-large')).toBe(0);
    const after = await postBatch(f.t, 'too-large', `${CSV_HEADER}\n${line}`, { token });
    expect(after).toMatchObject({ status: 200, body: { stored: 1 } });
  });

  it('A20.1: a token without WRITE_OPLOG, an operator and nobody are refused, and nothing is stored', async () => {
    const readOnly = await apiToken(f.t, DEMO.manager.staffNumber, ['READ']);
    const noScope = await postBatch(f.t, 'scope-test', GOOD_AND_BAD, { token: readOnly });
    expect(noScope).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    // the scope alone is not enough: the owner must be allowed to write the history
    const operatorToken = await apiToken(f.t, DEMO.operator.staffNumber, ['WRITE_OPLOG']);
    expect(await postBatch(f.t, 'scope-test', GOOD_AND_BAD, { token: operatorToken })).toMatchObject({ status: 403 });
    const operator = await signIn(f.t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    expect(await postBatch(f.t, 'scope-test', GOOD_AND_BAD, { cookie: operator })).toMatchObject({ status: 403 });
    expect(await postBatch(f.t, 'scope-test', GOOD_AND_BAD)).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED' },
    });
    expect(await count('scope-test')).toBe(0);
    const refusals = await f.t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'Ingest.operationRecords' AND reason = 'FORBIDDEN'`,
    );
    expect(refusals[0].n).toBe(3);
  });

  it('A20.2 LAST_RECEIVED: the newest batch of any source comes from operation_source (one row a source), as of a moment', async () => {
    // the records' "receivedAt" is the database's clock, the batch's the app's (fixed here): the
    // history read by max("receivedAt") finds nothing as of the app's clock, operation_source does
    const res = await postBatch(
      f.t,
      'last-received',
      `${CSV_HEADER}\n2026-11-20 10:00:00,T-001,OP1999,INQUIRY,SUCCESS,`, // outside the period the paging test reads
      {
        token,
      },
    );
    expect(res.body.stored).toBe(1);
    const asOf = async (at: Date) =>
      ((await f.t.db.dataSource.query(LAST_RECEIVED, [at])) as { lastReceived: Date | null; any: boolean }[])[0];
    expect(await asOf(clock)).toEqual({ lastReceived: clock, any: true });
    expect(await asOf(new Date(clock.getTime() - 1))).toEqual({ lastReceived: null, any: false });
  });
});

describe('A20.1 operation records read (operationRecords)', () => {
  const Q = `query($operatorId: String, $from: DateTimeISO!, $to: DateTimeISO!, $first: Int, $after: String) {
    operationRecords(operatorId: $operatorId, from: $from, to: $to, first: $first, after: $after) {
      nodes { at sourceId line operatorId operationType operationLabel result targetPseudonym }
      endCursor hasNextPage } }`;
  const period = { from: '2026-11-25T00:00:00+09:00', to: '2026-11-26T00:00:00+09:00' };

  it('A20.1: the manager pages one operator’s records of a period, oldest first, with a keyset cursor', async () => {
    const manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const first = await gql(f.t.app.http, Q, { operatorId: 'OP1001', ...period, first: 2 }, manager);
    expect(first.errors).toBeUndefined();
    const p1 = first.data!.operationRecords;
    expect(p1.nodes.map((n: any) => [n.line, n.operationType, n.operationLabel])).toEqual([
      [2, 'SIGN_IN', 'ログイン'],
      [3, 'INQUIRY', '照会'],
    ]);
    expect(p1.nodes[1].targetPseudonym).toMatch(/^[0-9a-f]{64}$/);
    expect(p1.hasNextPage).toBe(true);
    const second = await gql(
      f.t.app.http,
      Q,
      { operatorId: 'OP1001', ...period, first: 2, after: p1.endCursor },
      manager,
    );
    expect(second.data!.operationRecords.nodes.map((n: any) => n.line)).toEqual([7]);
    expect(second.data!.operationRecords.hasNextPage).toBe(false);
    const all = await gql(f.t.app.http, Q, { ...period, first: 50 }, manager);
    expect(all.data!.operationRecords.nodes.map((n: any) => n.operatorId)).toEqual([
      'OP1001',
      'OP1001',
      'OP2002',
      'OP2002',
      'OP1001',
    ]);
  });

  it('A20.1: a period backwards is refused with a code; an operator may not read the history', async () => {
    const auditor = await signIn(f.t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const back = await gql(f.t.app.http, Q, { from: period.to, to: period.from }, auditor);
    expect(back.errors![0].extensions!.code).toBe('OPLOG_BAD_PERIOD');
    const operator = await signIn(f.t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    const refused = await gql(f.t.app.http, Q, period, operator);
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
