// The monthly stock sheet of resident cards (A18) for Excel: GET /exports/resident-card-stock-sheet.csv
// or .xlsx?month=YYYY-MM, through the export kit (令和 dates, formula-safe). One line per entry of the
// ledger with the running balance, between the opening (前月繰越) and closing (翌月繰越) lines, the
// physical counts and the manager's sign-off. Same caller rules as GraphQL (Export.residentCardStockSheet).
import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { AuditTrail } from '../../shared/audit.js';
import { AuditedWrites } from '../../shared/audited.js';
import { badExportQuery, columns, registerExport } from '../../shared/export/index.js';
import { MONTH } from '../../shared/ids.js';
import type { HttpKit } from '../../shared/module.js';
import { Staff } from '../organisation/index.js';
import type { CardStockAuditAction } from './card-stock.policy.js';
import { monthBounds, type CardStockReadService, type StockSheet } from './card-stock-reading.service.js';

export interface SheetLine {
  on: string | null;
  label: string;
  lot?: string | null;
  numbers?: string | null;
  count?: number | null;
  balance?: number | null;
  detail?: string | null;
  by?: string | null;
  witness?: string | null;
  counted?: number | null;
  difference?: number | null;
  note?: string | null;
}

export const SHEET_COLUMNS = columns<SheetLine>(
  { header: '日付', kind: 'date', value: (l) => l.on },
  { header: '区分', kind: 'text', value: (l) => l.label, width: 12 },
  { header: 'ロット番号', kind: 'text', value: (l) => l.lot, width: 14 },
  { header: 'カード番号', kind: 'text', value: (l) => l.numbers, width: 26 },
  { header: '枚数', kind: 'number', value: (l) => l.count },
  { header: '在庫 (帳簿)', kind: 'number', value: (l) => l.balance },
  { header: '保管場所・交付先・廃棄方法', kind: 'text', value: (l) => l.detail, width: 30 },
  { header: '記録者', kind: 'text', value: (l) => l.by, width: 14 },
  { header: '立会人', kind: 'text', value: (l) => l.witness, width: 14 },
  { header: '実査', kind: 'number', value: (l) => l.counted },
  { header: '差異', kind: 'number', value: (l) => l.difference },
  { header: '理由・備考', kind: 'text', value: (l) => l.note, width: 30 },
);

const KIND_JA = { RECEIVED: '受入', ISSUED: '交付', DESTROYED: '廃棄' } as const;

/** The sheet as lines: opening, each entry (and count) by date with the balance, closing, the review. */
export function sheetLines(sheet: StockSheet, name: (id: string | null) => string): SheetLine[] {
  const [from, next] = monthBounds(sheet.month);
  const lines: SheetLine[] = [{ on: from, label: '前月繰越', balance: sheet.opening }];
  type Item = { on: string; at: number; line: () => SheetLine };
  let balance = sheet.opening;
  const items: Item[] = [
    ...sheet.movements.map((m): Item => ({
      on: m.on,
      at: m.recordedAt.getTime(),
      line: () => {
        balance += m.kind === 'RECEIVED' ? m.count : -m.count;
        return {
          on: m.on,
          label: m.kind === 'RECEIVED' && m.collected ? '受入 (回収)' : KIND_JA[m.kind],
          lot: m.lotNumber,
          numbers: m.firstNumber
            ? m.firstNumber === m.lastNumber
              ? m.firstNumber
              : `${m.firstNumber}〜${m.lastNumber}`
            : null,
          count: m.count,
          balance,
          detail: m.storagePlace ?? m.issuedTo ?? m.method,
          by: name(m.byId),
          witness: m.witnessId ? name(m.witnessId) : null,
          note: m.note,
        };
      },
    })),
    ...sheet.counts.map((c): Item => ({
      on: c.countedOn,
      at: c.countedAt.getTime(),
      line: () => ({
        on: c.countedOn,
        label: '実査',
        balance: c.expected,
        by: name(c.byId),
        counted: c.counted,
        difference: c.counted - c.expected,
        note: c.reason,
      }),
    })),
  ];
  items.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.at - b.at));
  lines.push(...items.map((i) => i.line()));
  const last = sheet.lastCount;
  lines.push({
    on: dayBefore(next),
    label: '翌月繰越',
    balance: sheet.closing,
    counted: last?.counted ?? null,
    difference: last ? last.counted - last.expected : null,
    note: `受入${sheet.received}枚・交付${sheet.issued}枚・廃棄${sheet.destroyed}枚`,
  });
  if (sheet.review)
    lines.push({
      on: null,
      label: '管理者確認',
      by: name(sheet.review.reviewedById),
      note: sheet.review.note,
    });
  return lines;
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

interface ExportServices {
  ds: DataSource;
  audit: AuditTrail;
  cardStockReading: CardStockReadService;
}

async function linesIn(em: EntityManager, reading: CardStockReadService, month: string): Promise<SheetLine[]> {
  const sheet = await reading.sheet(month, em);
  const ids = [
    ...new Set(
      [
        ...sheet.movements.flatMap((m) => [m.byId, m.witnessId]),
        ...sheet.counts.map((c) => c.byId),
        sheet.review?.reviewedById ?? null,
      ].filter((x): x is string => !!x),
    ),
  ];
  const staff = ids.length ? await em.getRepository(Staff).findBy({ id: In(ids) }) : [];
  const names = new Map(staff.map((s) => [s.id, s.fullName]));
  return sheetLines(sheet, (id) => (id ? (names.get(id) ?? '') : ''));
}

export function registerCardStockExport(services: ExportServices, kit: HttpKit): void {
  registerExport(services.ds, kit, {
    path: '/exports/resident-card-stock-sheet.:format',
    action: 'Export.residentCardStockSheet',
    audited: new AuditedWrites<CardStockAuditAction>(services.ds, services.audit),
    query: ({ month }) => {
      if (typeof month !== 'string' || !MONTH.test(month)) throw badExportQuery('month=YYYY-MM');
      return month;
    },
    describe: (month) => ({
      filename: `resident-card-stock-${month}`,
      title: `住基カード在庫月報 ${month}`,
      target: { type: 'ResidentCardMonth', id: month },
      facts: { month },
    }),
    columns: SHEET_COLUMNS,
    rows: async function* (em, month) {
      yield* await linesIn(em, services.cardStockReading, month);
    },
  });
}
