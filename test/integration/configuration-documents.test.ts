// Issue 14 §4: the documents the standard asks for (A7.2 PIN operating rules, A14.6 network
// configuration documents, A22.2 / A27 manuals), each a type and versions; a version is a file
// checked by its bytes and size, stored with its SHA-256, and refused at download when tampered.
// Each version is approved by its owner role's holder and has a review date; unapproved, overdue or
// missing documents show on /compliance and on the owner's 対応が必要.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { changeThrough, complianceArticle, itemIdsByNumber } from '../helpers/configuration.js';
import { ADD_VERSION, CREATE_DOCUMENT, DOCUMENT, DOCUMENTS, exe, pdf, text, upload } from '../helpers/documents.js';
import { auditEntriesOf } from '../helpers/factories.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

/** 2 November 2026, 09:00 in Tokyo; a minute later at each tick */
let clock = new Date('2026-11-02T09:00:00+09:00');
const tick = () => (clock = new Date(clock.getTime() + 60_000));
const MAX = 4096;
let t: TestApp;
let items: Record<string, string>;
const cookies = new Map<string, string>();
const as = async (who: DemoPerson) => {
  if (!cookies.has(who.staffNumber))
    cookies.set(who.staffNumber, await signIn(t.app.http, who.staffNumber, DEMO_PASSWORD));
  return cookies.get(who.staffNumber)!;
};
const call = async (who: DemoPerson, query: string, variables: Record<string, unknown> = {}) =>
  gql(t.app.http, query, variables, await as(who));
const create = async (who: DemoPerson, i: Record<string, unknown>) => {
  const res = await call(who, CREATE_DOCUMENT, { i });
  expect(res.errors).toBeUndefined();
  return res.data!.createConfigurationDocument as { id: string; ownerRole: string };
};
const addVersion = (who: DemoPerson, documentId: string, fields: Record<string, unknown>) =>
  call(who, ADD_VERSION, {
    i: { documentId, versionLabel: '第1版', effectiveOn: '2026-11-01', file: upload('rules.pdf', pdf()), ...fields },
  });
const APPROVE = `mutation($i: ApproveConfigurationDocumentVersionInput!) {
  approveConfigurationDocumentVersion(input: $i) { id reviewOn reviewOverdue approvedAt approvedBy { staffNumber } } }`;
const REVIEW = `mutation($i: ReviewConfigurationDocumentVersionInput!) {
  reviewConfigurationDocumentVersion(input: $i) { id reviewOn reviewOverdue } }`;
const approve = async (who: DemoPerson, versionId: string, reviewOn?: string) =>
  call(who, APPROVE, { i: { versionId, ...(reviewOn ? { reviewOn } : {}) } });
const todo = async (who: DemoPerson, id: string) =>
  ((await call(who, `{ myTodos { id count } }`)).data!.myTodos as { id: string; count: number }[]).find(
    (x) => x.id === id,
  )?.count ?? 0;
const download = async (url: string, who: DemoPerson | null) =>
  t.app.http.inject({ method: 'GET', url, headers: who ? { cookie: await as(who) } : {} });

beforeAll(async () => {
  t = await startTestApp({ now: () => clock, env: { CONFIGURATION_FILE_MAX_BYTES: String(MAX) } });
  items = await itemIdsByNumber(t.db.dataSource);
  // these tests start from a register without documents (the demo seed has the required ones)
  await t.db.dataSource.query(`DELETE FROM configuration_document_version`);
  await t.db.dataSource.query(`DELETE FROM configuration_document`);
  await t.db.dataSource.query(
    `DELETE FROM configuration_file f WHERE NOT EXISTS (SELECT 1 FROM firewall_setting_backup b WHERE b."fileId" = f.id)`,
  );
});
afterAll(() => t.close());

describe('A7.2, A14.6, A22.2, A27 a required document missing', () => {
  it('A7.2, A14.6, A22.2, A27 each required type none of which is in force is a to-do of the role that keeps it', async () => {
    expect(await todo(DEMO.manager, 'configuration.documentsMissing')).toBe(3);
    expect(await todo(DEMO.pinAdministrator, 'configuration.documentsMissing')).toBe(1);
    expect(await todo(DEMO.operator, 'configuration.documentsMissing')).toBe(0);
    const chief = await as(DEMO.chief);
    for (const [article, type] of [
      ['A22.1–3', 'INTRUSION_RESPONSE_MANUAL'],
      ['A27', 'FAILURE_MANUAL'],
    ]) {
      const control = (await complianceArticle(t.app.http, chief, article)).controls.find((c: any) =>
        c.link.includes(type),
      );
      expect(control).toMatchObject({ status: 'VIOLATION', reason: expect.stringContaining('登録されていません') });
    }
  });
});

