// Issue 14 §1: the configuration register's items (A14.5), by kind, with the rule of A11.2; who may
// read and write them (A14.3–4, A15 and A11.1 are in configuration-placement.test.ts). Items enter through change requests (tested in
// configuration-change-control.test.ts); here the request is made, approved and carried out by the
// helpers, and the rules' refusals are asked for directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import {
  changeThrough,
  complianceArticle,
  ITEM,
  itemIdsByNumber,
  newItem,
  REQUEST_CHANGE,
} from '../helpers/configuration.js';
import { lastAuditEntryOf, roomIdsByCode, sectionIdOf, staffIdOf } from '../helpers/factories.js';
import { errorCode, gql, gqlBearer, signIn } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const ITEMS = `query($f: ConfigurationItemFilter, $first: Int, $after: String) {
  configurationItems(filter: $f, first: $first, after: $after) {
    nodes { id registerNumber kind category state room { code } } endCursor hasNextPage } }`;

let t: TestApp;
let items: Record<string, string>;
let rooms: Record<string, string>;
let refs: { sectionId: string; staffId: string };
const cookies: Record<string, string> = {};
const as = async (who: DemoPerson) =>
  (cookies[who.staffNumber] ??= await signIn(t.app.http, who.staffNumber, DEMO_PASSWORD));
const ask = async (who: DemoPerson, input: Record<string, unknown>) =>
  gql(t.app.http, REQUEST_CHANGE, { i: { summary: '試験', reason: '試験のため', ...input } }, await as(who));
const install = async (fields: Record<string, unknown>) =>
  changeThrough(t.app.http, await as(DEMO.systemAdministrator), await as(DEMO.manager), {
    kind: 'INSTALL',
    item: newItem(fields, refs),
  });

beforeAll(async () => {
  t = await startTestApp();
  items = await itemIdsByNumber(t.db.dataSource);
  rooms = await roomIdsByCode(t.db.dataSource);
  refs = {
    sectionId: await sectionIdOf(t.db.dataSource, 'S0202'),
    staffId: await staffIdOf(t.db.dataSource, DEMO.systemAdministrator),
  };
});
afterAll(() => t.close());

describe('A14.5 the configuration register (構成管理簿): equipment, programs and media', () => {
  it('A14.5 every staff member finds items by number, name, location and kind, paged by register number', async () => {
    const operator = await as(DEMO.operator);
    const all: string[] = [];
    let after: string | null = null;
    do {
      const res: any = await gql(t.app.http, ITEMS, { first: 5, after }, operator);
      expect(res.errors).toBeUndefined();
      all.push(...res.data.configurationItems.nodes.map((n: any) => n.registerNumber));
      after = res.data.configurationItems.hasNextPage ? res.data.configurationItems.endCursor : null;
    } while (after);
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(['EQ-001', 'EQ-011', 'PG-001', 'MD-001']));
    const byKind = await gql(t.app.http, ITEMS, { f: { kind: 'TERMINAL' } }, operator);
    expect(byKind.data!.configurationItems.nodes.map((n: any) => n.registerNumber)).toEqual([
      'EQ-011',
      'EQ-012',
      'EQ-013',
    ]);
    const media = await gql(t.app.http, ITEMS, { f: { category: 'MEDIUM' } }, operator);
    expect(media.data!.configurationItems.nodes.every((n: any) => n.category === 'MEDIUM')).toBe(true);
    const inRoom = await gql(t.app.http, ITEMS, { f: { roomId: rooms.R01, state: 'IN_USE' } }, operator);
    expect(inRoom.data!.configurationItems.nodes.map((n: any) => n.registerNumber)).toEqual([
      'EQ-001',
      'EQ-002',
      'EQ-003',
    ]);
    // a search matches the name, the location, the room's name; % is taken literally
    const counter = await gql(t.app.http, ITEMS, { f: { search: '窓口' } }, operator);
    expect(counter.data!.configurationItems.nodes.map((n: any) => n.registerNumber)).toEqual(['EQ-011', 'EQ-012']);
    const room = await gql(t.app.http, ITEMS, { f: { search: '媒体保管室' } }, operator);
    expect(room.data!.configurationItems.nodes.map((n: any) => n.registerNumber)).toEqual(['MD-001', 'MD-002']);
    const percent = await gql(t.app.http, ITEMS, { f: { search: '%' } }, operator);
    expect(percent.data!.configurationItems.nodes).toEqual([]);
    const bad = await gql(t.app.http, ITEMS, { after: 'not-a-cursor' }, operator);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
  });

  it('A14.5 an item shows its fields by kind: the room and rack of equipment, the equipment a program is on', async () => {
    const res = await gql(t.app.http, ITEM, { id: items['EQ-001'] }, await as(DEMO.operator));
    expect(res.data!.configurationItem).toMatchObject({
      registerNumber: 'EQ-001',
      kind: 'SERVER',
      category: 'EQUIPMENT',
      room: { code: 'R01' },
      rack: 'ラックA',
      networkAddresses: ['192.0.2.10'],
      programs: [{ registerNumber: 'PG-001' }, { registerNumber: 'PG-002' }],
      section: { code: 'S0202' },
    });
    const program = await gql(t.app.http, ITEM, { id: items['PG-001'] }, await as(DEMO.operator));
    expect(program.data!.configurationItem).toMatchObject({
      category: 'PROGRAM',
      version: '2022',
      installedOn: { registerNumber: 'EQ-001' },
    });
  });

  it('A14.5 API clients read the register with a READ token; they cannot ask for changes', async () => {
    const created = await gql(
      t.app.http,
      `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }`,
      { i: { name: 'register reader', scopes: ['READ'], currentPassword: DEMO_PASSWORD } },
      await as(DEMO.auditor),
    );
    const token = created.data!.createApiToken.token;
    const read = await gqlBearer(t.app.http, token, ITEMS, { first: 2 });
    expect(read.errors).toBeUndefined();
    expect(read.data!.configurationItems.nodes).toHaveLength(2);
    const write = await gqlBearer(t.app.http, token, REQUEST_CHANGE, {
      i: { kind: 'REMOVE', itemId: items['EQ-013'], summary: 'x', reason: 'y' },
    });
    expect(errorCode(write)).toBe('FORBIDDEN');
  });
});

