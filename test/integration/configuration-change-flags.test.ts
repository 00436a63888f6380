// Issue 14 §2, continued from configuration-change-control.test.ts: changes without an approved request
// are flagged (A14.1–2, A17) and an unapproved one opens an incident; the history by item and by date
// (A14.5); requests and confirmations that wait too long.
import { describe, expect, it } from 'vitest';
import {
  APPROVE_CHANGE,
  CARRY_OUT_CHANGE,
  changeThrough,
  complianceArticle,
  CONFIRM_CHANGE,
  HISTORY,
  ITEM,
  newItem,
  RECORD_UNAPPROVED,
  REVIEW_UNAPPROVED,
  useChangeControlFixture,
} from '../helpers/configuration.js';
import { staffIdOf } from '../helpers/factories.js';
import { errorCode, gql } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

const c = useChangeControlFixture();
const { as, run, ask, todo, lastAudit } = c;

describe('A14.1–2, A17 changes without an approved request are flagged', () => {
  it("A14.1–2 the manager's emergency entry is flagged: ATTENTION on /compliance until the chief reviews it", async () => {
    const chief = await as(DEMO.chief);
    expect((await complianceArticle(c.t.app.http, chief, 'A14.1–2')).status).toBe('OK');
    const rec = await run(DEMO.manager, RECORD_UNAPPROVED, {
      kind: 'CHANGE',
      itemId: c.items['PG-003'],
      item: { version: '5.4.2' },
      summary: 'ファイヤーウォールの緊急修正',
      reason: '脆弱性の公表を受けて直ちに適用',
    });
    expect(rec.errors).toBeUndefined();
    expect(rec.data!.recordUnapprovedConfigurationChange).toMatchObject({
      basis: 'EMERGENCY',
      flagged: true,
      fields: [{ field: 'version', before: '5.4.1', after: '5.4.2' }],
    });
    const article = await complianceArticle(c.t.app.http, chief, 'A14.1–2');
    expect(article.status).toBe('ATTENTION');
    expect(article.controls[0]).toMatchObject({
      reason: expect.stringContaining('承認なしの緊急の変更1件'),
      link: '/configuration/history?unreviewed=true',
    });
    const flagged = await gql(c.t.app.http, HISTORY, { f: { unreviewedOnly: true } }, chief);
    expect(flagged.data!.configurationChanges.nodes.map((n: any) => n.id)).toEqual([
      rec.data!.recordUnapprovedConfigurationChange.id,
    ]);
    expect(await todo(DEMO.chief, 'configuration.unapprovedToReview')).toBe(1);
    // the manager cannot review it (FORBIDDEN by policy); the chief does, with a note
    const id = rec.data!.recordUnapprovedConfigurationChange.id;
    expect(errorCode(await run(DEMO.manager, REVIEW_UNAPPROVED, { id, note: '確認' }))).toBe('FORBIDDEN');
    const reviewed = await run(DEMO.chief, REVIEW_UNAPPROVED, { id, note: '緊急性を確認した。手順書に追記すること' });
    expect(reviewed.data!.reviewUnapprovedConfigurationChange).toMatchObject({
      flagged: false,
      reviewedBy: { staffNumber: DEMO.chief.staffNumber },
    });
    expect(errorCode(await run(DEMO.deputyChief, REVIEW_UNAPPROVED, { id, note: '再確認' }))).toBe(
      'CHANGE_NOT_TO_REVIEW',
    );
    expect((await complianceArticle(c.t.app.http, chief, 'A14.1–2')).status).toBe('OK');
  });

  it('A17 a change found later that nobody approved is a VIOLATION on /compliance until reviewed; an approved change needs no review', async () => {
    const chief = await as(DEMO.chief);
    expect((await complianceArticle(c.t.app.http, chief, 'A17')).status).toBe('OK');
    const rec = await run(DEMO.manager, RECORD_UNAPPROVED, {
      kind: 'INSTALL',
      item: newItem(
        {
          registerNumber: 'PG-061',
          kind: 'APPLICATION',
          name: '無許可のツール',
          version: '不明',
          installedOnId: c.items['EQ-013'],
        },
        c.refs,
      ),
      summary: '端末に無許可のプログラム',
      reason: '点検で発見',
      discovered: true,
    });
    expect(rec.data!.recordUnapprovedConfigurationChange).toMatchObject({ basis: 'DISCOVERED', flagged: true });
    const article = await complianceArticle(c.t.app.http, chief, 'A17');
    expect(article).toMatchObject({ status: 'VIOLATION' });
    expect(article.controls[0].reason).toContain('許可なく行われた変更が1件');
    await run(DEMO.deputyChief, REVIEW_UNAPPROVED, {
      id: rec.data!.recordUnapprovedConfigurationChange.id,
      note: '削除を指示した',
    });
    expect((await complianceArticle(c.t.app.http, chief, 'A17')).status).toBe('OK');
    // a change carried out under an approved request has nothing to review
    await changeThrough(c.t.app.http, await as(DEMO.systemAdministrator), await as(DEMO.manager), {
      kind: 'CHANGE',
      itemId: c.items['PG-001'],
      item: { version: '2022 (累積更新 2026-12)' },
      summary: 'サーバーOSの更新',
      reason: 'セキュリティ更新の適用',
    });
    const approved = (
      await gql(c.t.app.http, HISTORY, { f: { itemId: c.items['PG-001'] } }, chief)
    ).data!.configurationChanges.nodes.find((n: any) => n.basis === 'REQUEST');
    expect(errorCode(await run(DEMO.chief, REVIEW_UNAPPROVED, { id: approved.id, note: 'x' }))).toBe(
      'CHANGE_NOT_TO_REVIEW',
    );
  });
});

