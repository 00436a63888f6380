// Issue 14 §2: history and change control (A14.1–2, A14.5, A17). Every change is a change record
// (what, why, before, after) written with the change; equipment and programs change only after the
// manager approved a request, then it is carried out and confirmed; nobody decides their own; a
// change without an approved request is flagged and shows on /compliance until reviewed.
import { describe, expect, it } from 'vitest';
import {
  APPROVE_CHANGE,
  CARRY_OUT_CHANGE,
  changeThrough,
  CONFIRM_CHANGE,
  HISTORY,
  ITEM,
  newItem,
  RECORD_UNAPPROVED,
  REFUSE_CHANGE,
  useChangeControlFixture,
  WITHDRAW_CHANGE,
} from '../helpers/configuration.js';
import { staffIdOf } from '../helpers/factories.js';
import { errorCode, gql } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const REQUESTS = `query($f: ConfigurationChangeRequestFilter) { configurationChangeRequests(filter: $f, first: 100) {
  nodes { id status mayDecide mayConfirm mayCarryOut mayWithdraw summary proposedFields { field before after } } } }`;
const c = useChangeControlFixture();
const { as, run, ask, todo, lastAudit } = c;
const requestOf = async (who: DemoPerson, id: string) =>
  (await gql(c.t.app.http, REQUESTS, {}, await as(who))).data!.configurationChangeRequests.nodes.find(
    (n: any) => n.id === id,
  );

