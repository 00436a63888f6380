import { describe, expect, it } from 'vitest';
import { NOT_AN_IDENTITY_CHANGE, writesIdentity } from './principal-cache.js';

describe('Hardening §7: which statements may change who a caller is', () => {
  it.each([
    `UPDATE "staff_session" SET "revokedAt" = $1 WHERE "staffId" = $2`,
    `INSERT INTO "role_assignment"("id", "role") VALUES (DEFAULT, $1)`,
    `DELETE FROM "public"."app_role_grant" WHERE id = $1`,
    `WITH x AS (UPDATE api_token SET "revokedAt" = now() RETURNING id) SELECT count(*) FROM x`,
    `update acting_assignment set "endsOn" = $1`,
    `UPDATE staff SET active = false WHERE id = $1`,
    `TRUNCATE audit_entry, staff CASCADE`,
    `ALTER TABLE staff_credential ADD COLUMN x int`,
    `UPDATE "door_device" SET "revokedAt" = $1 WHERE "id" IN ($2)`,
    `INSERT INTO "door_device"("id", "name", "credentialHash") VALUES (DEFAULT, $1, $2)`,
    `INSERT INTO "door_device_room"("deviceId", "roomId") VALUES ($1, $2)`,
  ])('yes: %s', (sql) => expect(writesIdentity(sql)).toBe(true));

  it.each([
    `SELECT s.id FROM staff_session s WHERE s."tokenHash" = $1`,
    `SELECT * FROM staff WHERE id = $1 FOR UPDATE`,
    `INSERT INTO "access_event"("staffId") SELECT id FROM staff WHERE id = $1`,
    `UPDATE "staff_sessions_archive" SET x = 1`,
    `INSERT INTO room_authorisation ("staffId") VALUES ($1) ON CONFLICT DO UPDATE SET note = $2`,
    `${NOT_AN_IDENTITY_CHANGE} UPDATE staff_session SET "lastSeenAt" = $1 WHERE id = $2`,
    `${NOT_AN_IDENTITY_CHANGE} UPDATE door_device SET "lastSeenAt" = $1 WHERE id = $2`,
    `UPDATE door_device_pin_fault SET faults = 0 WHERE "deviceId" = $1`,
    `INSERT INTO door_device_pin_fault ("deviceId", faults) VALUES ($1, 1)`,
  ])('no: %s', (sql) => expect(writesIdentity(sql)).toBe(false));
});
