// Issue 13 §6 and "Done when" on two 390 px phones, in headless Chromium against the real server: the
// operations manager reports a virus incident with no connection and it is stored once when the
// connection returns; the manager, on the incident's page, acknowledges, records an instruction and
// marks a step done with no connection (each shown as 送信待ち) and all are stored once when the
// phone is back online; the steps are done and the incident closes. The database holds exactly one
// incident, one acknowledgement and one instruction. On the disaster page a checklist row confirmed
// and damage reported offline are kept (送信待ち) and stored once when the phone is back online.
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { newBrowserContext, signedInPage } from '../helpers/browser.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';
import { postGraphQL, signInOverHttp } from '../helpers/server-process.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'incident-handling-offline-demo-password';
const PHONE = { width: 390, height: 844 };
const web = useServerAndBrowser({ password: PASSWORD, viewport: PHONE });
const phones: BrowserContext[] = [];
afterAll(async () => {
  for (const c of phones) await c.close().catch(() => undefined);
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(tmpdir(), `incident-offline-${name}-390.png`), fullPage: true });

/** A phone of its own (its own network switch), signed in as `who`, on `to`; no service worker, so every request is the page's. */
async function phoneOf(who: DemoPerson, to: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newBrowserContext({ viewport: PHONE, serviceWorkers: 'block' });
  phones.push(context);
  const page = await signedInPage(context, web.url, who.staffNumber, PASSWORD, to);
  return { context, page };
}

const waiting = (page: Page) => page.locator('[data-test=outbox-item]').count();
const step = (page: Page, key: string) => page.locator(`[data-test=step-${key}]`);

async function markDone(page: Page, key: string, note: string): Promise<void> {
  await step(page, key).locator('[data-test=step-mark-done]').click();
  await step(page, key).locator('[data-test=step-text]').fill(note);
  await step(page, key).locator('[data-test=step-submit]').click();
}

const count = async (sql: string, params: unknown[]): Promise<number> =>
  (await web.db.dataSource.query(sql, params))[0].n;

