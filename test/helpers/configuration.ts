// The configuration register's operations and look-ups the tests share (issue 14): a change asked
// for, approved and carried out through the API, the demo register's ids, one compliance article, and
// the change-control files' start (useChangeControlFixture).
import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from './app.js';
import { lastAuditEntryOf, sectionIdOf, staffIdOf } from './factories.js';
import { gql, signIn, type GqlResult } from './graphql.js';
import { DEMO, type DemoPerson } from './people.js';

export const REQUEST_CHANGE = `mutation($i: RequestConfigurationChangeInput!) {
  requestConfigurationChange(input: $i) { id status kind itemId } }`;
export const APPROVE_CHANGE = `mutation($i: ConfigurationChangeDecisionInput!) {
  approveConfigurationChange(input: $i) { id status decidedBy { staffNumber } } }`;
export const REFUSE_CHANGE = `mutation($i: ConfigurationChangeDecisionInput!) {
  refuseConfigurationChange(input: $i) { id status decisionNote } }`;
export const WITHDRAW_CHANGE = `mutation($i: ConfigurationChangeDecisionInput!) {
  withdrawConfigurationChange(input: $i) { id status } }`;
export const CARRY_OUT_CHANGE = `mutation($i: ConfigurationChangeRequestIdInput!) {
  carryOutConfigurationChange(input: $i) { id status itemId carriedOutBy { staffNumber } } }`;
export const CONFIRM_CHANGE = `mutation($i: ConfigurationChangeDecisionInput!) {
  confirmConfigurationChange(input: $i) { id status confirmedBy { staffNumber } } }`;
export const RECORD_UNAPPROVED = `mutation($i: RecordUnapprovedConfigurationChangeInput!) {
  recordUnapprovedConfigurationChange(input: $i) { id basis flagged itemId fields { field before after } } }`;
export const REVIEW_UNAPPROVED = `mutation($i: ReviewUnapprovedConfigurationChangeInput!) {
  reviewUnapprovedConfigurationChange(input: $i) { id flagged reviewNote reviewedBy { staffNumber } } }`;
export const RECORD_MEDIUM = `mutation($i: RecordConfigurationMediumInput!) {
  recordConfigurationMedium(input: $i) { id registerNumber storageLocked state } }`;
export const SET_MEASURES = `mutation($i: SetConnectionMeasuresInput!) {
  setConnectionMeasures(input: $i) { id protectiveMeasures } }`;
export const ITEM = `query($id: ID!) { configurationItem(id: $id) {
  id registerNumber kind category name version state roomId rack location networkAddresses sharedWithOtherSystems
  installedOn { registerNumber } programs { registerNumber } connections { id otherSystem protectiveMeasures disconnectedOn }
  room { code } section { code } responsibleStaff { staffNumber } } }`;
export const HISTORY = `query($f: ConfigurationChangeFilter, $first: Int, $after: String) {
  configurationChanges(filter: $f, first: $first, after: $after) {
    nodes { id at kind summary reason basis flagged requestId item { registerNumber } by { staffNumber }
            fields { field before after } }
    endCursor hasNextPage } }`;

/** Demo register ids by register number (EQ-001 …). */
export async function itemIdsByNumber(ds: DataSource): Promise<Record<string, string>> {
  const rows: { id: string; registerNumber: string }[] = await ds.query(
    `SELECT id, "registerNumber" FROM configuration_item`,
  );
  return Object.fromEntries(rows.map((r) => [r.registerNumber, r.id]));
}

/** A new line's fields for an INSTALL request or a medium (what the form sends). */
export function newItem(fields: Record<string, unknown>, refs: { sectionId: string; staffId: string }) {
  return { sectionId: refs.sectionId, responsibleStaffId: refs.staffId, state: 'IN_USE', ...fields };
}

