import type { DataSource } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import { DocumentType, type CurrentDocumentVersion, type DocumentReading } from '../configuration/index.js';
import { CardsError, CardsErrorCode } from './cards.errors.js';
import type { CardsAuditAction } from './cards.policy.js';
import { CardOperator } from './operator.entity.js';
import { PinRulesAcknowledgement } from './pin-rules.entity.js';
import { COUNT_ACKNOWLEDGED, IS_OPERATOR, PENDING_OPERATORS } from './pin-rules.sql.js';

/** What a person sees of the rules: the version in force, whether they are asked, and their answer. */
export interface MyPinRules {
  rules: CurrentDocumentVersion | null;
  /** a current Juki-net operator: asked to acknowledge the version in force */
  asked: boolean;
  acknowledgement: PinRulesAcknowledgement | null;
}

/** The PIN administrator's view: the version in force and who has not acknowledged it. */
export interface PinRulesOverview {
  rules: CurrentDocumentVersion | null;
  operators: number;
  acknowledged: number;
  pending: CardOperator[];
}

/**
 * A16.4–5, A7.2: each current Juki-net operator acknowledges the PIN operating rules in force (the
 * PIN administrator's PIN_RULES document of the configuration register). An acknowledgement is of
 * one version: a new version in force asks everyone again. No rules in force: nothing to acknowledge.
 */
export class PinRulesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<CardsAuditAction>,
    private readonly documents: DocumentReading,
    private readonly now: () => Date,
  ) {}

  /** The PIN rules in force on a day (the configuration register's current PIN_RULES version). */
  current(on: string): Promise<CurrentDocumentVersion | null> {
    return this.documents.currentOf(DocumentType.PIN_RULES, on);
  }

  async isOperator(staffId: string, on: string): Promise<boolean> {
    return ((await this.ds.query(IS_OPERATOR, [on, staffId])) as unknown[]).length > 0;
  }

  async mine(staffId: string, today: string): Promise<MyPinRules> {
    const rules = await this.current(today);
    const asked = await this.isOperator(staffId, today);
    const acknowledgement = rules
      ? await this.ds.getRepository(PinRulesAcknowledgement).findOneBy({ staffId, documentVersionId: rules.versionId })
      : null;
    return { rules, asked, acknowledgement };
  }

  /** Whether this person still has to acknowledge the rules in force (their to-do). */
  async toAcknowledge(staffId: string, today: string): Promise<boolean> {
    const mine = await this.mine(staffId, today);
    return mine.rules !== null && mine.asked && mine.acknowledgement === null;
  }

  /** Operators on `on` and how many had acknowledged the version in force by `asOf` (null: now). */
  async counts(on: string, asOf: Date | null = null) {
    const rules = await this.current(on);
    if (!rules) return { rules, operators: 0, acknowledged: 0 };
    const [row] = (await this.ds.query(COUNT_ACKNOWLEDGED, [on, rules.versionId, asOf])) as {
      operators: number;
      acknowledged: number;
    }[];
    return { rules, operators: row?.operators ?? 0, acknowledged: row?.acknowledged ?? 0 };
  }

  async overview(today: string): Promise<PinRulesOverview> {
    const { rules, operators, acknowledged } = await this.counts(today);
    if (!rules) return { rules, operators, acknowledged, pending: [] };
    const rows = (await this.ds.query(PENDING_OPERATORS, [today, rules.versionId, null])) as CardOperator[];
    const pending = rows.map((r) => this.ds.getRepository(CardOperator).create(r));
    return { rules, operators, acknowledged, pending };
  }

  /**
   * The caller acknowledges the version they read. Refused with a code when no rules are in force,
   * when that version is no longer (or not yet) the one in force, or when the caller is not a current
   * operator. Acknowledging again answers the first acknowledgement.
   */
  acknowledge(staffId: string, versionId: string, today: string, meta: RequestMeta): Promise<PinRulesAcknowledgement> {
    return this.audited.write(meta, 'Mutation.acknowledgePinRules', { type: 'PinRules', id: versionId }, async (em) => {
      const rules = await this.current(today);
      if (!rules)
        throw new CardsError(
          CardsErrorCode.PIN_RULES_MISSING,
          '暗証番号等の運用基準が登録されていません (no PIN operating rules are in force, A7.2)',
        );
      if (rules.versionId !== versionId)
        throw new CardsError(
          CardsErrorCode.PIN_RULES_VERSION_NOT_CURRENT,
          '確認しようとした版は現行の版ではありません (that version is not the one in force)',
          { currentVersionId: rules.versionId },
        );
      if (!(await this.isOperator(staffId, today)))
        throw new CardsError(
          CardsErrorCode.PIN_RULES_NOT_OPERATOR,
          '運用基準の確認は現在の操作者が行います (only current operators acknowledge the rules)',
        );
      const repo = em.getRepository(PinRulesAcknowledgement);
      const before = await repo.findOneBy({ staffId, documentVersionId: versionId });
      if (before) return { result: before, targetId: versionId, changes: null };
      await repo
        .createQueryBuilder()
        .insert()
        .values({ staffId, documentVersionId: versionId, versionLabel: rules.versionLabel, acknowledgedAt: this.now() })
        .orIgnore()
        .execute();
      const ack = await repo.findOneByOrFail({ staffId, documentVersionId: versionId });
      return {
        result: ack,
        targetId: versionId,
        changes: created({ acknowledged: ack.id, versionLabel: rules.versionLabel }),
      };
    });
  }
}
