// The operator ID card register as the city's 操作者識別カード管理簿 (貸与・回収・失効) for Excel
// (A16), through the export kit (shared/export): one line per step of each card (受入・貸与・返還・
// 紛失・失効・廃棄), by card number then the order written, from one database snapshot. CSV (UTF-8
// with a BOM, 令和 dates, formula-safe) or xlsx. Same callers as the register's GraphQL (policy
// action Export.operatorCards; a token needs READ); a refused caller is audited.
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditTrail } from '../../shared/audit.js';
import { AuditedWrites } from '../../shared/audited.js';
import { columns, registerExport } from '../../shared/export/index.js';
import type { HttpKit } from '../../shared/module.js';
import type { CardsAuditAction } from './cards.policy.js';

/** One line of the register: a step of a card, with the names as they read today. */
export interface CardRegisterLine {
  cardNumber: string;
  seq: string;
  kind: string;
  at: Date;
  operatorCode: string | null;
  operatorName: string | null;
  sectionName: string | null;
  byName: string;
  witnessName: string | null;
  storagePlace: string | null;
  storageLocked: boolean | null;
  note: string | null;
}

export const EVENT_JA: Record<string, string> = {
  RECEIVED: '受入',
  ISSUED: '貸与',
  RETURNED: '返還 (回収)',
  LOST: '紛失 (失効)',
  REVOKED: '失効',
  DESTROYED: '廃棄',
};

/** The register's columns: card, step, when, the operator (識別番号・氏名・所属), who, where, witness, note. */
export const CARD_REGISTER_COLUMNS = columns<CardRegisterLine>(
  { header: 'カード番号', kind: 'text', value: (l) => l.cardNumber, width: 14 },
  { header: '区分', kind: 'text', value: (l) => EVENT_JA[l.kind] ?? l.kind, width: 12 },
  { header: '日時', kind: 'datetime', value: (l) => l.at },
  { header: '識別番号', kind: 'text', value: (l) => l.operatorCode ?? '', width: 14 },
  { header: '操作者', kind: 'text', value: (l) => l.operatorName ?? '', width: 16 },
  { header: '所属', kind: 'text', value: (l) => l.sectionName ?? '', width: 20 },
  { header: '取扱者', kind: 'text', value: (l) => l.byName, width: 16 },
  {
    header: '保管場所',
    kind: 'text',
    value: (l) => (l.storagePlace ? `${l.storagePlace}${l.storageLocked ? ' (施錠)' : ''}` : ''),
    width: 22,
  },
  { header: '立会人', kind: 'text', value: (l) => l.witnessName ?? '', width: 16 },
  { header: '備考', kind: 'text', value: (l) => l.note ?? '', width: 36 },
);

const PAGE = 1000;

/** One keyset page of the register's lines after (card number, seq). */
export const REGISTER_LINES_SQL = `
  SELECT c."cardNumber", e.seq, e.kind, e.at, o."operatorCode",
         os."familyName" || ' ' || os."givenName" AS "operatorName", sec.name AS "sectionName",
         b."familyName" || ' ' || b."givenName" AS "byName",
         w."familyName" || ' ' || w."givenName" AS "witnessName",
         e."storagePlace", e."storageLocked", e.note
    FROM operator_card_event e
    JOIN operator_card c ON c.id = e."cardId"
    JOIN staff b ON b.id = e."byId"
    LEFT JOIN card_operator o ON o.id = e."operatorId"
    LEFT JOIN staff os ON os.id = o."staffId"
    LEFT JOIN section sec ON sec.id = o."sectionId"
    LEFT JOIN staff w ON w.id = e."witnessId"
   WHERE $1::text IS NULL OR (c."cardNumber", e.seq) > ($1::text, $2::bigint)
   ORDER BY c."cardNumber", e.seq
   LIMIT ${PAGE}`;

async function* registerLines(em: EntityManager): AsyncGenerator<CardRegisterLine> {
  let after: [string | null, string | null] = [null, null];
  for (;;) {
    const rows = (await em.query(REGISTER_LINES_SQL, after)) as CardRegisterLine[];
    yield* rows;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = [last.cardNumber, last.seq];
  }
}

interface ExportServices {
  ds: DataSource;
  audit: AuditTrail;
}

export function registerCardsExport(services: ExportServices, kit: HttpKit): void {
  registerExport(services.ds, kit, {
    path: '/exports/operator-cards.:format',
    action: 'Export.operatorCards',
    audited: new AuditedWrites<CardsAuditAction>(services.ds, services.audit),
    query: () => null,
    describe: (_, ctx) => ({
      filename: `operator-cards-${ctx.today}`,
      title: '操作者識別カード管理簿',
      target: { type: 'OperatorCardRegister', id: ctx.today },
    }),
    columns: CARD_REGISTER_COLUMNS,
    // one snapshot for every page: a card issued meanwhile cannot shift lines between pages
    rows: registerLines,
  });
}
