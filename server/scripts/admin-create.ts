// npm run admin:create -- --staff-number 200302 --family 林 --given 健太 --family-kana はやし
//   --given-kana けんた --title 情報システム係長 --department 企画部 --section 情報政策課
// The first system administrator of a real installation (SEED_DEMO=false): creates the department
// and section by name if missing, the staff member if missing, grants SYSTEM_ADMINISTRATOR and sets
// a random password, printed once. Run again for the same staff number to issue a new password.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { IsNull } from 'typeorm';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { AuditOutcome, SYSTEM_ACTOR } from '../src/shared/audit.js';
import { AuditTrailService } from '../src/modules/audit-trail/index.js';
import { AppRoleGrant, hashSecret, StaffCredential } from '../src/modules/identity/index.js';
import { Department, Section, Staff } from '../src/modules/organisation/index.js';
import { AppRole } from '../src/shared/authority.js';
import { loadOrCreateSecrets } from '../src/shared/secrets.js';

const { values: a } = parseArgs({
  args: process.argv.slice(2).filter((x) => x !== '--'),
  options: Object.fromEntries(
    ['staff-number', 'family', 'given', 'family-kana', 'given-kana', 'title', 'department', 'section'].map((k) => [
      k,
      { type: 'string' as const },
    ]),
  ),
});
const missing = ['staff-number', 'family', 'given', 'family-kana', 'given-kana', 'department', 'section'].filter(
  (k) => !a[k],
);
if (missing.length) {
  console.error(`admin:create: missing --${missing.join(', --')}`);
  process.exit(2);
}

const config = loadConfig();
const secrets = await loadOrCreateSecrets(config.secretsDir);
const db = await openDatabase(config, pino({ level: 'warn' }), { shareRunning: true });
try {
  const password = randomBytes(12).toString('base64url');
  const audit = new AuditTrailService(db.dataSource, secrets.auditChainKey);
  await db.dataSource.transaction(async (em) => {
    const nextCode = async (table: 'department' | 'section', prefix: string) => {
      const [{ n }] = await em.query(`SELECT count(*)::int + 1 AS n FROM ${table}`);
      return `${prefix}${String(n).padStart(2, '0')}`;
    };
    const dept =
      (await em.getRepository(Department).findOneBy({ name: a.department! })) ??
      (await em
        .getRepository(Department)
        .save({ code: await nextCode('department', 'D'), name: a.department!, nameKana: '' }));
    const section =
      (await em.getRepository(Section).findOneBy({ name: a.section!, departmentId: dept.id })) ??
      (await em
        .getRepository(Section)
        .save({ code: await nextCode('section', 'S'), name: a.section!, nameKana: '', departmentId: dept.id }));
    let staff = await em.getRepository(Staff).findOneBy({ staffNumber: a['staff-number']! });
    staff ??= await em.getRepository(Staff).save({
      staffNumber: a['staff-number']!,
      familyName: a.family!,
      givenName: a.given!,
      familyNameKana: a['family-kana']!,
      givenNameKana: a['given-kana']!,
      title: a.title ?? 'システム管理者',
      sectionId: section.id,
    });
    await em.getRepository(StaffCredential).upsert(
      {
        staffId: staff.id,
        passwordHash: await hashSecret(secrets.hmacKey, password),
        passwordChangedAt: new Date(),
        // lifts a password lock as unlockAccount does (lockedAt and lockCount stay on record)
        lock: { failedAttempts: 0, lastFailedAt: null, lockedUntil: null },
      },
      ['staffId'],
    );
    const granted = await em
      .getRepository(AppRoleGrant)
      .existsBy({ staffId: staff.id, role: AppRole.SYSTEM_ADMINISTRATOR, revokedAt: IsNull() });
    if (!granted)
      await em.getRepository(AppRoleGrant).insert({ staffId: staff.id, role: AppRole.SYSTEM_ADMINISTRATOR });
    await audit.record(em, {
      actor: SYSTEM_ACTOR,
      action: 'Command.adminCreate',
      targetType: 'Staff',
      targetId: staff.id,
      outcome: AuditOutcome.OK,
      changes: { role: [null, AppRole.SYSTEM_ADMINISTRATOR], password: [null, 'set (not recorded)'] },
    });
  });
  console.log(`system administrator ${a['staff-number']} is ready. Initial password (shown once): ${password}`);
} finally {
  await db.close();
}
process.exit(0);