describe('A14.5 fields by kind', () => {
  it('A14.5 a program needs its version and, in use, the equipment it is installed on: INVALID_CONFIGURATION_ITEM', async () => {
    const noVersion = await ask(DEMO.systemAdministrator, {
      kind: 'INSTALL',
      item: newItem(
        { registerNumber: 'PG-901', kind: 'APPLICATION', name: '試験アプリ', installedOnId: items['EQ-001'] },
        refs,
      ),
    });
    expect(errorCode(noVersion)).toBe('INVALID_CONFIGURATION_ITEM');
    expect(noVersion.errors![0].extensions!.field).toBe('version');
    const nowhere = await ask(DEMO.systemAdministrator, {
      kind: 'INSTALL',
      item: newItem({ registerNumber: 'PG-901', kind: 'APPLICATION', name: '試験アプリ', version: '1.0' }, refs),
    });
    expect(nowhere.errors![0].extensions).toMatchObject({ code: 'INVALID_CONFIGURATION_ITEM', field: 'installedOnId' });
    // installed on a medium, or on a program: refused
    const onMedium = await ask(DEMO.systemAdministrator, {
      kind: 'INSTALL',
      item: newItem(
        {
          registerNumber: 'PG-901',
          kind: 'APPLICATION',
          name: '試験アプリ',
          version: '1.0',
          installedOnId: items['MD-001'],
        },
        refs,
      ),
    });
    expect(onMedium.errors![0].extensions).toMatchObject({
      code: 'INVALID_CONFIGURATION_ITEM',
      field: 'installedOnId',
    });
    // a program has no room; a medium no network address
    const programInRoom = await ask(DEMO.systemAdministrator, {
      kind: 'INSTALL',
      item: newItem(
        {
          registerNumber: 'PG-901',
          kind: 'OS',
          name: 'OS',
          version: '1',
          installedOnId: items['EQ-001'],
          roomId: rooms.R01,
        },
        refs,
      ),
    });
    expect(programInRoom.errors![0].extensions).toMatchObject({ code: 'INVALID_CONFIGURATION_ITEM', field: 'roomId' });
    expect(await lastAuditEntryOf(t.db.dataSource, 'Mutation.requestConfigurationChange')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'INVALID_CONFIGURATION_ITEM',
    });
  });

  it('A14.5 equipment has network addresses, each an IPv4 or IPv6 address or network', async () => {
    const bad = await ask(DEMO.systemAdministrator, {
      kind: 'CHANGE',
      itemId: items['EQ-003'],
      item: { networkAddresses: ['192.0.2.20', '999.1.1.1'] },
    });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'INVALID_CONFIGURATION_ITEM', field: 'networkAddresses' });
    const { itemId } = await changeThrough(t.app.http, await as(DEMO.systemAdministrator), await as(DEMO.manager), {
      kind: 'CHANGE',
      itemId: items['EQ-003'],
      item: { networkAddresses: ['192.0.2.20', '2001:db8::20', '192.0.2.0/24', ' 192.0.2.20 '] },
    });
    const res = await gql(t.app.http, ITEM, { id: itemId }, await as(DEMO.operator));
    expect(res.data!.configurationItem.networkAddresses).toEqual(['192.0.2.20', '2001:db8::20', '192.0.2.0/24']);
  });

  it('A14.5 duplicate register numbers are refused: REGISTER_NUMBER_TAKEN', async () => {
    const dup = await ask(DEMO.systemAdministrator, {
      kind: 'INSTALL',
      item: newItem({ registerNumber: 'EQ-001', kind: 'OTHER_EQUIPMENT', name: 'プリンタ' }, refs),
    });
    expect(errorCode(dup)).toBe('REGISTER_NUMBER_TAKEN');
    const renumber = await ask(DEMO.systemAdministrator, {
      kind: 'CHANGE',
      itemId: items['EQ-003'],
      item: { registerNumber: 'EQ-002' },
    });
    expect(errorCode(renumber)).toBe('REGISTER_NUMBER_TAKEN');
  });
});

