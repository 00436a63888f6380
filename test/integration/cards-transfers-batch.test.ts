// Issue 15 §3 (A16.1–2, A12.2): a transfer round's moves due together open as one batch
// (OrganisationAdminService.moveMany, the staff.movedMany event handled set-based by access and
// cards, the audit entries written by one multi-row insert). The batch must open exactly what moving
// the people one by one opens (the same tasks, the same room authorisations ended, the same audit
// entries, a valid hash chain), and its statements must not grow with the number of moves.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../../server/src/shared/audit.js';
import { verifyAuditTrail } from '../../server/src/modules/audit-trail/audit-verify.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeStaff, transferCsv, type MadeStaff } from '../helpers/card-transfers.js';
import { sectionIdOf } from '../helpers/factories.js';

const tokyo = (day: string, hm = '09:00') => new Date(`${day}T${hm}:00+09:00`);

let t: TestApp;
let ds: DataSource;
const clock = tokyo('2027-06-02');
let sections: Record<string, string>;
const meta = { actor: SYSTEM_ACTOR, requestId: randomUUID(), clientAddress: null };

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  ds = t.db.dataSource;
  sections = Object.fromEntries(
    await Promise.all(['S0401', 'S0402', 'S0403'].map(async (c) => [c, await sectionIdOf(ds, c)] as const)),
  );
});
afterAll(() => t.close());

const open = (ids: string[]) => ds.transaction((em) => t.app.services.cardTransferOpen.open(em, ids, meta));

/** A PIN change already asked for this person's operator (the move must not open a second). */
const pinChangeAskedBefore = (person: MadeStaff) =>
  ds.query(
    `INSERT INTO card_request (kind, status, origin, "operatorId", "sectionId", reason, "requestedAt")
     SELECT 'PIN_CHANGE', 'REQUESTED', 'MANAGER', o.id, o."sectionId", '先に依頼済み', now()
       FROM card_operator o WHERE o."staffId" = $1`,
    [person.staffId],
  );

/** Room authorisations of a person: one approved (revoked by a move), one still asked (refused). */
async function authorisations(people: MadeStaff[]) {
  for (const [status, approved] of [
    ['APPROVED', true],
    ['REQUESTED', false],
  ] as const)
    await ds.query(
      `INSERT INTO room_authorisation ("subjectKind", "staffId", "validFrom", "validTo", purpose, "escortRequired",
         status, "requestedById", "decidedById", "decidedAt", "approvedAt")
       SELECT 'STAFF', s, '2027-01-01', '2028-03-31', 'サーバー保守', false, $2, s,
              CASE WHEN $3 THEN s END, CASE WHEN $3 THEN '2027-01-01'::timestamptz END,
              CASE WHEN $3 THEN '2027-01-01'::timestamptz END
         FROM unnest($1::uuid[]) AS s`,
      [people.map((p) => p.staffId), status, approved],
    );
}

interface MoveRow {
  person: number;
  from: string;
  to: string;
  on: string;
  operatorCode?: string;
}

/** Scheduled moves written as an import would leave them; answers their ids in the order open() takes them. */
async function scheduleMoves(people: MadeStaff[], rows: MoveRow[]): Promise<string[]> {
  const [round] = (await ds.query(
    `INSERT INTO card_transfer_round (name, "createdAt") VALUES ($1, now()) RETURNING id`,
    [`一括 ${randomUUID()}`],
  )) as { id: string }[];
  const ids = (await ds.query(
    `INSERT INTO card_transfer_move ("roundId", "staffId", "staffNumber", "fromSectionId", "toSectionId",
       "effectiveDate", "newOperatorCode", state, "sourceRow")
     SELECT $1, s, n, f, t, d, o, 'SCHEDULED', r
       FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::date[], $7::text[], $8::int[])
         AS x(s, n, f, t, d, o, r)
     RETURNING id, "effectiveDate", "staffNumber"`,
    [
      round.id,
      rows.map((r) => people[r.person].staffId),
      rows.map((r) => people[r.person].staffNumber),
      rows.map((r) => sections[r.from]),
      rows.map((r) => sections[r.to]),
      rows.map((r) => r.on),
      rows.map((r) => r.operatorCode ?? null),
      rows.map((_, i) => i + 2),
    ],
  )) as { id: string; effectiveDate: string; staffNumber: string }[];
  return ids
    .sort((a, b) => `${a.effectiveDate}${a.staffNumber}`.localeCompare(`${b.effectiveDate}${b.staffNumber}`))
    .map((r) => r.id);
}

