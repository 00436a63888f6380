// Issue 15 §3: importing the April personnel file into a transfer round. All or nothing: every
// row is checked first and any bad row stores nothing, each named with its row and reason.
// Idempotent: a move is the staff member on an effective date (the natural key), so the same file,
// or the same row in another file, imported again stores nothing twice; a row that says something
// else for an imported (staff, date) is a bad row. Moves dated today or before open at once in the
// import's transaction; later ones are scheduled on the durable job queue for their date.
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import type { AuditedWrites } from '../../shared/audited.js';
import { staffIdOfActor } from '../../shared/duties.js';
import { Section } from '../organisation/index.js';
import { CardsError, CardsErrorCode } from './cards.errors.js';
import type { CardsAuditAction } from './cards.policy.js';
import { CardOperator } from './operator.entity.js';
import { ImportError } from '../../shared/import/index.js';
import { readDate, readTransferFile, type TransferFileRow } from './transfer-file.js';
import type { MovingStaff, TransferOpenService } from './transfer-open.service.js';
import { CardTransferMove, CardTransferRound, TransferMoveState } from './transfer.entity.js';

export interface TransferImportInput {
  roundName: string;
  /** the file's bytes */
  content: Buffer;
}

export interface TransferRowError {
  row: number;
  staffNumber: string | null;
  reason: string;
}

export interface TransferImportOutcome {
  round: CardTransferRound | null;
  rows: number;
  /** moves stored by this import */
  added: number;
  /** rows already imported before (nothing stored again) */
  alreadyImported: number;
  /** moves opened at once (dated today or before) */
  openedNow: number;
  /** moves waiting for their date on the job queue */
  scheduled: number;
  /** tasks (requests to the PIN administrator) opened at once */
  tasksOpened: number;
  errors: TransferRowError[];
}

const ACTION: CardsAuditAction = 'Mutation.importCardTransfers';
const key = (s: string) => s.normalize('NFKC').replace(/\s/g, '');
const MAX_ERRORS = 500;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What the import reads of a person: no entity (a round has thousands of rows to read). */
type StaffRow = MovingStaff & { staffNumber: string };

interface Checked {
  row: TransferFileRow;
  staff: StaffRow;
  from: Section;
  to: Section;
  effectiveDate: string;
  operatorCode: string | null;
}

