// Issue 14 §1: the configuration register's items (A14.5), by kind, with the rules of A11.1, A11.2,
// A14.3–4 and A15; who may read and write them. Items enter through change requests (tested in
// configuration-change-control.test.ts); here the request is made, approved and carried out by the
// helpers, and the rules' refusals are asked for directly.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import {
  changeThrough,
  complianceArticle,
  HISTORY,
  ITEM,
  itemIdsByNumber,
  newItem,
  RECORD_MEDIUM,
  REQUEST_CHANGE,
  SET_MEASURES,
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

describe('A14.3–4 servers etc. stand in a server room, in a rack', () => {
  it('A14.3–4 a server in use outside a server room rack is a VIOLATION on /compliance, OK once moved', async () => {
    const chief = await as(DEMO.chief);
    expect((await complianceArticle(t.app.http, chief, 'A14.3–4')).status).toBe('OK');
    const { itemId } = await install({
      registerNumber: 'EQ-093',
      kind: 'SERVER',
      name: '試験サーバー',
      room: undefined,
      location: '情報政策課の机',
    });
    const article = await complianceArticle(t.app.http, chief, 'A14.3–4');
    expect(article.status).toBe('VIOLATION');
    expect(article.controls[0].reason).toContain('1台');
    // a storage room is not a server room
    await changeThrough(t.app.http, await as(DEMO.systemAdministrator), await as(DEMO.manager), {
      kind: 'CHANGE',
      itemId,
      item: { roomId: rooms.R02, rack: 'ラックZ', location: null },
    });
    expect((await complianceArticle(t.app.http, chief, 'A14.3–4')).status).toBe('VIOLATION');
    await changeThrough(t.app.http, await as(DEMO.systemAdministrator), await as(DEMO.manager), {
      kind: 'CHANGE',
      itemId,
      item: { roomId: rooms.R01, rack: 'ラックB' },
    });
    expect((await complianceArticle(t.app.http, chief, 'A14.3–4')).status).toBe('OK');
  });
});

