import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import { sqlState } from '../../shared/errors.js';
import { Section, Staff } from '../organisation/index.js';
import { CardsError, CardsErrorCode } from './cards.errors.js';
import type { CardsAuditAction } from './cards.policy.js';
import { CardOperator, type OperatorPeriod } from './operator.entity.js';

export interface OperatorInput {
  staffId: string;
  operatorCode: string;
  /** default: the staff member's section */
  sectionId?: string | null;
  since: string;
}

const TARGET = 'CardOperator';
const invalid = (message: string) => new CardsError(CardsErrorCode.INVALID_OPERATOR, message);
export const operatorNotFound = () =>
  new CardsError(CardsErrorCode.OPERATOR_NOT_FOUND, '操作者が見つかりません (operator not found)');
const codeTaken = () =>
  new CardsError(CardsErrorCode.OPERATOR_CODE_TAKEN, 'この識別番号は登録済みです (operator ID already registered)');

/** An operator is current on `day` when their period covers it. */
export const isCurrent = (o: CardOperator, day: string) => o.since <= day && (o.until === null || o.until >= day);

/** A16: the register of Juki-net operators (who, which operator ID, which section, since when). */
export class OperatorService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<CardsAuditAction>,
  ) {}

  register(input: OperatorInput, meta: RequestMeta): Promise<CardOperator> {
    return this.audited.write(meta, 'Mutation.registerCardOperator', TARGET, async (em) => {
      const code = input.operatorCode.trim();
      if (!code) throw invalid('識別番号を入力してください (the operator ID is required)');
      const staff = await em.getRepository(Staff).findOneBy({ id: input.staffId });
      if (!staff || !staff.active) throw invalid('在職中の職員を選んでください (choose an active staff member)');
      const sectionId = input.sectionId ?? staff.sectionId;
      if (!(await em.getRepository(Section).existsBy({ id: sectionId })))
        throw invalid('所属が見つかりません (unknown section)');
      const open = await em
        .getRepository(CardOperator)
        .createQueryBuilder('o')
        .where('o.staffId = :s AND (o.until IS NULL OR o.until >= :since)', { s: staff.id, since: input.since })
        .getCount();
      if (open > 0)
        throw invalid('この職員は既に操作者です。前の登録を終了してください (already an operator in that period)');
      if (await em.getRepository(CardOperator).existsBy({ operatorCode: code })) throw codeTaken();
      let saved: CardOperator;
      try {
        saved = await em
          .getRepository(CardOperator)
          .save({ staffId: staff.id, operatorCode: code, sectionId, since: input.since, until: null });
      } catch (e) {
        if (sqlState(e) === '23505') throw codeTaken();
        throw e;
      }
      return {
        result: saved,
        targetId: saved.id,
        changes: created({ staffNumber: staff.staffNumber, operatorCode: code, sectionId, since: input.since }),
      };
    });
  }

  end(id: string, until: string, meta: RequestMeta): Promise<CardOperator> {
    return this.audited.write(meta, 'Mutation.endCardOperator', { type: TARGET, id }, async (em) => {
      const o = await em.getRepository(CardOperator).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!o) throw operatorNotFound();
      const before = await this.endWithin(em, o, until);
      return { result: o, targetId: o.id, changes: { until: [before, o.until] } };
    });
  }

  /** Ends an operator's period on `until` inside the caller's transaction (a leaver's last day). */
  async endWithin(em: EntityManager, o: OperatorPeriod, until: string): Promise<string | null> {
    if (until < o.since) throw invalid('終了日は開始日以降にしてください (until before since)');
    if (o.until !== null && o.until <= until)
      throw invalid('この操作者は既に終了しています (the operator has already ended)');
    const before = o.until;
    o.until = until;
    await em.getRepository(CardOperator).update({ id: o.id }, { until });
    return before;
  }
}