export class TransferImportService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<CardsAuditAction>,
    private readonly opener: TransferOpenService,
    private readonly now: () => Date,
  ) {}

  async import(input: TransferImportInput, meta: RequestMeta): Promise<TransferImportOutcome> {
    const roundName = input.roundName.trim();
    if (!roundName || roundName.length > 100)
      return this.refuse(
        meta,
        new CardsError(
          CardsErrorCode.TRANSFER_ROUND_NAME_INVALID,
          '回の名前を100文字以内で入力してください (round name)',
        ),
      );
    let rows: TransferFileRow[];
    try {
      rows = await readTransferFile(input.content);
    } catch (e) {
      // the kit's refusal of the whole file (not a spreadsheet, too large, columns missing, too many
      // rows), with its code and details, as the configuration register's import answers it
      if (e instanceof ImportError) return this.refuse(meta, e);
      throw e;
    }
    const outcome = await this.ds.transaction(async (em) => {
      const today = this.opener.today();
      const { checked, already, errors } = await this.check(em, rows, today);
      const result: TransferImportOutcome = {
        round: null,
        rows: rows.length,
        added: 0,
        alreadyImported: already,
        openedNow: 0,
        scheduled: 0,
        tasksOpened: 0,
        errors: errors.slice(0, MAX_ERRORS),
      };
      if (errors.length) return result;
      result.round = await this.roundNamed(em, roundName, meta);
      const at = this.now();
      const added = await this.insertMoves(em, result.round.id, checked, today, at);
      result.added = added.length;
      // in the order the job opens them: by date, then staff number
      const due = added
        .filter((m) => m.state === TransferMoveState.OPENED)
        .sort((a, b) => cmp(a.effectiveDate, b.effectiveDate) || cmp(a.staffNumber, b.staffNumber));
      const later = [...new Set(added.filter((m) => m.effectiveDate > today).map((m) => m.effectiveDate))];
      await this.opener.schedule(em, later);
      // the staff were locked by the check: the moves due open in this transaction, as inserted
      const staffBy = new Map(checked.map((c) => [c.staff.id, c.staff]));
      const opened = await this.opener.openInserted(em, due, staffBy, meta, at);
      result.openedNow = opened.opened;
      result.tasksOpened = opened.tasks;
      result.scheduled = added.length - due.length;
      await this.audited.record(
        em,
        meta,
        ACTION,
        { type: 'CardTransferRound', id: result.round.id },
        {
          round: [null, roundName],
          rows: [null, rows.length],
          added: [null, result.added],
          alreadyImported: [null, already],
          openedNow: [null, opened.opened],
          skipped: [null, opened.skipped],
          scheduled: [null, result.scheduled],
        },
      );
      return result;
    });
    if (outcome.errors.length)
      await this.audited.refuse(meta, ACTION, `${CardsErrorCode.TRANSFER_ROWS_INVALID}:${outcome.errors.length}`, {
        type: 'CardTransferRound',
      });
    return outcome;
  }

  private async refuse(meta: RequestMeta, error: CardsError | ImportError): Promise<never> {
    await this.audited.refuse(meta, ACTION, error.code, 'CardTransferRound');
    throw error;
  }

  /**
   * Every row against the organisation and what was imported before; a fixed number of statements,
   * each with its list as one array parameter (`= ANY`), not one parameter a value.
   */
  private async check(em: EntityManager, rows: TransferFileRow[], today: string) {
    const errors: TransferRowError[] = [];
    const bad = (r: TransferFileRow, reason: string) =>
      errors.push({ row: r.row, staffNumber: r.staffNumber || null, reason });
    const sections = await em.getRepository(Section).find();
    const sectionBy = new Map<string, Section>();
    for (const s of sections) for (const k of [s.code, s.name]) sectionBy.set(key(k), s);
    const numbers = [...new Set(rows.map((r) => r.staffNumber).filter(Boolean))];
    // with a move due today or before, locked: what is checked here stays true until the moves due
    // are made in this transaction (a file dated later locks nobody)
    const due = rows.some((r) => {
      const d = r.effectiveDate ? readDate(r.effectiveDate) : null;
      return d !== null && d <= today;
    });
    const staff = numbers.length
      ? ((await em.query(
          `SELECT id, "staffNumber", "sectionId", active FROM staff WHERE "staffNumber" = ANY($1::text[])${due ? ' FOR UPDATE' : ''}`,
          [numbers],
        )) as StaffRow[])
      : [];
    const staffBy = new Map(staff.map((s) => [s.staffNumber, s]));
    const ids = staff.map((s) => s.id);
    const imported = ids.length
      ? await em
          .getRepository(CardTransferMove)
          .createQueryBuilder('m')
          .where('m.staffId = ANY(:ids)', { ids })
          .getMany()
      : [];
    const codes = [...new Set(rows.map((r) => r.operatorCode).filter(Boolean))];
    const takenCodes = new Set(
      codes.length
        ? (
            await em
              .getRepository(CardOperator)
              .createQueryBuilder('o')
              .select('o.operatorCode', 'code')
              .where('o.operatorCode = ANY(:codes)', { codes })
              .getRawMany<{ code: string }>()
          ).map((r) => r.code)
        : [],
    );
    const operatorsNow = new Set(
      ids.length
        ? (
            await em
              .getRepository(CardOperator)
              .createQueryBuilder('o')
              .select('o.staffId', 'staffId')
              .where('o.staffId = ANY(:ids) AND o.until IS NULL', { ids })
              .getRawMany<{ staffId: string }>()
          ).map((r) => r.staffId)
        : [],
    );
    const importedBy = new Map(imported.map((m) => [`${m.staffId} ${m.effectiveDate}`, m]));
    const waiting = new Set(imported.filter((m) => m.state === TransferMoveState.SCHEDULED).map((m) => m.staffId));
    const seenStaff = new Map<string, number>();
    const seenCode = new Map<string, number>();
    const checked: Checked[] = [];
    let already = 0;
    for (const r of rows) {
      const before = errors.length;
      const s = r.staffNumber ? staffBy.get(r.staffNumber) : undefined;
      if (!r.staffNumber) bad(r, '職員番号がありません');
      else if (!s) bad(r, `職員番号 ${r.staffNumber} の職員がいません`);
      else if (seenStaff.has(r.staffNumber))
        bad(r, `同じ職員が ${seenStaff.get(r.staffNumber)} 行目にもあります (1人1行にしてください)`);
      if (r.staffNumber && !seenStaff.has(r.staffNumber)) seenStaff.set(r.staffNumber, r.row);
      const from = r.from ? sectionBy.get(key(r.from)) : undefined;
      const to = r.to ? sectionBy.get(key(r.to)) : undefined;
      if (!r.from) bad(r, '異動前所属がありません');
      else if (!from) bad(r, `異動前所属「${r.from}」という課がありません`);
      if (!r.to) bad(r, '異動後所属がありません');
      else if (!to) bad(r, `異動後所属「${r.to}」という課がありません`);
      if (from && to && from.id === to.id) bad(r, '異動前と異動後の所属が同じです');
      const effectiveDate = r.effectiveDate ? readDate(r.effectiveDate) : null;
      if (!r.effectiveDate) bad(r, '発令日がありません');
      else if (!effectiveDate) bad(r, `発令日「${r.effectiveDate}」は日付として読めません (例: 2027-04-01)`);
      const operatorCode = r.operatorCode || null;
      if (operatorCode) {
        if (operatorCode.length > 32) bad(r, '識別番号は32文字までです');
        else if (seenCode.has(operatorCode))
          bad(r, `識別番号 ${operatorCode} が ${seenCode.get(operatorCode)} 行目にもあります`);
        seenCode.set(operatorCode, seenCode.get(operatorCode) ?? r.row);
      }
      if (errors.length > before || !s || !from || !to || !effectiveDate) continue;
      const prior = importedBy.get(`${s.id} ${effectiveDate}`);
      if (prior) {
        if (prior.fromSectionId === from.id && prior.toSectionId === to.id && prior.newOperatorCode === operatorCode)
          already++;
        else bad(r, `この職員の ${effectiveDate} 付の異動は別の内容で取込み済みです`);
        continue;
      }
      if (!s.active) bad(r, `職員番号 ${r.staffNumber} の職員は退職済みです`);
      else if (s.sectionId !== from.id) bad(r, `異動前所属「${r.from}」が現在の所属と違います`);
      if (waiting.has(s.id)) bad(r, 'この職員には発令を待っている別の異動があります');
      if (operatorCode && takenCodes.has(operatorCode)) bad(r, `識別番号 ${operatorCode} は登録済みです`);
      if (operatorCode && operatorsNow.has(s.id))
        bad(r, 'この職員は既に操作者です (識別番号は新たに操作者となる人だけに書きます)');
      if (errors.length > before) continue;
      checked.push({ row: r, staff: s, from, to, effectiveDate, operatorCode });
    }
    errors.sort((a, b) => a.row - b.row);
    return { checked, already, errors };
  }

  /** The round of this name, made the first time (two imports at once agree on one). */
  private async roundNamed(em: EntityManager, name: string, meta: RequestMeta): Promise<CardTransferRound> {
    await em.query(
      `INSERT INTO card_transfer_round (name, "importedById", "createdAt") VALUES ($1, $2, $3)
       ON CONFLICT (name) DO NOTHING`,
      [name, staffIdOfActor(meta.actor), this.now()],
    );
    return em.getRepository(CardTransferRound).findOneByOrFail({ name });
  }

  /**
   * One multi-row INSERT per 2,000 moves: those due by `today` already OPENED at `at` (their
   * opening follows in this transaction), the others SCHEDULED. A (staff, date) stored meanwhile by
   * another import is not stored twice. Answers the moves stored, as their rows say.
   */
  private async insertMoves(
    em: EntityManager,
    roundId: string,
    checked: Checked[],
    today: string,
    at: Date,
  ): Promise<CardTransferMove[]> {
    const added: CardTransferMove[] = [];
    for (let i = 0; i < checked.length; i += 2000) {
      const slice = checked.slice(i, i + 2000);
      const due = slice.map((c) => c.effectiveDate <= today);
      const rows = (await em.query(
        `INSERT INTO card_transfer_move ("roundId", "staffId", "staffNumber", "fromSectionId", "toSectionId",
           "effectiveDate", "newOperatorCode", state, "openedAt", "sourceRow")
         SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::date[], $7::text[],
           $8::card_transfer_move_state[], $9::timestamptz[], $10::int[])
         ON CONFLICT ("staffId", "effectiveDate") DO NOTHING
         RETURNING id, "staffId"`,
        [
          roundId,
          slice.map((c) => c.staff.id),
          slice.map((c) => c.staff.staffNumber),
          slice.map((c) => c.from.id),
          slice.map((c) => c.to.id),
          slice.map((c) => c.effectiveDate),
          slice.map((c) => c.operatorCode),
          due.map((d) => (d ? TransferMoveState.OPENED : TransferMoveState.SCHEDULED)),
          due.map((d) => (d ? at : null)),
          slice.map((c) => c.row.row),
        ],
      )) as { id: string; staffId: string }[];
      // one move per person in a file (the check refuses a second row)
      const byStaff = new Map(slice.map((c, k) => [c.staff.id, { c, due: due[k] }]));
      for (const r of rows) {
        const { c, due: d } = byStaff.get(r.staffId)!;
        added.push(
          Object.assign(new CardTransferMove(), {
            id: r.id,
            roundId,
            staffId: c.staff.id,
            staffNumber: c.staff.staffNumber,
            fromSectionId: c.from.id,
            toSectionId: c.to.id,
            effectiveDate: c.effectiveDate,
            newOperatorCode: c.operatorCode,
            state: d ? TransferMoveState.OPENED : TransferMoveState.SCHEDULED,
            openedAt: d ? at : null,
            skipReason: null,
            sourceRow: c.row.row,
          }),
        );
      }
    }
    return added;
  }
}
