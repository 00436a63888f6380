// The door-tablet side of the register tests: a tablet paired through a manager's code, events as
// a tablet makes them (own id, next sequence number, the typed PIN encrypted), authorisations.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from './app.js';
import { encryptPin, giveEveryoneAPin, TEST_PIN, type PinnedEvent } from './door-pin.js';
import {
  approveAuthorisation,
  authorisation,
  pairDevice,
  requestAuthorisation,
  roomIdsByCode,
  staffIdsByNumber,
} from './factories.js';
import { gqlBearer, signIn } from './graphql.js';
import { DEMO, type DemoPerson } from './people.js';

export const RECORD = `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) {
  results { clientEventId outcome code message eventId anomalies } clockSkewSeconds clockSkewed sequenceGaps { from to } } }`;
export const OK_CHECKLIST = { equipmentOff: true, noMediaLeft: true, noUnauthorisedCable: true, noDocumentsLeft: true };

/**
 * A tablet paired through a manager's code, serving the given rooms, with its own sequence; paired
 * again when it shows the credential of its previous pairing (`previous`).
 */
export async function pairTablet(ctx: RegisterFixture, roomCodes: string[], previous?: { credential: string }) {
  const { t, rooms } = ctx;
  const { credential, deviceId } = await pairDevice(
    t.app.http,
    ctx.manager,
    roomCodes.map((c) => rooms[c]),
    `tablet ${randomUUID().slice(0, 4)}`,
    previous?.credential,
  );
  let seq = 0;
  /** the tablet's answers, loosely typed: the tests read whatever they asked for */
  type Answer = { data?: any; errors?: any[] };
  const query = (q: string, variables?: Record<string, unknown>) =>
    gqlBearer(t.app.http, credential, q, variables) as Promise<Answer>;
  const send = (events: Record<string, unknown>[], deviceNow = ctx.clock) =>
    query(RECORD, { i: { deviceNow: deviceNow.toISOString(), events } });
  /** the PIN as this tablet encrypts it for this event (the staff member's, or the escort's) */
  const pinFor = (e: PinnedEvent, pin = TEST_PIN) => encryptPin(t.secrets.doorPinKey, pin, deviceId, e);
  /** a new event as the tablet makes it: its own id, the next sequence number, the typed PIN */
  const event = (fields: Record<string, unknown>) => {
    const e = {
      clientEventId: randomUUID(),
      deviceSeq: ++seq,
      direction: 'ENTER',
      roomId: rooms.R01,
      purpose: 'サーバー保守',
      deviceTime: ctx.clock.toISOString(),
      ...fields,
    } as PinnedEvent & Record<string, unknown>;
    return fields.staffId && !('pin' in fields) ? { ...e, pin: pinFor(e) } : e;
  };
  return { deviceId, credential, send, query, event, pinFor, skip: (n: number) => (seq += n) };
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
  // nobody decides their own request (hardening §1): the manager's goes to the chief
  const decider =
    staffNumber === DEMO.manager.staffNumber
      ? await signIn(t.app.http, DEMO.chief.staffNumber, DEMO_PASSWORD)
      : ctx.manager;
  return authorisation(t.app.http, cookie, decider, {
    roomIds: roomCodes.map((c) => rooms[c]),
    validFrom: new Date(clock.getTime() + fromHours * 3_600_000).toISOString(),
    validTo: new Date(clock.getTime() + toHours * 3_600_000).toISOString(),
  });
}

/**
 * An outside person's authorisation for R01 from now for an hour, asked by the operations manager
 * (DEMO.operationsManager); approved by the manager unless told otherwise.
 */
export async function contractorAuthorisation(ctx: RegisterFixture, approve = true): Promise<string> {
  const { t, rooms, clock } = ctx;
  const om = await signIn(t.app.http, DEMO.operationsManager.staffNumber, DEMO_PASSWORD);
  const asked = await requestAuthorisation(t.app.http, om, {
    subjectKind: 'CONTRACTOR',
    contractorCompany: '株式会社みどりシステム',
    contractorName: '佐藤 健',
    roomIds: [rooms.R01],
    validFrom: clock.toISOString(),
    validTo: new Date(clock.getTime() + 3_600_000).toISOString(),
    purpose: '定期点検',
  });
  const id = asked.data!.requestRoomAuthorisation.id as string;
  if (approve) await approveAuthorisation(t.app.http, ctx.manager, id);
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
  /** a demo person's staff id */
  idOf(who: DemoPerson): string;
}

/**
 * The register tests' common start, as vitest hooks: the app with a clock the test moves, the
 * manager signed in, every demo staff member with a door PIN, and DEMO.itStaff (R01, R02) and
 * DEMO.itJunior (R01) authorised (env: settings on top of the test defaults). Returns the fixture and
 * the tablet helpers bound to it.
 */
export function useRegisterFixture(start: Date, opts: { env?: Record<string, string> } = {}) {
  const f: RegisterFixture = {
    t: undefined as unknown as TestApp,
    manager: '',
    clock: start,
    rooms: {},
    staff: {},
    idOf: (who) => f.staff[who.staffNumber],
  };
  const bound = {
    f,
    pairTablet: (roomCodes: string[], previous?: { credential: string }) => pairTablet(f, roomCodes, previous),
    authorise: (staffNumber: string, roomCodes: string[], fromHours?: number, toHours?: number) =>
      authorise(f, staffNumber, roomCodes, fromHours, toHours),
    storedCount: (clientIds: string[]) => storedCount(f, clientIds),
    contractorAuthorisation: (approve?: boolean) => contractorAuthorisation(f, approve),
  };
  beforeAll(async () => {
    f.t = await startTestApp({ now: () => f.clock, env: opts.env });
    f.manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    await giveEveryoneAPin(f.t.db.dataSource, f.t.secrets.hmacKey);
    Object.assign(f.rooms, await roomIdsByCode(f.t.db.dataSource));
    Object.assign(f.staff, await staffIdsByNumber(f.t.db.dataSource));
    await bound.authorise(DEMO.itStaff.staffNumber, ['R01', 'R02']);
    await bound.authorise(DEMO.itJunior.staffNumber, ['R01']);
  });
  afterAll(() => f.t.close());
  return bound;
}
