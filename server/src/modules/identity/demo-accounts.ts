// The demo office's staff all share one published password (DEMO_PASSWORD). Such an account signs
// in only from the server machine itself (loopback), unless DEMO_SIGN_IN_FROM names more addresses:
// an installation opened on the LAN with the demo still in it is not an open door.
import type { DataSource } from 'typeorm';
import { addressAllowed } from '../../shared/client-address.js';
import type { RequestMeta } from '../../shared/audit.js';

/** app_meta row the demo seed writes, with the ids of the staff it created (db/seed/demo-seed.ts). */
export const DEMO_SEED_MARKER = 'demo_seed';
export const DEMO_LOCAL_ONLY =
  'デモ用アカウントはサーバー本体からのみサインインできます (demo accounts sign in only on the server machine)';

export class DemoAccounts {
  constructor(
    private readonly ds: DataSource,
    private readonly allowedFrom: 'any' | string[],
  ) {}

  /** True when this staff member is a demo account and the request comes from an address not allowed for it. */
  async refuses(staffId: string, meta: Pick<RequestMeta, 'clientAddress'>): Promise<boolean> {
    if (addressAllowed(meta.clientAddress, this.allowedFrom)) return false;
    const rows = (await this.ds.query(
      `SELECT 1 FROM app_meta WHERE key = $1 AND jsonb_exists(COALESCE(value -> 'staffIds', '[]'::jsonb), $2)`,
      [DEMO_SEED_MARKER, staffId],
    )) as unknown[];
    return rows.length > 0;
  }
}