describe('A17 a change nobody approved opens an incident (hook configuration.unauthorisedChange)', () => {
  const incidentsAbout = (text: string) =>
    c.t.db.dataSource.query(
      `SELECT id, type, source, state, "reportedById", "sectionId", summary FROM incident WHERE summary LIKE $1`,
      [`%${text}%`],
    ) as Promise<any[]>;

  it('A17 a change found later opens an unauthorised-access incident for the manager in the same transaction; the audit entry names it', async () => {
    const rec = await run(DEMO.manager, RECORD_UNAPPROVED, {
      kind: 'CHANGE',
      itemId: c.items['EQ-013'],
      item: { location: '窓口カウンター裏 (無断移設)' },
      summary: '端末の無断移設を発見',
      reason: '定期点検で設置場所の相違を発見',
      discovered: true,
    });
    expect(rec.errors).toBeUndefined();
    expect(rec.data!.recordUnapprovedConfigurationChange).toMatchObject({ basis: 'DISCOVERED', flagged: true });
    const opened = await incidentsAbout('端末の無断移設を発見');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      type: 'UNAUTHORISED_ACCESS',
      source: 'STAFF',
      reportedById: await staffIdOf(c.t.db.dataSource, DEMO.manager),
    });
    expect(opened[0].summary).toContain('許可のない構成の変更 (A17)');
    expect(opened[0].summary).toContain('EQ-013');
    const entry = await lastAudit('Mutation.recordUnapprovedConfigurationChange');
    expect(entry.outcome).toBe('OK');
    expect(entry.changes.incidentsOpened).toEqual([null, [opened[0].id]]);
    const id = rec.data!.recordUnapprovedConfigurationChange.id;
    expect((await run(DEMO.chief, REVIEW_UNAPPROVED, { id, note: '元の場所に戻させた' })).errors).toBeUndefined();
  });

  it("A17 the manager's emergency entry (their own permission) and a refused entry open no incident", async () => {
    const emergency = await run(DEMO.manager, RECORD_UNAPPROVED, {
      kind: 'CHANGE',
      itemId: c.items['PG-003'],
      item: { version: '5.4.3' },
      summary: 'ファイヤーウォールの緊急修正その2',
      reason: '直ちに適用',
    });
    expect(emergency.data!.recordUnapprovedConfigurationChange).toMatchObject({ basis: 'EMERGENCY' });
    expect(await incidentsAbout('ファイヤーウォールの緊急修正その2')).toHaveLength(0);
    const id = emergency.data!.recordUnapprovedConfigurationChange.id;
    expect((await run(DEMO.chief, REVIEW_UNAPPROVED, { id, note: '確認した' })).errors).toBeUndefined();
    const refused = await run(DEMO.manager, RECORD_UNAPPROVED, {
      kind: 'CHANGE',
      itemId: c.items['EQ-013'],
      item: {},
      summary: '何も変わらない発見',
      reason: 'x',
      discovered: true,
    });
    expect(refused.errors).toBeDefined();
    expect(await incidentsAbout('何も変わらない発見')).toHaveLength(0);
  });
});

