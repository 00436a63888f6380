// Incidents the system opens itself: an entry without a valid authorisation in the register opens an
// ACCESS_ANOMALY incident for the manager, linked to its line (A12.2: through the access module's
// hook, not a second register), and a positive media scan opens a VIRUS incident at once (A19.1–3).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorisation, lastAuditEntryOf } from '../helpers/factories.js';
import { errorCode } from '../helpers/graphql.js';
import { linesOf, RECORD_SCAN, timersOf, useIncidentFixture } from '../helpers/incidents.js';
import { DEMO } from '../helpers/people.js';

const START = new Date('2026-11-26T01:00:00Z');
const f = useIncidentFixture(START);

const RECORD_EVENTS = `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) {
  results { clientEventId outcome eventId anomalies } } }`;

/** The manager types in entries from the paper register (no tablet needed): one per person. */
const enter = (staffNumbers: string[], clientEventId = () => randomUUID()) => ({
  i: {
    deviceNow: f.clock.toISOString(),
    events: staffNumbers.map((n) => ({
      clientEventId: clientEventId(),
      direction: 'ENTER',
      staffId: f.staff[n],
      roomId: f.rooms.R01,
      purpose: '機器の確認',
      deviceTime: new Date(f.clock.getTime() - 5 * 60_000).toISOString(),
    })),
  },
});

const stepIds = async (incidentId: string) =>
  (
    (await f.t.db.dataSource.query(`SELECT id FROM incident_step WHERE "incidentId" = $1 ORDER BY position`, [
      incidentId,
    ])) as { id: string }[]
  ).map((r) => r.id);

const incidentsOfEvent = (eventId: string) =>
  f.t.db.dataSource.query(`SELECT id, type, source FROM incident WHERE "accessEventId" = $1`, [eventId]) as Promise<
    { id: string; type: string; source: string }[]
  >;

