// Watching (or altering) what the app sends to PostgreSQL, below TypeORM: every pg client's query()
// — the app's pool and the test's own alike — passes through `around` while `run` runs, and is
// restored after, whatever `run` does.
import pg from 'pg';

/** What a test may read of the client a query goes to (pg's own queue: queries still unanswered). */
export interface PgClientSeen {
  _queryQueue?: unknown[];
}

/** `query(args)` sends on as pg would; `around` answers what query() answers. */
export type AroundQuery = (client: PgClientSeen, args: unknown[], query: (args: unknown[]) => unknown) => unknown;

export async function aroundPgQueries<T>(around: AroundQuery, run: () => Promise<T>): Promise<T> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: PgClientSeen, ...args: unknown[]) {
    return around(this, args, (sent) => original.apply(this, sent));
  };
  try {
    return await run();
  } finally {
    proto.query = original;
  }
}

/** The names of the prepared statements sent while `run` runs, in order. */
export async function preparedNamesSentBy(run: () => Promise<unknown>): Promise<string[]> {
  const names: string[] = [];
  await aroundPgQueries((_client, args, query) => {
    const q = args[0] as { name?: string } | string;
    if (typeof q === 'object' && q?.name) names.push(q.name);
    return query(args);
  }, run);
  return names;
}
