// Issue 14 §1, continued from configuration-register.test.ts: where items stand and are kept (A14.3–4
// server rooms and racks, A15 media in locked places), connections to other systems (A11.1, A8.3), and
// the servers and terminals in use that the disaster checklist lists (A30).
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
  SET_MEASURES,
} from '../helpers/configuration.js';
import { lastAuditEntryOf, roomIdsByCode, sectionIdOf, staffIdOf } from '../helpers/factories.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

let t: TestApp;
let items: Record<string, string>;
let rooms: Record<string, string>;
let refs: { sectionId: string; staffId: string };
const cookies: Record<string, string> = {};
const as = async (who: DemoPerson) =>
  (cookies[who.staffNumber] ??= await signIn(t.app.http, who.staffNumber, DEMO_PASSWORD));
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
