// Issue 14 §3–4 in headless Chromium against the built server, on a 390 px phone: the manager
// registers a failure manual (A27), uploads a version, approves it and sees it current, downloads it; the
// firewall program's page shows its block (A14.7, A14.8) red until a check is recorded.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/people.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'configuration-documents-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 390, height: 844 } });
const shot = (name: string) => path.join(tmpdir(), `configuration-documents-${name}.png`);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('documents and the firewall block (issue 14 §3–4)', () => {
  it('A27 on a phone: the manager creates a document, uploads a version, approves it with its review date and sees it current', async () => {
    const phone = await web.signedInPage(DEMO.manager, '/configuration');
    await phone.locator('[data-test=documents-link]').click();
    await phone.waitForURL(/\/configuration\/documents$/);
    await phone.locator('[data-test=new-document]').click();
    const form = phone.locator('[data-test=document-form]');
    await form.getByLabel('種類').selectOption('FAILURE_MANUAL');
    await form.getByLabel('文書名').fill('障害対策マニュアル (若葉台出張所)');
    await form.locator('[data-test=create-document]').click();
    await phone.waitForURL(/\/configuration\/documents\/[0-9a-f-]{36}$/);
    const docId = phone.url().split('/').at(-1)!;
    expect(await phone.locator('[data-test=document-title]').innerText()).toBe('障害対策マニュアル (若葉台出張所)');

    const upload = phone.locator('[data-test=version-form]');
    await upload.getByLabel('版', { exact: true }).fill('第1版');
    await upload
      .getByLabel('ファイル')
      .setInputFiles({ name: '障害対策マニュアル.pdf', mimeType: 'application/pdf', buffer: PDF });
    await upload.locator('[data-test=upload-version]').click();
    await expect.poll(() => phone.locator('[data-test=current-badge]').count()).toBe(1);
    const version = phone.locator('[data-version="第1版"]');
    expect(await version.innerText()).toContain('障害対策マニュアル.pdf');
    // not approved yet: the manager (the manual's owner, A27) approves it, setting its review date
    expect(await version.locator('[data-test=unapproved]').innerText()).toBe('未承認');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: shot('document-unapproved-390'), fullPage: true });
    await version
      .locator('[data-test=approve-form]')
      .getByLabel(/見直し期日/)
      .fill('2030-03-31');
    await version.locator('[data-test=approve-version]').click();
    await expect.poll(() => version.locator('[data-test=approval]').innerText()).toContain('承認済み');
    expect(await version.locator('[data-test=review-on]').innerText()).toContain('令和12年3月31日');
    expect(await version.locator('[data-test=approve-form]').count()).toBe(0);
    expect(await phone.locator('[data-test=review-form]').count()).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: shot('document-390'), fullPage: true });

    // the download is the same bytes, with the session's cookie
    const href = await version.locator('a').first().getAttribute('href');
    const bytes = await phone.evaluate(async (url) => {
      const res = await fetch(url!);
      return [res.status, Array.from(new Uint8Array(await res.arrayBuffer())).length] as const;
    }, href);
    expect(bytes).toEqual([200, PDF.length]);

    // the list shows it current
    await phone.goto(`${web.url}/configuration/documents?type=FAILURE_MANUAL`);
    const row = phone.locator(`[data-document="${docId}"]`);
    await expect.poll(() => row.locator('[data-test=current-version]').innerText()).toContain('第1版');
    expect(await row.locator('[data-test=current-unapproved]').count()).toBe(0);
    await phone.screenshot({ path: shot('list-390'), fullPage: true });
    await phone.close();
  });

  it('A14.7 the firewall program page is red until the manager records a check', async () => {
    const phone = await web.signedInPage(DEMO.manager, '/configuration?kind=FIREWALL_SOFTWARE');
    await phone.getByText('PG-003').first().click();
    await phone.waitForURL(/\/configuration\/items\/[0-9a-f-]{36}$/);
    const block = phone.locator('[data-test=firewall]');
    await expect.poll(() => block.locator('[data-test=firewall-status]').innerText()).toContain('確認していません');
    expect(await block.locator('.fw-status.red').count()).toBe(1);
    const check = block.locator('[data-test=check-form]');
    await check.getByLabel('最新のバージョン').fill('5.4.1');
    await check.getByRole('button').click();
    await expect.poll(() => block.locator('[data-test=latest-version]').innerText()).toBe('5.4.1');
    expect(await block.locator('.fw-status.ok').count()).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: shot('firewall-390'), fullPage: true });
    await phone.close();
  });
});
