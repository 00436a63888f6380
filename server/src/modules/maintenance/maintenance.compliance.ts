// What the maintenance module tells the compliance view (A26): outside people's entries into the
// 電算室等 that no work order of the manager covers. "As of" a past day: entries received by the end
// of it, orders as instructed and cancelled by then, the manager's looks recorded by then.
import type { DataSource } from 'typeorm';
import type { ComplianceControl, ComplianceFinding } from '../../shared/module.js';
import { COUNT_UNCOVERED } from './work-order.sql.js';

export interface MaintenanceComplianceServices {
  ds: DataSource;
}

/**
 * ATTENTION, not VIOLATION: the entry itself was authorised (an entry without authorisation is
 * A12.2's violation) and escorted, but the register does not say what the person did there. An
 * outside person in a server room is usually maintenance, yet may be a delivery, an inspection or
 * a visit: the manager looks at each and records what it was, or, when it was maintenance, that it
 * was done without an instruction (the note stays on the record). Either way someone must look.
 */
export function maintenanceCompliance(s: MaintenanceComplianceServices): ComplianceControl[] {
  const { ds } = s;
  return [
    {
      article: 'A26',
      title: '外部の者の電算室等への入室が、管理者の保守作業の指示に基づいていること',
      link: '/maintenance',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const rows = (await ds.query(COUNT_UNCOVERED, [ctx.asOf])) as { n: number }[];
        const n = Number(rows[0]?.n ?? 0);
        if (n > 0)
          return {
            status: 'ATTENTION',
            reason: `作業の指示のない外部の者の入室が${n}件あり、管理者の確認を待っています`,
            link: '/maintenance#uncovered',
          };
        return { status: 'OK', reason: '外部の者の入室はすべて作業の指示に基づいているか、確認済みです' };
      },
    },
  ];
}