describe('A14.1–2, A17 a change is approved by the manager before it is carried out, then confirmed', () => {
  it('A14.1–2 a request is carried out only once approved; carrying it out changes the item and writes its change record in the same transaction', async () => {
    const admin = DEMO.systemAdministrator;
    const req = await ask(admin, {
      kind: 'CHANGE',
      itemId: c.items['PG-001'],
      item: { version: '2022 (累積更新 2026-11)' },
      summary: 'サーバーOSの更新',
      reason: 'セキュリティ更新の適用',
    });
    expect(req).toMatchObject({ status: 'REQUESTED', kind: 'CHANGE', itemId: c.items['PG-001'] });
    // the manager sees the request's details with the item's current state
    const seen = await requestOf(DEMO.manager, req.id);
    expect(seen).toMatchObject({ mayDecide: true, mayCarryOut: false, mayWithdraw: false });
    expect(seen.proposedFields).toEqual([{ field: 'version', before: '2022', after: '2022 (累積更新 2026-11)' }]);
    // not before approval: the item is unchanged
    expect(errorCode(await run(admin, CARRY_OUT_CHANGE, { id: req.id }))).toBe('CHANGE_REQUEST_NOT_PENDING');
    expect(await lastAudit('Mutation.carryOutConfigurationChange')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'CHANGE_REQUEST_NOT_PENDING',
      targetId: req.id,
    });
    expect(
      (await gql(c.t.app.http, ITEM, { id: c.items['PG-001'] }, await as(admin))).data!.configurationItem.version,
    ).toBe('2022');
    expect(await todo(DEMO.manager, 'configuration.requestsToDecide')).toBeGreaterThanOrEqual(1);

    const approved = await run(DEMO.manager, APPROVE_CHANGE, { id: req.id });
    expect(approved.data!.approveConfigurationChange).toEqual({
      id: req.id,
      status: 'APPROVED',
      decidedBy: { staffNumber: DEMO.manager.staffNumber },
    });
    expect(await todo(admin, 'configuration.changesToCarryOut')).toBe(1);
    // another staff member cannot carry out someone else's request
    expect(errorCode(await run(DEMO.operator, CARRY_OUT_CHANGE, { id: req.id }))).toBe('NOT_YOUR_CHANGE_REQUEST');

    const done = await run(admin, CARRY_OUT_CHANGE, { id: req.id });
    expect(done.errors).toBeUndefined();
    expect(done.data!.carryOutConfigurationChange).toMatchObject({
      status: 'DONE',
      carriedOutBy: { staffNumber: admin.staffNumber },
    });
    const history = await gql(c.t.app.http, HISTORY, { f: { itemId: c.items['PG-001'] } }, await as(DEMO.operator));
    expect(history.data!.configurationChanges.nodes[0]).toMatchObject({
      kind: 'CHANGE',
      summary: 'サーバーOSの更新',
      reason: 'セキュリティ更新の適用',
      basis: 'REQUEST',
      requestId: req.id,
      flagged: false,
      by: { staffNumber: admin.staffNumber },
      fields: [{ field: 'version', before: '2022', after: '2022 (累積更新 2026-11)' }],
    });
    // the audit entry of the carrying out names the request's and the item's changes
    expect(await lastAudit('Mutation.carryOutConfigurationChange')).toMatchObject({
      outcome: 'OK',
      targetId: req.id,
      changes: { status: ['APPROVED', 'DONE'], version: ['2022', '2022 (累積更新 2026-11)'] },
    });

    // then the manager confirms it
    expect(await todo(DEMO.manager, 'configuration.changesToConfirm')).toBe(1);
    expect((await requestOf(DEMO.manager, req.id)).mayConfirm).toBe(true);
    const confirmed = await run(DEMO.manager, CONFIRM_CHANGE, { id: req.id });
    expect(confirmed.data!.confirmConfigurationChange).toMatchObject({ status: 'CONFIRMED' });
    expect(await todo(DEMO.manager, 'configuration.changesToConfirm')).toBe(0);
    expect(errorCode(await run(DEMO.manager, CONFIRM_CHANGE, { id: req.id }))).toBe('CHANGE_REQUEST_NOT_PENDING');
  });

  it('A14.1–2 installing a new device: the item exists only once the approved request is carried out', async () => {
    const before = await c.t.db.dataSource.query(`SELECT count(*)::int AS n FROM configuration_item`);
    const { requestId, itemId } = await changeThrough(
      c.t.app.http,
      await as(DEMO.systemAdministrator),
      await as(DEMO.manager),
      {
        kind: 'INSTALL',
        item: newItem(
          {
            registerNumber: 'EQ-021',
            kind: 'TERMINAL',
            name: '住基ネット端末 (若葉台出張所)',
            location: '若葉台出張所',
          },
          c.refs,
        ),
        summary: '出張所に端末を設置',
        reason: '出張所での住民票の写しの交付のため',
      },
    );
    const after = await c.t.db.dataSource.query(`SELECT count(*)::int AS n FROM configuration_item`);
    expect(after[0].n).toBe(before[0].n + 1);
    const [req] = await c.t.db.dataSource.query(
      `SELECT "itemId", status FROM configuration_change_request WHERE id = $1`,
      [requestId],
    );
    expect(req).toEqual({ itemId, status: 'DONE' });
    const history = await gql(c.t.app.http, HISTORY, { f: { itemId } }, await as(DEMO.operator));
    expect(history.data!.configurationChanges.nodes).toHaveLength(1);
    expect(history.data!.configurationChanges.nodes[0].fields).toEqual(
      expect.arrayContaining([
        { field: 'registerNumber', before: null, after: 'EQ-021' },
        { field: 'responsibleStaff', before: null, after: DEMO.systemAdministrator.fullName },
        { field: 'section', before: null, after: '情報政策課' },
      ]),
    );
  });

  it('A14.1–2 a request carried out is checked again: a register number taken since the approval is refused, nothing changes', async () => {
    const admin = await as(DEMO.systemAdministrator);
    const first = await ask(DEMO.systemAdministrator, {
      kind: 'INSTALL',
      item: newItem({ registerNumber: 'EQ-031', kind: 'OTHER_EQUIPMENT', name: 'UPS', location: '電算室' }, c.refs),
    });
    const second = await ask(DEMO.itStaff, {
      kind: 'INSTALL',
      item: newItem(
        { registerNumber: 'EQ-031', kind: 'OTHER_EQUIPMENT', name: 'UPS (予備)', location: '電算室' },
        c.refs,
      ),
    });
    await run(DEMO.manager, APPROVE_CHANGE, { id: first.id });
    await run(DEMO.manager, APPROVE_CHANGE, { id: second.id });
    expect((await gql(c.t.app.http, CARRY_OUT_CHANGE, { i: { id: first.id } }, admin)).errors).toBeUndefined();
    const refused = await run(DEMO.itStaff, CARRY_OUT_CHANGE, { id: second.id });
    expect(errorCode(refused)).toBe('REGISTER_NUMBER_TAKEN');
    const [row] = await c.t.db.dataSource.query(
      `SELECT status, "itemId" FROM configuration_change_request WHERE id = $1`,
      [second.id],
    );
    expect(row).toEqual({ status: 'APPROVED', itemId: null });
    const [n] = await c.t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM configuration_item WHERE name = 'UPS (予備)'`,
    );
    expect(n.n).toBe(0);
    // the requester withdraws it instead; only the requester may
    expect(errorCode(await run(DEMO.systemAdministrator, WITHDRAW_CHANGE, { id: second.id }))).toBe(
      'NOT_YOUR_CHANGE_REQUEST',
    );
    const withdrawn = await run(DEMO.itStaff, WITHDRAW_CHANGE, { id: second.id, note: '番号の重複' });
    expect(withdrawn.data!.withdrawConfigurationChange.status).toBe('WITHDRAWN');
  });

  it('A14.1–2 a refusal needs a reason; a refused request is never carried out', async () => {
    const req = await ask(DEMO.operator, {
      kind: 'INSTALL',
      item: newItem(
        {
          registerNumber: 'PG-041',
          kind: 'APPLICATION',
          name: '表計算ソフト',
          version: '1.0',
          installedOnId: c.items['EQ-011'],
        },
        c.refs,
      ),
      summary: '端末に表計算ソフトを追加',
      reason: '集計作業のため',
    });
    expect(errorCode(await run(DEMO.manager, REFUSE_CHANGE, { id: req.id }))).toBe('INVALID_CHANGE_REQUEST');
    const refused = await run(DEMO.manager, REFUSE_CHANGE, {
      id: req.id,
      note: '住基ネット端末には業務以外のプログラムを入れない (第14第2号)',
    });
    expect(refused.data!.refuseConfigurationChange).toMatchObject({ status: 'REFUSED' });
    expect(errorCode(await run(DEMO.operator, CARRY_OUT_CHANGE, { id: req.id }))).toBe('CHANGE_REQUEST_NOT_PENDING');
    expect(errorCode(await run(DEMO.manager, APPROVE_CHANGE, { id: req.id }))).toBe('CHANGE_REQUEST_NOT_PENDING');
  });

  it('A14.1–2 an approved request cannot be approved twice; two decisions at once: one wins, the other gets CHANGE_REQUEST_NOT_PENDING', async () => {
    const req = await ask(DEMO.itStaff, { kind: 'CHANGE', itemId: c.items['EQ-003'], item: { rack: 'ラックB' } });
    // an acting manager holds the manager's authority beside the manager (A9.7)
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
    await c.t.db.dataSource.query(
      `INSERT INTO acting_assignment (role, "actingStaffId", "startsOn", "endsOn", reason) VALUES ('MANAGER', $1, $2, $2, '試験: 二人の管理者')`,
      [await staffIdOf(c.t.db.dataSource, DEMO.itJunior), today],
    );
    const [a, b] = await Promise.all([
      run(DEMO.manager, APPROVE_CHANGE, { id: req.id }),
      run(DEMO.itJunior, REFUSE_CHANGE, { id: req.id, note: '不要' }),
    ]);
    const codes = [errorCode(a), errorCode(b)];
    expect(codes.filter((c) => c === undefined)).toHaveLength(1);
    expect(codes.filter((c) => c === 'CHANGE_REQUEST_NOT_PENDING')).toHaveLength(1);
    const again = await run(DEMO.manager, APPROVE_CHANGE, { id: req.id });
    expect(errorCode(again)).toBe('CHANGE_REQUEST_NOT_PENDING');
    expect(again.errors![0].extensions!.status).toMatch(/APPROVED|REFUSED/);
    await c.t.db.dataSource.query(`DELETE FROM acting_assignment WHERE reason = '試験: 二人の管理者'`);
  });
});

describe('Hardening §1 for change control: nobody decides their own request', () => {
  it('A14.1–2 the manager cannot approve their own request (OWN_CASE, audited); the chief or the deputy chief decides it', async () => {
    const own = await ask(DEMO.manager, {
      kind: 'CHANGE',
      itemId: c.items['EQ-001'],
      item: { serialNumber: 'MS22-004812-R' },
    });
    const ordinary = await ask(DEMO.itStaff, {
      kind: 'CHANGE',
      itemId: c.items['EQ-001'],
      item: { note: '保守契約の更新' },
    });
    expect(errorCode(await run(DEMO.manager, APPROVE_CHANGE, { id: own.id }))).toBe('OWN_CASE');
    expect(await lastAudit('Mutation.approveConfigurationChange')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'OWN_CASE',
      targetId: own.id,
    });
    expect((await requestOf(DEMO.manager, own.id)).mayDecide).toBe(false);
    expect((await requestOf(DEMO.chief, own.id)).mayDecide).toBe(true);
    expect((await requestOf(DEMO.chief, ordinary.id)).mayDecide).toBe(false);
    expect(await todo(DEMO.chief, 'configuration.managerRequestsToDecide')).toBeGreaterThanOrEqual(1);
    // the chief decides only what the manager cannot
    expect(errorCode(await run(DEMO.chief, APPROVE_CHANGE, { id: ordinary.id }))).toBe('OUTSIDE_YOUR_SCOPE');
    const approved = await run(DEMO.deputyChief, APPROVE_CHANGE, { id: own.id });
    expect(approved.data!.approveConfigurationChange).toMatchObject({
      status: 'APPROVED',
      decidedBy: { staffNumber: DEMO.deputyChief.staffNumber },
    });
    // the manager carries out their own approved request; its confirmation goes to the chief too
    expect((await run(DEMO.manager, CARRY_OUT_CHANGE, { id: own.id })).errors).toBeUndefined();
    expect(errorCode(await run(DEMO.manager, CONFIRM_CHANGE, { id: own.id }))).toBe('OWN_CASE');
    expect((await run(DEMO.chief, CONFIRM_CHANGE, { id: own.id })).data!.confirmConfigurationChange.status).toBe(
      'CONFIRMED',
    );
  });

  it('A17 an operator asks, but cannot decide: FORBIDDEN, audited', async () => {
    const req = await ask(DEMO.citizenSectionClerk, {
      kind: 'INSTALL',
      item: newItem(
        {
          registerNumber: 'PG-051',
          kind: 'APPLICATION',
          name: 'PDF閲覧ソフト',
          version: '3',
          installedOnId: c.items['EQ-012'],
        },
        c.refs,
      ),
    });
    expect(errorCode(await run(DEMO.citizenSectionClerk, APPROVE_CHANGE, { id: req.id }))).toBe('FORBIDDEN');
    expect(await lastAudit('Mutation.approveConfigurationChange')).toMatchObject({
      outcome: 'REFUSED',
      reason: expect.stringContaining('FORBIDDEN'),
    });
    // nor carry out what the manager did not approve, nor record an unapproved change
    expect(errorCode(await run(DEMO.citizenSectionClerk, CARRY_OUT_CHANGE, { id: req.id }))).toBe(
      'CHANGE_REQUEST_NOT_PENDING',
    );
    const direct = await run(DEMO.citizenSectionClerk, RECORD_UNAPPROVED, {
      kind: 'CHANGE',
      itemId: c.items['EQ-012'],
      item: { note: 'x' },
      summary: 'x',
      reason: 'x',
    });
    expect(errorCode(direct)).toBe('FORBIDDEN');
  });
});
