// Password lockout that cannot be used against the city: a lock expires and escalates (15 min,
// 1 h, 24 h by the locks of the last 7 days), and an unknown staff number is counted exactly like
// a real one (its own row, keyed by an HMAC of the number), so neither the answers nor the
// back-off tell them apart. Passkeys do not read any of this.
import { createHmac } from 'node:crypto';
import type { DataSource, EntityManager, EntityTarget } from 'typeorm';
import type { LockState } from './lock-state.entity.js';
import { SignInUnknownAccount } from './sign-in-unknown-account.entity.js';
import { StaffCredential } from './staff-credential.entity.js';

/** 10 consecutive failures lock the password sign-in (REQUIREMENTS §8 via the identity issue). */
export const LOCK_AFTER_FAILURES = 10;
/** the 1st, 2nd and 3rd (and later) lock within LOCK_ESCALATION_DAYS last this many minutes */
export const LOCK_MINUTES = [15, 60, 24 * 60] as const;
export const LOCK_ESCALATION_DAYS = 7;

/** From the 3rd failure on, each attempt waits 1, 2, 4 … seconds (at most 60) after the previous failure. */
export function backoffSeconds(failures: number): number {
  return failures < 3 ? 0 : Math.min(60, 2 ** (failures - 3));
}

export function lockMinutes(lockCount: number): number {
  return LOCK_MINUTES[Math.min(Math.max(lockCount, 1), LOCK_MINUTES.length) - 1];
}

/** A staff member with a password, or a staff number that names nobody (keyed by unknownKey). */
export type LockSubject = { kind: 'staff'; staffId: string } | { kind: 'unknown'; key: string };

export const unknownKey = (hmacKey: Buffer, staffNumber: string): string =>
  createHmac('sha256', hmacKey).update(`staff-number:${staffNumber}`).digest('hex');

/** Both kinds embed LockState without a prefix: the statements below name its fields as columns. */
const ENTITIES: Record<LockSubject['kind'], EntityTarget<{ lock: LockState }>> = {
  staff: StaffCredential,
  unknown: SignInUnknownAccount,
};
const tableOf = (em: EntityManager, s: Pick<LockSubject, 'kind'>) => {
  const meta = em.connection.getMetadata(ENTITIES[s.kind]);
  return { table: meta.tablePath, key: `"${meta.primaryColumns[0].databaseName}"` };
};
const idOf = (s: LockSubject) => (s.kind === 'staff' ? s.staffId : s.key);

/** TypeORM answers an UPDATE … RETURNING with [rows, affected]; a SELECT with rows. */
const rowsOf = <T = unknown>(raw: unknown): T[] => (Array.isArray(raw) && Array.isArray(raw[0]) ? raw[0] : raw) as T[];

// t: the row as it was. An expired lock starts a fresh count; otherwise the back-off must have passed.
const COUNT = `"failedAttempts" = CASE WHEN t."lockedUntil" IS NOT NULL THEN 1 ELSE t."failedAttempts" + 1 END,
  "lockedUntil" = NULL, "lastFailedAt" = $2`;
const MAY_TRY = `(t."lockedUntil" IS NULL OR t."lockedUntil" <= $2)
  AND (t."lockedUntil" IS NOT NULL OR t."failedAttempts" < 3 OR t."lastFailedAt" IS NULL
       OR t."lastFailedAt" + make_interval(secs => LEAST(60, power(2, t."failedAttempts" - 3))) <= $2)`;

export class PasswordLockout {
  constructor(private readonly ds: DataSource) {}

  /**
   * Reserves one attempt before the password is checked, counting it as a failure: one statement,
   * serialised on the row, succeeds only if the subject is not locked and the back-off has passed,
   * so parallel guesses cannot all slip past the limit. The same single statement for both kinds.
   * Returns the failure count including this attempt, or null when refused.
   */
  async reserve(subject: LockSubject, now: Date): Promise<number | null> {
    const { table, key } = tableOf(this.ds.manager, subject);
    const sql =
      subject.kind === 'staff'
        ? `UPDATE ${table} AS t SET ${COUNT} WHERE t.${key} = $1 AND ${MAY_TRY} RETURNING "failedAttempts"`
        : `INSERT INTO ${table} AS t (${key}, "failedAttempts", "lastFailedAt") VALUES ($1, 1, $2)
           ON CONFLICT (${key}) DO UPDATE SET ${COUNT} WHERE ${MAY_TRY} RETURNING "failedAttempts"`;
    const [row] = rowsOf<{ failedAttempts: number }>(await this.ds.query(sql, [idOf(subject), now]));
    return row?.failedAttempts ?? null;
  }

