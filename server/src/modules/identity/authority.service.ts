import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';

/**
 * SQL for the authorities `staff` holds on `today` (both SQL expressions), as text[]: role
 * assignments in force, acting assignments in force (A9.7), system roles, and OPERATOR for an
 * active staff member. One sub-select, so a session or token look-up can carry it in the same
 * statement (one round trip per request, hardening §7) — never cached, so a removed role or a
 * revoked session is seen on the next request.
 */
export function authoritiesSql(staff: string, today: string): string {
  return `ARRAY(
      SELECT 'OPERATOR' FROM staff WHERE id = ${staff} AND active
      UNION SELECT role::text FROM role_assignment
        WHERE "staffId" = ${staff} AND "validFrom" <= ${today} AND ("validTo" IS NULL OR "validTo" >= ${today})
      UNION SELECT role::text FROM acting_assignment
        WHERE "actingStaffId" = ${staff} AND "startsOn" <= ${today} AND "endsOn" >= ${today}
      UNION SELECT role::text FROM app_role_grant WHERE "staffId" = ${staff} AND "revokedAt" IS NULL)`;
}

/** The authorities of authoritiesSql's rows, in the enum's order; none for someone no longer employed. */
export function toAuthorities(names: readonly string[]): Set<Authority> {
  const all = new Set<string>(names);
  if (!all.has(Authority.OPERATOR)) return new Set();
  return new Set(Object.values(Authority).filter((a) => all.has(a)));
}

/**
 * Authority follows the role holders of the organisation (REQUIREMENTS §8). The original holder
 * keeps the role while someone acts for it.
 */
export class AuthorityService {
  constructor(private readonly ds: DataSource) {}

  async authoritiesOf(staffId: string, today: string): Promise<Set<Authority>> {
    const [row]: { authorities: string[] }[] = await this.ds.query(
      `SELECT ${authoritiesSql('$1::uuid', '$2::date')} AS authorities`,
      [staffId, today],
    );
    return toAuthorities(row.authorities);
  }
}
