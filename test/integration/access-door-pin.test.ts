// A12.3 identification at the door: a personal door PIN, typed on the tablet, encrypted to the
// server's public key (the tablet keeps no secret), checked by the server; 10 consecutive wrong
// PINs lock door check-in across all tablets until the PIN administrator (A7) unlocks.
import { createPublicKey, randomUUID, type JsonWebKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { authorisation, pairDevice, roomIdsByCode, staffIdsByNumber } from '../helpers/factories.js';
import { encryptPin, type PinnedEvent } from '../helpers/door-pin.js';
import { gql, gqlBearer, signIn } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const SET = `mutation($i: SetDoorPinInput!) { setDoorPin(input: $i) }`;
const CHECK = `mutation($i: CheckDoorPinInput!) { checkDoorPin(input: $i) { result attemptsLeft } }`;
const RECORD = `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { results { outcome anomalies } } }`;

let t: TestApp;
let jwk: JsonWebKey;
let rooms: Record<string, string>;
let staff: Record<string, string>;
const idOf = (who: DemoPerson) => staff[who.staffNumber];

/**
 * What the tablet does with WebCrypto: RSA-OAEP-256 with the server's JWK over {"pin","event",
 * "device","bind"}, bound to the event (person, room, direction, device time) and the tablet.
 */
const encrypt = (pin: string, deviceId: string, e: PinnedEvent) =>
  encryptPin(createPublicKey({ key: jwk, format: 'jwk' }), pin, deviceId, e);

async function tablet() {
  const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
  const { credential, deviceId } = await pairDevice(t.app.http, manager, [rooms.R01], 'R01');
  let seq = 0;
  const call = (query: string, variables: Record<string, unknown> = {}) =>
    gqlBearer(t.app.http, credential, query, variables) as Promise<{ data?: any; errors?: any[] }>;
  /** the fields of an event about to be recorded, which the PIN cipher is bound to */
  const about = (staffNumber: string) => ({
    clientEventId: randomUUID(),
    staffId: staff[staffNumber],
    roomId: rooms.R01,
    direction: 'ENTER',
    deviceTime: new Date().toISOString(),
  });
  const check = async (staffNumber: string, pin: string) => {
    const e = about(staffNumber);
    return (await call(CHECK, { i: { ...e, pin: encrypt(pin, deviceId, e) } })).data!.checkDoorPin;
  };
  const entry = (staffNumber: string, pin: string | null, bindTo?: string) => {
    const e = about(staffNumber);
    return {
      ...e,
      deviceSeq: ++seq,
      purpose: 'サーバー保守',
      pin: pin === null ? null : encrypt(pin, deviceId, { ...e, clientEventId: bindTo ?? e.clientEventId }),
    };
  };
  const record = async (events: object[]) =>
    (await call(RECORD, { i: { deviceNow: new Date().toISOString(), events } })).data!.recordAccessEvents.results;
  /** checkDoorPin for an event made by entry() */
  const ask = (e: ReturnType<typeof entry>) => {
    const { clientEventId, staffId, roomId, direction, deviceTime, pin } = e;
    return { i: { clientEventId, staffId, roomId, direction, deviceTime, pin } };
  };
  return { call, check, entry, record, ask, deviceId, about };
}

beforeAll(async () => {
  t = await startTestApp();
  rooms = await roomIdsByCode(t.db.dataSource);
  staff = await staffIdsByNumber(t.db.dataSource);
  jwk = (await (await tablet()).call(`{ doorPinKey }`)).data!.doorPinKey;
  const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
  for (const n of [DEMO.itStaff.staffNumber, DEMO.itJunior.staffNumber, DEMO.operator.staffNumber]) {
    const cookie = await signIn(t.app.http, n, DEMO_PASSWORD);
    const res = await gql(t.app.http, SET, { i: { currentPassword: DEMO_PASSWORD, pin: '583920' } }, cookie);
    expect(res.errors).toBeUndefined();
    // a tablet checks PINs only of people it may let in (Hardening §5): each may enter R01 today
    await authorisation(t.app.http, cookie, manager, {
      roomIds: [rooms.R01],
      validFrom: new Date(Date.now() - 3_600_000).toISOString(),
      validTo: new Date(Date.now() + 8 * 3_600_000).toISOString(),
    });
  }
});
afterAll(() => t.close());

describe('A12.3 door PIN', () => {
  it('A12.3: refuses easy PINs and needs the current password; never stores or audits the PIN', async () => {
    const cookie = await signIn(t.app.http, DEMO.itStaff.staffNumber, DEMO_PASSWORD);
    for (const pin of ['12345', '111111', '123456', '987654', DEMO.itStaff.staffNumber, '123123', 'abcdef']) {
      const res = await gql(t.app.http, SET, { i: { currentPassword: DEMO_PASSWORD, pin } }, cookie);
      expect([pin, res.errors?.[0]?.extensions?.code]).toEqual([pin, 'WEAK_PIN']);
    }
    const wrong = await gql(t.app.http, SET, { i: { currentPassword: 'not-it', pin: '583920' } }, cookie);
    expect(wrong.errors![0].extensions!.code).toBe('INVALID_CREDENTIALS');
    const everything = JSON.stringify(await t.db.dataSource.query(`SELECT * FROM audit_entry`));
    expect(everything).not.toContain('583920');
    const [row] = await t.db.dataSource.query(`SELECT "pinHash" FROM door_pin WHERE "staffId" = $1`, [
      idOf(DEMO.itStaff),
    ]);
    expect(row.pinHash).toMatch(/^\$argon2id\$/);
  });

  it('A12.3: the tablet checks a PIN encrypted to the server key; a cipher made for another event does not count', async () => {
    const tab = await tablet();
    expect(await tab.check(DEMO.itStaff.staffNumber, '583920')).toEqual({ result: 'OK', attemptsLeft: 10 });
    expect(await tab.check(DEMO.itStaff.staffNumber, '000001')).toEqual({ result: 'WRONG', attemptsLeft: 9 });
    expect(await tab.check(DEMO.itStaff.staffNumber, '583920')).toEqual({ result: 'OK', attemptsLeft: 10 }); // success resets
    const e = tab.about(DEMO.itStaff.staffNumber);
    const replayed = await tab.call(CHECK, {
      i: { ...e, pin: encrypt('583920', tab.deviceId, { ...e, clientEventId: randomUUID() }) },
    });
    expect(replayed.data!.checkDoorPin.result).toBe('MALFORMED');
    expect((await tab.check(DEMO.welfareClerk.staffNumber, '583920')).result).toBe('NOT_SET');
  });

  it('A12.3: 10 wrong PINs over two tablets lock door check-in on both; the PIN administrator unlocks (A7)', async () => {
    const [a, b] = [await tablet(), await tablet()];
    for (let i = 0; i < 9; i++)
      expect((await (i % 2 ? a : b).check(DEMO.itJunior.staffNumber, `90817${i}`)).result).toBe('WRONG');
    expect(await a.check(DEMO.itJunior.staffNumber, '908179')).toEqual({ result: 'LOCKED', attemptsLeft: 0 });
    expect((await b.check(DEMO.itJunior.staffNumber, '583920')).result).toBe('LOCKED'); // even the right PIN, on the other tablet
    const operator = await signIn(t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    const UNLOCK = `mutation($i: StaffIdInput!) { unlockDoorPin(input: $i) }`;
    expect(
      (await gql(t.app.http, UNLOCK, { i: { staffId: idOf(DEMO.itJunior) } }, operator)).errors![0].extensions!.code,
    ).toBe('FORBIDDEN');
    const pinAdmin = await signIn(t.app.http, DEMO.pinAdministrator.staffNumber, DEMO_PASSWORD);
    expect((await gql(t.app.http, UNLOCK, { i: { staffId: idOf(DEMO.itJunior) } }, pinAdmin)).errors).toBeUndefined();
    expect((await b.check(DEMO.itJunior.staffNumber, '583920')).result).toBe('OK');
    const refused = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'Mutation.checkDoorPin' AND outcome = 'REFUSED' AND "targetId" = $1`,
      [idOf(DEMO.itJunior)],
    );
    expect(refused[0].n).toBe(11);
  });

  it('A12.3: a PIN typed offline is checked at sync: a wrong one is stored and flagged, counted once even on replay', async () => {
    const tab = await tablet();
    const good = tab.entry(DEMO.operator.staffNumber, '583920');
    const bad = tab.entry(DEMO.operator.staffNumber, '111119');
    const stolen = tab.entry(DEMO.operator.staffNumber, '583920', randomUUID()); // a cipher lifted from another event
    const none = tab.entry(DEMO.operator.staffNumber, null);
    const first = await tab.record([good, bad, stolen, none]);
    expect(first.map((r: any) => r.anomalies.filter((k: string) => k.startsWith('PIN')))).toEqual([
      [],
      ['PIN_FAILED'],
      [], // refused, not stored: it would take the id of the event the cipher was made for (Hardening §5)
      ['PIN_MISSING'], // identification at the door is the PIN: an entry without one is flagged
    ]);
    expect(first[2].outcome).toBe('REFUSED');
    const count = async () =>
      (
        await t.db.dataSource.query(`SELECT "failedAttempts" FROM door_pin WHERE "staffId" = $1`, [idOf(DEMO.operator)])
      )[0].failedAttempts as number;
    const before = await count();
    const again = await tab.record([good, bad, stolen, none]);
    expect(again.map((r: any) => r.outcome)).toEqual(['DUPLICATE', 'DUPLICATE', 'REFUSED', 'DUPLICATE']);
    expect(await count()).toBe(before);
  });

  it('A12.3: one typed PIN is checked and counted once, whether asked online first or sent again after a refusal', async () => {
    const tab = await tablet();
    const count = async () =>
      (
        await t.db.dataSource.query(`SELECT "failedAttempts" FROM door_pin WHERE "staffId" = $1`, [idOf(DEMO.itStaff)])
      )[0].failedAttempts as number;
    await tab.check(DEMO.itStaff.staffNumber, '583920'); // a success resets the count
    const wrong = tab.entry(DEMO.itStaff.staffNumber, '777771');
    const ask = tab.ask(wrong);
    expect((await tab.call(CHECK, ask)).data!.checkDoorPin).toEqual({ result: 'WRONG', attemptsLeft: 9 });
    expect((await tab.call(CHECK, ask)).data!.checkDoorPin).toEqual({ result: 'WRONG', attemptsLeft: 9 });
    // the same cipher inside a batch that is refused whole-event (a room this tablet does not serve), twice
    const elsewhere = { ...wrong, roomId: rooms.R02 };
    for (let i = 0; i < 2; i++) expect((await tab.record([elsewhere]))[0].outcome).toBe('REFUSED');
    expect(await count()).toBe(1);
    // the event itself, later, is flagged with the answer already given
    expect((await tab.record([wrong]))[0].anomalies).toContain('PIN_FAILED');
    expect(await count()).toBe(1);
    // a right PIN asked online and then recorded is one argon2 check: the second answer is remembered
    const right = tab.entry(DEMO.itStaff.staffNumber, '583920');
    const checked = await tab.call(CHECK, tab.ask(right));
    expect(checked.data!.checkDoorPin.result).toBe('OK');
    const [remembered] = await t.db.dataSource.query(`SELECT result FROM door_pin_check WHERE "clientEventId" = $1`, [
      right.clientEventId,
    ]);
    expect(remembered.result).toBe('OK');
    const [stored] = await tab.record([right]);
    expect(stored.anomalies.filter((k: string) => k.startsWith('PIN'))).toEqual([]);
  });

  it('A12.3: a remembered answer does not outlive a lock or a new PIN', async () => {
    const tab = await tablet();
    const right = tab.entry(DEMO.operator.staffNumber, '583920');
    const ask = tab.ask(right);
    expect((await tab.call(CHECK, ask)).data!.checkDoorPin.result).toBe('OK');
    await t.db.dataSource.query(`UPDATE door_pin SET "lockedAt" = now() WHERE "staffId" = $1`, [idOf(DEMO.operator)]);
    expect((await tab.call(CHECK, ask)).data!.checkDoorPin).toEqual({ result: 'LOCKED', attemptsLeft: 0 });
    await t.db.dataSource.query(`UPDATE door_pin SET "lockedAt" = NULL, "failedAttempts" = 0 WHERE "staffId" = $1`, [
      idOf(DEMO.operator),
    ]);
    // the person sets a new PIN: the old PIN's cipher is checked again (and is now wrong)
    const cookie = await signIn(t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    await gql(t.app.http, SET, { i: { currentPassword: DEMO_PASSWORD, pin: '602817' } }, cookie);
    expect((await tab.call(CHECK, ask)).data!.checkDoorPin).toEqual({ result: 'WRONG', attemptsLeft: 9 });
    expect((await tab.call(CHECK, ask)).data!.checkDoorPin).toEqual({ result: 'WRONG', attemptsLeft: 9 }); // once
    await gql(t.app.http, SET, { i: { currentPassword: DEMO_PASSWORD, pin: '583920' } }, cookie);
  });
});
