// English: transfer rounds of the cards module (issue 15 §3)
import type ja from '../ja/card-transfers.js';

const cardTransfers: typeof ja = {
  cardTransfers: {
    title: 'Transfers, operator ID cards and PINs',
    intro:
      'Import the personnel list (CSV or Excel): on each effective date the person moves section and the PIN administrator gets the requests to collect the card, change or cancel the PIN, and for new operators to issue a card and set a PIN. Rows dated today or before open at once.',
    importTitle: 'Import a transfer file',
    roundName: 'Round name',
    roundNamePlaceholder: 'e.g. April 2027 transfers',
    file: 'File (CSV or xlsx)',
    headers: 'Headers: 職員番号, 異動前所属, 異動後所属, 発令日 (and 識別番号 for new operators)',
    columnsMissing: 'The header row lacks a required column: check 職員番号, 異動前所属, 異動後所属 and 発令日.',
    notASpreadsheet: 'The file cannot be read as a personnel file: choose a CSV or xlsx file.',
    submit: 'Import',
    imported:
      '{added} imported ({already} already imported). Opened now: {openedNow} moves, {tasks} requests; waiting for their date: {scheduled}.',
    nothingStored: '{count} rows are wrong, so nothing was imported. Fix them and import again.',
    row: 'Row',
    staffNumber: 'Staff number',
    reason: 'Reason',
    rounds: 'Transfer rounds',
    noRounds: 'No round imported yet.',
    createdAt: 'Imported',
    open: 'Open',
    back: 'Back to the rounds',
    moves: '{count} moves',
    dates: 'Effective {first}–{last}',
    openTasks: 'Requests still open',
    movesByState: 'Moves by state',
    tasksByStatus: 'Requests by state',
    openOnly: 'Only what is not finished',
    none: 'No moves.',
    more: 'More',
    col: {
      staff: 'Staff',
      move: 'Move',
      date: 'Effective',
      state: 'State',
      tasks: 'Requests and who handles them',
    },
    state: {
      SCHEDULED: 'Waiting',
      OPENED: 'Moved',
      SKIPPED: 'Not moved',
    },
    taskStatus: {
      REQUESTED: 'Requested',
      ACCEPTED: 'Accepted',
      DONE: 'Done',
      REFUSED: 'Refused',
    },
    tasksOnDate: 'Requests open on the effective date',
    noTasks: 'No requests',
    unassigned: 'Not yet accepted',
    card: 'Card {number}',
    newOperator: 'New operator ({code})',
    sourceRow: 'File row {row}',
  },
};
export default cardTransfers;
