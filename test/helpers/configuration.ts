// The configuration register's operations and look-ups the tests share (issue 14): a change asked
// for, approved and carried out through the API, the demo register's ids, one compliance article.
import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { expect } from 'vitest';
import { gql, type GqlResult } from './graphql.js';

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
