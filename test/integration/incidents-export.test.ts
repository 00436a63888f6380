// Issue 13 §8 (reading): the incidents of a period exported for Excel and the council (CSV with a
// BOM and 令和 dates, xlsx), with the same caller rules as the API; the list's period and "my steps"
// filters, which agree with 対応が必要; and whether a step is the caller's to record (mayComplete).
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../helpers/app.js';
import { gql } from '../helpers/graphql.js';
import { ACKNOWLEDGE, COMPLETE, WAIVE, useIncidentFixture } from '../helpers/incidents.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';
import { pushAbout } from '../../server/src/modules/incidents/incident-routing.js';
import { filterFromQuery, queryOfFilter } from '../../web/src/features/incidents/incidents.js';

const START = new Date('2026-11-26T01:00:00Z'); // 令和8年11月26日 10:00 in Tokyo
const f = useIncidentFixture(START);

const seeded: Record<string, string> = {};
beforeAll(async () => {
  const report = async (key: string, who: DemoPerson, fields: Record<string, unknown>) => {
    const res = await f.report(who, fields);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    seeded[key] = res.data!.reportIncident.id;
  };
  // 26 November: a virus in 市民課; 27 November: a fire in 市民課, and a formula-like summary
  await report('virus', DEMO.citizenSectionClerk, { type: 'VIRUS', origin: '=HYPERLINK("x")' });
  await f.advance(24 * 60);
  await report('fire', DEMO.citizenSectionStaff, { type: 'FIRE', summary: '=1+1 煙が出た' });
  // the virus: acknowledged, its first step done, the second waived
  const virus = (await f.gql(DEMO.manager, ACKNOWLEDGE, { i: { id: seeded.virus } })).data!.acknowledgeIncident;
  const [disconnect, reportCause] = virus.steps;
  await f.gql(DEMO.operationsManager, COMPLETE, { i: { stepId: disconnect.id, note: 'LANケーブルを抜いた' } });
  await f.gql(DEMO.manager, WAIVE, { i: { stepId: reportCause.id, reason: '口頭で報告済み' } });
  // the fire: its second step done before the first (allowed, flagged)
  const fire = (
    await f.gql(DEMO.manager, `query($id: ID!) { incident(id: $id) { steps { id } } }`, { id: seeded.fire })
  ).data!.incident;
  await f.gql(DEMO.operationsManager, COMPLETE, { i: { stepId: fire.steps[1].id } });
});

const download = async (url: string, headers: Record<string, string> = {}) =>
  f.t.app.http.inject({ method: 'GET', url, headers });

