import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Authority } from '../../shared/authority.js';
import { authoritiesSql, toAuthorities } from './authority.service.js';
import { NOT_AN_IDENTITY_CHANGE, type PrincipalCache } from './principal-cache.js';
import { StaffSession } from './session.entity.js';

/** A live session and what its holder may do today, read in one statement. */
export interface LiveSession {
  id: string;
  staffId: string;
  expiresAt: Date;
  authorities: Set<Authority>;
}

export interface SessionSettings {
  hours: number;
  idleMinutes: number;
  now: () => Date;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

interface SessionRow {
  id: string;
  staffId: string;
  expiresAt: Date;
  lastSeenAt: Date;
  authorities: Set<Authority>;
}

/** Browser sessions: random token in an httpOnly cookie, its hash in the database, absolute and idle expiry. */
export class SessionService {
  constructor(
    private readonly ds: DataSource,
    private readonly settings: SessionSettings,
    private readonly cache: PrincipalCache,
  ) {}

  async create(
    em: EntityManager,
    staffId: string,
    clientAddress: string | null,
    userAgent: string | null,
  ): Promise<{ token: string; session: StaffSession }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.settings.now();
    const session = await em.getRepository(StaffSession).save({
      tokenHash: sha256(token),
      staffId,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.settings.hours * 3_600_000),
      clientAddress,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return { token, session };
  }

  /**
   * The live session of a cookie token with its holder's authorities on `today`, or null (unknown,
   * revoked, expired or idle too long). One statement, and none while the answer is in the
   * principal cache (dropped on any change to sessions, staff or roles: principal-cache.ts).
   */
  async resolve(token: string | undefined, today: string): Promise<LiveSession | null> {
    if (!token || token.length > 100) return null;
    const now = this.settings.now();
    const hash = sha256(token);
    const row = await this.cache.get(`session:${hash}:${today}`, now.getTime(), () => this.load(hash, today, now));
    if (!row || row.expiresAt <= now || row.lastSeenAt <= this.idleSince(now)) return null;
    // Refresh the idle clock at most once a minute (a write that changes no one's identity).
    if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
      await this.ds.query(`${NOT_AN_IDENTITY_CHANGE} UPDATE staff_session SET "lastSeenAt" = $1 WHERE id = $2`, [
        now,
        row.id,
      ]);
      row.lastSeenAt = now;
    }
    return { id: row.id, staffId: row.staffId, expiresAt: row.expiresAt, authorities: new Set(row.authorities) };
  }

  private idleSince(now: Date): Date {
    return new Date(now.getTime() - this.settings.idleMinutes * 60_000);
  }

  private async load(hash: string, today: string, now: Date): Promise<SessionRow | null> {
    const [row]: (Omit<SessionRow, 'authorities'> & { authorities: string[] })[] = await this.ds.query(
      `SELECT s.id, s."staffId", s."expiresAt", s."lastSeenAt", ${authoritiesSql('s."staffId"', '$4::date')} AS authorities
         FROM staff_session s
        WHERE s."tokenHash" = $1 AND s."revokedAt" IS NULL AND s."expiresAt" > $2 AND s."lastSeenAt" > $3`,
      [hash, now, this.idleSince(now), today],
    );
    return row ? { ...row, authorities: toAuthorities(row.authorities) } : null;
  }

  async revoke(em: EntityManager, sessionId: string): Promise<void> {
    await em.getRepository(StaffSession).update({ id: sessionId }, { revokedAt: this.settings.now() });
  }

  /** Signs a person out of every browser; returns how many sessions ended. */
  async revokeAll(em: EntityManager, staffId: string, exceptSessionId?: string): Promise<number> {
    const qb = em
      .createQueryBuilder()
      .update(StaffSession)
      .set({ revokedAt: this.settings.now() })
      .where('"staffId" = :staffId AND "revokedAt" IS NULL', { staffId });
    if (exceptSessionId) qb.andWhere('id <> :exceptSessionId', { exceptSessionId });
    const res = await qb.execute();
    return res.affected ?? 0;
  }
}
