// What the incidents module asks of a person on the 対応が必要 home: reports waiting for their
// acknowledgement, and steps that are theirs to do (A19, A22, A27–A30, A12.2).
import type { DataSource } from 'typeorm';
import { Authority, OrgRole } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';
import type { OrganisationService } from '../organisation/index.js';

export interface IncidentTodoServices {
  ds: DataSource;
  organisation: OrganisationService;
}

const count = async (ds: DataSource, sql: string, params: unknown[]): Promise<number> =>
  Number(((await ds.query(sql, params)) as { n: number }[])[0]?.n ?? 0);

/** The city-wide roles whose steps a person does: those they hold today (acting included). */
const CITY_ROLES = [OrgRole.MANAGER, OrgRole.DEPUTY_CHIEF, OrgRole.CHIEF];

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
        const roles = CITY_ROLES.filter((r) => ctx.authorities.has(r as unknown as Authority));
        const sections = ctx.authorities.has(Authority.OPERATIONS_MANAGER)
          ? (await organisation.assignmentsOfStaff([ctx.staffId], ctx.today))
              .filter((a) => a.role === OrgRole.OPERATIONS_MANAGER && a.sectionId)
              .map((a) => a.sectionId!)
          : [];
        return count(
          ds,
          `SELECT count(*)::int AS n FROM incident_step s JOIN incident i ON i.id = s."incidentId"
            WHERE i.state <> 'CLOSED' AND s."doneAt" IS NULL AND s."waivedAt" IS NULL
              AND ((s.role IS NULL AND i."reportedById" = $1)
                OR s.role::text = ANY($2::text[])
                OR (s.role = 'OPERATIONS_MANAGER' AND i."sectionId" = ANY($3::uuid[])))`,
          [ctx.staffId, roles, sections],
        );
      },
    },
  ];
}