describe('A15 media are kept in designated, locked places', () => {
  it('A15 the manager or an operations manager registers a medium directly, with its history; equipment needs a request', async () => {
    const om = await as(DEMO.operationsManager);
    const omSection = await sectionIdOf(t.db.dataSource, DEMO.operationsManager.sectionCode);
    const created = await gql(
      t.app.http,
      RECORD_MEDIUM,
      {
        i: {
          item: newItem(
            {
              registerNumber: 'MD-101',
              kind: 'REMOVABLE_DISK',
              name: '転出入データ用USB',
              roomId: rooms.R02,
              location: '保管庫2',
              storageLocked: true,
            },
            { ...refs, sectionId: omSection },
          ),
          reason: '新規購入',
        },
      },
      om,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.recordConfigurationMedium.id;
    const history = await gql(t.app.http, HISTORY, { f: { itemId: id } }, om);
    expect(history.data!.configurationChanges.nodes[0]).toMatchObject({
      kind: 'INSTALL',
      basis: 'DIRECT',
      reason: '新規購入',
      flagged: false,
      by: { staffNumber: DEMO.operationsManager.staffNumber },
    });
    expect(history.data!.configurationChanges.nodes[0].fields).toEqual(
      expect.arrayContaining([{ field: 'room', before: null, after: 'R02 媒体保管室' }]),
    );
    const equipment = await gql(
      t.app.http,
      RECORD_MEDIUM,
      {
        i: {
          item: newItem({ registerNumber: 'EQ-199', kind: 'SERVER', name: 'x', roomId: rooms.R01 }, refs),
          reason: '直接',
        },
      },
      om,
    );
    expect(errorCode(equipment)).toBe('CHANGE_REQUEST_REQUIRED');
    const changeServer = await gql(
      t.app.http,
      RECORD_MEDIUM,
      { i: { id: items['EQ-001'], item: { name: 'x' }, reason: 'y' } },
      om,
    );
    expect(errorCode(changeServer)).toBe('CHANGE_REQUEST_REQUIRED');
    const operator = await gql(
      t.app.http,
      RECORD_MEDIUM,
      { i: { id, item: { name: 'x' }, reason: 'y' } },
      await as(DEMO.operator),
    );
    expect(errorCode(operator)).toBe('FORBIDDEN');
  });

  it('A15 (A6) an operations manager records media of their own sections only: not another section’s, not moved out of theirs', async () => {
    const om = await as(DEMO.operationsManager);
    const omSection = await sectionIdOf(t.db.dataSource, DEMO.operationsManager.sectionCode);
    const medium = (registerNumber: string, sectionId: string) =>
      newItem(
        { registerNumber, kind: 'TAPE', name: 'バックアップテープ', location: '保管庫1', storageLocked: true },
        { ...refs, sectionId },
      );
    const others = await gql(
      t.app.http,
      RECORD_MEDIUM,
      { i: { item: medium('MD-201', refs.sectionId), reason: 'r' } },
      om,
    );
    expect(errorCode(others)).toBe('OUTSIDE_YOUR_SCOPE');
    const byManager = await gql(
      t.app.http,
      RECORD_MEDIUM,
      { i: { item: medium('MD-201', refs.sectionId), reason: 'r' } },
      await as(DEMO.manager),
    );
    expect(byManager.errors).toBeUndefined();
    const change = await gql(
      t.app.http,
      RECORD_MEDIUM,
      { i: { id: byManager.data!.recordConfigurationMedium.id, item: { location: '机' }, reason: 'r' } },
      om,
    );
    expect(errorCode(change)).toBe('OUTSIDE_YOUR_SCOPE');
    const own = await gql(t.app.http, RECORD_MEDIUM, { i: { item: medium('MD-202', omSection), reason: 'r' } }, om);
    expect(own.errors).toBeUndefined();
    const away = await gql(
      t.app.http,
      RECORD_MEDIUM,
      { i: { id: own.data!.recordConfigurationMedium.id, item: { sectionId: refs.sectionId }, reason: 'r' } },
      om,
    );
    expect(errorCode(away)).toBe('OUTSIDE_YOUR_SCOPE');
    expect((await lastAuditEntryOf(t.db.dataSource, 'Mutation.recordConfigurationMedium')).reason).toBe(
      'OUTSIDE_YOUR_SCOPE',
    );
  });

  it('A15 a medium must say whether it is locked away; one not locked is a VIOLATION on /compliance', async () => {
    const manager = await as(DEMO.manager);
    const unsaid = await gql(
      t.app.http,
      RECORD_MEDIUM,
      {
        i: {
          item: newItem({ registerNumber: 'MD-102', kind: 'OPTICAL_DISK', name: 'DVD', roomId: rooms.R02 }, refs),
          reason: 'r',
        },
      },
      manager,
    );
    expect(unsaid.errors![0].extensions).toMatchObject({ code: 'INVALID_CONFIGURATION_ITEM', field: 'storageLocked' });
    expect((await complianceArticle(t.app.http, await as(DEMO.chief), 'A15')).status).toBe('OK');
    const loose = await gql(
      t.app.http,
      RECORD_MEDIUM,
      {
        i: {
          item: newItem(
            {
              registerNumber: 'MD-102',
              kind: 'OPTICAL_DISK',
              name: 'DVD',
              location: '机の引出し',
              storageLocked: false,
            },
            refs,
          ),
          reason: 'r',
        },
      },
      manager,
    );
    expect(loose.errors).toBeUndefined();
    const article = await complianceArticle(t.app.http, await as(DEMO.chief), 'A15');
    expect(article).toMatchObject({ status: 'VIOLATION' });
    expect(article.controls[0].reason).toContain('1件');
    const id = loose.data!.recordConfigurationMedium.id;
    const locked = await gql(
      t.app.http,
      RECORD_MEDIUM,
      { i: { id, item: { roomId: rooms.R02, location: '保管庫1', storageLocked: true }, reason: '保管庫へ移動' } },
      manager,
    );
    expect(locked.errors).toBeUndefined();
    expect((await complianceArticle(t.app.http, await as(DEMO.chief), 'A15')).status).toBe('OK');
  });
});

describe('A11.1 connections to other systems, with protective measures (A8.3)', () => {
  it('A11.1 a connection without protective measures is a VIOLATION on /compliance until the manager records them', async () => {
    const chief = await as(DEMO.chief);
    expect((await complianceArticle(t.app.http, chief, 'A11.1')).status).toBe('OK');
    await changeThrough(t.app.http, await as(DEMO.systemAdministrator), await as(DEMO.manager), {
      kind: 'CONNECT',
      itemId: items['EQ-002'],
      connection: { otherSystem: '財務会計システム', purpose: '試験' },
    });
    const article = await complianceArticle(t.app.http, chief, 'A11.1');
    expect(article.status).toBe('VIOLATION');
    expect(article.controls[0].reason).toContain('保護措置が記録されていない他システムとの接続が1件');
    const item = await gql(t.app.http, ITEM, { id: items['EQ-002'] }, chief);
    const bare = item.data!.configurationItem.connections.find((c: any) => c.otherSystem === '財務会計システム');
    expect(bare.protectiveMeasures).toBeNull();
    // only the manager records measures
    const operator = await gql(
      t.app.http,
      SET_MEASURES,
      { i: { connectionId: bare.id, measures: 'x', reason: 'y' } },
      await as(DEMO.operator),
    );
    expect(errorCode(operator)).toBe('FORBIDDEN');
    const set = await gql(
      t.app.http,
      SET_MEASURES,
      { i: { connectionId: bare.id, measures: 'ファイヤーウォールで片方向の通信のみ許可', reason: '措置の記録漏れ' } },
      await as(DEMO.manager),
    );
    expect(set.errors).toBeUndefined();
    expect((await complianceArticle(t.app.http, chief, 'A11.1')).status).toBe('OK');
    const history = await gql(t.app.http, HISTORY, { f: { itemId: items['EQ-002'] }, first: 2 }, chief);
    expect(history.data!.configurationChanges.nodes.map((n: any) => n.kind)).toEqual(['CHANGE', 'CONNECT']);
    expect(history.data!.configurationChanges.nodes[0].fields).toContainEqual({
      field: 'protectiveMeasures',
      before: null,
      after: 'ファイヤーウォールで片方向の通信のみ許可',
    });
  });

  it('A11.1 a connection ended by a DISCONNECT request no longer counts', async () => {
    await changeThrough(t.app.http, await as(DEMO.systemAdministrator), await as(DEMO.manager), {
      kind: 'CONNECT',
      itemId: items['EQ-002'],
      connection: { otherSystem: '試験システム' },
    });
    expect((await complianceArticle(t.app.http, await as(DEMO.chief), 'A11.1')).status).toBe('VIOLATION');
    const item = await gql(t.app.http, ITEM, { id: items['EQ-002'] }, await as(DEMO.chief));
    const c = item.data!.configurationItem.connections.find((x: any) => x.otherSystem === '試験システム');
    await changeThrough(t.app.http, await as(DEMO.systemAdministrator), await as(DEMO.manager), {
      kind: 'DISCONNECT',
      connectionId: c.id,
    });
    expect((await complianceArticle(t.app.http, await as(DEMO.chief), 'A11.1')).status).toBe('OK');
  });
});

describe('servers and terminals in use, for other modules (A30 disaster mode)', () => {
  it('A30 inUseEquipment lists servers and terminals in use with their room, nothing retired', async () => {
    const list = await t.app.services.configurationReading.inUseEquipment();
    expect(list.find((e) => e.label === 'EQ-001 コミュニケーションサーバ')).toEqual({
      id: items['EQ-001'],
      kind: 'SERVER',
      label: 'EQ-001 コミュニケーションサーバ',
      roomId: rooms.R01,
    });
    expect(list.filter((e) => e.kind === 'TERMINAL').map((e) => e.label)).toEqual([
      'EQ-011 住基ネット端末 (市民課窓口1)',
      'EQ-012 住基ネット端末 (市民課窓口2)',
      'EQ-013 住基ネット端末 (保険年金課)',
    ]);
    expect(list.some((e) => e.label.startsWith('EQ-002'))).toBe(false); // a firewall is not listed
    await changeThrough(t.app.http, await as(DEMO.systemAdministrator), await as(DEMO.manager), {
      kind: 'REMOVE',
      itemId: items['EQ-013'],
    });
    const after = await t.app.services.configurationReading.inUseEquipment();
    expect(after.some((e) => e.id === items['EQ-013'])).toBe(false);
  });

  it('A30 an earthquake report puts the register’s servers and terminals in use on the shutdown checklist, each once', async () => {
    const reported = await gql(
      t.app.http,
      `mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }`,
      {
        i: {
          clientId: randomUUID(),
          type: 'EARTHQUAKE_OR_LIGHTNING',
          occurredAt: new Date().toISOString(),
          summary: '震度6弱',
        },
      },
      await as(DEMO.operationsManager),
    );
    expect(reported.errors).toBeUndefined();
    const rows = (await t.db.dataSource.query(
      `SELECT kind, label, "sourceId" FROM disaster_checklist_item
        WHERE "incidentId" = $1 AND source = 'configuration.item' ORDER BY label`,
      [reported.data!.reportIncident.id],
    )) as { kind: string; label: string; sourceId: string }[];
    const inUse = await t.app.services.configurationReading.inUseEquipment();
    expect(rows).toEqual(
      [...inUse]
        .sort((a, b) => (a.label < b.label ? -1 : 1))
        .map((e) => ({ kind: e.kind, label: e.label, sourceId: e.id })),
    );
    expect(rows.some((r) => r.sourceId === items['EQ-013'])).toBe(false); // removed above
    expect(rows.map((r) => r.kind)).toContain('SERVER');
  });
});