describe('A7.2 the PIN operating rules (暗証番号等の運用基準)', () => {
  it('A7.2 missing rules are a VIOLATION; only the PIN administrator keeps and approves them; a version in force is ATTENTION until approved, then OK', async () => {
    const before = await complianceArticle(t.app.http, await as(DEMO.chief), 'A7.2');
    expect(before.controls[0].status).toBe('VIOLATION');

    const byManager = await call(DEMO.manager, CREATE_DOCUMENT, {
      i: { type: 'PIN_RULES', title: '暗証番号等の運用基準' },
    });
    expect(errorCode(byManager)).toBe('NOT_DOCUMENT_OWNER');
    expect((await auditEntriesOf(t.db.dataSource, 'Mutation.createConfigurationDocument')).at(-1)).toMatchObject({
      outcome: 'REFUSED',
      reason: 'NOT_DOCUMENT_OWNER',
    });

    const doc = await create(DEMO.pinAdministrator, { type: 'PIN_RULES', title: '暗証番号等の運用基準' });
    expect(doc.ownerRole).toBe('PIN_ADMINISTRATOR');
    // a version not in force yet does not count
    const future = await addVersion(DEMO.pinAdministrator, doc.id, {
      versionLabel: '第1版',
      effectiveOn: '2026-12-01',
    });
    expect(future.errors).toBeUndefined();
    expect((await complianceArticle(t.app.http, await as(DEMO.chief), 'A7.2')).controls[0].status).toBe('VIOLATION');
    const byManagerVersion = await addVersion(DEMO.manager, doc.id, { versionLabel: '第0版' });
    expect(errorCode(byManagerVersion)).toBe('NOT_DOCUMENT_OWNER');

    const now = await addVersion(DEMO.pinAdministrator, doc.id, { versionLabel: '暫定版', effectiveOn: '2026-10-01' });
    expect(now.errors).toBeUndefined();
    // in force but not approved: ATTENTION, and the PIN administrator's to-do (the future version too)
    const unapproved = await complianceArticle(t.app.http, await as(DEMO.chief), 'A7.2');
    expect(unapproved.controls[0]).toMatchObject({
      status: 'ATTENTION',
      reason: expect.stringContaining('承認されていません'),
    });
    expect(await todo(DEMO.pinAdministrator, 'configuration.documentsToApprove')).toBe(2);
    expect(await todo(DEMO.pinAdministrator, 'configuration.documentsMissing')).toBe(0);
    expect(await todo(DEMO.manager, 'configuration.documentsToApprove')).toBe(0);
    // A7.2: the rules are the PIN administrator's (第7の2): the manager cannot approve them
    const versionId = now.data!.addConfigurationDocumentVersion.id;
    expect(errorCode(await approve(DEMO.manager, versionId))).toBe('NOT_DOCUMENT_OWNER');
    const approved = await approve(DEMO.pinAdministrator, versionId);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveConfigurationDocumentVersion).toMatchObject({
      reviewOn: '2027-10-01',
      reviewOverdue: false,
      approvedBy: { staffNumber: DEMO.pinAdministrator.staffNumber },
    });
    expect(
      (await auditEntriesOf(t.db.dataSource, 'Mutation.approveConfigurationDocumentVersion')).at(-1),
    ).toMatchObject({
      outcome: 'OK',
      targetId: doc.id,
    });
    expect(errorCode(await approve(DEMO.pinAdministrator, versionId))).toBe('DOCUMENT_VERSION_ALREADY_APPROVED');
    expect(await todo(DEMO.pinAdministrator, 'configuration.documentsToApprove')).toBe(1);
    const after = await complianceArticle(t.app.http, await as(DEMO.chief), 'A7.2');
    expect(after.controls[0]).toMatchObject({ status: 'OK' });
    expect(after.controls[0].reason).toContain('暫定版');
  });
});

