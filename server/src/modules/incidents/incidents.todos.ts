// What the incidents module asks of a person on the 対応が必要 home: reports waiting for their
// acknowledgement, and steps that are theirs to do (A19, A22, A27–A30, A12.2).
import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';
import type { OrganisationService } from '../organisation/index.js';
import { dutyOf, openDutySql } from './incident-duties.js';

export interface IncidentTodoServices {
  ds: DataSource;
  organisation: OrganisationService;
}

const count = async (ds: DataSource, sql: string, params: unknown[]): Promise<number> =>
  Number(((await ds.query(sql, params)) as { n: number }[])[0]?.n ?? 0);

export function incidentsTodos(s: IncidentTodoServices): TodoSource[] {
  const { ds, organisation } = s;
  return [
    {
      id: 'incidents.toAcknowledge',
      title: 'インシデントの報告の確認',
      link: '/incidents?state=REPORTED',
      authorities: [Authority.MANAGER, Authority.DEPUTY_CHIEF, Authority.CHIEF],
      // reports this person was asked to acknowledge (the manager, or up the chain when unanswered)
      count: (ctx) =>
        count(
          ds,
          `SELECT count(*)::int AS n FROM incident i WHERE i.state = 'REPORTED' AND EXISTS (
             SELECT 1 FROM incident_event e WHERE e."incidentId" = i.id AND e.kind = 'NOTIFIED' AND e."staffId" = $1)`,
          [ctx.staffId],
        ),
    },
    {
      id: 'incidents.stepsWaiting',
      title: 'インシデントの対応手順の実施',
      link: '/incidents?steps=mine',
      authorities: [Authority.OPERATOR],
      // open steps of open incidents for a role this person holds today (an operations manager's:
      // of their own sections, A6), and the "anyone on the spot" steps of what they reported
      count: async (ctx) => {
        const duty = await dutyOf(organisation, ctx);
        return count(
          ds,
          `SELECT count(*)::int AS n FROM incident_step s JOIN incident i ON i.id = s."incidentId"
            WHERE ${openDutySql('s', 'i', { staffId: '$1', roles: '$2::text[]', sections: '$3::uuid[]' })}`,
          [duty.staffId, duty.roles, duty.sections],
        );
      },
    },
  ];
}