describe('A14.5 the history of each item and of the whole register by date', () => {
  it('A14.5 the whole register by date: newest first, paged, limited to a day range in Tokyo', async () => {
    const operator = await as(DEMO.operator);
    const all: any[] = [];
    let after: string | null = null;
    do {
      const res: any = await gql(c.t.app.http, HISTORY, { first: 4, after }, operator);
      all.push(...res.data.configurationChanges.nodes);
      after = res.data.configurationChanges.hasNextPage ? res.data.configurationChanges.endCursor : null;
    } while (after);
    const [{ n }] = await c.t.db.dataSource.query(`SELECT count(*)::int AS n FROM configuration_change`);
    expect(all).toHaveLength(n);
    expect(new Set(all.map((c) => c.id)).size).toBe(n);
    const times = all.map((c) => Date.parse(c.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // the demo's registration day (2024-04-01 09:00 Tokyo) and nothing else
    const day = await gql(c.t.app.http, HISTORY, { f: { from: '2024-04-01', to: '2024-04-01' }, first: 100 }, operator);
    const [{ seeded }] = await c.t.db.dataSource.query(
      `SELECT count(*)::int AS seeded FROM configuration_change WHERE at = '2024-04-01T00:00:00Z'`,
    );
    expect(day.data!.configurationChanges.nodes).toHaveLength(seeded);
    const before = await gql(c.t.app.http, HISTORY, { f: { to: '2024-03-31' } }, operator);
    expect(before.data!.configurationChanges.nodes).toEqual([]);
  });

  it('A14.5 removing equipment: refused while programs in use are installed on it; the history keeps the item', async () => {
    const blocked = await gql(
      c.t.app.http,
      `mutation($i: RequestConfigurationChangeInput!) { requestConfigurationChange(input: $i) { id } }`,
      { i: { kind: 'REMOVE', itemId: c.items['EQ-011'], summary: '端末の撤去', reason: '更新' } },
      await as(DEMO.systemAdministrator),
    );
    expect(blocked.errors![0].extensions).toMatchObject({ code: 'INVALID_CONFIGURATION_ITEM', field: 'state' });
    await changeThrough(c.t.app.http, await as(DEMO.systemAdministrator), await as(DEMO.manager), {
      kind: 'REMOVE',
      itemId: c.items['PG-004'],
      summary: 'ウイルス対策ソフトのアンインストール',
    });
    await changeThrough(c.t.app.http, await as(DEMO.systemAdministrator), await as(DEMO.manager), {
      kind: 'REMOVE',
      itemId: c.items['EQ-011'],
      endState: 'DISPOSED',
      summary: '端末の廃棄',
    });
    const item = await gql(c.t.app.http, ITEM, { id: c.items['EQ-011'] }, await as(DEMO.operator));
    expect(item.data!.configurationItem.state).toBe('DISPOSED');
    const history = await gql(c.t.app.http, HISTORY, { f: { itemId: c.items['EQ-011'] } }, await as(DEMO.operator));
    expect(history.data!.configurationChanges.nodes[0]).toMatchObject({ kind: 'REMOVE', summary: '端末の廃棄' });
    expect(history.data!.configurationChanges.nodes[0].fields).toContainEqual({
      field: 'state',
      before: 'IN_USE',
      after: 'DISPOSED',
    });
  });
});

describe('A14.1–2, A14.5 requests and confirmations that wait too long', () => {
  it('A14.1–2 a request undecided for more than 3 days is ATTENTION; A14.5 a change unconfirmed for more than 7 days is ATTENTION', async () => {
    const chief = await as(DEMO.chief);
    expect((await complianceArticle(c.t.app.http, chief, 'A14.1–2')).status).toBe('OK');
    expect((await complianceArticle(c.t.app.http, chief, 'A14.5')).status).toBe('OK');
    const waiting = await ask(DEMO.itStaff, { kind: 'CHANGE', itemId: c.items['EQ-002'], item: { note: '点検済み' } });
    await c.t.db.dataSource.query(
      `UPDATE configuration_change_request SET "requestedAt" = now() - interval '4 days' WHERE id = $1`,
      [waiting.id],
    );
    const late = await complianceArticle(c.t.app.http, chief, 'A14.1–2');
    expect(late.status).toBe('ATTENTION');
    expect(late.controls[0].reason).toContain('3日を超えて判断待ちの変更申請が1件');
    await run(DEMO.manager, APPROVE_CHANGE, { id: waiting.id });
    expect((await complianceArticle(c.t.app.http, chief, 'A14.1–2')).status).toBe('OK');

    await run(DEMO.itStaff, CARRY_OUT_CHANGE, { id: waiting.id });
    await c.t.db.dataSource.query(
      `UPDATE configuration_change_request SET "carriedOutAt" = now() - interval '8 days' WHERE id = $1`,
      [waiting.id],
    );
    const unconfirmed = await complianceArticle(c.t.app.http, chief, 'A14.5');
    expect(unconfirmed).toMatchObject({ status: 'ATTENTION' });
    expect(unconfirmed.controls[0].reason).toContain('7日を超えて管理者の確認がない変更が1件');
    await run(DEMO.manager, CONFIRM_CHANGE, { id: waiting.id });
    expect((await complianceArticle(c.t.app.http, chief, 'A14.5')).status).toBe('OK');
  });
});
