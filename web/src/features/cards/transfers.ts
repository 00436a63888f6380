// GraphQL of the transfer-round pages (issue 15 §3), typed from transfers.graphql by `npm run codegen`.
import { request } from '../../api/graphql-client.js';
import {
  CardTransferMovesDocument,
  CardTransferRoundDocument,
  CardTransferRoundsDocument,
  ImportCardTransfersDocument,
  type CardTransferMovesQuery,
  type ImportCardTransfersMutation,
  type TransferMoveState,
} from '../../generated/transfers.js';

export type MoveRow = CardTransferMovesQuery['cardTransferMoves']['nodes'][number];
export type ImportResult = ImportCardTransfersMutation['importCardTransfers'];
export type { TransferMoveState };
export const MOVE_STATES: readonly TransferMoveState[] = ['SCHEDULED', 'OPENED', 'SKIPPED'];
export const TASK_STATES = ['REQUESTED', 'ACCEPTED', 'DONE', 'REFUSED'] as const;

export const rounds = async () => (await request(CardTransferRoundsDocument)).cardTransferRounds;
export const roundSummary = async (id: string) => (await request(CardTransferRoundDocument, { id })).cardTransferRound;
export const movesPage = async (roundId: string, openOnly: boolean, after: string | null) =>
  (await request(CardTransferMovesDocument, { f: { roundId, openOnly }, after })).cardTransferMoves;

/** The chosen file's bytes as base64, as the import takes them. */
export async function importTransfers(roundName: string, file: File): Promise<ImportResult> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return (
    await request(ImportCardTransfersDocument, {
      i: { roundName: roundName.trim(), fileName: file.name, contentBase64: btoa(binary) },
    })
  ).importCardTransfers;
}