describe('A12.2: the register opens an incident for an entry without authorisation', () => {
  it('A12.2: an unauthorised entry opens an ACCESS_ANOMALY incident for the manager, linked to its register line, once', async () => {
    const batch = enter([DEMO.operator.staffNumber]);
    const res = await f.gql(DEMO.manager, RECORD_EVENTS, batch);
    expect(res.errors).toBeUndefined();
    const [line] = res.data!.recordAccessEvents.results;
    expect(line.anomalies).toContain('UNAUTHORISED');
    const [opened] = await incidentsOfEvent(line.eventId);
    expect(opened).toMatchObject({ type: 'ACCESS_ANOMALY', source: 'ACCESS_REGISTER' });

    const incident = (
      await f.gql(
        DEMO.manager,
        `query($id: ID!) { incident(id: $id) { accessEventId summary reportedBy { id } section { code } room { code }
          awaiting ackDueAt steps { key } timeline { kind role staff { staffNumber } } } }`,
        { id: opened.id },
      )
    ).data!.incident;
    expect(incident).toMatchObject({
      accessEventId: line.eventId,
      reportedBy: null,
      section: { code: DEMO.operator.sectionCode },
      room: { code: 'R01' },
      awaiting: 'MANAGER',
      steps: [{ key: 'confirmEntry' }, { key: 'preventRecurrence' }],
    });
    expect(incident.summary).toContain(DEMO.operator.fullName);
    expect(new Date(incident.ackDueAt).getTime()).toBe(START.getTime() + 60 * 60_000);
    expect(linesOf(incident)).toEqual(['REPORTED', `NOTIFIED MANAGER ${DEMO.manager.staffNumber}`]);
    expect(await timersOf(f.t, opened.id)).toHaveLength(1);
    // the register's own audit entry says what the hook did
    const audit = await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.recordAccessEvents');
    expect(audit.changes.incidentsOpened).toEqual([null, [opened.id]]);

    // the batch sent again stores nothing new: no second line, no second incident
    const again = await f.gql(DEMO.manager, RECORD_EVENTS, batch);
    expect(again.data!.recordAccessEvents.results[0].outcome).toBe('DUPLICATE');
    expect(await incidentsOfEvent(line.eventId)).toHaveLength(1);
  });

  it('A12.2: in one batch an authorised entry opens none and an unauthorised one opens its own', async () => {
    await f.advance(61); // past the hour of the last test's incident in R01 (entries within it join that one)
    await authorisation(f.t.app.http, await f.as(DEMO.itStaff), await f.as(DEMO.manager), {
      roomIds: [f.rooms.R01],
      validFrom: new Date(f.clock.getTime() - 3_600_000).toISOString(),
      validTo: new Date(f.clock.getTime() + 3_600_000).toISOString(),
    });
    f.clock = new Date(f.clock.getTime() + 10 * 60_000); // entries after the approval (authorised in advance)
    const res = await f.gql(DEMO.manager, RECORD_EVENTS, enter([DEMO.itStaff.staffNumber, DEMO.itJunior.staffNumber]));
    expect(res.errors).toBeUndefined();
    const [authorised, unauthorised] = res.data!.recordAccessEvents.results;
    expect(authorised.anomalies).not.toContain('UNAUTHORISED');
    expect(await incidentsOfEvent(authorised.eventId)).toEqual([]);
    expect(unauthorised.anomalies).toContain('UNAUTHORISED');
    expect(await incidentsOfEvent(unauthorised.eventId)).toHaveLength(1);
  });

  it('A12.2: resolving the register’s UNAUTHORISED anomaly with a note does the incident’s "confirm the entry" step, once', async () => {
    await f.advance(61);
    const res = await f.gql(DEMO.manager, RECORD_EVENTS, enter([DEMO.itJunior.staffNumber]));
    const [line] = res.data!.recordAccessEvents.results;
    const [opened] = await incidentsOfEvent(line.eventId);
    const anomalies = (await f.t.db.dataSource.query(
      `SELECT id, kind FROM access_anomaly WHERE "eventId" = $1 ORDER BY kind`,
      [line.eventId],
    )) as { id: string; kind: string }[];
    const unauthorised = anomalies.find((a) => a.kind === 'UNAUTHORISED')!;
    const RESOLVE = `mutation($i: ResolveAnomalyInput!) { resolveAccessAnomaly(input: $i) { id } }`;
    // another anomaly of the same line (if any) does not tick it
    for (const other of anomalies.filter((a) => a.kind !== 'UNAUTHORISED')) {
      await f.gql(DEMO.manager, RESOLVE, { i: { id: other.id, note: '別件' } });
    }
    const stepOf = async () =>
      (
        await f.gql(
          DEMO.manager,
          `query($id: ID!) { incident(id: $id) { steps { key doneAt note doneBy { staffNumber } } timeline { kind stepKey } } }`,
          { id: opened.id },
        )
      ).data!.incident;
    expect((await stepOf()).steps[0].doneAt).toBeNull();

    const done = await f.gql(DEMO.manager, RESOLVE, {
      i: { id: unauthorised.id, note: '本人に確認。許可申請の出し忘れ' },
    });
    expect(done.errors).toBeUndefined();
    const incident = await stepOf();
    expect(incident.steps[0]).toMatchObject({
      key: 'confirmEntry',
      note: '入退室の異常を解決: 本人に確認。許可申請の出し忘れ',
      doneBy: { staffNumber: DEMO.manager.staffNumber },
    });
    expect(incident.steps[1].doneAt).toBeNull(); // preventing recurrence is still the manager's to do
    expect(incident.timeline.filter((e: any) => e.kind === 'STEP_DONE')).toEqual([
      { kind: 'STEP_DONE', stepKey: 'confirmEntry' },
    ]);
    // the register's audit entry names the step its resolution did
    const audit = await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.resolveAccessAnomaly');
    expect(audit.changes.incidentStepsDone).toEqual([null, [(await stepIds(opened.id))[0]]]);
    // resolving again is refused by the register and ticks nothing twice
    const again = await f.gql(DEMO.manager, RESOLVE, { i: { id: unauthorised.id, note: 'もう一度' } });
    expect(errorCode(again)).toBe('ANOMALY_RESOLVED');
    expect((await stepOf()).timeline.filter((e: any) => e.kind === 'STEP_DONE')).toHaveLength(1);
  });

  it('A12.2 flood: 500 entries without authorisation into one room at once open one incident, the others linked to it (the manager pushed once); more within the hour join it, after the hour one opens again', async () => {
    await f.advance(61);
    const q = (sql: string, params: unknown[]) => f.t.db.dataSource.query(sql, params) as Promise<any[]>;
    const res = await f.gql(DEMO.manager, RECORD_EVENTS, enter(Array(500).fill(DEMO.operator.staffNumber)));
    expect(res.errors).toBeUndefined();
    const results = res.data!.recordAccessEvents.results as { eventId: string; anomalies: string[] }[];
    expect(results.filter((r) => r.anomalies.includes('UNAUTHORISED'))).toHaveLength(500);
    const eventIds = results.map((r) => r.eventId);
    const opened = await q(`SELECT id FROM incident WHERE "accessEventId" = ANY($1)`, [eventIds]);
    expect(opened).toHaveLength(1);
    const id = opened[0].id;
    const linked = (ids: string[]) =>
      q(
        `SELECT "incidentId", count(*)::int AS n, bool_and(flagged) AS flagged FROM incident_event
          WHERE kind = 'ENTRY_LINKED' AND "accessEventId" = ANY($1) GROUP BY 1`,
        [ids],
      );
    expect(await linked(eventIds)).toEqual([{ incidentId: id, n: 499, flagged: true }]);
    expect(await q(`SELECT kind FROM incident_event WHERE "incidentId" = $1 AND kind = 'NOTIFIED'`, [id])).toHaveLength(
      1,
    );
    const audit = await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.recordAccessEvents');
    expect(audit.changes).toMatchObject({ incidentsOpened: [null, [id]], incidentEntriesLinked: [null, 499] });
    // the manager reads them on the incident's timeline, with who entered
    const timeline = (
      await f.gql(DEMO.manager, `query($id: ID!) { incident(id: $id) { timeline { kind staff { staffNumber } } } }`, {
        id,
      })
    ).data!.incident.timeline.filter((l: any) => l.kind === 'ENTRY_LINKED');
    expect(timeline).toHaveLength(499);
    expect(timeline[0].staff.staffNumber).toBe(DEMO.operator.staffNumber);

    // half an hour on: another entry joins the same incident
    await f.advance(30);
    const later = (await f.gql(DEMO.manager, RECORD_EVENTS, enter([DEMO.itJunior.staffNumber]))).data!
      .recordAccessEvents.results[0];
    expect(await incidentsOfEvent(later.eventId)).toEqual([]);
    expect(await linked([later.eventId])).toEqual([{ incidentId: id, n: 1, flagged: true }]);
    // past the hour of the incident's report: a new one opens
    await f.advance(31);
    const next = (await f.gql(DEMO.manager, RECORD_EVENTS, enter([DEMO.itJunior.staffNumber]))).data!.recordAccessEvents
      .results[0];
    expect(await incidentsOfEvent(next.eventId)).toHaveLength(1);
  }, 120_000);
});

