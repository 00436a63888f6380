// Transfer rounds (issue 15 §3) for tests and the bench: a personnel file in CSV, and many staff
// (some operators holding a card) made with a few statements.
import type { DataSource } from 'typeorm';

export const TRANSFER_HEADER = ['職員番号', '異動前所属', '異動後所属', '発令日', '識別番号'];

/** The file as Excel saves a UTF-8 CSV (BOM, CRLF), base64 as the web sends it. */
export const transferCsv = (rows: string[][], header = TRANSFER_HEADER): string =>
  Buffer.from('\uFEFF' + [header, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n').toString('base64');

export const IMPORT_TRANSFERS = `mutation($i: ImportCardTransfersInput!) { importCardTransfers(input: $i) {
  round { id name } rows added alreadyImported openedNow scheduled tasksOpened errors { row staffNumber reason } } }`;
export const TRANSFER_ROUND = `query($id: ID!) { cardTransferRound(id: $id) {
  round { name } moves movesByState { state count } tasksByStatus { state count } openTasks firstDate lastDate } }`;
export const TRANSFER_MOVES = `query($f: TransferMoveFilterInput!, $first: Int, $after: String) {
  cardTransferMoves(filter: $f, first: $first, after: $after) {
    nodes { id staffNumber staffName state effectiveDate openedAt skipReason newOperatorCode sourceRow
      fromSection { code name } toSection { code name }
      tasks { requestId kind status cardNumber handledByName } }
    endCursor hasNextPage } }`;

export interface MadeStaff {
  staffNumber: string;
  staffId: string;
}

/**
 * `n` staff in the section `sectionCode`, numbers `${prefix}0001`…; the first `operators` of them are
 * Juki-net operators since `since`, each holding an issued card. Four statements whatever `n`.
 */
export async function makeStaff(
  ds: DataSource,
  opts: { prefix: string; n: number; sectionCode: string; operators: number; since: string; by: string },
): Promise<MadeStaff[]> {
  const numbers = Array.from({ length: opts.n }, (_, i) => `${opts.prefix}${String(i + 1).padStart(4, '0')}`);
  const staff = (await ds.query(
    `INSERT INTO staff ("staffNumber", "familyName", "givenName", "familyNameKana", "givenNameKana", title, "sectionId")
     SELECT n, '異動', '太郎' || n, 'いどう', 'たろう', '主事', (SELECT id FROM section WHERE code = $2)
       FROM unnest($1::text[]) AS n RETURNING id AS "staffId", "staffNumber"`,
    [numbers, opts.sectionCode],
  )) as MadeStaff[];
  staff.sort((a, b) => a.staffNumber.localeCompare(b.staffNumber));
  const ops = staff.slice(0, opts.operators);
  if (ops.length) {
    await ds.query(
      `INSERT INTO card_operator ("staffId", "operatorCode", "sectionId", since)
       SELECT s, 'OP-' || n, (SELECT id FROM section WHERE code = $3), $4::date
         FROM unnest($1::uuid[], $2::text[]) AS x(s, n)`,
      [ops.map((s) => s.staffId), ops.map((s) => s.staffNumber), opts.sectionCode, opts.since],
    );
    await ds.query(
      `INSERT INTO operator_card ("cardNumber", state, "holderId", "storagePlace", "storageLocked", "updatedAt")
       SELECT 'C-' || o."operatorCode", 'ISSUED', o.id, NULL, false, now()
         FROM card_operator o WHERE o."staffId" = ANY($1::uuid[])`,
      [ops.map((s) => s.staffId)],
    );
  }
  return staff;
}
