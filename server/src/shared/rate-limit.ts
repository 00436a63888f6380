// Rate limits per client address (sign-in, device pairing), kept in PostgreSQL so they hold
// across restarts and server processes: rate-limiter-flexible over the application's pool.
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { AppError, CommonErrorCode } from './errors.js';

export const RATE_LIMITED = CommonErrorCode.TOO_MANY_REQUESTS;

export interface RateLimitSettings {
  signInPerAddress: number;
  pairingPerAddress: number;
  /** window of both, in seconds */
  windowSeconds: number;
}

export class AddressRateLimits {
  private readonly signIn: RateLimiterPostgres;
  private readonly pairing: RateLimiterPostgres;

  constructor(ds: DataSource, s: RateLimitSettings) {
    const base = {
      storeClient: ds,
      storeType: 'typeorm',
      tableName: 'rate_limit',
      tableCreated: true,
      duration: s.windowSeconds,
    };
    this.signIn = new RateLimiterPostgres({ ...base, keyPrefix: 'signin', points: s.signInPerAddress });
    this.pairing = new RateLimiterPostgres({ ...base, keyPrefix: 'pairing', points: s.pairingPerAddress });
  }

  consumeSignIn(address: string | null): Promise<void> {
    return consume(this.signIn, address);
  }

  consumePairing(address: string | null): Promise<void> {
    return consume(this.pairing, address);
  }
}

async function consume(limiter: RateLimiterPostgres, address: string | null): Promise<void> {
  try {
    await limiter.consume(address ?? 'unknown');
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw new AppError(
      RATE_LIMITED,
      `この端末からの試行が多すぎます。${retryAfterSeconds}秒後にお試しください (too many attempts from this address)`,
      { retryAfterSeconds },
    );
  }
}
