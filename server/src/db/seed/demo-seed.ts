import type { DataSource, EntityManager } from 'typeorm';
import { AppMeta } from '../app-meta.entity.js';
import { Department, OrganisationService, Section, Staff } from '../../modules/organisation/index.js';
import { AppRoleGrant, DEMO_SEED_MARKER as MARKER, hashSecret, StaffCredential } from '../../modules/identity/index.js';
import { Room, type RoomKind } from '../../modules/access/index.js';
import type { OrgRole } from '../../shared/authority.js';
import type { AppRole } from '../../shared/authority.js';
import { seedDemoConfiguration } from './demo-configuration.js';
import { demoActing, demoAppRoles, demoAssignments, demoDepartments, demoRooms } from './demo-organisation.js';

/**
 * Seeds the fictional city office once. The marker row is written in the same transaction as
 * the data, under an advisory lock, so concurrent or repeated starts never seed twice.
 * Returns true when it seeded now.
 */
export interface DemoCredentials {
  hmacKey: Buffer;
  /** every demo staff member's password */
  password: string;
}

export async function seedDemoOnce(ds: DataSource, credentials: DemoCredentials): Promise<boolean> {
  return ds.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('jukinet.demo_seed'))`);
    if (await em.getRepository(AppMeta).existsBy({ key: MARKER })) return false;
    const staffIds = await seedDemo(em, new OrganisationService(ds));
    await seedAccounts(em, staffIds, credentials);
    for (const [code, name, kind, location] of demoRooms) {
      await em.getRepository(Room).insert({ code, name, kind: kind as RoomKind, location });
    }
    await seedDemoConfiguration(em);
    // staffIds: the demo accounts, which sign in only from loopback (identity/demo-accounts.ts)
    await em
      .getRepository(AppMeta)
      .insert({ key: MARKER, value: { seededAt: new Date().toISOString(), staffIds: [...staffIds.values()] } });
    return true;
  });
}

/**
 * A demo seeded before the marker listed its accounts: list them now (by the seed's staff numbers),
 * so that they too sign in only from loopback. Runs at every start; does nothing once listed.
 */
export async function recordDemoAccounts(ds: DataSource): Promise<void> {
  const numbers = demoDepartments.flatMap((d) => d.sections.flatMap((s) => s.staff.map(([n]) => n)));
  await ds.query(
    `UPDATE app_meta SET value = value || jsonb_build_object('staffIds',
       (SELECT COALESCE(jsonb_agg(id), '[]'::jsonb) FROM staff WHERE "staffNumber" = ANY($2)))
     WHERE key = $1 AND NOT (value ? 'staffIds')`,
    [MARKER, numbers],
  );
}

async function seedAccounts(em: EntityManager, staffIds: Map<string, string>, c: DemoCredentials): Promise<void> {
  // One hash for every demo account: they share DEMO_PASSWORD by design, so one salt reveals nothing
  // more, and 30 argon2 hashes were a second or more of every demo start (each browser test's server).
  // A password changed later gets its own salt as always.
  const ids = [...staffIds.values()];
  const passwordHash = await hashSecret(c.hmacKey, c.password);
  const rows = ids.map((staffId) => ({ staffId, passwordHash, passwordChangedAt: new Date() }));
  await em.getRepository(StaffCredential).insert(rows);
  for (const [role, staffNumber] of demoAppRoles) {
    await em.getRepository(AppRoleGrant).insert({ staffId: staffIds.get(staffNumber)!, role: role as AppRole });
  }
}

async function seedDemo(em: EntityManager, org: OrganisationService): Promise<Map<string, string>> {
  const staffIds = new Map<string, string>();
  const sectionIds = new Map<string, string>();
  let order = 0;
  for (const d of demoDepartments) {
    const dept = await em.getRepository(Department).save({
      code: d.code,
      name: d.name,
      nameKana: d.nameKana,
      sortOrder: order++,
      handlesEInformation: d.handlesEInformation ?? false,
      handlesResidentInformation: d.handlesResidentInformation ?? false,
    });
    for (const s of d.sections) {
      const section = await em.getRepository(Section).save({
        departmentId: dept.id,
        code: s.code,
        name: s.name,
        nameKana: s.nameKana,
        sortOrder: order++,
        usesJukinet: s.usesJukinet ?? false,
        handlesEInformation: s.handlesEInformation ?? false,
        handlesResidentInformation: s.handlesResidentInformation ?? false,
      });
      sectionIds.set(s.code, section.id);
      const rows = s.staff.map(([staffNumber, familyName, givenName, familyNameKana, givenNameKana, title]) => ({
        staffNumber,
        familyName,
        givenName,
        familyNameKana,
        givenNameKana,
        title,
        sectionId: section.id,
      }));
      const saved = await em.getRepository(Staff).save(rows);
      for (const st of saved) staffIds.set(st.staffNumber, st.id);
    }
  }
  for (const [role, staffNumber, sectionCode, validFrom, validTo, note] of demoAssignments) {
    await org.assignRole(
      {
        role: role as OrgRole,
        staffId: staffIds.get(staffNumber)!,
        sectionId: sectionCode ? sectionIds.get(sectionCode)! : null,
        validFrom,
        validTo,
        note,
      },
      em,
    );
  }
  for (const [role, staffNumber, startsOn, endsOn, reason] of demoActing) {
    await org.assignActing(
      { role: role as OrgRole, actingStaffId: staffIds.get(staffNumber)!, startsOn, endsOn, reason },
      em,
    );
  }
  return staffIds;
}
