// A21 (調査): the manager's investigations — subject, scope, period, findings, linked records — read
// only by the manager, the chief and auditors; opening one asks the operations manager of the
// subject's section to cooperate through their 対応が必要, and they see the request, not the
// investigation. A21 on /compliance: a request left unconfirmed is ATTENTION.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { lastAuditEntryOf, staffIdOf } from '../helpers/factories.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

let t: TestApp;
let clock = new Date();
const DAY = 86_400_000;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const RECORD_AT = new Date(Date.now() - 3 * DAY);

const OPEN = `mutation($i: OpenInvestigationInput!) { openInvestigation(input: $i) {
  id state scope periodFrom periodTo subject { staffNumber } findings cooperationMessage } }`;
const READ = `query($id: ID!) { investigation(id: $id) { id scope subject { staffNumber } findings
  links { kind recordSourceId recordLine recordAt note } } }`;
const LIST = `{ investigations(first: 10) { nodes { id scope } } }`;
const FINDINGS = `mutation($i: RecordInvestigationFindingsInput!) { recordInvestigationFindings(input: $i) { id state findings closedAt } }`;
const LINK = `mutation($i: LinkInvestigationRecordInput!) { linkInvestigationRecord(input: $i) { id kind } }`;
const REQUESTS = `{ investigationCooperationRequests { id subjectName message acknowledgedAt } }`;
const ACK = `mutation($id: ID!) { acknowledgeInvestigationCooperation(id: $id) { id acknowledgedAt } }`;
const TODOS = `{ myTodos { id count link } }`;
const COMPLIANCE = `{ compliance { articles { id controls { article status reason } } } }`;

const as = (who: string, q: string, v?: Record<string, unknown>) => gql(t.app.http, q, v, cookies[who]);
const PEOPLE = {
  manager: DEMO.manager,
  chief: DEMO.chief,
  deputyChief: DEMO.deputyChief,
  auditor: DEMO.auditor,
  sysadmin: DEMO.systemAdministrator,
  opsManager: DEMO.operationsManager,
  insuranceOpsManager: DEMO.insuranceOperationsManager,
  subject: DEMO.citizenSectionClerk,
  operator: DEMO.operator,
};
const openInput = (over: Record<string, unknown> = {}) => ({
  subjectId: ids.subject,
  scope: '住民票の写しの交付に関する照会の業務外利用の疑い',
  from: new Date(Date.now() - 30 * DAY),
  to: new Date(),
  cooperationMessage: '対象職員の勤務状況について聞き取りへの協力をお願いします',
  ...over,
});
const a21 = async () =>
  ((await as('manager', COMPLIANCE)).data?.compliance.articles as any[])
    .find((a) => a.id === 'A21')!
    .controls.find((c: any) => c.article === 'A21');

async function signInAgain() {
  for (const [k, p] of Object.entries(PEOPLE)) cookies[k] = await signIn(t.app.http, p.staffNumber, DEMO_PASSWORD);
}

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  for (const [k, p] of Object.entries(PEOPLE)) {
    cookies[k] = await signIn(t.app.http, p.staffNumber, DEMO_PASSWORD);
    ids[k] = await staffIdOf(t.db.dataSource, p);
  }
  const owner = t.db.dataSource;
  await owner.query(`SELECT oplog_ensure_partition(($1::timestamptz AT TIME ZONE 'Asia/Tokyo')::date)`, [RECORD_AT]);
  await owner.query(
    `INSERT INTO operation_record ("at", "sourceId", line, "terminalCode", "operatorId", "operationType", result)
     VALUES ($1, 'inv-source', 7, 'T-1', 'OP4001', 'INQUIRY', 'SUCCESS')`,
    [RECORD_AT],
  );
});
afterAll(() => t.close());

