import type { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand: the table rate-limiter-flexible's PostgreSQL store uses (shared/rate-limit.ts).
// It is not an entity, so the migration check does not compare it.
export class RateLimit1795659900000 implements MigrationInterface {
  name = 'RateLimit1795659900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rate_limit" ("key" varchar(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rate_limit"`);
  }
}