describe('A11.2 terminals are not shared with another system', () => {
  it('A11.2 a terminal marked shared with another system is refused: TERMINAL_SHARED, audited, nothing stored', async () => {
    const before = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM configuration_change_request`);
    const shared = await ask(DEMO.systemAdministrator, {
      kind: 'INSTALL',
      item: newItem(
        {
          registerNumber: 'EQ-091',
          kind: 'TERMINAL',
          name: '共用端末',
          location: '市民課',
          sharedWithOtherSystems: true,
        },
        refs,
      ),
    });
    expect(errorCode(shared)).toBe('TERMINAL_SHARED');
    const existing = await ask(DEMO.systemAdministrator, {
      kind: 'CHANGE',
      itemId: items['EQ-011'],
      item: { sharedWithOtherSystems: true },
    });
    expect(errorCode(existing)).toBe('TERMINAL_SHARED');
    // nor the manager's emergency entry
    const emergency = await gql(
      t.app.http,
      `mutation($i: RecordUnapprovedConfigurationChangeInput!) { recordUnapprovedConfigurationChange(input: $i) { id } }`,
      {
        i: {
          kind: 'CHANGE',
          itemId: items['EQ-012'],
          item: { sharedWithOtherSystems: true },
          summary: '共用',
          reason: '緊急',
        },
      },
      await as(DEMO.manager),
    );
    expect(errorCode(emergency)).toBe('TERMINAL_SHARED');
    expect(await lastAuditEntryOf(t.db.dataSource, 'Mutation.requestConfigurationChange')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'TERMINAL_SHARED',
    });
    const after = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM configuration_change_request`);
    expect(after[0].n).toBe(before[0].n);
    // the database refuses it too, whatever writes it
    await expect(
      t.db.dataSource.query(`UPDATE configuration_item SET "sharedWithOtherSystems" = true WHERE id = $1`, [
        items['EQ-011'],
      ]),
    ).rejects.toThrow(/configuration_item_terminal_not_shared/);
    expect((await complianceArticle(t.app.http, await as(DEMO.chief), 'A11.2')).controls[0]).toMatchObject({
      status: 'OK',
      reason: expect.stringMatching(/端末装置\d+台、すべて住基ネット専用/),
    });
  });

  it('A11.2 other equipment may be marked shared (it is not a terminal)', async () => {
    const { itemId } = await install({
      registerNumber: 'EQ-092',
      kind: 'OTHER_EQUIPMENT',
      name: '共用プリンタ',
      location: '情報政策課',
      sharedWithOtherSystems: true,
    });
    const res = await gql(t.app.http, ITEM, { id: itemId }, await as(DEMO.operator));
    expect(res.data!.configurationItem.sharedWithOtherSystems).toBe(true);
  });
});
