// A12.1: the manager keeps the list of 電算室等 (server rooms and storage rooms, with location).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

const CREATE = `mutation($i: CreateRoomInput!) { createRoom(input: $i) { id code name kind location active } }`;
const UPDATE = `mutation($i: UpdateRoomInput!) { updateRoom(input: $i) { id name location active } }`;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('A12.1 rooms', () => {
  it('A12.1: the manager registers a room, moves it, retires it; each change is audited', async () => {
    const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const created = await gql(
      t.app.http,
      CREATE,
      { i: { code: 'R03', name: 'ネットワーク機器室', kind: 'SERVER_ROOM', location: '本庁舎4階' } },
      manager,
    );
    expect(created.errors).toBeUndefined();
    const room = created.data!.createRoom;
    expect(room).toMatchObject({ code: 'R03', kind: 'SERVER_ROOM', active: true });
    const moved = await gql(t.app.http, UPDATE, { i: { id: room.id, location: '別館2階' } }, manager);
    expect(moved.data!.updateRoom.location).toBe('別館2階');
    const list = async () =>
      (await gql(t.app.http, `{ rooms { code } }`, {}, manager)).data!.rooms.map((r: any) => r.code);
    expect(await list()).toEqual(['R01', 'R02', 'R03']);
    await gql(t.app.http, UPDATE, { i: { id: room.id, active: false } }, manager);
    expect(await list()).toEqual(['R01', 'R02']);
    const audit = await t.db.dataSource.query(
      `SELECT action, changes FROM audit_entry WHERE "targetId" = $1 ORDER BY "occurredAt", id`,
      [room.id],
    );
    expect(audit.map((a: any) => a.action)).toEqual([
      'Mutation.createRoom',
      'Mutation.updateRoom',
      'Mutation.updateRoom',
    ]);
    expect(audit[1].changes).toEqual({ location: ['本庁舎4階', '別館2階'] });
  });

  it('A12.1: refuses a taken code, an unknown room and bad input with a code; operators may not', async () => {
    const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const code = (r: any) => r.errors?.[0]?.extensions?.code;
    const input = { code: 'R01', name: 'x', kind: 'SERVER_ROOM', location: 'y' };
    expect(code(await gql(t.app.http, CREATE, { i: input }, manager))).toBe('ROOM_CODE_TAKEN');
    expect(code(await gql(t.app.http, CREATE, { i: { ...input, code: 'bad code!' } }, manager))).toBe('BAD_USER_INPUT');
    expect(
      code(await gql(t.app.http, UPDATE, { i: { id: '00000000-0000-4000-8000-000000000000', name: 'x' } }, manager)),
    ).toBe('ROOM_NOT_FOUND');
    const operator = await signIn(t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    expect(code(await gql(t.app.http, CREATE, { i: { ...input, code: 'R09' } }, operator))).toBe('FORBIDDEN');
  });
});