/**
 * One group's people as the tests compare them: each person's section, moves, operator periods,
 * card requests, room authorisations, and the audit entries of their moves; every id replaced by
 * what it names (person index, section code, request kind and card) so two groups compare equal.
 */
async function snapshot(prefix: string, people: MadeStaff[], moveIds: string[]) {
  const label = new Map<string, string>();
  people.forEach((p, i) => label.set(p.staffId, `person${i}`));
  for (const [code, id] of Object.entries(sections)) label.set(id, code);
  const moves = (await ds.query(
    `SELECT m.id, m."staffId", m."effectiveDate"::text AS on, m.state, m."skipReason", m."openedAt" IS NOT NULL AS opened
       FROM card_transfer_move m WHERE m.id = ANY($1::uuid[]) ORDER BY m."effectiveDate", m."staffNumber"`,
    [moveIds],
  )) as { id: string; staffId: string; on: string; state: string; skipReason: string | null; opened: boolean }[];
  for (const m of moves) label.set(m.id, `move:${label.get(m.staffId)}:${m.on}`);
  const requests = (await ds.query(
    `SELECT r.id, o."staffId", r.kind, r.status, r.origin, r.reason, r."sectionId", c."cardNumber", o."operatorCode",
            CASE WHEN r."transferMoveId" IS NULL THEN NULL ELSE ARRAY[r."transferMoveId"] END AS moves
       FROM card_request r JOIN card_operator o ON o.id = r."operatorId"
       LEFT JOIN operator_card c ON c.id = r."cardId"
      WHERE o."staffId" = ANY($1::uuid[])`,
    [people.map((p) => p.staffId)],
  )) as Record<string, any>[];
  const norm = (v: unknown) =>
    typeof v === 'string' ? (label.get(v) ?? v.replaceAll(prefix, '<P>')) : v === null ? null : v;
  for (const r of requests)
    label.set(r.id, `request:${label.get(r.staffId)}:${r.kind}:${norm(r.cardNumber)}:${norm(r.operatorCode)}`);
  const deep = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(deep)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)]))
        : norm(v);
  const staff = (await ds.query(`SELECT id, "sectionId", active FROM staff WHERE id = ANY($1::uuid[])`, [
    people.map((p) => p.staffId),
  ])) as Record<string, unknown>[];
  const operators = (await ds.query(
    `SELECT "staffId", "operatorCode", "sectionId", since::text, until::text FROM card_operator WHERE "staffId" = ANY($1::uuid[])`,
    [people.map((p) => p.staffId)],
  )) as Record<string, unknown>[];
  const rooms = (await ds.query(
    `SELECT "staffId", status, reason, "decidedAt" IS NOT NULL AS decided FROM room_authorisation WHERE "staffId" = ANY($1::uuid[])`,
    [people.map((p) => p.staffId)],
  )) as Record<string, unknown>[];
  const entries = (await ds.query(
    `SELECT "actorType", "actorId", action, "targetType", "targetId", outcome, reason, changes, "requestId"
       FROM audit_entry WHERE "targetId" = ANY($1::text[]) ORDER BY id`,
    [moveIds],
  )) as Record<string, unknown>[];
  const sorted = (rows: Record<string, unknown>[]) =>
    rows.map((r) => JSON.stringify(deep(Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'id'))))).sort();
  return {
    staff: sorted(staff.map((s) => ({ ...s, person: s.id }))),
    moves: moves.map((m) => deep({ ...m, id: m.id })),
    operators: sorted(operators),
    requests: sorted(requests),
    rooms: sorted(rooms),
    // in the order written: one entry per move, as one by one
    entries: entries.map((e) => deep(e)),
  };
}

