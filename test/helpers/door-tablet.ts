// The door-tablet side of the register tests: a tablet paired through a manager's code, events as
// a tablet makes them (own id, next sequence number, the typed PIN encrypted), authorisations.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from './app.js';
import { encryptPin, giveEveryoneAPin, TEST_PIN } from './door-pin.js';
import { gql, signIn } from './graphql.js';
import { DEMO } from './people.js';

export const RECORD = `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) {
  results { clientEventId outcome code message eventId anomalies } clockSkewSeconds clockSkewed sequenceGaps { from to } } }`;
export const OK_CHECKLIST = { equipmentOff: true, noMediaLeft: true, noUnauthorisedCable: true, noDocumentsLeft: true };

/** A tablet paired through a manager's code, serving the given rooms, with its own sequence. */
export async function pairTablet(ctx: RegisterFixture, roomCodes: string[]) {
  const { t, rooms } = ctx;
  const created = await gql(
    t.app.http,
    `mutation($i: CreateDevicePairingInput!) { createDevicePairing(input: $i) { code } }`,
    { i: { name: `tablet ${randomUUID().slice(0, 4)}`, roomIds: roomCodes.map((c) => rooms[c]) } },
    ctx.manager,
  );
  const paired = await gql(
    t.app.http,
    `mutation($i: PairDeviceInput!) { pairDevice(input: $i) { credential device { id } } }`,
    {
      i: { code: created.data!.createDevicePairing.code },
    },
  );
  const { credential, device } = paired.data!.pairDevice;
  let seq = 0;
  const send = async (events: Record<string, unknown>[], deviceNow = ctx.clock) => {
    const res = await t.app.http.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      payload: { query: RECORD, variables: { i: { deviceNow: deviceNow.toISOString(), events } } },
    });
    return res.json() as { data?: any; errors?: any[] };
  };
  const query = async (q: string, variables?: Record<string, unknown>) =>
    (
      await t.app.http.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
        payload: { query: q, variables },
      })
    ).json() as { data?: any; errors?: any[] };
  /** a new event as the tablet makes it: its own id, the next sequence number, the typed PIN */
  const event = (fields: Record<string, unknown>) => {
    const clientEventId = (fields.clientEventId as string | undefined) ?? randomUUID();
    return {
      clientEventId,
      deviceSeq: ++seq,
      direction: 'ENTER',
      roomId: rooms.R01,
      purpose: 'サーバー保守',
      deviceTime: ctx.clock.toISOString(),
      ...(fields.staffId ? { pin: encryptPin(t.secrets.doorPinKey, TEST_PIN, clientEventId) } : {}),
      ...fields,
    };
  };
  return { deviceId: device.id as string, send, query, event, skip: (n: number) => (seq += n) };
}

export async function authorise(
  ctx: RegisterFixture,
  staffNumber: string,
  roomCodes: string[],
  fromHours = -1,
  toHours = 8,
) {
  const { t, rooms } = ctx;
  const clock = ctx.clock;
  const cookie = await signIn(t.app.http, staffNumber, DEMO_PASSWORD);
  const asked = await gql(
    t.app.http,
    `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
    {
      i: {
        subjectKind: 'STAFF',
        roomIds: roomCodes.map((c) => rooms[c]),
        validFrom: new Date(clock.getTime() + fromHours * 3_600_000).toISOString(),
        validTo: new Date(clock.getTime() + toHours * 3_600_000).toISOString(),
        purpose: 'サーバー保守',
      },
    },
    cookie,
  );
  const id = asked.data!.requestRoomAuthorisation.id as string;
  const approved = await gql(
    t.app.http,
    `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { id } }`,
    { i: { id } },
    ctx.manager,
  );
  expect(approved.errors).toBeUndefined();
  return id;
}

/**
 * An outside person's authorisation for R01 from now for an hour, asked by the operations manager
 * (DEMO.operationsManager); approved by the manager unless told otherwise.
 */
export async function contractorAuthorisation(ctx: RegisterFixture, approve = true): Promise<string> {
  const { t, rooms, clock } = ctx;
  const om = await signIn(t.app.http, DEMO.operationsManager.staffNumber, DEMO_PASSWORD);
  const asked = await gql(
    t.app.http,
    `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
    {
      i: {
        subjectKind: 'CONTRACTOR',
        contractorCompany: '株式会社みどりシステム',
        contractorName: '佐藤 健',
        roomIds: [rooms.R01],
        validFrom: clock.toISOString(),
        validTo: new Date(clock.getTime() + 3_600_000).toISOString(),
        purpose: '定期点検',
      },
    },
    om,
  );
  const id = asked.data!.requestRoomAuthorisation.id as string;
  if (approve)
    await gql(
      t.app.http,
      `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { id } }`,
      { i: { id } },
      ctx.manager,
    );
  return id;
}

export const storedCount = async ({ t }: RegisterFixture, clientIds: string[]) =>
  (
    await t.db.dataSource.query(`SELECT count(*)::int AS n FROM access_event WHERE "clientEventId" = ANY($1::uuid[])`, [
      clientIds,
    ])
  )[0].n as number;

export interface RegisterFixture {
  t: TestApp;
  manager: string;
  clock: Date;
  readonly rooms: Record<string, string>;
  readonly staff: Record<string, string>;
}

/**
 * The register tests' common start, as vitest hooks: the app with a clock the test moves, the
 * manager signed in, every demo staff member with a door PIN, and DEMO.itStaff (R01, R02) and
 * DEMO.itJunior (R01) authorised. Returns the fixture and the tablet helpers bound to it.
 */
export function useRegisterFixture(start: Date) {
  const f: RegisterFixture = { t: undefined as unknown as TestApp, manager: '', clock: start, rooms: {}, staff: {} };
  const bound = {
    f,
    pairTablet: (roomCodes: string[]) => pairTablet(f, roomCodes),
    authorise: (staffNumber: string, roomCodes: string[], fromHours?: number, toHours?: number) =>
      authorise(f, staffNumber, roomCodes, fromHours, toHours),
    storedCount: (clientIds: string[]) => storedCount(f, clientIds),
    contractorAuthorisation: (approve?: boolean) => contractorAuthorisation(f, approve),
  };
  beforeAll(async () => {
    f.t = await startTestApp({ now: () => f.clock });
    f.manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    await giveEveryoneAPin(f.t.db.dataSource, f.t.secrets.hmacKey);
    for (const r of await f.t.db.dataSource.query(`SELECT id, code FROM room`)) f.rooms[r.code] = r.id;
    for (const s of await f.t.db.dataSource.query(`SELECT id, "staffNumber" FROM staff`)) f.staff[s.staffNumber] = s.id;
    await bound.authorise(DEMO.itStaff.staffNumber, ['R01', 'R02']);
    await bound.authorise(DEMO.itJunior.staffNumber, ['R01']);
  });
  afterAll(() => f.t.close());
  return bound;
}
