// Issue 14 §5 on a desk (1280 px), in headless Chromium against the built server: the manager
// imports the city's spreadsheet with one bad row (refused, the row named, nothing stored), fixes it,
// imports again, exports the register as xlsx and reads it back with exceljs; the print view of
// 様式第1号 (A4 landscape, 令和 dates) is screenshotted as printed.
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/people.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'configuration-register-form-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 1280, height: 900 } });
const shot = (name: string) => path.join(tmpdir(), `configuration-register-form-${name}.png`);
const HEADER = [
  '登録番号',
  '種別',
  '名称',
  'メーカー',
  '型式・製品名',
  '電算室等',
  'ラック',
  '使用課',
  '管理責任者',
  '使用開始日',
  '状態',
];

async function sheet(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('構成管理簿');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const SERVER = [
  'E2E-001',
  'サーバー',
  '取込サーバ',
  'みどりの電機',
  'MS-3000',
  'R01',
  'ラックC',
  '情報政策課',
  '200302',
  new Date(Date.UTC(2026, 3, 1)),
  '使用中',
];
const NETWORK = [
  'E2E-002',
  'ネットワーク機器',
  '取込スイッチ',
  'みどりの電機',
  'SW-24',
  'R01',
  'ラックC',
  '情報政策課',
  '200302',
  '令和8年4月1日',
  '使用中',
];

describe('様式第1号 on a desk (issue 14 §5)', () => {
  it('A14.5 import with a bad row is refused with the row named; fixed, it is stored; the xlsx export reads back with the values', async () => {
    const desk = await web.signedInPage(DEMO.manager, '/configuration');
    await desk.locator('[data-test=import-link]').click();
    await desk.waitForURL(/\/configuration\/import$/);

    // row 3 names a kind the register does not have
    const bad = await sheet([SERVER, [...NETWORK.slice(0, 1), 'スイッチ', ...NETWORK.slice(2)]]);
    await desk
      .locator('[data-test=import-file]')
      .setInputFiles({ name: '構成管理簿.xlsx', mimeType: 'application/octet-stream', buffer: bad });
    await desk.locator('[data-test=import-submit]').click();
    await expect.poll(() => desk.locator('[data-test=import-issue]').count()).toBe(1);
    const issue = await desk.locator('[data-test=import-issue]').innerText();
    expect(issue).toContain('3 行目');
    expect(issue).toContain('種別');
    expect(issue).toContain('スイッチ');
    await desk.screenshot({ path: shot('refused'), fullPage: true });
    const [{ n }] = await web.db.dataSource.query(
      `SELECT count(*)::int AS n FROM configuration_item WHERE "registerNumber" LIKE 'E2E-%'`,
    );
    expect(n).toBe(0);

    // fixed and imported again
    await desk.locator('[data-test=import-file]').setInputFiles({
      name: '構成管理簿.xlsx',
      mimeType: 'application/octet-stream',
      buffer: await sheet([SERVER, NETWORK]),
    });
    await desk.locator('[data-test=import-submit]').click();
    await expect.poll(() => desk.locator('[data-test=import-done]').count()).toBe(1);
    expect(await desk.locator('[data-test=import-done]').innerText()).toContain('新規 2 件');
    await desk.screenshot({ path: shot('done'), fullPage: true });

    // the export button of the register, read back with exceljs
    await desk.goto(`${web.url}/configuration`);
    const href = await desk.locator('[data-test=export-xlsx]').getAttribute('href');
    const bytes = await desk.evaluate(async (url) => {
      const res = await fetch(url!);
      return Array.from(new Uint8Array(await res.arrayBuffer()));
    }, href);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const lines: Record<string, Record<string, unknown>> = {};
    ws.eachRow((r, i) => {
      if (i > 1)
        lines[String(r.getCell(1).value)] = Object.fromEntries(header.map((h, c) => [h, r.getCell(c + 1).value]));
    });
    expect(lines['E2E-001']).toMatchObject({
      区分: '機器',
      種別: 'サーバー',
      名称: '取込サーバ',
      メーカー: 'みどりの電機',
      '型式・製品名': 'MS-3000',
      ラック: 'ラックC',
      使用課: '情報政策課',
      管理責任者: '林 健太',
      使用開始日: new Date(Date.UTC(2026, 3, 1)),
      状態: '使用中',
    });
    expect(lines['E2E-002']).toMatchObject({ 種別: 'ネットワーク機器', 使用開始日: new Date(Date.UTC(2026, 3, 1)) });
    await desk.close();
  });

  it('A14.5 the print view of 様式第1号: A4 landscape, Japanese, 令和 dates', async () => {
    const page = await web.signedInPage(DEMO.operator, '/configuration/print');
    await expect.poll(() => page.locator('[data-test=print-line]').count()).toBeGreaterThan(5);
    // the line of EQ-001 itself (its programs' lines say 「EQ-001 に組込」)
    const eq = page.locator('[data-test=print-line]').filter({ has: page.locator('td.no', { hasText: /^EQ-001$/ }) });
    expect(await eq.innerText()).toContain('令和6年4月1日');
    expect(await page.locator('h1').innerText()).toContain('住基ネット構成管理簿');
    // A4 landscape at 96 dpi, as printed
    await page.setViewportSize({ width: 1123, height: 794 });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: shot('print-a4'), fullPage: true });
    expect(await page.locator('[data-test=print-now]').isVisible()).toBe(false);
    await page.close();
  });
});
