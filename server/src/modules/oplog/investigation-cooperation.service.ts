// A21 (調査), the person asked to cooperate: they read their requests (the subject and the manager's
// message, never the investigation's scope or findings) and confirm they have seen one, which takes
// it off their 対応が必要.
import type { DataSource } from 'typeorm';
import type { AuditedWrites, AuditMeta } from '../../shared/audited.js';
import { isUuid } from '../../shared/ids.js';
import { Investigation } from './investigation.entity.js';
import { InvestigationError, InvestigationErrorCode } from './investigation.errors.js';
import type { InvestigationAction } from './investigation.policy.js';
import type { InvestigationCooperationRequest } from './investigation.types.js';

export class InvestigationCooperationService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<InvestigationAction>,
    private readonly now: () => Date,
  ) {}

  /** The requests to cooperate addressed to this person, newest first: the request only. */
  async requests(staffId: string): Promise<InvestigationCooperationRequest[]> {
    return (await this.ds.query(
      `SELECT i.id, s."familyName" || ' ' || s."givenName" AS "subjectName", i."cooperationMessage" AS message,
              i."openedAt" AS "askedAt", i."cooperationAcknowledgedAt" AS "acknowledgedAt"
         FROM investigation i JOIN staff s ON s.id = i."subjectId"
        WHERE i."cooperatorId" = $1 ORDER BY i."openedAt" DESC LIMIT 200`,
      [staffId],
    )) as InvestigationCooperationRequest[];
  }

  /** The person asked confirms they have seen the request (it leaves their 対応が必要). */
  async acknowledge(id: string, staffId: string, meta: AuditMeta): Promise<InvestigationCooperationRequest> {
    await this.audited.write(
      meta,
      'Mutation.acknowledgeInvestigationCooperation',
      { type: 'Investigation', id },
      async (em) => {
        const inv = isUuid(id)
          ? await em.getRepository(Investigation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
          : null;
        // another person's request is as unknown as none: nothing of it is told
        if (!inv || inv.cooperatorId !== staffId) {
          throw new InvestigationError(InvestigationErrorCode.INVESTIGATION_NOT_FOUND, '協力の依頼が見つかりません');
        }
        const before = inv.cooperationAcknowledgedAt;
        if (!before) {
          inv.cooperationAcknowledgedAt = this.now();
          await em.getRepository(Investigation).save(inv);
        }
        return {
          result: inv,
          targetId: id,
          changes: { cooperationAcknowledgedAt: [before, inv.cooperationAcknowledgedAt] },
        };
      },
    );
    return (await this.requests(staffId)).find((r) => r.id === id)!;
  }
}
