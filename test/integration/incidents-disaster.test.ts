// Disaster mode (A30) and damage reports per room (A29.2, A30.2): the shutdown checklist listed from
// the modules that keep rooms and equipment (the 'incidents.disasterDeclared' hook), confirmed once
// per row from phones (two phones at once store one confirmation), rows added and taken off by the
// manager, the A30 steps done by the checklist, and what 対応が必要 and the compliance view show.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditEntriesOf, lastAuditEntryOf } from '../helpers/factories.js';
import { errorCode } from '../helpers/graphql.js';
import {
  CHECKLIST_ADD,
  CHECKLIST_DECLARE,
  CHECKLIST_READ,
  CHECKLIST_WAIVE,
  closeWithStepsWaived,
  stepOf,
  useDisasterFixture,
} from '../helpers/incidents.js';
import { DEMO } from '../helpers/people.js';

const START = new Date('2026-11-26T01:00:00Z');
const f = useDisasterFixture(START);
const { reportOf, checklist, confirm, incident } = f;

describe('A30.1 disaster mode: the shutdown checklist', () => {
  it('A30.1 a report of a large earthquake puts the incident in disaster mode at once: every 電算室等 in use listed to check', async () => {
    const id = await reportOf(DEMO.citizenSectionClerk, 'EARTHQUAKE_OR_LIGHTNING', '震度6弱の地震');
    const c = await checklist(id, DEMO.citizenSectionClerk);
    expect(c).toMatchObject({
      incidentType: 'EARTHQUAKE_OR_LIGHTNING',
      incidentState: 'REPORTED',
      automatic: true,
      declarable: false,
      declaredBy: { staffNumber: DEMO.citizenSectionClerk.staffNumber },
      total: 2,
      settled: 0,
    });
    expect(c.items.map((i: any) => [i.kind, i.room.code, i.source, i.position])).toEqual([
      ['ROOM', 'R01', 'access.room', 1],
      ['ROOM', 'R02', 'access.room', 2],
    ]);
    expect(c.items[0].label).toContain('電算室');
    // on the timeline, and in the report's own audit entry (with what the access module listed)
    expect((await incident(id)).timeline.map((l: any) => l.kind)).toContain('DISASTER_MODE');
    const entry = await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.reportIncident');
    expect(entry.changes).toMatchObject({
      disasterMode: [null, { automatic: true, items: 2 }],
      shutdownRooms: [null, 2],
    });
    // every open incident in disaster mode, for the phone's entry page
    const open = await f.gql(DEMO.citizenSectionClerk, `{ openDisasterChecklists { incidentId total settled } }`);
    expect(open.data!.openDisasterChecklists).toContainEqual({ incidentId: id, total: 2, settled: 0 });
  });

  it('A30.1 the manager switches a fire into disaster mode (once: again changes nothing); not a virus incident, and not an operator', async () => {
    const id = await reportOf(DEMO.itStaff, 'FIRE', '電算室の隣室で火災報知器が作動');
    expect(await checklist(id)).toMatchObject({ declaredAt: null, declarable: true, total: 0, items: [] });
    const byOperator = await f.gql(DEMO.itStaff, CHECKLIST_DECLARE, { i: { incidentId: id } });
    expect(errorCode(byOperator)).toBe('FORBIDDEN');

    const first = await f.gql(DEMO.manager, CHECKLIST_DECLARE, { i: { incidentId: id } });
    expect(first.errors).toBeUndefined();
    expect(first.data!.declareDisasterMode).toMatchObject({
      automatic: false,
      declarable: false,
      total: 2,
      declaredBy: { staffNumber: DEMO.manager.staffNumber },
    });
    const again = await f.gql(DEMO.manager, CHECKLIST_DECLARE, { i: { incidentId: id } });
    expect(again.data!.declareDisasterMode.declaredAt).toBe(first.data!.declareDisasterMode.declaredAt);
    expect(again.data!.declareDisasterMode.total).toBe(2);
    const entries = (await auditEntriesOf(f.t.db.dataSource, 'Mutation.declareDisasterMode')).filter(
      (e) => e.targetId === id,
    );
    expect(entries.map((e) => [e.outcome, e.changes === null])).toEqual([
      ['OK', false],
      ['OK', true],
    ]);

    const virus = await reportOf(DEMO.itStaff, 'VIRUS', '端末でウイルスを検知');
    const refused = await f.gql(DEMO.manager, CHECKLIST_DECLARE, { i: { incidentId: virus } });
    expect(errorCode(refused)).toBe('NOT_A_DISASTER_TYPE');
    expect((await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.declareDisasterMode')).reason).toBe(
      'NOT_A_DISASTER_TYPE',
    );
    // a virus incident the reader may not see reads as absent; one they see is not a disaster page
    expect(errorCode(await f.gql(DEMO.insuranceClerk, CHECKLIST_READ, { id: virus }))).toBe('INCIDENT_NOT_FOUND');
    expect(errorCode(await f.gql(DEMO.manager, CHECKLIST_READ, { id: virus }))).toBe('NOT_A_DISASTER_TYPE');
  });

  it('A30.1 a module that keeps servers and terminals lists them through the hook: grouped by room, each record once', async () => {
    const { hooks } = f.t.app.services;
    const R01 = f.rooms.R01;
    // a handler cannot be taken off: it lists equipment only while this test reports
    let listing = true;
    hooks.on('incidents.disasterDeclared', async (_em, { targets }) => {
      if (!listing) return;
      targets.push(
        { kind: 'TERMINAL', label: '窓口端末2', roomId: null, source: 'test.equipment', sourceId: 't2' },
        { kind: 'SERVER', label: '住基サーバー1号機', roomId: R01, source: 'test.equipment', sourceId: 's1' },
        { kind: 'TERMINAL', label: '管理端末', roomId: R01, source: 'test.equipment', sourceId: 't1' },
        // the same record twice, and one without a name: listed once, and not at all
        { kind: 'SERVER', label: '住基サーバー1号機', roomId: R01, source: 'test.equipment', sourceId: 's1' },
        { kind: 'SERVER', label: '  ', roomId: R01, source: 'test.equipment', sourceId: 's9' },
      );
      return { testEquipment: [null, 3] };
    });
    const id = await reportOf(DEMO.operationsManager, 'EARTHQUAKE_OR_LIGHTNING', '落雷により停電');
    listing = false;
    const c = await checklist(id);
    expect(c.items.map((i: any) => [i.kind, i.room?.code ?? null, i.source])).toEqual([
      ['ROOM', 'R01', 'access.room'],
      ['SERVER', 'R01', 'test.equipment'],
      ['TERMINAL', 'R01', 'test.equipment'],
      ['ROOM', 'R02', 'access.room'],
      ['TERMINAL', null, 'test.equipment'],
    ]);
    expect((await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.reportIncident')).changes).toMatchObject({
      testEquipment: [null, 3],
      shutdownRooms: [null, 2],
    });
  });
});

describe('A30.1 confirming rows from phones', () => {
  it('A30.1 two phones confirming the same row at once store one confirmation: the second answers with the first', async () => {
    const id = await reportOf(DEMO.citizenSectionClerk, 'EARTHQUAKE_OR_LIGHTNING', '震度5強');
    const [r01] = (await checklist(id)).items;
    const [a, b] = await Promise.all([
      confirm(DEMO.itStaff, r01.id, { note: 'サーバー室 異常なし' }),
      confirm(DEMO.itJunior, r01.id, { outcome: 'DAMAGED', note: 'ラック転倒' }),
    ]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    const first = a.data!.confirmDisasterChecklistItem;
    const second = b.data!.confirmDisasterChecklistItem;
    expect(second).toEqual(first);
    const rows = await f.t.db.dataSource.query(
      `SELECT outcome, "confirmedById" FROM disaster_checklist_item WHERE id = $1`,
      [r01.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].confirmedById).toBe(f.staff[first.confirmedBy.staffNumber]);
    // both were audited; only the one that counted changed anything
    const entries = (await auditEntriesOf(f.t.db.dataSource, 'Mutation.confirmDisasterChecklistItem')).filter(
      (e) => e.targetId === r01.id,
    );
    expect(entries.map((e) => e.changes === null).sort()).toEqual([false, true]);
    // a phone resending later gets the same answer
    const resent = await confirm(DEMO.itStaff, r01.id, { outcome: 'CANNOT', note: '再送' });
    expect(resent.data!.confirmDisasterChecklistItem).toEqual(first);
  });

  it('A30.1 every row confirmed at once by several phones: the tally reaches M/M once, and the A30 steps are done by the checklist', async () => {
    const id = await reportOf(DEMO.citizenSectionClerk, 'EARTHQUAKE_OR_LIGHTNING', '大規模な地震');
    for (const label of ['窓口端末1', '窓口端末2', '窓口端末3', '窓口端末4'])
      expect(
        (await f.gql(DEMO.manager, CHECKLIST_ADD, { i: { incidentId: id, kind: 'TERMINAL', label } })).errors,
      ).toBeUndefined();
    const c = await checklist(id);
    expect(c.total).toBe(6);
    const phones = [DEMO.itStaff, DEMO.itJunior, DEMO.operationsManager];
    const answers = await Promise.all(
      c.items.map((item: any, i: number) =>
        confirm(phones[i % phones.length], item.id, i === 3 ? { outcome: 'CANNOT', note: '電源ボタンが破損' } : {}),
      ),
    );
    expect(answers.map((a) => a.errors)).toEqual(c.items.map(() => undefined));
    const after = await checklist(id);
    expect(after).toMatchObject({ total: 6, settled: 6, done: 5, cannot: 1, damaged: 0, waived: 0 });
    const i = await incident(id);
    expect(i.timeline.filter((l: any) => l.kind === 'CHECKLIST_COMPLETE')).toHaveLength(1);
    expect(stepOf(i, 'shutDown').doneAt).not.toBeNull();
    expect(stepOf(i, 'powerOffTerminals').note).toContain('できない1');
    // done together by the checklist, in their order: neither is out of order
    expect([stepOf(i, 'shutDown').outOfOrder, stepOf(i, 'powerOffTerminals').outOfOrder]).toEqual([false, false]);
    expect(stepOf(i, 'reportDamage').doneAt).toBeNull();
  });

  it('A30.1 CANNOT and DAMAGED need a note; a time ahead of the clock is refused; a closed incident takes no confirmation', async () => {
    const id = await reportOf(DEMO.manager, 'EARTHQUAKE_OR_LIGHTNING', '震度6強');
    const [r01, r02] = (await checklist(id)).items;
    expect(errorCode(await confirm(DEMO.itStaff, r01.id, { outcome: 'CANNOT' }))).toBe('INVALID_INCIDENT_INPUT');
    expect(errorCode(await confirm(DEMO.itStaff, r01.id, { outcome: 'DAMAGED', note: '  ' }))).toBe(
      'INVALID_INCIDENT_INPUT',
    );
    const ahead = new Date(START.getTime() + 60 * 60_000).toISOString();
    expect(errorCode(await confirm(DEMO.itStaff, r01.id, { confirmedAt: ahead }))).toBe('INVALID_INCIDENT_INPUT');
    expect(errorCode(await confirm(DEMO.itStaff, r01.id, { outcome: 'WAIVED', note: 'x' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await confirm(DEMO.itStaff, randomUUID()))).toBe('CHECKLIST_ITEM_NOT_FOUND');
    expect((await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.confirmDisasterChecklistItem')).reason).toBe(
      'CHECKLIST_ITEM_NOT_FOUND',
    );
    // an offline phone sends the time it was done
    const done = await confirm(DEMO.itStaff, r01.id, {
      outcome: 'DAMAGED',
      note: '天井から漏水',
      confirmedAt: START.toISOString(),
    });
    expect(done.data!.confirmDisasterChecklistItem).toMatchObject({
      outcome: 'DAMAGED',
      note: '天井から漏水',
      confirmedAt: START.toISOString(),
      confirmedBy: { staffNumber: DEMO.itStaff.staffNumber },
    });

    await closeWithStepsWaived(f, id);
    expect(errorCode(await confirm(DEMO.itStaff, r02.id))).toBe('INCIDENT_CLOSED');
  });

  it('A30.1 the manager adds a row by hand (a resend adds it once) and takes one off with a reason; a confirmed row stays', async () => {
    const id = await reportOf(DEMO.operationsManager, 'EARTHQUAKE_OR_LIGHTNING', '停電');
    const clientId = randomUUID();
    const input = { incidentId: id, kind: 'SERVER', label: 'CS端末 (出張所)', roomId: f.rooms.R02, clientId };
    const added = await f.gql(DEMO.manager, CHECKLIST_ADD, { i: input });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addDisasterChecklistItem).toMatchObject({
      kind: 'SERVER',
      source: 'manual',
      position: 3,
      room: { code: 'R02' },
      addedBy: { staffNumber: DEMO.manager.staffNumber },
      outcome: null,
    });
    const resent = await f.gql(DEMO.manager, CHECKLIST_ADD, { i: input });
    expect(resent.data!.addDisasterChecklistItem.id).toBe(added.data!.addDisasterChecklistItem.id);
    expect((await checklist(id)).total).toBe(3);
    expect(
      errorCode(await f.gql(DEMO.manager, CHECKLIST_ADD, { i: { ...input, clientId: null, roomId: randomUUID() } })),
    ).toBe('UNKNOWN_ROOM');
    expect(errorCode(await f.gql(DEMO.itStaff, CHECKLIST_ADD, { i: { ...input, clientId: null } }))).toBe('FORBIDDEN');
    // a fire not in disaster mode has no checklist to add to
    const fire = await reportOf(DEMO.itStaff, 'FIRE', 'ぼや');
    expect(
      errorCode(await f.gql(DEMO.manager, CHECKLIST_ADD, { i: { ...input, incidentId: fire, clientId: null } })),
    ).toBe('DISASTER_MODE_OFF');

    const [r01, r02] = (await checklist(id)).items;
    expect(errorCode(await f.gql(DEMO.manager, CHECKLIST_WAIVE, { i: { itemId: r02.id, reason: ' ' } }))).toBe(
      'INVALID_INCIDENT_INPUT',
    );
    const waived = await f.gql(DEMO.manager, CHECKLIST_WAIVE, {
      i: { itemId: r02.id, reason: '媒体保管室は停電の影響なし' },
    });
    expect(waived.data!.waiveDisasterChecklistItem).toMatchObject({
      outcome: 'WAIVED',
      note: '媒体保管室は停電の影響なし',
      confirmedBy: { staffNumber: DEMO.manager.staffNumber },
    });
    // a phone confirming the waived row gets the manager's answer
    expect((await confirm(DEMO.itStaff, r02.id)).data!.confirmDisasterChecklistItem.outcome).toBe('WAIVED');
    await confirm(DEMO.itStaff, r01.id);
    const settled = await f.gql(DEMO.manager, CHECKLIST_WAIVE, { i: { itemId: r01.id, reason: '不要' } });
    expect(errorCode(settled)).toBe('CHECKLIST_ITEM_SETTLED');
    expect((await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.waiveDisasterChecklistItem')).reason).toBe(
      'CHECKLIST_ITEM_SETTLED',
    );
  });
});
