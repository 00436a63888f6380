/**
 * SQL for the staff who hold a role's authority on a day (both SQL expressions; the role as an
 * org_role, the day as a date): the holders of its role assignments in force and anyone acting for
 * it (A9.7). One id per row, column `id`. The one place "who is the chief / the manager today" is
 * written: OrganisationService.authorityHoldersOn runs it; a count that needs it inside one
 * statement (a to-do) embeds it.
 */
export function authorityHoldersSql(role: string, on: string): string {
  return `SELECT "staffId" AS id FROM role_assignment
         WHERE role = ${role} AND "validFrom" <= ${on} AND ("validTo" IS NULL OR "validTo" >= ${on})
       UNION SELECT "actingStaffId" FROM acting_assignment
         WHERE role = ${role} AND "startsOn" <= ${on} AND "endsOn" >= ${on}`;
}
