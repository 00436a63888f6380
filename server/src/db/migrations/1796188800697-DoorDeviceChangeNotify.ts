import type { MigrationInterface, QueryRunner } from 'typeorm';

// By hand: a door tablet's credential, revocation and rooms decide who a device caller is, as
// sessions and roles decide a person (IdentityChangeNotify): the principal cache now keeps a
// tablet's credential look-up too (Hardening §7), so a change to door_device or door_device_room
// tells every server at once (NOTIFY jukinet_identity). The tablet's last-seen time changes once a
// minute of use and decides nothing the cache keeps: an update of it alone does not notify.
export class DoorDeviceChangeNotify1796188800697 implements MigrationInterface {
  name = 'DoorDeviceChangeNotify1796188800697';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TRIGGER identity_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "door_device_room"
      FOR EACH STATEMENT EXECUTE FUNCTION identity_changed()`);
    await q.query(`CREATE TRIGGER identity_changed AFTER INSERT OR DELETE OR TRUNCATE ON "door_device"
      FOR EACH STATEMENT EXECUTE FUNCTION identity_changed()`);
    await q.query(`CREATE TRIGGER identity_changed_row AFTER UPDATE ON "door_device" FOR EACH ROW
      WHEN ((to_jsonb(OLD) - 'lastSeenAt') IS DISTINCT FROM (to_jsonb(NEW) - 'lastSeenAt'))
      EXECUTE FUNCTION identity_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER identity_changed_row ON "door_device"');
    await q.query('DROP TRIGGER identity_changed ON "door_device"');
    await q.query('DROP TRIGGER identity_changed ON "door_device_room"');
  }
}