/**
 * A group of 12 people in S0401 (the first 4 operators holding a card), with what a round meets:
 * room authorisations to end, new operators (one with an operator ID taken meanwhile), someone who
 * left, someone already moved by hand, an operator with the PIN change already asked, and someone
 * with two moves due (S0401→S0402, then S0402→S0403).
 */
async function group(prefix: string): Promise<{ people: MadeStaff[]; moveIds: string[] }> {
  const people = await makeStaff(ds, {
    prefix,
    n: 12,
    sectionCode: 'S0401',
    operators: 4,
    since: '2026-04-01',
    by: '',
  });
  await authorisations([people[0], people[4], people[5]]);
  await ds.query(`UPDATE staff SET active = false WHERE id = $1`, [people[6].staffId]);
  await ds.query(`UPDATE staff SET "sectionId" = $2 WHERE id = $1`, [people[7].staffId, sections.S0402]);
  await ds.query(
    `INSERT INTO card_operator ("staffId", "operatorCode", "sectionId", since) VALUES ($1, $2, $3, '2026-04-01')`,
    [people[11].staffId, `TAKEN-${prefix}`, sections.S0401],
  );
  await pinChangeAskedBefore(people[1]);
  const rows: MoveRow[] = people.map((_, i) => ({
    person: i,
    from: 'S0401',
    to: i % 2 ? 'S0402' : 'S0403',
    on: '2027-06-01',
    operatorCode: i === 8 || i === 9 ? `NEW-${prefix}-${i}` : i === 10 ? `TAKEN-${prefix}` : undefined,
  }));
  rows[3] = { person: 3, from: 'S0401', to: 'S0402', on: '2027-06-01' };
  rows.push({ person: 3, from: 'S0402', to: 'S0403', on: '2027-06-02' });
  return { people, moveIds: await scheduleMoves(people, rows) };
}

