// Rows read in one REPEATABLE READ transaction while an export streams: every page sees the same
// snapshot, and the connection goes back to the pool when the reading ends, however it ends.
import type { DataSource, EntityManager } from 'typeorm';

export async function* inSnapshot<T>(ds: DataSource, read: (em: EntityManager) => AsyncIterable<T>): AsyncGenerator<T> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    yield* read(runner.manager);
  } finally {
    // read-only: rolling back ends the snapshot on success, failure or an early stop alike
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => {});
    await runner.release();
  }
}