describe('Issue 13 §8: the incidents export', () => {
  it('CSV for Excel: BOM, CRLF, quoted, 令和 dates, one line per incident of the period, steps in words', async () => {
    const res = await download('/exports/incidents.csv?from=2026-11-01&to=2026-11-30', {
      cookie: await f.as(DEMO.manager),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('incidents-2026-11-01-2026-11-30.csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      '"種類","発生日時","報告日時","報告者","関係する課","電算室等","概要","入手元","状態","確認日時","確認者",' +
        '"上位への報告","手順","未了の手順","省略した手順と理由","順序の逸脱","終了日時","終了者","所見","ID"',
    );
    expect(lines).toHaveLength(1 + 2 + 1); // header, two incidents (newest first), trailing CRLF
    const [fire, virus] = [lines[1], lines[2]];
    expect(fire).toMatch(/^"火災","令和8年11月27日 10:00","令和8年11月27日 10:00",/);
    expect(fire).toContain(`"'=1+1 煙が出た"`); // formula-safe
    expect(fire).toContain('"未確認"');
    expect(fire).toContain(
      '"全2件 (実施1・省略0・未了1)","検知装置・消火設備等を活用し被害の拡大を防ぐ","","被害の状況を直ちに管理者に報告する"',
    );
    expect(virus).toMatch(/^"ウイルス感染","令和8年11月26日 10:00","令和8年11月26日 10:00",/);
    expect(virus).toContain(`"'=HYPERLINK(""x"")"`);
    // acknowledged a day late (the number of escalations depends on when the job queue ran)
    expect(virus).toMatch(new RegExp(`"対応中","令和8年11月27日 10:00","${DEMO.manager.fullName}","\\d+"`));
    expect(virus).toContain('"全5件 (実施1・省略1・未了3)"');
    expect(virus).toContain('"感染の経緯を管理者に報告する (口頭で報告済み)"');
    expect(virus).toContain(`"${seeded.virus}"`);
    const [audit] = await f.t.db.dataSource.query(
      `SELECT changes, outcome FROM audit_entry WHERE action = 'Export.incidents' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.outcome).toBe('OK');
    expect(audit.changes).toMatchObject({ rows: [null, 2], from: [null, '2026-11-01'], format: [null, 'csv'] });
  });

  it('the period is Tokyo calendar days, both ends included; type and state narrow it', async () => {
    const cookie = await f.as(DEMO.manager);
    const rowsOf = async (query: string) => {
      const res = await download(`/exports/incidents.csv?${query}`, { cookie });
      expect(res.statusCode).toBe(200);
      return res.body.split('\r\n').length - 2;
    };
    expect(await rowsOf('from=2026-11-26&to=2026-11-26')).toBe(1);
    expect(await rowsOf('from=2026-11-27&to=2026-11-27')).toBe(1);
    expect(await rowsOf('from=2026-11-28&to=2026-12-31')).toBe(0);
    expect(await rowsOf('from=2026-11-01&to=2026-11-30&type=FIRE')).toBe(1);
    expect(await rowsOf('from=2026-11-01&to=2026-11-30&state=ACKNOWLEDGED')).toBe(1);
    for (const bad of [
      'from=2026-11-30&to=2026-11-01',
      'from=2026-02-30&to=2026-03-01',
      'to=2026-11-30',
      'from=2026-11-01&to=2026-11-30&type=FLOOD',
    ]) {
      const res = await download(`/exports/incidents.csv?${bad}`, { cookie });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code).toBe('BAD_USER_INPUT');
    }
  });

  it('xlsx: the same columns, 令和-formatted date cells', async () => {
    const res = await download('/exports/incidents.xlsx?from=2026-11-01&to=2026-11-30', {
      cookie: await f.as(DEMO.auditor),
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('種類');
    expect(ws.rowCount).toBe(3);
    expect(ws.getRow(3).getCell(2).value).toEqual(new Date(Date.UTC(2026, 10, 26, 10, 0)));
    expect(ws.getRow(3).getCell(2).numFmt).toContain('ggge');
  });

  it('who may download it: the manager, the chief, the deputy chief and auditors; not an operations manager or an operator; a token only with READ_INCIDENTS', async () => {
    const url = '/exports/incidents.csv?from=2026-11-01&to=2026-11-30';
    for (const who of [DEMO.manager, DEMO.chief, DEMO.deputyChief, DEMO.auditor])
      expect((await download(url, { cookie: await f.as(who) })).statusCode, who.staffNumber).toBe(200);
    for (const who of [DEMO.operationsManager, DEMO.operator, DEMO.citizenSectionClerk])
      expect((await download(url, { cookie: await f.as(who) })).statusCode, who.staffNumber).toBe(403);
    expect((await download(url)).statusCode).toBe(401);
    const refused = await f.t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'Export.incidents' AND outcome = 'REFUSED'`,
    );
    expect(refused[0].n).toBeGreaterThanOrEqual(4);

    const token = async (scopes: string[]) =>
      (
        await gql(
          f.t.app.http,
          `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }`,
          { i: { name: '議会資料', scopes, currentPassword: DEMO_PASSWORD } },
          await f.as(DEMO.auditor),
        )
      ).data!.createApiToken.token as string;
    const bearer = async (scopes: string[]) =>
      (await download(url, { authorization: `Bearer ${await token(scopes)}` })).statusCode;
    expect(await bearer(['READ_INCIDENTS'])).toBe(200);
    expect(await bearer(['READ'])).toBe(403);
  });
});

const LIST = `query($filter: IncidentFilterInput) { incidents(filter: $filter, first: 100) { nodes { id } } }`;
const ids = async (who: DemoPerson, filter: Record<string, unknown>) => {
  const res = await f.gql(who, LIST, { filter });
  expect(res.errors).toBeUndefined();
  return (res.data!.incidents.nodes as { id: string }[]).map((n) => n.id);
};
const todoCount = async (who: DemoPerson, id: string) =>
  ((await f.gql(who, `{ myTodos { id count link } }`)).data!.myTodos as { id: string; count: number }[]).find(
    (t) => t.id === id,
  );

describe('Issue 13 §8: the list as 対応が必要 opens it', () => {
  it('mySteps lists the incidents whose open steps the 対応が必要 item counts, and the item links to it', async () => {
    // the operations manager of 市民課: one open step of the virus; the fire's open step is anyone's on the spot
    expect(await ids(DEMO.operationsManager, { mySteps: true })).toEqual([seeded.virus]);
    expect(await todoCount(DEMO.operationsManager, 'incidents.stepsWaiting')).toMatchObject({
      count: 1,
      link: '/incidents?steps=mine',
    });
    // the reporter of the fire: its "anyone on the spot" step
    expect(await ids(DEMO.citizenSectionStaff, { mySteps: true })).toEqual([seeded.fire]);
    expect(await todoCount(DEMO.citizenSectionStaff, 'incidents.stepsWaiting')).toMatchObject({ count: 1 });
    // the manager: the virus's two manager steps; the operations manager of another section: none
    expect(await ids(DEMO.manager, { mySteps: true })).toEqual([seeded.virus]);
    expect(await ids(DEMO.insuranceOperationsManager, { mySteps: true })).toEqual([]);
    // mySteps: false (or absent) does not narrow
    expect((await ids(DEMO.manager, { mySteps: false })).length).toBe(2);
  });

  it('from/to narrow the list to reports of the period', async () => {
    const day = (d: string) => new Date(`${d}T00:00:00+09:00`).toISOString();
    expect(await ids(DEMO.manager, { from: day('2026-11-27'), to: day('2026-11-28') })).toEqual([seeded.fire]);
    expect(await ids(DEMO.manager, { to: day('2026-11-27') })).toEqual([seeded.virus]);
  });

  it('mayComplete: a step is offered to its role or one above it, never once settled', async () => {
    const steps = async (who: DemoPerson) =>
      (
        await f.gql(who, `query($id: ID!) { incident(id: $id) { steps { key mayComplete waivedBy { fullName } } } }`, {
          id: seeded.virus,
        })
      ).data!.incident.steps as { key: string; mayComplete: boolean; waivedBy: { fullName: string } | null }[];
    const mine = async (who: DemoPerson) => (await steps(who)).filter((s) => s.mayComplete).map((s) => s.key);
    expect(await mine(DEMO.operationsManager)).toEqual(['notifySource']);
    expect(await mine(DEMO.manager)).toEqual(['notifySource', 'notifyOperationsManagers', 'preventSpread']);
    expect(await mine(DEMO.citizenSectionClerk)).toEqual([]);
    expect((await steps(DEMO.manager)).find((s) => s.key === 'reportCause')!.waivedBy!.fullName).toBe(
      DEMO.manager.fullName,
    );
  });
});

/** The web app's routes (web/src/router.ts) as patterns, the catch-all page left out. */
const WEB_ROUTES = [...readFileSync('web/src/router.ts', 'utf8').matchAll(/\bpath: '([^']+)'/g)]
  .map((m) => m[1])
  .filter((p) => !p.startsWith('/:pathMatch'))
  .map((p) => new RegExp(`^${p.replace(/:\w+\(([^)]*)\)/g, '($1)').replace(/:\w+/g, '[^/]+')}$`));

describe('Issue 13 §8: the links to the incident pages', () => {
  it('対応が必要, the compliance view and a push link to pages of the web app, /incidents with only the filters the list understands', async () => {
    const links: string[] = [];
    for (const who of [DEMO.manager, DEMO.operationsManager, DEMO.chief]) {
      const todos = (await f.gql(who, `{ myTodos { id link } }`)).data!.myTodos as { id: string; link: string }[];
      links.push(...todos.filter((t) => t.id.startsWith('incidents.')).map((t) => t.link));
    }
    // as of the end of 26 November the virus was still unacknowledged: A19.3 a VIOLATION, linking to the overdue list
    const compliance = await f.gql(
      DEMO.chief,
      `{ compliance(on: "2026-11-26") { articles { controls { status link } } } }`,
    );
    const controls = (compliance.data!.compliance.articles as { controls: { status: string; link: string | null }[] }[])
      .flatMap((a) => a.controls)
      .filter((c) => c.link?.startsWith('/incidents'));
    expect(controls.some((c) => c.status === 'VIOLATION' && c.link!.includes('overdue=true'))).toBe(true);
    links.push(...controls.map((c) => c.link!));
    expect(links).toEqual(expect.arrayContaining(['/incidents?state=REPORTED', '/incidents?steps=mine']));
    // a push opens the incident itself
    links.push(pushAbout(seeded.virus, 'ウイルス感染').url);
    for (const link of links) {
      const url = new URL(link, 'http://app');
      expect(
        WEB_ROUTES.some((route) => route.test(url.pathname)),
        link,
      ).toBe(true);
      if (url.pathname !== '/incidents') continue;
      const query = Object.fromEntries(url.searchParams);
      expect(queryOfFilter(filterFromQuery(query)), link).toEqual(query);
    }
    expect(links.at(-1)).toBe(`/incidents/${seeded.virus}`);
  });
});
