import type { Logger, QueryRunner } from 'typeorm';

/**
 * TypeORM logger that counts the SQL statements sent, so tests and benches can prove a request
 * issues the same number of statements for 10 rows as for 100 (no N+1). Slow queries and errors
 * go to the application log.
 */
export class CountingLogger implements Logger {
  statements = 0;

  constructor(
    private readonly sink?: { warn(obj: object, msg: string): void; debug(obj: object, msg: string): void },
  ) {}

  logQuery(query: string, parameters?: unknown[], _runner?: QueryRunner): void {
    this.statements++;
    // never the parameter values: they can be hashes, names or other people's data
    this.sink?.debug({ query, parameterCount: parameters?.length ?? 0 }, 'sql');
  }
  logQueryError(error: string | Error, query: string): void {
    this.statements++;
    // code and message only: PostgreSQL's "detail" repeats the offending values
    const e = error as { code?: string; message?: string; constraint?: string };
    this.sink?.debug(
      { code: e.code, message: e.message ?? String(error), constraint: e.constraint, query },
      'sql error',
    );
  }
  logQuerySlow(time: number, query: string): void {
    this.sink?.warn({ time, query }, 'slow sql');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.sink?.debug({ message }, 'migration');
  }
  log(): void {}
}