describe('A19.1–2: the media scan log', () => {
  const scan = (fields: Record<string, unknown> = {}) => ({
    i: {
      clientId: randomUUID(),
      medium: 'USBメモリ (管理番号 M-12)',
      direction: 'RECEIVED',
      counterpart: '県 市町村課',
      software: 'ウイルスバスター Corp.',
      definitionVersion: '19.485.00',
      result: 'CLEAN',
      ...fields,
    },
  });

  it('A19.1: a clean scan is logged with the software and its definition version, and opens nothing', async () => {
    const res = await f.gql(DEMO.citizenSectionClerk, RECORD_SCAN, scan());
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordMediaScan).toMatchObject({
      result: 'CLEAN',
      direction: 'RECEIVED',
      software: 'ウイルスバスター Corp.',
      definitionVersion: '19.485.00',
      scannedBy: { staffNumber: DEMO.citizenSectionClerk.staffNumber },
      incident: null,
    });
    expect((await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.recordMediaScan')).changes).toMatchObject({
      result: [null, 'CLEAN'],
      incidentId: [null, null],
    });
  });

  it('A19.3: a positive scan opens a VIRUS incident at once, to the manager, with the operations manager told; a resend stores neither twice', async () => {
    const input = scan({ result: 'INFECTED', note: 'Trojan を検出' });
    const res = await f.gql(DEMO.citizenSectionClerk, RECORD_SCAN, input);
    expect(res.errors).toBeUndefined();
    const { id: scanId, incident } = res.data!.recordMediaScan;
    expect(incident).toMatchObject({
      type: 'VIRUS',
      source: 'MEDIA_SCAN',
      state: 'REPORTED',
      mediaScanId: scanId,
      reportedBy: { staffNumber: DEMO.citizenSectionClerk.staffNumber },
      section: { code: DEMO.citizenSectionClerk.sectionCode },
    });
    expect(linesOf(incident)).toEqual([
      `REPORTED ${DEMO.citizenSectionClerk.staffNumber}`,
      `NOTIFIED MANAGER ${DEMO.manager.staffNumber}`,
      `INFORMED OPERATIONS_MANAGER ${DEMO.operationsManager.staffNumber}`,
    ]);
    const again = await f.gql(DEMO.citizenSectionClerk, RECORD_SCAN, input);
    expect(again.data!.recordMediaScan.id).toBe(scanId);
    expect(again.data!.recordMediaScan.incident.id).toBe(incident.id);
    const [{ scans, incidents }] = await f.t.db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM media_scan WHERE "clientId" = $1) AS scans,
              (SELECT count(*)::int FROM incident WHERE "mediaScanId" = $2) AS incidents`,
      [input.i.clientId, scanId],
    );
    expect([scans, incidents]).toEqual([1, 1]);
    const changed = await f.gql(DEMO.citizenSectionClerk, RECORD_SCAN, { i: { ...input.i, result: 'CLEAN' } });
    expect(errorCode(changed)).toBe('CLIENT_ID_REUSED');
  });

  it('refuses a scan without a medium or software, or dated in the future, with codes', async () => {
    expect(errorCode(await f.gql(DEMO.operator, RECORD_SCAN, scan({ medium: '   ' })))).toBe('INVALID_INCIDENT_INPUT');
    expect(errorCode(await f.gql(DEMO.operator, RECORD_SCAN, scan({ software: '' })))).toBe('BAD_USER_INPUT');
    const future = new Date(f.clock.getTime() + 3_600_000).toISOString();
    expect(errorCode(await f.gql(DEMO.operator, RECORD_SCAN, scan({ scannedAt: future })))).toBe(
      'INVALID_INCIDENT_INPUT',
    );
  });
});