describe('Issue 14 §4 versions: the current one, the files and their checks', () => {
  let docId: string;
  beforeAll(async () => {
    docId = (await create(DEMO.manager, { type: 'FAILURE_MANUAL', title: '障害対策マニュアル' })).id;
  });

  it('A27 the current version is the latest already effective; versions list newest first; the upload is audited', async () => {
    const v1 = await addVersion(DEMO.manager, docId, { versionLabel: '第1版', effectiveOn: '2025-04-01' });
    const v2 = await addVersion(DEMO.manager, docId, {
      versionLabel: '第2版',
      effectiveOn: '2026-10-01',
      file: upload('障害対策マニュアル.txt', text('障害対策マニュアル 第2版\n1. 連絡\n')),
    });
    const v3 = await addVersion(DEMO.manager, docId, { versionLabel: '第3版', effectiveOn: '2027-04-01' });
    for (const r of [v1, v2, v3]) expect(r.errors).toBeUndefined();
    expect(v2.data!.addConfigurationDocumentVersion).toMatchObject({
      title: '障害対策マニュアル',
      uploadedBy: { staffNumber: DEMO.manager.staffNumber },
      file: { fileName: '障害対策マニュアル.txt', mediaType: 'text/plain; charset=utf-8' },
    });
    const doc = (await call(DEMO.operator, DOCUMENT, { id: docId })).data!.configurationDocument;
    expect(doc.currentVersion.versionLabel).toBe('第2版');
    expect(doc.versions.map((v: any) => v.versionLabel)).toEqual(['第3版', '第2版', '第1版']);
    const entry = (await auditEntriesOf(t.db.dataSource, 'Mutation.addConfigurationDocumentVersion')).at(-1);
    expect(entry).toMatchObject({ outcome: 'OK', targetId: docId });
    expect(JSON.stringify(entry.changes)).toContain(v3.data!.addConfigurationDocumentVersion.file.sha256);

    const dup = await addVersion(DEMO.manager, docId, { versionLabel: '第2版' });
    expect(errorCode(dup)).toBe('DOCUMENT_VERSION_LABEL_TAKEN');
  });

  it('Issue 14 §4 a file too large, not a document by its bytes, or named unlike its bytes is refused with a code and audited', async () => {
    const big = await addVersion(DEMO.manager, docId, {
      versionLabel: '大',
      file: upload('big.pdf', pdf('x'.repeat(MAX))),
    });
    expect(errorCode(big)).toBe('CONFIGURATION_FILE_TOO_LARGE');
    const program = await addVersion(DEMO.manager, docId, { versionLabel: 'exe', file: upload('manual.pdf', exe()) });
    expect(errorCode(program)).toBe('CONFIGURATION_FILE_TYPE_REFUSED');
    const misnamed = await addVersion(DEMO.manager, docId, { versionLabel: '名', file: upload('manual.docx', pdf()) });
    expect(errorCode(misnamed)).toBe('CONFIGURATION_FILE_TYPE_REFUSED');
    const notBase64 = await addVersion(DEMO.manager, docId, {
      versionLabel: 'b64',
      file: { fileName: 'a.pdf', contentBase64: '%%%%' },
    });
    expect(errorCode(notBase64)).toBe('INVALID_CONFIGURATION_DOCUMENT');
    const refusals = (await auditEntriesOf(t.db.dataSource, 'Mutation.addConfigurationDocumentVersion'))
      .filter((e) => e.outcome === 'REFUSED')
      .map((e) => e.reason);
    expect(refusals).toEqual(
      expect.arrayContaining(['CONFIGURATION_FILE_TOO_LARGE', 'CONFIGURATION_FILE_TYPE_REFUSED']),
    );
    const files = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM configuration_document_version WHERE "documentId" = $1`,
      [docId],
    );
    expect(files[0].n).toBe(3);
  });

  it('Issue 14 §4 the download is for those who read documents, checks the SHA-256 and refuses a tampered file', async () => {
    const bytes = pdf('download');
    const added = await addVersion(DEMO.manager, docId, { versionLabel: '第4版', file: upload('manual.pdf', bytes) });
    const file = added.data!.addConfigurationDocumentVersion.file;
    expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

    const ok = await download(file.downloadUrl, DEMO.operator);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('application/pdf');
    expect(ok.rawPayload.equals(bytes)).toBe(true);
    expect((await download(file.downloadUrl, null)).statusCode).toBe(401);

    // changed in the database behind the application's back
    await t.db.dataSource.query(`UPDATE configuration_file SET content = $2 WHERE id = $1`, [file.id, pdf('forged')]);
    const tampered = await download(file.downloadUrl, DEMO.operator);
    expect(tampered.statusCode).toBe(409);
    expect(tampered.json()).toMatchObject({ code: 'CONFIGURATION_FILE_TAMPERED' });
    expect((await auditEntriesOf(t.db.dataSource, 'Query.configurationDocuments')).at(-1)).toMatchObject({
      outcome: 'REFUSED',
      reason: 'CONFIGURATION_FILE_TAMPERED',
    });
    expect(
      (await download('/configuration/files/00000000-0000-4000-8000-000000000000', DEMO.operator)).statusCode,
    ).toBe(404);
  });
});

describe('A14.6 network configuration documents (ネットワーク構成のドキュメント)', () => {
  it('A14.6 none is a VIOLATION; a change to a linked item marks the document to review (ATTENTION) until a new version', async () => {
    expect((await complianceArticle(t.app.http, await as(DEMO.chief), 'A14.6')).controls[0].status).toBe('VIOLATION');
    const refused = await call(DEMO.manager, CREATE_DOCUMENT, {
      i: { type: 'OTHER', title: 'その他', linkedItemIds: [items['EQ-002']] },
    });
    expect(errorCode(refused)).toBe('INVALID_CONFIGURATION_DOCUMENT');

    const doc = await create(DEMO.manager, {
      type: 'NETWORK_CONFIGURATION',
      title: '住基ネット ネットワーク構成図',
      linkedItemIds: [items['EQ-002'], items['EQ-003']],
    });
    const first = await addVersion(DEMO.manager, doc.id, { file: upload('構成図.pdf', pdf()) });
    expect(first.errors).toBeUndefined();
    expect((await complianceArticle(t.app.http, await as(DEMO.chief), 'A14.6')).controls[0].status).toBe('ATTENTION');
    expect((await approve(DEMO.manager, first.data!.addConfigurationDocumentVersion.id)).errors).toBeUndefined();
    expect((await complianceArticle(t.app.http, await as(DEMO.chief), 'A14.6')).controls[0].status).toBe('OK');
    let read = (await call(DEMO.operator, DOCUMENT, { id: doc.id })).data!.configurationDocument;
    expect(read).toMatchObject({
      toReview: false,
      linkedItems: [{ registerNumber: 'EQ-002' }, { registerNumber: 'EQ-003' }],
    });

    // the firewall's addresses change through an approved request, a minute later
    tick();
    await changeThrough(t.app.http, await as(DEMO.systemAdministrator), await as(DEMO.manager), {
      kind: 'CHANGE',
      itemId: items['EQ-002'],
      item: { networkAddresses: ['192.0.2.1', '198.51.100.2'] },
    });
    read = (await call(DEMO.operator, DOCUMENT, { id: doc.id })).data!.configurationDocument;
    expect(read.toReview).toBe(true);
    const attention = await complianceArticle(t.app.http, await as(DEMO.chief), 'A14.6');
    expect(attention.controls[0].status).toBe('ATTENTION');

    expect(await todo(DEMO.manager, 'configuration.documentsToReview')).toBeGreaterThanOrEqual(1);

    tick();
    const second = await addVersion(DEMO.manager, doc.id, { versionLabel: '第2版', effectiveOn: '2026-11-02' });
    expect(second.errors).toBeUndefined();
    expect((await approve(DEMO.manager, second.data!.addConfigurationDocumentVersion.id)).errors).toBeUndefined();
    expect((await call(DEMO.operator, DOCUMENT, { id: doc.id })).data!.configurationDocument.toReview).toBe(false);
    expect((await complianceArticle(t.app.http, await as(DEMO.chief), 'A14.6')).controls[0].status).toBe('OK');
    const list = (await call(DEMO.operator, DOCUMENTS, { type: 'NETWORK_CONFIGURATION' })).data!.configurationDocuments;
    expect(list).toEqual([expect.objectContaining({ id: doc.id, currentVersion: { versionLabel: '第2版' } })]);
  });
});

describe('A22.2, A27 the response manuals linked on incidents (through the documents reading interface)', () => {
  const REPORT = `mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id type manualLink
    manual { documentId versionLabel title effectiveOn downloadUrl } } }`;
  const report = async (type: string) => {
    const res = await call(DEMO.operator, REPORT, {
      i: { clientId: randomUUID(), type, occurredAt: clock.toISOString(), summary: `${type} の報告` },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.reportIncident;
  };

  it('A22.2 an unauthorised access shows the current intrusion response manual; none stored: null', async () => {
    expect((await report('UNAUTHORISED_ACCESS')).manual).toBeNull();
    const doc = await create(DEMO.manager, { type: 'INTRUSION_RESPONSE_MANUAL', title: '不正アクセス対応マニュアル' });
    await addVersion(DEMO.manager, doc.id, { versionLabel: '第1版', effectiveOn: '2026-04-01' });
    await addVersion(DEMO.manager, doc.id, { versionLabel: '第2版', effectiveOn: '2027-04-01' });
    const incident = await report('UNAUTHORISED_ACCESS');
    expect(incident.manual).toMatchObject({ documentId: doc.id, versionLabel: '第1版', effectiveOn: '2026-04-01' });
    expect((await download(incident.manual.downloadUrl, DEMO.operator)).statusCode).toBe(200);
    // a virus report has no manual of its own
    expect((await report('VIRUS')).manual).toBeNull();
  });

  it('A27 a system failure shows the current failure manual', async () => {
    const incident = await report('SYSTEM_FAILURE');
    // the FAILURE_MANUAL stored above: of its versions in force, 第4版 (2026-11-01) took effect last
    expect(incident.manual).toMatchObject({ title: '障害対策マニュアル', versionLabel: '第4版' });
  });
});

describe('A22.2, A27 approvals and review dates of the manuals', () => {
  it('A27 an unapproved current manual is ATTENTION; approved by the manager it is OK; two approvals at once: one wins', async () => {
    const chief = await as(DEMO.chief);
    const failure = async () =>
      (await complianceArticle(t.app.http, chief, 'A27')).controls.find((c: any) => c.link.includes('FAILURE_MANUAL'));
    expect(await failure()).toMatchObject({
      status: 'ATTENTION',
      reason: expect.stringContaining('承認されていません'),
    });
    const docs = (await call(DEMO.operator, DOCUMENTS, { type: 'FAILURE_MANUAL' })).data!.configurationDocuments;
    const current = (await call(DEMO.operator, DOCUMENT, { id: docs[0].id })).data!.configurationDocument
      .currentVersion;
    expect(errorCode(await approve(DEMO.operator, current.id))).toBe('FORBIDDEN');
    const [a, b] = await Promise.all([
      approve(DEMO.manager, current.id, '2026-11-30'),
      approve(DEMO.manager, current.id),
    ]);
    expect([a, b].filter((r) => !r.errors)).toHaveLength(1);
    expect([a, b].map(errorCode).filter(Boolean)).toEqual(['DOCUMENT_VERSION_ALREADY_APPROVED']);
    if (!a.errors) expect(a.data!.approveConfigurationDocumentVersion.reviewOn).toBe('2026-11-30');
    expect((await failure())!.status).toBe('OK');
  });

  it('A27 a review date passed is ATTENTION and the owner’s to-do; a review (nothing to change) sets the next date', async () => {
    const docs = (await call(DEMO.operator, DOCUMENTS, { type: 'FAILURE_MANUAL' })).data!.configurationDocuments;
    const current = (await call(DEMO.operator, DOCUMENT, { id: docs[0].id })).data!.configurationDocument
      .currentVersion;
    // give it a near review date whichever approval won above
    await t.db.dataSource.query(`UPDATE configuration_document_version SET "reviewOn" = '2026-11-30' WHERE id = $1`, [
      current.id,
    ]);
    const saved = clock;
    clock = new Date('2026-12-01T09:00:00+09:00');
    cookies.clear();
    try {
      const chief = await as(DEMO.chief);
      const failure = async () =>
        (await complianceArticle(t.app.http, chief, 'A27')).controls.find((c: any) =>
          c.link.includes('FAILURE_MANUAL'),
        );
      expect(await failure()).toMatchObject({ status: 'ATTENTION', reason: expect.stringContaining('見直し期日') });
      const before = await todo(DEMO.manager, 'configuration.documentsToReview');
      expect(before).toBeGreaterThanOrEqual(1);
      expect(
        errorCode(await call(DEMO.manager, REVIEW, { i: { versionId: current.id, nextReviewOn: '2026-12-01' } })),
      ).toBe('INVALID_CONFIGURATION_DOCUMENT');
      const reviewed = await call(DEMO.manager, REVIEW, { i: { versionId: current.id, nextReviewOn: '2027-11-30' } });
      expect(reviewed.data!.reviewConfigurationDocumentVersion).toMatchObject({
        reviewOn: '2027-11-30',
        reviewOverdue: false,
      });
      expect((await failure())!.status).toBe('OK');
      expect(await todo(DEMO.manager, 'configuration.documentsToReview')).toBe(before - 1);
      expect(
        (await auditEntriesOf(t.db.dataSource, 'Mutation.reviewConfigurationDocumentVersion')).at(-1),
      ).toMatchObject({
        outcome: 'OK',
        changes: { reviewOn: ['2026-11-30', '2027-11-30'] },
      });
    } finally {
      clock = saved;
      cookies.clear();
    }
  });
});
