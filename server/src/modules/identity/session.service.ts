import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { StaffSession } from './session.entity.js';

export interface SessionSettings {
  hours: number;
  idleMinutes: number;
  now: () => Date;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Browser sessions: random token in an httpOnly cookie, its hash in the database, absolute and idle expiry. */
export class SessionService {
  constructor(
    private readonly ds: DataSource,
    private readonly settings: SessionSettings,
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

  /** The live session of a cookie token, or null (unknown, revoked, expired or idle too long). */
  async resolve(token: string | undefined): Promise<StaffSession | null> {
    if (!token || token.length > 100) return null;
    const now = this.settings.now();
    const idleSince = new Date(now.getTime() - this.settings.idleMinutes * 60_000);
    const session = await this.ds
      .getRepository(StaffSession)
      .createQueryBuilder('s')
      .where('s.tokenHash = :h', { h: sha256(token) })
      .andWhere('s.revokedAt IS NULL AND s.expiresAt > :now AND s.lastSeenAt > :idleSince', { now, idleSince })
      .getOne();
    if (!session) return null;
    // Refresh the idle clock at most once a minute.
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
      await this.ds.getRepository(StaffSession).update(session.id, { lastSeenAt: now });
      session.lastSeenAt = now;
    }
    return session;
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
