// Small data factories and look-ups the integration tests share: ids of seeded rows, audit entries,
// a room authorisation asked for and approved, a paired door tablet. Each goes through the API where
// the application would (so it is audited and checked as in use), and reads the database directly
// only to find ids.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { DataSource } from 'typeorm';
import { gql, type GqlResult } from './graphql.js';
import type { DemoPerson } from './people.js';

const numberOf = (who: DemoPerson | string) => (typeof who === 'string' ? who : who.staffNumber);

/** The id of a staff member (a demo person, or a staff number). */
export async function staffIdOf(ds: DataSource, who: DemoPerson | string): Promise<string> {
  const [row] = await ds.query(`SELECT id FROM staff WHERE "staffNumber" = $1`, [numberOf(who)]);
  if (!row) throw new Error(`no staff member ${numberOf(who)}`);
  return row.id as string;
}

/** The id of a section by its code (S0401 …). */
export async function sectionIdOf(ds: DataSource, code: string): Promise<string> {
  const [row] = await ds.query(`SELECT id FROM section WHERE code = $1`, [code]);
  if (!row) throw new Error(`no section ${code}`);
  return row.id as string;
}

/** Room ids by code (R01 …). */
export async function roomIdsByCode(ds: DataSource): Promise<Record<string, string>> {
  const rows: { id: string; code: string }[] = await ds.query(`SELECT id, code FROM room`);
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}

/** Staff ids by staff number. */
export async function staffIdsByNumber(ds: DataSource): Promise<Record<string, string>> {
  const rows: { id: string; staffNumber: string }[] = await ds.query(`SELECT id, "staffNumber" FROM staff`);
  return Object.fromEntries(rows.map((r) => [r.staffNumber, r.id]));
}

/** Every audit entry of an action, oldest first. */
export const auditEntriesOf = (ds: DataSource, action: string) =>
  ds.query(`SELECT * FROM audit_entry WHERE action = $1 ORDER BY "occurredAt", id`, [action]) as Promise<any[]>;

/** The newest audit entry of an action. */
export const lastAuditEntryOf = async (ds: DataSource, action: string) =>
  (await ds.query(`SELECT * FROM audit_entry WHERE action = $1 ORDER BY id DESC LIMIT 1`, [action]))[0];

export const REQUEST_AUTHORISATION = `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`;
export const APPROVE_AUTHORISATION = `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { id } }`;

/**
 * Asks for a room authorisation as the signed-in `cookie`: for the asker themselves, for
 * maintenance, unless `input` says otherwise (any RequestRoomAuthorisationInput field).
 */
export function requestAuthorisation(
  http: FastifyInstance,
  cookie: string,
  input: { roomIds: string[]; validFrom: string; validTo: string } & Record<string, unknown>,
  query = REQUEST_AUTHORISATION,
): Promise<GqlResult<any>> {
  return gql(http, query, { i: { subjectKind: 'STAFF', purpose: 'サーバー保守', ...input } }, cookie);
}

/** Approves a requested authorisation as the manager; fails the test if refused. */
export async function approveAuthorisation(http: FastifyInstance, managerCookie: string, id: string): Promise<void> {
  const approved = await gql(http, APPROVE_AUTHORISATION, { i: { id } }, managerCookie);
  expect(approved.errors).toBeUndefined();
}

/** Asks and approves in one: returns the authorisation's id. */
export async function authorisation(
  http: FastifyInstance,
  askerCookie: string,
  managerCookie: string,
  input: Parameters<typeof requestAuthorisation>[2],
): Promise<string> {
  const asked = await requestAuthorisation(http, askerCookie, input);
  expect(asked.errors).toBeUndefined();
  const id = asked.data!.requestRoomAuthorisation.id as string;
  await approveAuthorisation(http, managerCookie, id);
  return id;
}

/** A door tablet paired as a manager would (a pairing code, exchanged): its credential and id. */
export async function pairDevice(
  http: FastifyInstance,
  managerCookie: string,
  roomIds: string[],
  name = 'test tablet',
  /** the tablet's credential of its previous pairing, when it is paired again */
  previousCredential?: string,
): Promise<{ credential: string; deviceId: string }> {
  const created = await gql(
    http,
    `mutation($i: CreateDevicePairingInput!) { createDevicePairing(input: $i) { code } }`,
    { i: { name, roomIds } },
    managerCookie,
  );
  expect(created.errors).toBeUndefined();
  const paired = await gql(
    http,
    `mutation($i: PairDeviceInput!) { pairDevice(input: $i) { credential device { id } } }`,
    { i: { code: created.data!.createDevicePairing.code, previousCredential } },
  );
  expect(paired.errors).toBeUndefined();
  return { credential: paired.data!.pairDevice.credential, deviceId: paired.data!.pairDevice.device.id };
}