/** Asks for a change; fails the test when refused. */
export async function requestChange(http: FastifyInstance, cookie: string, input: Record<string, unknown>) {
  const res = await gql(http, REQUEST_CHANGE, { i: { summary: '試験の変更', reason: '試験のため', ...input } }, cookie);
  expect(res.errors).toBeUndefined();
  return res.data!.requestConfigurationChange as { id: string; status: string; itemId: string | null };
}

/** Asks, approves and carries out a change (requester carries out); returns the item changed. */
export async function changeThrough(
  http: FastifyInstance,
  requester: string,
  manager: string,
  input: Record<string, unknown>,
): Promise<{ requestId: string; itemId: string }> {
  const { id } = await requestChange(http, requester, input);
  const approved = await gql(http, APPROVE_CHANGE, { i: { id } }, manager);
  expect(approved.errors).toBeUndefined();
  const done: GqlResult<any> = await gql(http, CARRY_OUT_CHANGE, { i: { id } }, requester);
  expect(done.errors).toBeUndefined();
  return { requestId: id, itemId: done.data!.carryOutConfigurationChange.itemId };
}

const COMPLIANCE = `query { compliance { articles { id status controls { status reason link } } } }`;

/** One article of the compliance view as the caller sees it today. */
export async function complianceArticle(http: FastifyInstance, cookie: string, id: string) {
  const res = await gql(http, COMPLIANCE, {}, cookie);
  expect(res.errors).toBeUndefined();
  return (
    res.data!.compliance.articles as {
      id: string;
      status: string;
      controls: { status: string; reason: string; link: string }[];
    }[]
  ).find((a) => a.id === id)!;
}

const TODOS = `{ myTodos { id count } }`;

/** The change-control tests' common start: the app, the demo register's ids, sessions by demo person. */
export interface ChangeControlFixture {
  t: TestApp;
  /** demo register ids by register number */
  readonly items: Record<string, string>;
  /** the section and responsible staff member a new line is entered with (S0202, the system administrator) */
  readonly refs: { sectionId: string; staffId: string };
  /** a session of a demo person, signed in once per file */
  as(who: DemoPerson): Promise<string>;
  /** one operation with `{ i }` as its variables, as a demo person */
  run(who: DemoPerson, query: string, i: Record<string, unknown>): Promise<GqlResult<any>>;
  /** a change asked for by a demo person; fails the test when refused */
  ask(who: DemoPerson, input: Record<string, unknown>): ReturnType<typeof requestChange>;
  /** the count of a to-do on a demo person's list (0 when it is not there) */
  todo(who: DemoPerson, id: string): Promise<number>;
  /** the newest audit entry of an action */
  lastAudit(action: string): ReturnType<typeof lastAuditEntryOf>;
}

export function useChangeControlFixture(): ChangeControlFixture {
  const cookies: Record<string, string> = {};
  const c: ChangeControlFixture = {
    t: undefined as unknown as TestApp,
    items: {},
    refs: { sectionId: '', staffId: '' },
    as: async (who) => (cookies[who.staffNumber] ??= await signIn(c.t.app.http, who.staffNumber, DEMO_PASSWORD)),
    run: async (who, query, i) => gql(c.t.app.http, query, { i }, await c.as(who)),
    ask: async (who, input) => requestChange(c.t.app.http, await c.as(who), input),
    todo: async (who, id) =>
      (await gql(c.t.app.http, TODOS, {}, await c.as(who))).data!.myTodos.find((x: any) => x.id === id)?.count ?? 0,
    lastAudit: (action) => lastAuditEntryOf(c.t.db.dataSource, action),
  };
  beforeAll(async () => {
    c.t = await startTestApp();
    Object.assign(c.items, await itemIdsByNumber(c.t.db.dataSource));
    Object.assign(c.refs, {
      sectionId: await sectionIdOf(c.t.db.dataSource, 'S0202'),
      staffId: await staffIdOf(c.t.db.dataSource, DEMO.systemAdministrator),
    });
  });
  afterAll(() => c.t?.close());
  return c;
}
