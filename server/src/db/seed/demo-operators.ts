// The demo's Juki-net operators (issue 15, A16) as both demo seeds know them: the cards seed
// registers them with cards issued before the oldest month of the demo's operation history, and
// the operation-history seed (A20) writes its records under their operator IDs. So the saved query
// 「有効なカードのない操作」 (NO_VALID_CARD) lists only the records the demo made to trigger it: one
// operator whose card was collected mid-month and who still operated the next working day.
import { isWorkingDay } from '../../shared/working-days.js';

/** [staff number, operator ID (識別番号), section code], in the order the history seed uses them */
export const DEMO_OPLOG_OPERATORS: readonly (readonly [string, string, string])[] = [
  ['400102', 'OP-0401-001', 'S0401'],
  ['400103', 'OP-0401-002', 'S0401'],
  ['400104', 'OP-0401-003', 'S0401'],
  ['400202', 'OP-0402-001', 'S0402'],
  ['400302', 'OP-0403-001', 'S0403'],
  // the card collected mid-month (CARD_RETURNED_OPERATOR): operated once more the next working day
  ['400203', 'OP-0402-002', 'S0402'],
  ['400201', 'OP-0402-003', 'S0402'],
  ['400301', 'OP-0403-002', 'S0403'],
];
/** the operator whose card is collected on demoCardReturnDay, and who operates the working day after */
export const CARD_RETURNED_OPERATOR = 'OP-0402-002';

/** The working days of a month ('YYYY-MM'), in order. */
export function workingDaysOf(month: string): string[] {
  const [y, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const out: string[] = [];
  for (let d = 1; d <= days; d++) {
    const day = `${month}-${String(d).padStart(2, '0')}`;
    if (isWorkingDay(day)) out.push(day);
  }
  return out;
}

/**
 * The day CARD_RETURNED_OPERATOR's card is collected (after the day's work, 18:00 Tokyo): the 10th
 * working day of the demo history's last month; they operate once more on `after`, the next one.
 */
export function demoCardReturn(lastMonth: string): { day: string; after: string } {
  const working = workingDaysOf(lastMonth);
  return { day: working[9], after: working[10] };
}
