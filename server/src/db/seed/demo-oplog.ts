// The demo's operation history (A20): the three ended months before this one, a few thousand
// records of the demo's eight operators (demo-operators.ts: the cards seed registers them, each
// holding a card through the three months) on working days, with the records each saved query of the
// reviews (A20.1) is there to find, and the oldest month's review signed off — so /oplog, the
// reviews and the retention page do not open empty on a newcomer's first look. Stored through the
// ingest service (COPY, idempotent by source and line) like any batch. Seeded once, on the embedded
// database only (config.seedDemoOplog): the browser tests' servers (DATABASE_URL) start without it.
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { AppMeta } from '../app-meta.entity.js';
import { AuditTrailService } from '../../modules/audit-trail/index.js';
import { EXAMPLE_HEADER, OplogIngestService } from '../../modules/oplog/index.js';
import { AuditedWrites, SYSTEM_META } from '../../shared/audited.js';
import type { Secrets } from '../../shared/secrets.js';
import { isWorkingDay } from '../../shared/working-days.js';
import { CARD_RETURNED_OPERATOR, demoCardReturn, DEMO_OPLOG_OPERATORS } from './demo-operators.js';

export const DEMO_OPLOG_MARKER = 'demo_oplog_seed';
const OPERATORS = DEMO_OPLOG_OPERATORS.map(([, code]) => code);
const [D1, D2, D3, D4, D5, , D7] = OPERATORS;
const TYPES = ['INQUIRY', 'INQUIRY', 'INQUIRY', 'UPDATE', 'PRINT'];
/** a terminal of the demo's 電算室 (room R01): the "server room while nobody was inside" query reads it */
const SERVER_ROOM_TERMINAL = 'T-901';
const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM' of the months `back` before the Tokyo month of `now`. */
export function demoOplogMonths(now: Date, count = 3): string[] {
  const tokyo = new Date(now.getTime() + 9 * 3_600_000);
  const out: string[] = [];
  for (let back = count; back >= 1; back--) {
    const d = new Date(Date.UTC(tokyo.getUTCFullYear(), tokyo.getUTCMonth() - back, 1));
    out.push(`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`);
  }
  return out;
}

