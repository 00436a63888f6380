import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';

/**
 * Authority follows the role holders of the organisation (REQUIREMENTS §8): role assignments in
 * force today, acting assignments in force today (A9.7), system roles, and OPERATOR for every
 * active staff member. The original holder keeps the role while someone acts for it.
 */
export class AuthorityService {
  constructor(private readonly ds: DataSource) {}

  async authoritiesOf(staffId: string, today: string): Promise<Set<Authority>> {
    const rows: { authority: string }[] = await this.ds.query(
      `SELECT 'OPERATOR' AS authority FROM staff WHERE id = $1 AND active
       UNION SELECT role::text FROM role_assignment
         WHERE "staffId" = $1 AND "validFrom" <= $2 AND ("validTo" IS NULL OR "validTo" >= $2)
       UNION SELECT role::text FROM acting_assignment
         WHERE "actingStaffId" = $1 AND "startsOn" <= $2 AND "endsOn" >= $2
       UNION SELECT role::text FROM app_role_grant WHERE "staffId" = $1 AND "revokedAt" IS NULL`,
      [staffId, today],
    );
    const all = new Set<string>(rows.map((r) => r.authority));
    // Someone no longer employed holds nothing.
    if (!all.has(Authority.OPERATOR)) return new Set();
    return new Set(Object.values(Authority).filter((a) => all.has(a)));
  }
}
