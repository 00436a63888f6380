// Reading incidents (REQUIREMENTS §5, §8): the list with filters (type, state, overdue) on the
// project's keyset pages, who sees what (the manager, the chief, the deputy chief and auditors
// everything; an operations manager their sections; others what they reported or were told of; API
// clients with READ_INCIDENTS), and what the compliance view and 対応が必要 show (A19, A22, A27–A30).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode, gql, gqlBearer } from '../helpers/graphql.js';
import { ACKNOWLEDGE, COMPLETE, INCIDENT, RECORD_SCAN, useIncidentFixture } from '../helpers/incidents.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';
import { DEMO_PASSWORD } from '../helpers/app.js';

const START = new Date('2026-11-26T01:00:00Z');
const f = useIncidentFixture(START);

const LIST = `query($filter: IncidentFilterInput, $first: Int, $after: String) {
  incidents(filter: $filter, first: $first, after: $after) { nodes { id type state overdue } endCursor hasNextPage } }`;
const ids = async (who: DemoPerson, filter: Record<string, unknown> = {}) => {
  const res = await f.gql(who, LIST, { filter, first: 100 });
  expect(res.errors).toBeUndefined();
  return (res.data!.incidents.nodes as { id: string }[]).map((n) => n.id);
};
const todos = async (who: DemoPerson) =>
  Object.fromEntries(
    ((await f.gql(who, `{ myTodos { id count } }`)).data!.myTodos as { id: string; count: number }[]).map((t) => [
      t.id,
      t.count,
    ]),
  );
const article = async (id: string) => {
  const res = await f.gql(DEMO.chief, `{ compliance { articles { id status controls { status reason link } } } }`);
  expect(res.errors).toBeUndefined();
  return (res.data!.compliance.articles as any[]).find((a) => a.id === id);
};

// incidents of three sections: 市民課 (S0401, by an operator there), 保険年金課 (S0402), and the IT section
const seeded: Record<string, string> = {};
beforeAll(async () => {
  const report = async (key: string, who: DemoPerson, fields: Record<string, unknown>) => {
    const res = await f.report(who, fields);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    seeded[key] = res.data!.reportIncident.id;
  };
  await report('citizenVirus', DEMO.citizenSectionClerk, { type: 'VIRUS' });
  await report('citizenFire', DEMO.citizenSectionStaff, { type: 'FIRE', summary: '煙' });
  await report('insuranceFailure', DEMO.insuranceClerk, { type: 'SYSTEM_FAILURE', summary: '端末の故障' });
  await report('itAccess', DEMO.operator, { type: 'UNAUTHORISED_ACCESS', summary: '不審な通信' });
});

describe('reading incidents', () => {
  it('the manager, the chief and auditors see every incident; an operator only their own; an operations manager their section', async () => {
    const all = Object.values(seeded);
    for (const who of [DEMO.manager, DEMO.chief, DEMO.deputyChief, DEMO.auditor])
      expect(await ids(who)).toEqual(expect.arrayContaining(all));
    expect(await ids(DEMO.citizenSectionClerk)).toEqual([seeded.citizenVirus]);
    expect((await ids(DEMO.operationsManager)).sort()).toEqual([seeded.citizenVirus, seeded.citizenFire].sort());
    expect(await ids(DEMO.insuranceOperationsManager)).toEqual([seeded.insuranceFailure]);
    // one out of reach reads as absent
    const res = await f.gql(DEMO.citizenSectionClerk, INCIDENT, { id: seeded.insuranceFailure });
    expect(errorCode(res)).toBe('INCIDENT_NOT_FOUND');
    const own = await f.gql(DEMO.citizenSectionClerk, INCIDENT, { id: seeded.citizenVirus });
    expect(own.data!.incident.timeline.length).toBeGreaterThan(0);
  });

  it('filters by type and state, pages with the keyset cursor, newest first', async () => {
    expect(await ids(DEMO.manager, { type: 'FIRE' })).toEqual([seeded.citizenFire]);
    await f.gql(DEMO.manager, ACKNOWLEDGE, { i: { id: seeded.citizenFire } });
    expect(await ids(DEMO.manager, { state: 'ACKNOWLEDGED' })).toContain(seeded.citizenFire);
    expect(await ids(DEMO.manager, { state: 'REPORTED' })).not.toContain(seeded.citizenFire);
    const first = (await f.gql(DEMO.manager, LIST, { first: 2 })).data!.incidents;
    expect(first.hasNextPage).toBe(true);
    const next = (await f.gql(DEMO.manager, LIST, { first: 100, after: first.endCursor })).data!.incidents;
    const paged = [...first.nodes, ...next.nodes].map((n: any) => n.id);
    expect(paged).toEqual(await ids(DEMO.manager));
    expect(new Set(paged).size).toBe(paged.length);
    const bad = await f.gql(DEMO.manager, LIST, { first: 2, after: 'not-a-cursor' });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
  });

  it('an API client reads incidents with a token of scope READ_INCIDENTS, not with READ', async () => {
    const token = async (scopes: string[]) =>
      (
        await gql(
          f.t.app.http,
          `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }`,
          { i: { name: '監査用', scopes, currentPassword: DEMO_PASSWORD } },
          await f.as(DEMO.auditor),
        )
      ).data!.createApiToken.token as string;
    const withScope = await gqlBearer(f.t.app.http, await token(['READ_INCIDENTS']), LIST, { first: 100 });
    expect(withScope.errors).toBeUndefined();
    expect((withScope.data as any).incidents.nodes.map((n: any) => n.id)).toEqual(
      expect.arrayContaining(Object.values(seeded)),
    );
    const readOnly = await gqlBearer(f.t.app.http, await token(['READ']), LIST, { first: 100 });
    expect(errorCode(readOnly)).toBe('FORBIDDEN');
  });
});

