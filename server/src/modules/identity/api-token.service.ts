import { createHash, randomBytes } from 'node:crypto';
import { type DataSource, type EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import type { IdentityAction } from './identity.policy.js';
import { ApiToken } from './api-token.entity.js';
import { type Authority, type TokenScope } from '../../shared/authority.js';
import { authoritiesSql, toAuthorities } from './authority.service.js';
import { IdentityError, IdentityErrorCode } from './identity.errors.js';
import { mayAct } from '../../shared/access-scope.js';
import { NOT_AN_IDENTITY_CHANGE, type PrincipalCache } from './principal-cache.js';
import type { Reauthenticate, ReauthenticationProof } from './reauthentication.service.js';

const PREFIX = 'jkn_';
const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
export const MAX_TOKEN_DAYS = 365;
/** live (unrevoked, unexpired) tokens a person may hold at once */
export const MAX_LIVE_TOKENS = 20;

/** A live token and what its owner may do today, read in one statement. */
export interface LiveToken {
  id: string;
  staffId: string;
  expiresAt: Date;
  scopes: TokenScope[];
  authorities: Set<Authority>;
}

interface TokenRow {
  id: string;
  staffId: string;
  expiresAt: Date;
  lastUsedAt: Date | null;
  scopes: TokenScope[];
  authorities: Set<Authority>;
}

/** Personal access tokens for API clients: scoped, expiring, revocable, stored hashed. */
export class ApiTokenService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<IdentityAction>,
    private readonly now: () => Date,
    private readonly reauthenticate: Reauthenticate,
    private readonly cache: PrincipalCache,
  ) {}

  async create(
    staffId: string,
    name: string,
    scopes: TokenScope[],
    days: number,
    proof: ReauthenticationProof,
    meta: RequestMeta,
  ): Promise<{ token: string; info: ApiToken }> {
    if (!name.trim() || scopes.length === 0 || days < 1 || days > MAX_TOKEN_DAYS) {
      throw new IdentityError(
        IdentityErrorCode.INVALID_TOKEN_REQUEST,
        `名前・範囲を指定し、有効期間は1〜${MAX_TOKEN_DAYS}日にしてください (name, scopes and 1–${MAX_TOKEN_DAYS} days)`,
      );
    }
    // A token outlives the session it was made in: a stolen session alone must not mint one. The
    // current password (a wrong one counts as a failed sign-in) or a fresh passkey assertion, for
    // staff who sign in with a passkey; a refusal is audited under this action.
    const reauthenticatedWith = await this.reauthenticate(staffId, proof, meta);
    const token = PREFIX + randomBytes(32).toString('base64url');
    return this.ds.transaction(async (em) => {
      // one person's tokens queue here, so two parallel requests cannot both take the last place
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('api_token:' || $1))`, [staffId]);
      const live = await em
        .getRepository(ApiToken)
        .createQueryBuilder('t')
        .where('t.staffId = :staffId AND t.revokedAt IS NULL AND t.expiresAt > :now', { staffId, now: this.now() })
        .getCount();
      if (live >= MAX_LIVE_TOKENS) {
        throw new IdentityError(
          IdentityErrorCode.INVALID_TOKEN_REQUEST,
          `有効なトークンは${MAX_LIVE_TOKENS}個までです。不要なものを失効させてください (at most ${MAX_LIVE_TOKENS} live tokens)`,
        );
      }
      const info = await em.getRepository(ApiToken).save({
        staffId,
        name: name.trim(),
        prefix: token.slice(0, 10),
        tokenHash: sha256(token),
        scopes: [...new Set(scopes)],
        expiresAt: new Date(this.now().getTime() + days * 86_400_000),
      });
      await this.audited.record(
        em,
        meta,
        'Mutation.createApiToken',
        { type: 'ApiToken', id: info.id },
        created({
          name: info.name,
          scopes: info.scopes,
          expiresAt: info.expiresAt.toISOString(),
          reauthenticatedWith,
        }),
      );
      return { token, info };
    });
  }

  /**
   * The live token for an Authorization header value with its owner's authorities on `today`, or
   * null. One statement, none while the answer is in the principal cache (principal-cache.ts);
   * marks the token used (at most once a minute).
   */
  async resolve(bearer: string | undefined, today: string): Promise<LiveToken | null> {
    if (!bearer?.startsWith(PREFIX) || bearer.length > 100) return null;
    const now = this.now();
    const hash = sha256(bearer);
    const row = await this.cache.get(`token:${hash}:${today}`, now.getTime(), () => this.load(hash, today, now));
    if (!row || row.expiresAt <= now) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
      await this.ds.query(`${NOT_AN_IDENTITY_CHANGE} UPDATE api_token SET "lastUsedAt" = $1 WHERE id = $2`, [
        now,
        row.id,
      ]);
      row.lastUsedAt = now;
    }
    const { id, staffId, expiresAt, scopes } = row;
    return { id, staffId, expiresAt, scopes: [...scopes], authorities: new Set(row.authorities) };
  }

  private async load(hash: string, today: string, now: Date): Promise<TokenRow | null> {
    const [row]: (Omit<TokenRow, 'authorities'> & { authorities: string[] })[] = await this.ds.query(
      `SELECT t.id, t."staffId", t."expiresAt", t."lastUsedAt", t.scopes::text[] AS scopes,
              ${authoritiesSql('t."staffId"', '$3::date')} AS authorities
         FROM api_token t WHERE t."tokenHash" = $1 AND t."revokedAt" IS NULL AND t."expiresAt" > $2`,
      [hash, now, today],
    );
    return row ? { ...row, authorities: toAuthorities(row.authorities) } : null;
  }

  listOf(staffId: string): Promise<ApiToken[]> {
    return this.ds.getRepository(ApiToken).find({ where: { staffId }, order: { createdAt: 'DESC' }, take: 100 });
  }

  /** The owner, or a system administrator, revokes a token. */
  async revoke(tokenId: string, by: { staffId: string; isAdmin: boolean }, meta: RequestMeta): Promise<ApiToken> {
    return this.ds.transaction(async (em) => {
      const row = await em.getRepository(ApiToken).findOneBy({ id: tokenId });
      if (!row || !mayAct({ staffId: by.staffId, all: by.isAdmin }, { ownerId: row.staffId })) {
        throw new IdentityError(IdentityErrorCode.TOKEN_NOT_FOUND, 'トークンが見つかりません (token not found)');
      }
      if (!row.revokedAt) {
        row.revokedAt = this.now();
        await em.getRepository(ApiToken).update(row.id, { revokedAt: row.revokedAt });
        await this.audited.record(
          em,
          meta,
          'Mutation.revokeApiToken',
          { type: 'ApiToken', id: row.id },
          { revoked: [false, true] },
        );
      }
      return row;
    });
  }
}

/** Revokes every live token of a person (password change or reset, sign-out everywhere, lock, end of employment); returns how many. */
export async function revokeTokensOf(em: EntityManager, staffId: string, at: Date): Promise<number> {
  const res = await em
    .createQueryBuilder()
    .update(ApiToken)
    .set({ revokedAt: at })
    .where('"staffId" = :staffId AND "revokedAt" IS NULL', { staffId })
    .execute();
  return res.affected ?? 0;
}
