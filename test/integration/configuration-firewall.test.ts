// Issue 14 §3: the firewall. A14.7: each firewall program's installed and latest known version and
// the day last checked; out of date or not checked for 30 days is red. A14.8: setting backups kept
// as files with their SHA-256 (a tampered one is detected), and restore drills (none in 12 months:
// ATTENTION).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { complianceArticle, itemIdsByNumber } from '../helpers/configuration.js';
import { exe, pdf, text, upload } from '../helpers/documents.js';
import { auditEntriesOf } from '../helpers/factories.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

let clock = new Date('2026-11-02T09:00:00+09:00');
let t: TestApp;
let items: Record<string, string>;
const cookies = new Map<string, string>();
const setDay = (day: string) => {
  clock = new Date(`${day}T09:00:00+09:00`);
  cookies.clear();
};
const as = async (who: DemoPerson) => {
  if (!cookies.has(who.staffNumber))
    cookies.set(who.staffNumber, await signIn(t.app.http, who.staffNumber, DEMO_PASSWORD));
  return cookies.get(who.staffNumber)!;
};
const call = async (who: DemoPerson, query: string, variables: Record<string, unknown> = {}) =>
  gql(t.app.http, query, variables, await as(who));
const article = async (id: string) => (await complianceArticle(t.app.http, await as(DEMO.chief), id)).controls[0];

const FIREWALL = `query($id: ID!) { configurationItem(id: $id) { registerNumber version firewall {
  installedVersion latestKnownVersion checkedOn outOfDate checkOverdue red drillDue lastSucceededDrillOn
  checks { checkedOn latestKnownVersion installedVersion by { staffNumber } }
  drills { drilledOn result note by { staffNumber } } } } }`;
const CHECK = `mutation($i: RecordFirewallVersionCheckInput!) { recordFirewallVersionCheck(input: $i) { id } }`;
const BACKUP = `mutation($i: StoreFirewallSettingBackupInput!) { storeFirewallSettingBackup(input: $i) {
  id takenAt copyKeptAt intact by { staffNumber } file { id fileName sha256 downloadUrl } } }`;
const BACKUPS = `query($id: ID!) { firewallSettingBackups(itemId: $id) { id intact copyKeptAt file { fileName } } }`;
const DRILL = `mutation($i: RecordFirewallRestoreDrillInput!) { recordFirewallRestoreDrill(input: $i) { id result } }`;

const todo = async (who: DemoPerson, id: string) =>
  ((await call(who, `{ myTodos { id count } }`)).data!.myTodos as { id: string; count: number }[]).find(
    (x) => x.id === id,
  )?.count ?? 0;
const firewallOf = async (who: DemoPerson = DEMO.operator) =>
  (await call(who, FIREWALL, { id: items['PG-003'] })).data!.configurationItem.firewall;
const check = (latestKnownVersion: string, checkedOn: string, itemId = items['PG-003']) =>
  call(DEMO.manager, CHECK, { i: { itemId, latestKnownVersion, checkedOn, note: 'メーカーのサイトで確認' } });
const backup = (file = upload('fw-settings.conf', text('set policy id 1 from trust to untrust\n'))) =>
  call(DEMO.manager, BACKUP, {
    i: { itemId: items['PG-003'], takenAt: clock.toISOString(), copyKeptAt: '情報政策課 金庫 (USBメモリ FW-01)', file },
  });

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  items = await itemIdsByNumber(t.db.dataSource);
  // the demo register is seeded at the real time; the tests' days are earlier
  await t.db.dataSource.query(`UPDATE configuration_item SET "createdAt" = '2024-04-01T00:00:00+09:00'`);
});
afterAll(() => t.close());

describe('A14.7 firewall programs kept current', () => {
  it('A14.7 never checked is red (a VIOLATION) and a to-do of the manager; a check finding the installed version latest clears both', async () => {
    expect(await firewallOf()).toMatchObject({ installedVersion: '5.4.1', checkOverdue: true, red: true });
    expect((await article('A14.7')).status).toBe('VIOLATION');
    expect(await todo(DEMO.manager, 'configuration.firewallChecksDue')).toBe(1);

    expect((await check('5.4.1', '2026-11-01')).errors).toBeUndefined();
    expect(await todo(DEMO.manager, 'configuration.firewallChecksDue')).toBe(0);
    expect(await firewallOf()).toMatchObject({
      latestKnownVersion: '5.4.1',
      checkedOn: '2026-11-01',
      outOfDate: false,
      checkOverdue: false,
      red: false,
      checks: [{ installedVersion: '5.4.1', by: { staffNumber: DEMO.manager.staffNumber } }],
    });
    expect((await article('A14.7')).status).toBe('OK');
    expect((await auditEntriesOf(t.db.dataSource, 'Mutation.recordFirewallVersionCheck')).at(-1)).toMatchObject({
      outcome: 'OK',
      targetId: items['PG-003'],
    });
  });

  it('A14.7 a newer version known is red; so is a check older than 30 days, which is the manager’s to-do again', async () => {
    expect((await check('5.5.0', '2026-11-02')).errors).toBeUndefined();
    expect(await firewallOf()).toMatchObject({ outOfDate: true, red: true });
    const found = await article('A14.7');
    expect(found.status).toBe('VIOLATION');
    expect(found.reason).toContain('PG-003');

    // 5.5.0 installed through change control would clear it; here the manager checks again: 5.4.1 is
    // the latest after all (the vendor withdrew 5.5.0)
    expect((await check('5.4.1', '2026-11-02')).errors).toBeUndefined();
    expect((await firewallOf()).red).toBe(false);
    setDay('2026-12-02'); // 30 days on: still within
    expect((await firewallOf()).red).toBe(false);
    expect(await todo(DEMO.manager, 'configuration.firewallChecksDue')).toBe(0);
    setDay('2026-12-03'); // 31 days
    expect(await firewallOf()).toMatchObject({ checkOverdue: true, red: true });
    // A14.7 the check is due on the manager's 対応が必要 (the standard's 第14 is the manager's duty), nobody else's
    expect(await todo(DEMO.manager, 'configuration.firewallChecksDue')).toBe(1);
    expect(await todo(DEMO.systemAdministrator, 'configuration.firewallChecksDue')).toBe(0);
    expect((await article('A14.7')).status).toBe('VIOLATION');
    setDay('2026-11-02');
  });

  it('A14.7 only firewall programs are checked, only by the manager, never on a day to come', async () => {
    expect(errorCode(await check('1.0', '2026-11-01', items['EQ-002']))).toBe('NOT_A_FIREWALL');
    expect(errorCode(await check('5.4.1', '2026-11-03'))).toBe('INVALID_FIREWALL_RECORD');
    const byOperator = await call(DEMO.operator, CHECK, {
      i: { itemId: items['PG-003'], latestKnownVersion: '5.4.1', checkedOn: '2026-11-01' },
    });
    expect(errorCode(byOperator)).toBe('FORBIDDEN');
  });
});

