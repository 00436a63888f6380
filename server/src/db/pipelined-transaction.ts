// A transaction of a hot path in two round trips instead of one per statement plus two (Hardening §7:
// one door event per request). Its first statement travels with BEGIN and its last with COMMIT, using
// node-postgres's pipeline mode (pg ≥ 8.23: each query is sent at once with its own Sync, and the
// answers come back in order) on a connection of the application's pool, for the span of the
// transaction only. A statement that fails aborts the transaction, so the COMMIT sent behind it is
// answered ROLLBACK and nothing is kept.
// Its statements run on generic plans (SET LOCAL plan_cache_mode, sent with BEGIN): PostgreSQL would
// otherwise plan the door's look-up anew on every execution (its generic plan's estimate, made for
// arrays of unknown length, never beats a plan for one event), which took about half of the
// look-up's time in the database (EXPLAIN ANALYZE: planning 0.5 ms, execution 0.4 ms).
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';

export interface PipelinedTransaction {
  /**
   * A statement of the transaction, answered with its rows; the first one travels with BEGIN. With
   * `name`, a prepared statement of the connection: parsed and planned once per connection, not per
   * request (the name must always stand for the same text: see `statementName`).
   */
  query<T = unknown>(sql: string, params?: unknown[], name?: string): Promise<T[]>;
  /**
   * The last statement, sent with COMMIT: its rows once both are answered. It throws, with nothing
   * committed, when the statement fails (a statement that must refuse to commit raises an error).
   */
  commitWith<T = unknown>(sql: string, params?: unknown[], name?: string): Promise<T[]>;
}

const names = new Map<string, string>();
/** A prepared statement's name for `sql`: the same text gets the same name, another text another one. */
export function statementName(prefix: string, sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `${prefix}_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    if (names.size < 1000) names.set(sql, name);
  }
  return name;
}

/** Sent with BEGIN: the transaction's statements use their connection's generic plan. */
export const GENERIC_PLANS = 'SET LOCAL plan_cache_mode = force_generic_plan';

type PipelinedClient = pg.PoolClient & { pipeline: boolean };

/**
 * Runs `work` in a transaction on a connection of `ds`'s pool; rolled back unless `commitWith`
 * committed it. Statements are logged (and counted) by `ds`'s logger, as TypeORM's are.
 */
export async function pipelinedTransaction<R>(
  ds: DataSource,
  work: (tx: PipelinedTransaction) => Promise<R>,
): Promise<R> {
  const runner = ds.createQueryRunner();
  const client = (await runner.connect()) as PipelinedClient;
  const send = (sql: string, params?: unknown[], name?: string): Promise<pg.QueryResult> => {
    ds.logger.logQuery(sql, params, runner);
    const answer = name ? client.query({ name, text: sql, values: params }) : client.query(sql, params);
    answer.catch((err: Error) => ds.logger.logQueryError(err, sql, params, runner));
    return answer;
  };
  // 'open' until COMMIT (or the ROLLBACK it turns into) is answered
  let state: 'open' | 'committed' | 'ended' = 'open';
  client.pipeline = true;
  // its failure (none expected) shows in the statements behind it
  const begun = send('START TRANSACTION');
  begun.catch(() => undefined);
  // for this transaction only: named statements planned once per connection, as `query` promises
  send(GENERIC_PLANS).catch(() => undefined);
  const tx: PipelinedTransaction = {
    async query<T>(sql: string, params?: unknown[], name?: string) {
      return (await send(sql, params, name)).rows as T[];
    },
    async commitWith<T>(sql: string, params?: unknown[], name?: string) {
      const [last, commit] = await Promise.allSettled([send(sql, params, name), send('COMMIT')]);
      if (commit.status === 'fulfilled') state = commit.value.command === 'COMMIT' ? 'committed' : 'ended';
      if (last.status === 'rejected') throw last.reason;
      if (commit.status === 'rejected') throw commit.reason;
      if (state !== 'committed') throw new Error(`transaction not committed (${commit.value.command})`);
      return last.value.rows as T[];
    },
  };
  let broken: Error | undefined;
  try {
    return await work(tx);
  } finally {
    // answered after everything sent before it: then the connection is idle again
    if (state === 'open') await send('ROLLBACK').catch((err: Error) => (broken = err));
    client.pipeline = false;
    await releaseWith(runner, broken);
  }
}

/** A connection whose ROLLBACK failed is not given back to the pool (pg-pool drops it). */
function releaseWith(runner: QueryRunner, err: Error | undefined): Promise<void> {
  const pgRunner = runner as QueryRunner & { releasePostgresConnection?: (err?: Error) => Promise<void> };
  return err && pgRunner.releasePostgresConnection ? pgRunner.releasePostgresConnection(err) : runner.release();
}
