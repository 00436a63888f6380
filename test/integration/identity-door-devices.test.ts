import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { roomIdsByCode } from '../helpers/factories.js';
import { gql, gqlBearer, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

const CREATE = `mutation($i: CreateDevicePairingInput!) { createDevicePairing(input: $i) { code expiresAt rooms { code } } }`;
const PAIR = `mutation($i: PairDeviceInput!) { pairDevice(input: $i) { credential device { id name rooms { code } } } }`;
let clock = new Date('2026-11-26T01:00:00Z');
let t: TestApp;
let manager: string;
let roomIds: Record<string, string>;

const asDevice = (credential: string, query: string, variables?: Record<string, unknown>) =>
  gqlBearer<any>(t.app.http, credential, query, variables);

async function newCode(rooms = ['R01']): Promise<string> {
  const res = await gql(
    t.app.http,
    CREATE,
    { i: { name: '電算室 入口', roomIds: rooms.map((c) => roomIds[c]) } },
    manager,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createDevicePairing.code;
}

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
  roomIds = await roomIdsByCode(t.db.dataSource);
});
afterAll(() => t.close());

describe('door tablet pairing (A12)', () => {
  it('pairs a tablet with a manager’s single-use code; the credential is stored only hashed', async () => {
    const code = await newCode(['R01', 'R02']);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    const paired = await gql(t.app.http, PAIR, { i: { code: code.toLowerCase().replace('-', ' ') } });
    expect(paired.errors, JSON.stringify(paired.errors)).toBeUndefined();
    const { credential, device } = paired.data!.pairDevice;
    expect(credential).toMatch(/^jkd_/);
    expect(device.rooms.map((r: any) => r.code).sort()).toEqual(['R01', 'R02']);
    const again = await gql(t.app.http, PAIR, { i: { code } });
    expect(again.errors![0].extensions!.code).toBe('PAIRING_CODE_INVALID');
    const stored = JSON.stringify(await t.db.dataSource.query(`SELECT * FROM door_device, device_pairing`));
    expect(stored).not.toContain(credential);
    expect(stored).not.toContain(code);
  });

  it('refuses an expired code', async () => {
    const code = await newCode();
    clock = new Date(clock.getTime() + 11 * 60_000);
    expect((await gql(t.app.http, PAIR, { i: { code } })).errors![0].extensions!.code).toBe('PAIRING_CODE_INVALID');
  });

  it('lets a device see itself and nothing else; refusals are audited with the device as actor', async () => {
    const { credential, device } = (await gql(t.app.http, PAIR, { i: { code: await newCode() } })).data!.pairDevice;
    expect((await asDevice(credential, `{ thisDevice { id name rooms { code } } }`)).data.thisDevice).toMatchObject({
      id: device.id,
      rooms: [{ code: 'R01' }],
    });
    expect((await asDevice(credential, `{ departments { id } }`)).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await asDevice(credential, `mutation { signOutEverywhere }`)).errors![0].extensions!.code).toBe(
      'FORBIDDEN',
    );
    const [entry] = await t.db.dataSource.query(
      `SELECT * FROM audit_entry WHERE action = 'Mutation.signOutEverywhere' AND "actorType" = 'DEVICE'`,
    );
    expect(entry).toMatchObject({ actorId: device.id, outcome: 'REFUSED', reason: 'FORBIDDEN' });
    const list = await gql(t.app.http, `{ doorDevices { id lastSeenAt revokedAt } }`, {}, manager);
    expect(list.data!.doorDevices.find((d: any) => d.id === device.id).lastSeenAt).not.toBeNull();
  });

  it('stops a revoked device at once', async () => {
    const { credential, device } = (await gql(t.app.http, PAIR, { i: { code: await newCode() } })).data!.pairDevice;
    const res = await gql(
      t.app.http,
      `mutation($i: DeviceIdInput!) { revokeDevice(input: $i) { revokedAt } }`,
      { i: { id: device.id } },
      manager,
    );
    expect(res.data!.revokeDevice.revokedAt).not.toBeNull();
    expect((await asDevice(credential, `{ thisDevice { id } }`)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('lets only a manager or system administrator create codes, for existing rooms', async () => {
    const operator = await signIn(t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    const res = await gql(t.app.http, CREATE, { i: { name: 'x', roomIds: [roomIds.R01] } }, operator);
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    const bad = await gql(
      t.app.http,
      CREATE,
      { i: { name: 'x', roomIds: ['00000000-0000-4000-8000-000000000000'] } },
      manager,
    );
    expect(bad.errors![0].extensions!.code).toBe('INVALID_PAIRING_REQUEST');
  });
});
