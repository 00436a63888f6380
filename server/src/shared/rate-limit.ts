// Rate limits of sign-in and device pairing, kept in PostgreSQL so they hold across restarts and
// server processes: rate-limiter-flexible over the application's pool. The client address is the
// one Fastify derives (through TRUST_PROXY only); an IPv6 address counts by its /64, which one
// home or office line usually holds whole.
import { isIPv4, isIPv6 } from 'node:net';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { AppError, CommonErrorCode } from './errors.js';

export const RATE_LIMITED = CommonErrorCode.TOO_MANY_REQUESTS;

export interface RateLimitSettings {
  /** failed password sign-ins per client address (or IPv6 /64), and passkey sign-ins begun and not finished */
  signInPerAddress: number;
  /** failed password sign-ins for one staff number (known or not), from anywhere */
  signInPerAccount: number;
  /** failed password sign-ins in all, from anywhere: the brake on a spread-out attack */
  signInGlobal: number;
  pairingPerAddress: number;
  /** window of all, in seconds */
  windowSeconds: number;
}

/** The rate-limit key of an address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64. */
export function addressKey(address: string | null): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIPv4(address)) return address;
  const bare = address.replace(/%.*$/, ''); // zone id
  if (!isIPv6(bare)) return address.slice(0, 64);
  return `${expandIPv6(bare).slice(0, 4).join(':')}::/64`;
}

/** Eight hextets of an IPv6 address (a trailing dotted IPv4 part counts as two). */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((h) => (parseInt(h, 16) || 0).toString(16));
}

export class AddressRateLimits {
  private readonly signInAddress: RateLimiterPostgres;
  private readonly signInAccount: RateLimiterPostgres;
  private readonly signInGlobal: RateLimiterPostgres;
  private readonly passkey: RateLimiterPostgres;
  private readonly pairing: RateLimiterPostgres;

  constructor(ds: DataSource, s: RateLimitSettings) {
    const base = {
      storeClient: ds,
      storeType: 'typeorm',
      tableName: 'rate_limit',
      tableCreated: true,
      duration: s.windowSeconds,
    };
    this.signInAddress = new RateLimiterPostgres({ ...base, keyPrefix: 'signin', points: s.signInPerAddress });
    this.signInAccount = new RateLimiterPostgres({ ...base, keyPrefix: 'signin-account', points: s.signInPerAccount });
    this.signInGlobal = new RateLimiterPostgres({ ...base, keyPrefix: 'signin-global', points: s.signInGlobal });
    // passkeys have their own bucket: password failures from an address do not block them
    this.passkey = new RateLimiterPostgres({ ...base, keyPrefix: 'passkey', points: s.signInPerAddress });
    this.pairing = new RateLimiterPostgres({ ...base, keyPrefix: 'pairing', points: s.pairingPerAddress });
  }

  /**
   * Takes one password attempt from the address, the staff number and the whole server (each
   * refuses past its limit). A successful sign-in gives them back (forgiveSignIn): only failures
   * count. Taking first and giving back after is what keeps parallel attempts within the limits.
   */
  async consumeSignIn(address: string | null, staffNumber: string): Promise<void> {
    await consume(
      this.signInAddress,
      addressKey(address),
      'この端末からの試行が多すぎます (too many attempts from this address)',
    );
    const busy = 'サインインの試行が多すぎます (too many sign-in attempts)';
    await consume(this.signInAccount, staffNumber.slice(0, 64), busy);
    await consume(this.signInGlobal, 'all', busy);
  }

  async forgiveSignIn(address: string | null, staffNumber: string): Promise<void> {
    await Promise.all([
      this.signInAddress.reward(addressKey(address), 1),
      this.signInAccount.reward(staffNumber.slice(0, 64), 1),
      this.signInGlobal.reward('all', 1),
    ]);
  }

  /** A passkey sign-in begun (a challenge stored); forgivePasskey when it succeeds. */
  consumePasskey(address: string | null): Promise<void> {
    return consume(
      this.passkey,
      addressKey(address),
      'この端末からの試行が多すぎます (too many attempts from this address)',
    );
  }

  async forgivePasskey(address: string | null): Promise<void> {
    await this.passkey.reward(addressKey(address), 1);
  }

  consumePairing(address: string | null): Promise<void> {
    return consume(
      this.pairing,
      addressKey(address),
      'この端末からの試行が多すぎます (too many attempts from this address)',
    );
  }
}

async function consume(limiter: RateLimiterPostgres, key: string, why: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw new AppError(
      RATE_LIMITED,
      `${why}: ${retryAfterSeconds}秒後にお試しください (retry in ${retryAfterSeconds} s)`,
      {
        retryAfterSeconds,
      },
    );
  }
}