describe('A16.1 a transfer round’s moves open as one batch', () => {
  it('A16.1 a batch of moves opens exactly the same tasks, room authorisations ended and audit entries as one by one, and the audit chain verifies', async () => {
    const a = await group('ONE');
    const b = await group('BAT');
    for (const id of a.moveIds) await open([id]);
    const batch = await open(b.moveIds);
    // tasks: collect + PIN change for operators 0, 2, 3 (3's second move finds both still open), the
    // collection alone for 1 (PIN change already asked), the PIN change for 11 (no card), a card and a
    // PIN for the new operators 8 and 9 (10's operator ID is taken)
    expect(batch).toEqual({ opened: 11, skipped: 2, tasks: 2 + 1 + 2 + 2 + 1 + 2 * 2 });

    const one = await snapshot('ONE', a.people, a.moveIds);
    const all = await snapshot('BAT', b.people, b.moveIds);
    expect(all).toEqual(one);
    // what they are, so that the two being equal means something
    expect(one.entries).toHaveLength(13);
    expect(one.moves.filter((m: any) => m.state === 'SKIPPED')).toHaveLength(2);
    expect(one.entries[0]).toMatchObject({
      action: 'System.openCardTransfer',
      outcome: 'OK',
      changes: {
        sectionId: ['S0401', 'S0403'],
        roomAuthorisationsRevoked: [null, 2],
        cardRequestsOpened: [
          null,
          ['request:person0:CARD_COLLECT:C-OP-<P>0001:OP-<P>0001', 'request:person0:PIN_CHANGE:null:OP-<P>0001'],
        ],
        tasks: [null, 2],
      },
    });
    expect(one.rooms.filter((r) => r.includes('"REVOKED"'))).toHaveLength(3);
    expect(one.rooms.filter((r) => r.includes('"REFUSED"'))).toHaveLength(3);
    expect((await verifyAuditTrail(ds, { chainKey: t.secrets.auditChainKey })).problems).toEqual([]);
  }, 120_000);

  it('A16.1 a round imported on its date (moves stored opened at once) opens exactly what the job opens for the same moves waiting', async () => {
    // 10 people: 4 operators holding a card, room authorisations to end, a PIN change already
    // asked, and two new operators; all moving today (the clock's day)
    const setUp = async (prefix: string) => {
      const people = await makeStaff(ds, {
        prefix,
        n: 10,
        sectionCode: 'S0401',
        operators: 4,
        since: '2026-04-01',
        by: '',
      });
      await authorisations([people[0], people[5]]);
      await pinChangeAskedBefore(people[1]);
      const rows: MoveRow[] = people.map((_, i) => ({
        person: i,
        from: 'S0401',
        to: i % 2 ? 'S0402' : 'S0403',
        on: '2027-06-02',
        operatorCode: i === 6 || i === 7 ? `NEW-${prefix}-${i}` : undefined,
      }));
      return { people, rows };
    };
    const imp = await setUp('IMP');
    const outcome = await t.app.services.cardTransferImport.import(
      {
        roundName: `本日付 ${randomUUID()}`,
        content: Buffer.from(
          transferCsv(
            imp.rows.map((r) => [imp.people[r.person].staffNumber, r.from, r.to, r.on, r.operatorCode ?? '']),
          ),
          'base64',
        ),
      },
      meta,
    );
    expect(outcome).toMatchObject({ errors: [], added: 10, openedNow: 10, scheduled: 0 });
    const importedIds = (
      (await ds.query(`SELECT id FROM card_transfer_move WHERE "roundId" = $1`, [outcome.round!.id])) as {
        id: string;
      }[]
    ).map((r) => r.id);
    const job = await setUp('JOB');
    const jobIds = await scheduleMoves(job.people, job.rows);
    await open(jobIds);
    const a = await snapshot('IMP', imp.people, importedIds);
    const b = await snapshot('JOB', job.people, jobIds);
    // the one difference on purpose: a move stored opened was never waiting
    for (const e of a.entries as { changes: { state: unknown[] } }[]) expect(e.changes.state).toEqual([null, 'OPENED']);
    for (const e of b.entries as { changes: { state: unknown[] } }[])
      expect(e.changes.state).toEqual(['SCHEDULED', 'OPENED']);
    const sameState = (x: typeof a) => ({
      ...x,
      entries: (x.entries as { changes: Record<string, unknown> }[]).map((e) => ({
        ...e,
        changes: { ...e.changes, state: 'OPENED' },
      })),
    });
    expect(sameState(a)).toEqual(sameState(b));
    // what they are, so that the two being equal means something
    expect(a.moves.every((m: any) => m.state === 'OPENED' && m.opened)).toBe(true);
    // collect + PIN change for the 4 operators but person 1's PIN change (asked before, counted
    // once), a card and a PIN for the 2 new operators
    expect(a.requests).toHaveLength(4 * 2 + 2 * 2);
    expect(a.rooms.filter((r) => r.includes('"REVOKED"'))).toHaveLength(2);
    expect((await verifyAuditTrail(ds, { chainKey: t.secrets.auditChainKey })).problems).toEqual([]);
  }, 120_000);

  it('A16.1 opening a batch takes the same SQL statements for 3 moves and for 30, operators moving or new', async () => {
    // the fewest of two tries each: a statement of the app's own housekeeping (the principal cache
    // reloading when told staff rows changed) may land in any one of them, never in all
    const statements = async (prefix: string, n: number, newOperators: boolean) => {
      const people = await makeStaff(ds, {
        prefix,
        n,
        sectionCode: 'S0401',
        operators: newOperators ? 0 : n,
        since: '2026-04-01',
        by: '',
      });
      await authorisations(people);
      const ids = await scheduleMoves(
        people,
        people.map((_, i) => ({
          person: i,
          from: 'S0401',
          to: 'S0402',
          on: '2027-06-01',
          operatorCode: newOperators ? `${prefix}-${i}` : undefined,
        })),
      );
      const before = t.db.logger.statements;
      const opened = await open(ids);
      expect(opened).toEqual({ opened: n, skipped: 0, tasks: 2 * n });
      return t.db.logger.statements - before;
    };
    for (const newOperators of [false, true]) {
      const p = newOperators ? 'N' : 'M';
      const small = Math.min(
        await statements(`F${p}S1`, 3, newOperators),
        await statements(`F${p}S2`, 3, newOperators),
      );
      const large = Math.min(
        await statements(`F${p}L1`, 30, newOperators),
        await statements(`F${p}L2`, 30, newOperators),
      );
      expect([newOperators, large]).toEqual([newOperators, small]);
    }
  }, 120_000);
});
