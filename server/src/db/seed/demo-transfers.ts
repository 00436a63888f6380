// A transfer round (異動, issue 15 §3) in the demo, so the PIN administrator's round view
// (/cards/transfers/:id) opens on something real: a handful of moves imported as the personnel
// file is, through the app's own services (the import moves the people and opens the requests in
// its transaction, every step audited), some requests then accepted or done by the PIN
// administrator, one move still waiting for its date. Seeded once, after the demo's cards.
import { randomUUID } from 'node:crypto';
import { AppMeta } from '../app-meta.entity.js';
import type { Services } from '../../composition/services.js';
import { CardRequestKind, CardRequestStatus } from '../../modules/cards/index.js';
import { ActorType, type RequestMeta } from '../../shared/audit.js';
import { Authority } from '../../shared/authority.js';
import { dateIn } from '../../shared/dates.js';
import { DEMO_CARDS_MARKER } from './demo-cards.js';
import { demoDepartments } from './demo-organisation.js';

export const DEMO_TRANSFERS_MARKER = 'demo_transfers_seed';
export const DEMO_TRANSFER_ROUND = '年度途中の異動 (デモ)';
const ZONE = 'Asia/Tokyo';
const DAY = 86_400_000;
const PIN_ADMINISTRATOR = '400101';

/** [staff number, from section, to section, days from today (negative: past), new operator ID] */
const MOVES: [string, string, string, number, string][] = [
  // an operator moved a week ago: their card collected and their PIN changed, both done
  ['400104', 'S0401', 'S0402', -7, ''],
  // an operator moved three days ago: the card's collection accepted, the PIN change waiting
  ['400302', 'S0403', 'S0401', -3, ''],
  // a new operator (identity number given): a card and a PIN asked for, waiting
  ['300103', 'S0301', 'S0401', -3, 'OP-0401-005'],
  // not an operator: moved, nothing to ask the PIN administrator
  ['200203', 'S0201', 'S0301', -7, ''],
  // an operator moving in two weeks: waits for its date on the job queue
  ['400202', 'S0402', 'S0403', 14, ''],
];

type Seeding = Pick<Services, 'dataSource' | 'now' | 'cardTransferImport' | 'cardRequests' | 'operatorCards'>;

const sectionName = new Map(demoDepartments.flatMap((d) => d.sections.map((s) => [s.code, s.name] as const)));

/** The personnel file as the city's Excel saves it (CSV with BOM), dated from `today`. */
export function demoTransferFile(today: string): Buffer {
  const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
  const rows = MOVES.map(([staff, from, to, n, code]) =>
    [staff, sectionName.get(from), sectionName.get(to), day(n), code].join(','),
  );
  return Buffer.from(`\uFEFF${['職員番号,異動前所属,異動後所属,発令日,識別番号', ...rows].join('\r\n')}\r\n`);
}

/**
 * Seeds the round once (a marker in app_meta), where the demo's cards were seeded. Safe to run again
 * after an interruption: the import stores no move twice, and each request is only taken a step
 * further from the state it is in. Returns true when it seeded now.
 */
export async function seedDemoTransfersOnce(s: Seeding): Promise<boolean> {
  const ds = s.dataSource;
  const meta = ds.getRepository(AppMeta);
  if (!(await meta.existsBy({ key: DEMO_CARDS_MARKER })) || (await meta.existsBy({ key: DEMO_TRANSFERS_MARKER })))
    return false;
  const [admin] = (await ds.query(`SELECT id FROM staff WHERE "staffNumber" = $1`, [PIN_ADMINISTRATOR])) as {
    id: string;
  }[];
  if (!admin) return false;
  const today = dateIn(ZONE, s.now());
  // the PIN administrator imports the file and handles the requests, as on /cards/transfers
  const as: RequestMeta = {
    actor: { type: ActorType.STAFF, id: admin.id },
    requestId: randomUUID(),
    clientAddress: null,
  };
  const outcome = await s.cardTransferImport.import(
    { roundName: DEMO_TRANSFER_ROUND, content: demoTransferFile(today) },
    as,
  );
  if (outcome.errors.length)
    throw new Error(`demo transfer round: ${outcome.errors.map((e) => `${e.row}: ${e.reason}`).join('; ')}`);
  const by = { staffId: admin.id, authorities: new Set([Authority.PIN_ADMINISTRATOR]), today };
  const requestsOf = async (staffNumber: string) =>
    (await ds.query(
      `SELECT r.id, r.kind, r.status, r."cardId", r."operatorId" FROM card_request r
         JOIN card_operator o ON o.id = r."operatorId" JOIN staff st ON st.id = o."staffId"
        WHERE st."staffNumber" = $1 AND r.origin = 'TRANSFER' ORDER BY r.kind`,
      [staffNumber],
    )) as { id: string; kind: CardRequestKind; status: CardRequestStatus; cardId: string | null; operatorId: string }[];
  const accept = async (r: { id: string; status: CardRequestStatus }) => {
    if (r.status === CardRequestStatus.REQUESTED) await s.cardRequests.accept(r.id, by, as);
  };

  // moved a week ago: the card taken back into the safe, both requests done
  for (const r of await requestsOf('400104')) {
    await accept(r);
    if (r.status === CardRequestStatus.DONE) continue;
    if (r.kind === CardRequestKind.CARD_COLLECT && r.cardId) {
      const [card] = (await ds.query(`SELECT state FROM operator_card WHERE id = $1`, [r.cardId])) as {
        state: string;
      }[];
      if (card?.state === 'ISSUED')
        await s.operatorCards.return(
          r.cardId,
          r.operatorId,
          { storagePlace: '市民課 金庫', storageLocked: true },
          '異動のため回収',
          by,
          as,
        );
    }
    const note = r.kind === CardRequestKind.CARD_COLLECT ? 'カードを回収し金庫に保管' : '住基ネットで変更済み';
    await s.cardRequests.complete(r.id, note, by, as);
  }
  // moved three days ago: the card's collection accepted, the PIN change still asked
  for (const r of await requestsOf('400302')) if (r.kind === CardRequestKind.CARD_COLLECT) await accept(r);

  await meta.insert({
    key: DEMO_TRANSFERS_MARKER,
    value: { seededAt: s.now().toISOString(), round: outcome.round?.id ?? null },
  });
  return true;
}