/** One month's records as CSV (the documented layout), deterministic; `last` adds what the saved queries find. */
export function demoOplogMonthCsv(month: string, last: boolean): string {
  let seed = Number(month.replace('-', ''));
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const lines = [EXAMPLE_HEADER];
  const add = (day: string, seconds: number, terminal: string, operator: string, type: string) => {
    const s = Math.floor(seconds);
    const at = `${day} ${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
    const target = type === 'SIGN_IN' || type === 'SIGN_OUT' ? '' : `例-${rand(100000)}`;
    lines.push(`${at},${terminal},${operator},${type},${rand(60) === 0 ? 'FAILURE' : 'SUCCESS'},${target}`);
  };
  const [y, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const working: string[] = [];
  let saturday: string | null = null;
  // the last month: CARD_RETURNED_OPERATOR's card is collected after work on returned.day
  const returned = last ? demoCardReturn(month) : null;
  for (let d = 1; d <= days; d++) {
    const day = `${month}-${pad(d)}`;
    if (!isWorkingDay(day)) {
      if (!saturday && new Date(`${day}T00:00:00Z`).getUTCDay() === 6) saturday = day;
      continue;
    }
    working.push(day);
    OPERATORS.forEach((op, i) => {
      if (returned && op === CARD_RETURNED_OPERATOR && day > returned.day) return;
      const terminal = `T-10${1 + (i % 4)}`;
      add(day, 9 * 3600 - 600 + rand(300), terminal, op, 'SIGN_IN');
      const n = 6 + rand(6);
      for (let k = 0; k < n; k++) add(day, 9 * 3600 + rand(8 * 3600), terminal, op, TYPES[rand(TYPES.length)]);
      add(day, 17 * 3600 + rand(600), terminal, op, 'SIGN_OUT');
    });
  }
  if (last) {
    const wd = (k: number) => working[Math.min(k, working.length - 1)];
    // outside office hours: late on a working day, and on a Saturday
    add(wd(2), 22 * 3600 + 40 * 60, 'T-102', D3, 'INQUIRY');
    if (saturday) add(saturday, 10 * 3600 + 15 * 60, 'T-104', D4, 'INQUIRY');
    // beyond the role: a provision of identity information (operations managers only, in the demo's table)
    add(wd(4), 11 * 3600, 'T-102', D2, 'PROVISION');
    // at the server room's terminal with nobody inside per the entry/exit register
    add(wd(5), 10 * 3600 + 30 * 60, SERVER_ROOM_TERMINAL, D1, 'UPDATE');
    // one ID active all day (07:30–20:30): a shared ID?
    for (let s = 7.5 * 3600; s <= 20.5 * 3600; s += 45 * 60) add(wd(7), s, 'T-103', D7, 'INQUIRY');
    // unusual volume against the operator's own baseline
    for (let k = 0; k < 90; k++) add(wd(12), 9 * 3600 + k * 280, 'T-101', D5, 'INQUIRY');
    // no valid card: the morning after the card was collected, the operator still signed in
    if (returned?.after)
      for (const [s, type] of [
        [9 * 3600 + 5 * 60, 'SIGN_IN'],
        [9 * 3600 + 12 * 60, 'INQUIRY'],
        [9 * 3600 + 30 * 60, 'INQUIRY'],
        [9 * 3600 + 40 * 60, 'SIGN_OUT'],
      ] as const)
        add(returned.after, s, 'T-102', CARD_RETURNED_OPERATOR, type);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Seeds the demo's operation-history months once (a marker in app_meta). Safe to run again after an
 * interruption: the ingest stores no (source, line) twice, the settings and the review are only
 * added when missing. Returns true when it seeded now.
 */
export async function seedDemoOplogOnce(ds: DataSource, secrets: Secrets, now = new Date()): Promise<boolean> {
  if (await ds.getRepository(AppMeta).existsBy({ key: DEMO_OPLOG_MARKER })) return false;
  const ingest = new OplogIngestService(
    ds,
    new AuditedWrites(ds, new AuditTrailService(ds, secrets.auditChainKey)),
    secrets.oplogTargetKey,
    { maxBytes: 64 * 1024 * 1024, statementTimeoutMs: 120_000 },
    () => now,
  );
  const months = demoOplogMonths(now);
  for (const [i, month] of months.entries()) {
    const csv = demoOplogMonthCsv(month, i === months.length - 1);
    await ingest.ingest(SYSTEM_META, `demo-${month}`, 'csv', Readable.from([Buffer.from(csv)]), { via: 'import' });
  }
  await ds.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('jukinet.demo_oplog_seed'))`);
    if (await em.getRepository(AppMeta).existsBy({ key: DEMO_OPLOG_MARKER })) return;
    // the demo's saved-query settings, when the city has none yet
    if (!(await em.query(`SELECT 1 FROM oplog_role_operation LIMIT 1`)).length)
      await em.query(
        `INSERT INTO oplog_role_operation ("operationType", role) VALUES ('PROVISION', 'OPERATIONS_MANAGER')`,
      );
    await em.query(
      `INSERT INTO oplog_terminal_room ("terminalCode", "roomId")
       SELECT $1, id FROM room WHERE code = 'R01' ON CONFLICT DO NOTHING`,
      [SERVER_ROOM_TERMINAL],
    );
    // the oldest month reviewed and signed off by the manager of the day
    const [manager] = (await em.query(
      `SELECT "staffId" AS id FROM role_assignment WHERE role = 'MANAGER' ORDER BY "validTo" DESC NULLS FIRST LIMIT 1`,
    )) as { id: string }[];
    if (manager) {
      const signedAt = new Date(`${months[1]}-10T10:00:00+09:00`);
      await em.query(
        `INSERT INTO oplog_review (month, state, "reviewerId", findings, "createdAt", "signedOffById", "signedOffAt", "signOffNote")
         VALUES ($1, 'SIGNED_OFF', $2, $3, $4, $2, $4, $5) ON CONFLICT DO NOTHING`,
        [
          months[0],
          manager.id,
          '保存した条件の記録をすべて確認しました。業務外の利用は見つかりませんでした (デモ)。',
          signedAt,
          '確認しました (デモ)',
        ],
      );
    }
    await em.getRepository(AppMeta).insert({ key: DEMO_OPLOG_MARKER, value: { seededAt: now.toISOString(), months } });
  });
  return true;
}