describe('A14.8 firewall settings backed up and restored in drills', () => {
  it('A14.8 no backup is a VIOLATION; a backup without a drill is ATTENTION; a successful drill within 12 months is OK; the drill is the manager’s to-do when due', async () => {
    expect((await article('A14.8')).status).toBe('VIOLATION');
    expect(await todo(DEMO.manager, 'configuration.restoreDrillsDue')).toBe(1);
    const stored = await backup();
    expect(stored.errors).toBeUndefined();
    const b = stored.data!.storeFirewallSettingBackup;
    expect(b).toMatchObject({ intact: true, by: { staffNumber: DEMO.manager.staffNumber } });
    const attention = await article('A14.8');
    expect(attention.status).toBe('ATTENTION');

    expect(
      errorCode(
        await call(DEMO.manager, DRILL, { i: { itemId: items['PG-003'], drilledOn: '2026-11-02', result: 'FAILED' } }),
      ),
    ).toBe('INVALID_FIREWALL_RECORD');
    const failed = await call(DEMO.manager, DRILL, {
      i: {
        itemId: items['PG-003'],
        drilledOn: '2026-11-01',
        result: 'FAILED',
        note: '複製の読み込みに失敗',
        backupId: b.id,
      },
    });
    expect(failed.errors).toBeUndefined();
    expect((await article('A14.8')).status).toBe('ATTENTION');
    const ok = await call(DEMO.manager, DRILL, {
      i: { itemId: items['PG-003'], drilledOn: '2026-11-02', result: 'SUCCEEDED', backupId: b.id },
    });
    expect(ok.errors).toBeUndefined();
    expect((await article('A14.8')).status).toBe('OK');
    expect(await firewallOf()).toMatchObject({ drillDue: false, lastSucceededDrillOn: '2026-11-02' });
    expect(await todo(DEMO.manager, 'configuration.restoreDrillsDue')).toBe(0);

    // twelve months on, the drill is due again (a failed drill does not count)
    setDay('2027-11-01');
    expect(await todo(DEMO.manager, 'configuration.restoreDrillsDue')).toBe(0);
    setDay('2027-11-02');
    expect((await firewallOf()).drillDue).toBe(true);
    expect(await todo(DEMO.manager, 'configuration.restoreDrillsDue')).toBe(1);
    expect((await article('A14.8')).status).toBe('ATTENTION');
    setDay('2026-11-02');
  });

  it('A14.8 a backup file is checked (kind, size); its download is for those who oversee, and a tampered one is detected', async () => {
    expect(errorCode(await backup(upload('fw.conf', exe())))).toBe('CONFIGURATION_FILE_TYPE_REFUSED');
    expect(errorCode(await backup(upload('fw.conf', pdf())))).toBe('CONFIGURATION_FILE_TYPE_REFUSED');
    const b = (await backup(upload('fw-20261102.conf', text('set address 192.0.2.1\n')))).data!
      .storeFirewallSettingBackup;
    const url = b.file.downloadUrl;
    const get = async (who: DemoPerson) =>
      t.app.http.inject({ method: 'GET', url, headers: { cookie: await as(who) } });
    expect((await get(DEMO.chief)).statusCode).toBe(200);
    expect((await get(DEMO.operator)).statusCode).toBe(403);
    expect(errorCode(await call(DEMO.operator, BACKUPS, { id: items['PG-003'] }))).toBe('FORBIDDEN');

    await t.db.dataSource.query(`UPDATE configuration_file SET content = $2 WHERE id = $1`, [
      b.file.id,
      text('set address 0.0.0.0/0\n'),
    ]);
    const list = (await call(DEMO.auditor, BACKUPS, { id: items['PG-003'] })).data!.firewallSettingBackups;
    expect(list.find((x: any) => x.id === b.id).intact).toBe(false);
    const tampered = await get(DEMO.manager);
    expect(tampered.statusCode).toBe(409);
    expect(tampered.json().code).toBe('CONFIGURATION_FILE_TAMPERED');
    const found = await article('A14.8');
    expect(found.status).toBe('VIOLATION');
    expect(found.reason).toContain('改ざん');
  });
});