describe('what is overdue: the list, 対応が必要 and the compliance view', () => {
  it('A19.3, A19.1–2: past its limit a virus report is overdue and A19.3 a VIOLATION; no scan of media received is ATTENTION until one is logged', async () => {
    expect((await article('A19.3')).status).toBe('OK');
    expect((await article('A19.1–2')).status).toBe('ATTENTION');
    expect(await todos(DEMO.manager)).toMatchObject({ 'incidents.toAcknowledge': 3 });

    // 市民課's operations manager has the steps of the virus and the fire waiting; 保険年金課's none
    const omTodos = await todos(DEMO.operationsManager);
    expect(omTodos['incidents.stepsWaiting']).toBe(4); // virus: 3, fire: 1
    expect((await todos(DEMO.insuranceOperationsManager))['incidents.stepsWaiting']).toBeUndefined();
    // the fire's reporter is on the spot: the step for anyone is theirs
    expect((await todos(DEMO.citizenSectionStaff))['incidents.stepsWaiting']).toBe(1);

    await f.advance(16);
    expect(await ids(DEMO.manager, { overdue: true })).toEqual(
      expect.arrayContaining([seeded.citizenVirus, seeded.itAccess]),
    );
    expect(await ids(DEMO.manager, { overdue: true })).not.toContain(seeded.insuranceFailure); // 60 minutes
    expect(await ids(DEMO.manager, { overdue: false })).toContain(seeded.insuranceFailure);
    const a193 = await article('A19.3');
    expect(a193.status).toBe('VIOLATION');
    expect(a193.controls[0].reason).toContain('15分以内に確認されていない報告が1件');
    expect(a193.controls[0].link).toBe('/incidents?type=VIRUS&overdue=true');
    expect((await article('A22.1–3')).status).toBe('VIOLATION');
    expect((await article('A27')).status).toBe('OK');

    // acknowledged: no longer a violation; its step to cut the network is, once 30 minutes pass
    await f.gql(DEMO.manager, ACKNOWLEDGE, { i: { id: seeded.citizenVirus } });
    expect((await article('A19.3')).status).toBe('OK');
    await f.advance(15);
    const steps = await article('A19.3');
    expect(steps.status).toBe('VIOLATION');
    expect(steps.controls[0].reason).toContain('期限を過ぎて終わっていない手順が1件');
    const virus = (await f.gql(DEMO.manager, INCIDENT, { id: seeded.citizenVirus })).data!.incident;
    await f.gql(DEMO.operationsManager, COMPLETE, { i: { stepId: virus.steps[0].id } });
    expect((await article('A19.3')).status).toBe('OK');
    // as of the day before, nothing had happened yet
    const before = await f.gql(DEMO.chief, `{ compliance(on: "2026-11-25") { articles { id status } } }`);
    expect(before.data!.compliance.articles.find((a: any) => a.id === 'A22.1–3').status).toBe('OK');

    const scan = await f.gql(DEMO.citizenSectionClerk, RECORD_SCAN, {
      i: {
        clientId: randomUUID(),
        medium: 'CD-R',
        direction: 'RECEIVED',
        software: 'ESET',
        definitionVersion: '30012',
        result: 'CLEAN',
      },
    });
    expect(scan.errors).toBeUndefined();
    expect((await article('A19.1–2')).status).toBe('OK');
  });
});
