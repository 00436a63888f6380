// Issue 15 §3: the PIN administrator's view of a transfer round in April: every move, its tasks,
// their owner and what is still open, with counts per state. A page of moves is two statements
// whatever its size and the round's (the moves with names and sections; the tasks of those moves).
import type { DataSource } from 'typeorm';
import { Keyset, type PageArgs } from '../../shared/paging.js';
import { CardsError, CardsErrorCode } from './cards.errors.js';
import type {
  TransferCount,
  TransferMoveFilterInput,
  TransferMovePage,
  TransferMoveRow,
  TransferRoundSummary,
  TransferTaskRow,
} from './transfer.inputs.js';
import { CardTransferRound } from './transfer.entity.js';

const OPEN = `('REQUESTED','ACCEPTED')`;

/** Moves of a round by staff number, then id (the view's order, index card_transfer_move_round). */
const MOVES = new Keyset<{ id: string; staffNumber: string }>({
  list: 'cardTransferMoves',
  columns: [
    { sql: 'm."staffNumber"', kind: 'text', of: (r) => r.staffNumber },
    { sql: 'm.id', kind: 'uuid', of: (r) => r.id },
  ],
  direction: 'ASC',
});

export const roundNotFound = () =>
  new CardsError(CardsErrorCode.TRANSFER_ROUND_NOT_FOUND, '異動の回が見つかりません (transfer round not found)');

export class TransferRoundService {
  constructor(private readonly ds: DataSource) {}

  /** The rounds, newest first (a few a year). */
  rounds(): Promise<CardTransferRound[]> {
    return this.ds.getRepository(CardTransferRound).find({ order: { createdAt: 'DESC' }, take: 100 });
  }

  async summary(roundId: string): Promise<TransferRoundSummary> {
    const round = await this.ds.getRepository(CardTransferRound).findOneBy({ id: roundId });
    if (!round) throw roundNotFound();
    const [moves, tasks] = await Promise.all([
      this.ds.query(
        `SELECT state::text AS state, count(*)::int AS count, min("effectiveDate")::text AS first,
                max("effectiveDate")::text AS last
           FROM card_transfer_move WHERE "roundId" = $1 GROUP BY state ORDER BY state`,
        [roundId],
      ) as Promise<(TransferCount & { first: string; last: string })[]>,
      this.ds.query(
        `SELECT r.status::text AS state, count(*)::int AS count
           FROM card_transfer_move m JOIN card_request r ON r."transferMoveId" = m.id
          WHERE m."roundId" = $1 GROUP BY r.status ORDER BY r.status`,
        [roundId],
      ) as Promise<TransferCount[]>,
    ]);
    const firsts = moves.map((m) => m.first).sort();
    const lasts = moves.map((m) => m.last).sort();
    return {
      round,
      moves: moves.reduce((n, m) => n + m.count, 0),
      movesByState: moves.map(({ state, count }) => ({ state, count })),
      tasksByStatus: tasks,
      openTasks: tasks
        .filter((t) => t.state === 'REQUESTED' || t.state === 'ACCEPTED')
        .reduce((n, t) => n + t.count, 0),
      firstDate: firsts[0] ?? null,
      lastDate: lasts.at(-1) ?? null,
    };
  }

  /** A page of the round's moves with their tasks: two statements, whatever the page's or the round's size. */
  async moves(filter: TransferMoveFilterInput, page: PageArgs): Promise<TransferMovePage> {
    const k = MOVES.sql(page, 4);
    const conditions = [`m."roundId" = $1`, `($2::card_transfer_move_state IS NULL OR m.state = $2)`];
    conditions.push(`(NOT $3::boolean OR m.state = 'SCHEDULED' OR EXISTS (SELECT 1 FROM card_request r
      WHERE r."transferMoveId" = m.id AND r.status IN ${OPEN}))`);
    if (k.where) conditions.push(k.where);
    const rows = (await this.ds.query(
      `SELECT m.id, m."staffNumber", s."familyName" || ' ' || s."givenName" AS "staffName",
              m."effectiveDate"::text AS "effectiveDate", m.state, m."newOperatorCode", m."openedAt",
              m."skipReason", m."sourceRow",
              json_build_object('id', f.id, 'code', f.code, 'name', f.name) AS "fromSection",
              json_build_object('id', d.id, 'code', d.code, 'name', d.name) AS "toSection"
         FROM card_transfer_move m JOIN staff s ON s.id = m."staffId"
         JOIN section f ON f.id = m."fromSectionId" JOIN section d ON d.id = m."toSectionId"
        WHERE ${conditions.join(' AND ')}
        ORDER BY ${k.orderBy} LIMIT ${k.limit}`,
      [filter.roundId, filter.state ?? null, filter.openOnly ?? false, ...k.params],
    )) as Omit<TransferMoveRow, 'tasks'>[];
    const result = MOVES.page(rows, page);
    const ids = result.nodes.map((m) => m.id);
    const tasks = ids.length
      ? ((await this.ds.query(
          `SELECT r."transferMoveId" AS "moveId", r.id AS "requestId", r.kind, r.status, c."cardNumber", r."requestedAt",
                  CASE WHEN h.id IS NULL THEN NULL ELSE h."familyName" || ' ' || h."givenName" END AS "handledByName"
             FROM card_request r
             LEFT JOIN operator_card c ON c.id = r."cardId" LEFT JOIN staff h ON h.id = r."handledById"
            WHERE r."transferMoveId" = ANY($1::uuid[]) ORDER BY r.kind, r.id`,
          [ids],
        )) as (TransferTaskRow & { moveId: string })[])
      : [];
    const byMove = new Map<string, TransferTaskRow[]>();
    for (const { moveId, ...t } of tasks) byMove.set(moveId, [...(byMove.get(moveId) ?? []), t]);
    return { ...result, nodes: result.nodes.map((m) => ({ ...m, tasks: byMove.get(m.id) ?? [] })) };
  }
}