describe('Issue 13 §6: a virus incident handled offline on phones', () => {
  it('reported offline → sent once; acknowledged, instructed and a step done offline → sent once; steps done; closed', async () => {
    const summary = '窓口端末5番でウイルス対策ソフトが警告 (オフラインで報告)';

    // the operations manager reports with no connection
    const om = await phoneOf(DEMO.operationsManager, '/incidents/new');
    await expect.poll(() => om.page.getByLabel('電算室等 (任意)').locator('option').count()).toBeGreaterThan(1);
    await om.context.setOffline(true);
    await om.page.getByLabel('ウイルス感染').check();
    await om.page.getByLabel('何が起きたか').fill(summary);
    await om.page.locator('[data-test=report-submit]').click();
    await expect.poll(() => om.page.locator('[data-test=report-saved]').isVisible()).toBe(true);
    expect(await waiting(om.page)).toBe(1);
    await shot(om.page, 'report-waiting');
    expect(await count(`SELECT count(*)::int AS n FROM incident WHERE summary = $1`, [summary])).toBe(0);

    await om.context.setOffline(false);
    await expect.poll(() => waiting(om.page), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => om.page.locator('[data-test=report-sent]').isVisible()).toBe(true);
    const [{ id }] = await web.db.dataSource.query(`SELECT id FROM incident WHERE summary = $1`, [summary]);

    // the manager opens it, then loses the connection (a server room, a corridor)
    const manager = await phoneOf(DEMO.manager, `/incidents/${id}`);
    const mp = manager.page;
    await expect.poll(() => mp.locator('[data-test=incident-summary]').textContent()).toContain('窓口端末5番');
    await manager.context.setOffline(true);
    await mp.locator('[data-test=acknowledge]').click();
    await expect.poll(() => mp.locator('[data-test=ack-waiting]').isVisible()).toBe(true);
    await mp.locator('[data-test=instruction]').fill('該当端末をLANから外したまま保管し、他の端末を全数検査せよ');
    await mp.locator('[data-test=instruct]').click();
    await expect.poll(() => mp.locator('[data-test=instructions-waiting] li').count()).toBe(1);
    await markDone(mp, 'notifyOperationsManagers', '各課の事務取扱者に電話で通知');
    await expect.poll(() => step(mp, 'notifyOperationsManagers').locator('[data-test=step-waiting]').count()).toBe(1);
    await expect.poll(() => waiting(mp)).toBe(3);
    expect(await mp.locator('[data-test=outbox]').innerText()).toContain('送信待ち');
    await shot(mp, 'manager-waiting');
    expect(
      await count(`SELECT count(*)::int AS n FROM incident WHERE id = $1 AND "acknowledgedAt" IS NULL`, [id]),
    ).toBe(1);

    // back online: everything kept goes, once, and the page shows the incident as the server has it
    await manager.context.setOffline(false);
    await expect.poll(() => waiting(mp), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => mp.locator('[data-test=acknowledged-by]').textContent()).toContain(DEMO.manager.fullName);
    await expect.poll(() => step(mp, 'notifyOperationsManagers').getAttribute('data-status')).toBe('done');
    await shot(mp, 'manager-sent');

    // the operations manager does their steps online; the manager the last one
    await om.page.goto(`${web.url}/incidents/${id}`);
    for (const key of ['disconnect', 'reportCause', 'notifySource']) {
      await markDone(om.page, key, `${key} 済み`);
      await expect.poll(() => step(om.page, key).getAttribute('data-status')).toBe('done');
    }
    await mp.reload();
    await markDone(mp, 'preventSpread', '全端末のパターンファイルを更新し全数検査');
    await expect.poll(() => step(mp, 'preventSpread').getAttribute('data-status')).toBe('done');
    const close = mp.locator('[data-test=close] button').first();
    await close.click(); // ConfirmButton: the first press asks,
    await close.click(); // the second closes
    await expect.poll(() => mp.locator('[data-test=closed-notice]').count()).toBe(1);
    await shot(mp, 'closed');

    expect(await count(`SELECT count(*)::int AS n FROM incident WHERE summary = $1`, [summary])).toBe(1);
    const kinds = await web.db.dataSource.query(
      `SELECT kind, count(*)::int AS n FROM incident_event WHERE "incidentId" = $1
          AND kind IN ('ACKNOWLEDGED', 'INSTRUCTED', 'CLOSED') GROUP BY kind ORDER BY kind::text`,
      [id],
    );
    expect(kinds).toEqual([
      { kind: 'ACKNOWLEDGED', n: 1 },
      { kind: 'CLOSED', n: 1 },
      { kind: 'INSTRUCTED', n: 1 },
    ]);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM incident i JOIN staff s ON s.id = i."acknowledgedById"
          WHERE i.id = $1 AND s."staffNumber" = $2 AND i.state = 'CLOSED'`,
        [id, DEMO.manager.staffNumber],
      ),
    ).toBe(1);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'Mutation.acknowledgeIncident' AND "targetId" = $1`,
        [id],
      ),
    ).toBe(1);
  }, 180_000);

  it('A30 offline: a checklist row confirmed and damage reported with no connection are stored once when back online', async () => {
    const om = await signInOverHttp(web.url, DEMO.operationsManager.staffNumber, PASSWORD);
    const reported = await postGraphQL(
      web.url,
      `mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }`,
      {
        i: {
          clientId: crypto.randomUUID(),
          type: 'EARTHQUAKE_OR_LIGHTNING',
          occurredAt: new Date().toISOString(),
          summary: '震度6強の地震 (オフラインの確認)',
        },
      },
      om,
    );
    expect(reported.errors).toBeUndefined();
    const id = reported.data.reportIncident.id as string;
    const [first] = (await web.db.dataSource.query(
      `SELECT id FROM disaster_checklist_item WHERE "incidentId" = $1 ORDER BY position LIMIT 1`,
      [id],
    )) as { id: string }[];

    const staff = await phoneOf(DEMO.itStaff, `/incidents/${id}/disaster`);
    const p = staff.page;
    const row = p.locator(`[data-test="disaster-row"][data-item="${first.id}"]`);
    await row.locator('[data-test=disaster-row-done]').waitFor();
    await staff.context.setOffline(true);
    await row.locator('[data-test=disaster-row-done]').click();
    await expect.poll(() => row.locator('[data-test=disaster-row-waiting]').count()).toBe(1);
    await p.locator('[data-test=damage-open]').locator('summary').click();
    await p.locator('[data-test=damage-room]').selectOption({ label: '電算室 (R01)' });
    await p.locator('[data-test=damage-severity-MINOR]').check();
    await p.locator('[data-test=damage-what]').fill('モニター1台が落下');
    await p.locator('[data-test=damage-send]').click();
    await expect.poll(() => p.locator('[data-test=damage-kept]').isVisible()).toBe(true);
    await expect.poll(() => waiting(p)).toBe(2);
    await shot(p, 'disaster-waiting');

    await staff.context.setOffline(false);
    await expect.poll(() => waiting(p), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => row.getAttribute('data-outcome'), { timeout: 15_000 }).toBe('DONE');
    await expect.poll(() => p.locator('[data-test=damage-row]').count(), { timeout: 15_000 }).toBe(1);
    await shot(p, 'disaster-sent');
    expect(
      await count(
        `SELECT count(*)::int AS n FROM disaster_checklist_item WHERE "incidentId" = $1 AND outcome IS NOT NULL`,
        [id],
      ),
    ).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM incident_damage_report WHERE "incidentId" = $1`, [id])).toBe(1);
  }, 120_000);
});