  /** The subject's lock state as of `now` (lockedUntil null once the lock has ended). */
  async state(subject: LockSubject, now: Date): Promise<LockState> {
    const row = await this.read(this.ds.manager, subject);
    const lockedUntil = row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
    return {
      failedAttempts: row?.failedAttempts ?? 0,
      lastFailedAt: row?.lastFailedAt ?? null,
      lockedAt: row?.lockedAt ?? null,
      lockedUntil,
      lockCount: row?.lockCount ?? 0,
    };
  }

  /**
   * A manager or system administrator lifts a lock and the failure count before the lock ends; the
   * lock stays on record (lockedAt, lockCount), so a new lock within 7 days still escalates.
   * Returns the state before, or null if the subject has no row.
   */
  async lift(em: EntityManager, subject: LockSubject): Promise<LockState | null> {
    const before = await this.read(em, subject);
    if (!before) return null;
    const { table, key } = tableOf(em, subject);
    await em.query(
      `UPDATE ${table} SET "lockedUntil" = NULL, "failedAttempts" = 0, "lastFailedAt" = NULL WHERE ${key} = $1`,
      [idOf(subject)],
    );
    return before;
  }

  private async read(em: EntityManager, subject: LockSubject): Promise<LockState | null> {
    const { table, key } = tableOf(em, subject);
    const [row] = rowsOf<LockState>(
      await em.query(
        `SELECT "failedAttempts", "lastFailedAt", "lockedAt", "lockedUntil", "lockCount" FROM ${table} WHERE ${key} = $1`,
        [idOf(subject)],
      ),
    );
    return row ?? null;
  }

  /** Counts a failure outside sign-in (a wrong current password); returns the count. */
  async countFailure(em: EntityManager, subject: LockSubject, now: Date): Promise<number> {
    const { table, key } = tableOf(em, subject);
    const [row] = rowsOf<{ failedAttempts: number }>(
      await em.query(
        `UPDATE ${table} AS t SET
           "failedAttempts" = CASE WHEN t."lockedUntil" <= $2 THEN 1 ELSE t."failedAttempts" + 1 END,
           "lockedUntil" = CASE WHEN t."lockedUntil" <= $2 THEN NULL ELSE t."lockedUntil" END,
           "lastFailedAt" = $2
         WHERE t.${key} = $1 RETURNING "failedAttempts"`,
        [idOf(subject), now],
      ),
    );
    return row?.failedAttempts ?? 0;
  }

  /**
   * Locks the subject unless it is locked already: 15 min, 1 h or 24 h by how many locks began in
   * the last LOCK_ESCALATION_DAYS. Returns the lock, or null if it was locked already.
   */
  async lock(em: EntityManager, subject: LockSubject, now: Date): Promise<{ until: Date; lockCount: number } | null> {
    const { table, key } = tableOf(em, subject);
    const count = `(CASE WHEN t."lockedAt" > $3 THEN t."lockCount" + 1 ELSE 1 END)`;
    const [row] = rowsOf<{ lockCount: number; lockedUntil: Date }>(
      await em.query(
        `UPDATE ${table} AS t SET "lockCount" = ${count}, "lockedAt" = $2,
           "lockedUntil" = $2::timestamptz + make_interval(mins => ($4::int[])[LEAST(${count}, ${LOCK_MINUTES.length})])
         WHERE t.${key} = $1 AND (t."lockedUntil" IS NULL OR t."lockedUntil" <= $2)
         RETURNING "lockCount", "lockedUntil"`,
        [idOf(subject), now, new Date(now.getTime() - LOCK_ESCALATION_DAYS * 86_400_000), [...LOCK_MINUTES]],
      ),
    );
    return row ? { until: row.lockedUntil, lockCount: row.lockCount } : null;
  }

  /** A correct password: the count starts again, unless a concurrent failure locked the subject meanwhile. */
  async reset(em: EntityManager, subject: LockSubject, now: Date): Promise<boolean> {
    const { table, key } = tableOf(em, subject);
    const rows = rowsOf(
      await em.query(
        `UPDATE ${table} SET "failedAttempts" = 0, "lastFailedAt" = NULL
         WHERE ${key} = $1 AND ("lockedUntil" IS NULL OR "lockedUntil" <= $2) RETURNING ${key}`,
        [idOf(subject), now],
      ),
    );
    return rows.length > 0;
  }

  /** Forgets unknown staff numbers whose failures no longer matter (past the escalation window). */
  async pruneUnknown(now: Date): Promise<number> {
    const before = new Date(now.getTime() - LOCK_ESCALATION_DAYS * 86_400_000);
    const rows = rowsOf(
      await this.ds.query(
        `DELETE FROM ${tableOf(this.ds.manager, { kind: 'unknown' }).table} WHERE "lastFailedAt" < $1 AND ("lockedUntil" IS NULL OR "lockedUntil" < $1) RETURNING "key"`,
        [before],
      ),
    );
    return rows.length;
  }
}