describe('A21 investigations', () => {
  let id: string;

  it('A21: the manager opens one; the operations manager of the subject’s section is asked to cooperate (対応が必要)', async () => {
    const r = await as('manager', OPEN, { i: openInput() });
    expect(r.errors).toBeUndefined();
    id = r.data!.openInvestigation.id;
    expect(r.data!.openInvestigation).toMatchObject({
      state: 'OPEN',
      subject: { staffNumber: DEMO.citizenSectionClerk.staffNumber },
    });
    expect(await lastAuditEntryOf(t.db.dataSource, 'Mutation.openInvestigation')).toMatchObject({
      outcome: 'OK',
      targetId: id,
    });
    expect((await as('opsManager', TODOS)).data!.myTodos).toContainEqual(
      expect.objectContaining({ id: 'oplog.investigationCooperation', count: 1 }),
    );
    // another section's operations manager is not asked
    expect((await as('insuranceOpsManager', TODOS)).data!.myTodos.map((x: any) => x.id)).not.toContain(
      'oplog.investigationCooperation',
    );
    // the request shows the subject and the message, not the scope or findings
    const req = (await as('opsManager', REQUESTS)).data!.investigationCooperationRequests;
    expect(req).toEqual([
      {
        id,
        subjectName: DEMO.citizenSectionClerk.fullName,
        message: openInput().cooperationMessage,
        acknowledgedAt: null,
      },
    ]);
    expect(JSON.stringify(req)).not.toContain('業務外利用');
  });

  it('A21: a subject whose section has no operations manager needs a named cooperator (INVESTIGATION_NO_COOPERATOR); bad input is refused with a code', async () => {
    const welfare = await staffIdOf(t.db.dataSource, DEMO.welfareClerk);
    expect(errorCode(await as('manager', OPEN, { i: openInput({ subjectId: welfare }) }))).toBe(
      'INVESTIGATION_NO_COOPERATOR',
    );
    const named = await as('manager', OPEN, { i: openInput({ subjectId: welfare, cooperatorId: ids.operator }) });
    expect(named.errors).toBeUndefined();
    expect(
      errorCode(await as('manager', OPEN, { i: openInput({ from: new Date(), to: new Date(Date.now() - DAY) }) })),
    ).toBe('INVESTIGATION_BAD_INPUT');
    expect(errorCode(await as('manager', OPEN, { i: openInput({ cooperatorId: ids.subject }) }))).toBe(
      'INVESTIGATION_BAD_STAFF',
    );
    expect(await lastAuditEntryOf(t.db.dataSource, 'Mutation.openInvestigation')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'INVESTIGATION_BAD_STAFF',
    });
  });

  it('A21: linked records: an operation record by its key, refused when no such record (INVESTIGATION_BAD_LINK)', async () => {
    const ok = await as('manager', LINK, {
      i: {
        investigationId: id,
        kind: 'OPERATION_RECORD',
        recordSourceId: 'inv-source',
        recordLine: 7,
        recordAt: RECORD_AT,
        note: '深夜の照会',
      },
    });
    expect(ok.errors).toBeUndefined();
    const wrong = await as('manager', LINK, {
      i: {
        investigationId: id,
        kind: 'OPERATION_RECORD',
        recordSourceId: 'inv-source',
        recordLine: 8,
        recordAt: RECORD_AT,
      },
    });
    expect(errorCode(wrong)).toBe('INVESTIGATION_BAD_LINK');
    expect(
      errorCode(
        await as('manager', LINK, {
          i: { investigationId: id, kind: 'INCIDENT', incidentId: '00000000-0000-4000-8000-000000000000' },
        }),
      ),
    ).toBe('INVESTIGATION_BAD_LINK');
    const read = await as('manager', READ, { id });
    expect(read.data!.investigation.links).toEqual([
      {
        kind: 'OPERATION_RECORD',
        recordSourceId: 'inv-source',
        recordLine: 7,
        recordAt: RECORD_AT.toISOString(),
        note: '深夜の照会',
      },
    ]);
  });

  it('A21: read by the manager, the chief and auditors; the deputy chief, the system administrator, the cooperator, the subject and other staff are refused (FORBIDDEN)', async () => {
    for (const who of ['manager', 'chief', 'auditor']) {
      const r = await as(who, READ, { id });
      expect(r.errors, who).toBeUndefined();
      expect(r.data!.investigation.scope, who).toBe(openInput().scope);
      expect(
        (await as(who, LIST)).data!.investigations.nodes.map((n: any) => n.id),
        who,
      ).toContain(id);
    }
    for (const who of ['deputyChief', 'sysadmin', 'opsManager', 'subject', 'operator']) {
      expect(errorCode(await as(who, READ, { id })), who).toBe('FORBIDDEN');
      expect(errorCode(await as(who, LIST)), who).toBe('FORBIDDEN');
    }
  });

  it('A21: only the manager opens, links and records findings; the chief and auditors may not', async () => {
    for (const who of ['chief', 'auditor', 'opsManager']) {
      expect(errorCode(await as(who, OPEN, { i: openInput() })), who).toBe('FORBIDDEN');
      expect(errorCode(await as(who, FINDINGS, { i: { id, findings: 'x' } })), who).toBe('FORBIDDEN');
      expect(
        errorCode(await as(who, LINK, { i: { investigationId: id, kind: 'INCIDENT', incidentId: id } })),
        who,
      ).toBe('FORBIDDEN');
    }
  });

  it('A21 on /compliance: a request unconfirmed for 7 days is ATTENTION; confirmed by its addressee only, it is OK again', async () => {
    expect(await a21()).toMatchObject({ status: 'OK' }); // asked today: not yet late
    clock = new Date(Date.now() + 8 * DAY);
    await signInAgain(); // the sessions of a week ago have expired
    expect(await a21()).toMatchObject({ status: 'ATTENTION' });
    expect((await a21()).reason).toContain('7日以上');
    // someone else cannot confirm it, and learns nothing of it
    expect(errorCode(await as('insuranceOpsManager', ACK, { id }))).toBe('INVESTIGATION_NOT_FOUND');
    const ack = await as('opsManager', ACK, { id });
    expect(ack.errors).toBeUndefined();
    expect(ack.data!.acknowledgeInvestigationCooperation.acknowledgedAt).toBe(clock.toISOString());
    expect((await as('opsManager', TODOS)).data!.myTodos.map((x: any) => x.id)).not.toContain(
      'oplog.investigationCooperation',
    );
    // the welfare investigation's cooperator confirms too
    const other = (await as('operator', REQUESTS)).data!.investigationCooperationRequests[0].id;
    expect((await as('operator', ACK, { id: other })).errors).toBeUndefined();
    expect(await a21()).toMatchObject({ status: 'OK' });
    clock = new Date();
    await signInAgain();
  });

  it('A21: findings recorded and the investigation closed; nothing is added after (INVESTIGATION_CLOSED)', async () => {
    const r = await as('manager', FINDINGS, {
      i: { id, findings: '業務外の照会 3件を確認。本人から事情を聴取', close: true },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.recordInvestigationFindings).toMatchObject({
      state: 'CLOSED',
      findings: expect.stringContaining('3件'),
    });
    expect(errorCode(await as('manager', FINDINGS, { i: { id, findings: 'もう一度' } }))).toBe('INVESTIGATION_CLOSED');
    // the audit entry does not carry the findings (the trail is read by more people than the investigation)
    expect(
      JSON.stringify((await lastAuditEntryOf(t.db.dataSource, 'Mutation.recordInvestigationFindings')).changes),
    ).not.toContain('3件');
  });
});
