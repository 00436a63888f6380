import { AppError } from '../../shared/errors.js';

export enum CardsErrorCode {
  /** no such operator (操作者), or not one the caller may see */
  OPERATOR_NOT_FOUND = 'OPERATOR_NOT_FOUND',
  /** an operator's fields are missing or wrong (staff member, operator ID, section, period) */
  INVALID_OPERATOR = 'INVALID_OPERATOR',
  /** the operator ID (識別番号) is another operator's */
  OPERATOR_CODE_TAKEN = 'OPERATOR_CODE_TAKEN',
  /** the operator's period has ended: no card is issued to them */
  OPERATOR_ENDED = 'OPERATOR_ENDED',
  /** no such operator card */
  CARD_NOT_FOUND = 'CARD_NOT_FOUND',
  /** the card number is already in the register */
  CARD_NUMBER_TAKEN = 'CARD_NUMBER_TAKEN',
  /** A16.6: a card not issued is kept in a lockable place: the place is missing or not locked */
  CARD_STORAGE_NOT_LOCKED = 'CARD_STORAGE_NOT_LOCKED',
  /** the card is issued already (to this operator or another) */
  CARD_ALREADY_ISSUED = 'CARD_ALREADY_ISSUED',
  /** the person returning the card, or named as its holder, does not hold it */
  CARD_NOT_HELD = 'CARD_NOT_HELD',
  /** the step does not follow from the card's state (e.g. returning a card in stock, destroying an issued card) */
  CARD_STATE_INVALID = 'CARD_STATE_INVALID',
  /** a destruction needs a witness other than the person destroying it, and the method */
  CARD_WITNESS_REQUIRED = 'CARD_WITNESS_REQUIRED',
  /** no such request to the PIN administrator, or not one the caller may see */
  CARD_REQUEST_NOT_FOUND = 'CARD_REQUEST_NOT_FOUND',
  /** the request is not in a state that allows this step (accept a done one, complete one not accepted…) */
  CARD_REQUEST_STATE_INVALID = 'CARD_REQUEST_STATE_INVALID',
  /** an operations manager asks only for operators of their own section (A6) */
  CARD_REQUEST_OUTSIDE_SECTION = 'CARD_REQUEST_OUTSIDE_SECTION',
  /** a request's fields are missing or wrong (a refusal without a reason, a note that looks like a PIN) */
  INVALID_CARD_REQUEST = 'INVALID_CARD_REQUEST',
  /** the operator holds an issued card already: one card per operator (return or revoke it first) */
  OPERATOR_HOLDS_CARD = 'OPERATOR_HOLDS_CARD',
  /** A7.2: no PIN operating rules (暗証番号等の運用基準) are in force, so there is nothing to acknowledge */
  PIN_RULES_MISSING = 'PIN_RULES_MISSING',
  /** the version acknowledged is not the one in force (a newer version took effect meanwhile) */
  PIN_RULES_VERSION_NOT_CURRENT = 'PIN_RULES_VERSION_NOT_CURRENT',
  /** A16.4–5: the rules are acknowledged by current Juki-net operators; the caller is not one */
  PIN_RULES_NOT_OPERATOR = 'PIN_RULES_NOT_OPERATOR',
  /** a transfer round's name empty or over 100 characters (a file the import kit cannot read is refused
   *  with the kit's own codes: NOT_A_SPREADSHEET, IMPORT_COLUMNS_MISSING, …, as every import is) */
  TRANSFER_ROUND_NAME_INVALID = 'TRANSFER_ROUND_NAME_INVALID',
  /** audit reason only: a transfer import refused for bad rows (the answer lists them) */
  TRANSFER_ROWS_INVALID = 'TRANSFER_ROWS_INVALID',
  /** no such transfer round */
  TRANSFER_ROUND_NOT_FOUND = 'TRANSFER_ROUND_NOT_FOUND',
}

export class CardsError extends AppError {
  constructor(code: CardsErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
