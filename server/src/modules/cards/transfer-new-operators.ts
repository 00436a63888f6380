// Issue 15 §3 (A16.1): the moves of a transfer round that make someone a new operator (the file
// names an operator ID). Each is registered for the new section from the effective date, with a
// card to issue and a PIN to set asked of the PIN administrator. Set-based: five statements at most
// for all the new operators of a wave of moves, with the outcome of registering them one by one.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CardRequestKind, CardRequestOrigin, CardRequestStatus } from './card-request.entity.js';
import type { CardTransferMove } from './transfer.entity.js';

export const CODE_TAKEN_REASON = '識別番号が既に使われていたため、操作者の登録をしませんでした';
const REASON = '異動により新たに操作者となるため自動で作成';
const KINDS = [CardRequestKind.CARD_ISSUE, CardRequestKind.PIN_SET] as const;

/**
 * Registers the new operators the moves name (in the caller's transaction, after the moves were
 * made) and answers, by move id, the requests opened for each: a card to issue and a PIN to set.
 * Taken in the moves' order, as one by one:
 * - someone already an operator on the day (registered by hand since the import) is not registered
 *   twice: their move's hook has opened their card's collection and PIN change;
 * - an operator ID taken since the import, or by an earlier move of the list, is not registered:
 *   the move says so (skipReason).
 */
export async function registerNewOperators(
  em: EntityManager,
  moves: readonly CardTransferMove[],
  requestedById: string | null,
  at: Date,
): Promise<Map<string, string[]>> {
  const opened = new Map<string, string[]>();
  const named = moves.filter((m) => m.newOperatorCode);
  if (!named.length) return opened;
  const taken = new Set(
    (
      (await em.query(`SELECT "operatorCode" AS code FROM card_operator WHERE "operatorCode" = ANY($1::text[])`, [
        named.map((m) => m.newOperatorCode),
      ])) as { code: string }[]
    ).map((r) => r.code),
  );
  const operatorOnTheDay = new Set(
    (
      (await em.query(
        `SELECT DISTINCT m.id FROM unnest($1::uuid[], $2::uuid[], $3::date[]) AS m(id, staff, d)
           JOIN card_operator o ON o."staffId" = m.staff AND (o.until IS NULL OR o.until >= m.d)`,
        [named.map((m) => m.id), named.map((m) => m.staffId), named.map((m) => m.effectiveDate)],
      )) as { id: string }[]
    ).map((r) => r.id),
  );
  const codeTaken: string[] = [];
  const operators: { id: string; m: CardTransferMove }[] = [];
  for (const m of named) {
    if (operatorOnTheDay.has(m.id)) continue;
    if (taken.has(m.newOperatorCode!)) {
      codeTaken.push(m.id);
      continue;
    }
    taken.add(m.newOperatorCode!);
    operators.push({ id: randomUUID(), m });
  }
  if (codeTaken.length)
    await em.query(`UPDATE card_transfer_move SET "skipReason" = $2 WHERE id = ANY($1::uuid[])`, [
      codeTaken,
      CODE_TAKEN_REASON,
    ]);
  if (!operators.length) return opened;
  await em.query(
    `INSERT INTO card_operator (id, "staffId", "operatorCode", "sectionId", since)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::uuid[], $5::date[])`,
    [
      operators.map((o) => o.id),
      operators.map((o) => o.m.staffId),
      operators.map((o) => o.m.newOperatorCode),
      operators.map((o) => o.m.toSectionId),
      operators.map((o) => o.m.effectiveDate),
    ],
  );
  // ids made here, so each request is known to be its move's whatever order the rows are stored in
  const requests = operators.flatMap((o) => KINDS.map((kind) => ({ id: randomUUID(), kind, o })));
  for (const r of requests) opened.set(r.o.m.id, [...(opened.get(r.o.m.id) ?? []), r.id]);
  await em.query(
    `INSERT INTO card_request (id, kind, status, origin, "operatorId", "cardId", "sectionId", "transferMoveId",
       reason, "requestedById", "requestedAt")
     SELECT r.id, r.kind, $6::card_request_status, $7::card_request_origin, r."operatorId", NULL, r."sectionId",
            r."transferMoveId", $8::varchar, $9::uuid, $10::timestamptz
       FROM unnest($1::uuid[], $2::card_request_kind[], $3::uuid[], $4::uuid[], $5::uuid[])
            AS r(id, kind, "operatorId", "sectionId", "transferMoveId")`,
    [
      requests.map((r) => r.id),
      requests.map((r) => r.kind),
      requests.map((r) => r.o.id),
      requests.map((r) => r.o.m.toSectionId),
      requests.map((r) => r.o.m.id),
      CardRequestStatus.REQUESTED,
      CardRequestOrigin.TRANSFER,
      REASON,
      requestedById,
      at,
    ],
  );
  return opened;
}
