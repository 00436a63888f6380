// One register export as an HTTP route: GET <path ending in .:format> answers CSV or xlsx. Every
// export does the same steps, in this order, and they live here once:
//   1. an unknown format is a 404;
//   2. the caller is checked against the policy table (a refusal is audited: shared/route-guard.ts);
//   3. the query string is read; a bad one answers 400 with { code, message } (an AppError's code);
//   4. the rows are read in one database snapshot (shared/export/snapshot.ts), page after page;
//   5. the export is audited with its row count after the last row, before the file's last bytes,
//      and with complete: false when it breaks off (shared/export/send.ts).
import type { EntityManager } from 'typeorm';
import type { DataSource } from 'typeorm';
import { created, type AuditedWrites, type AuditTarget } from '../audited.js';
import type { BaseContext } from '../context.js';
import { AppError } from '../errors.js';
import type { HttpKit } from '../module.js';
import { allowedCaller } from '../route-guard.js';
import type { ExportColumn } from './columns.js';
import { sendExport, type ExportFormat, type ExportSummary } from './send.js';
import { inSnapshot } from './snapshot.js';

/** What one export is: its route, its policy action, how to read its query and its rows. */
export interface ExportRoute<A extends string, Q, T> {
  /** the route, ending in `.:format` (csv or xlsx) */
  path: string;
  action: A;
  audited: AuditedWrites<A>;
  /** the target named in the audit entry of a refused caller */
  refusalTarget?: string | AuditTarget;
  /** reads the query string; throws an AppError for a bad one (answered 400 with its code) */
  query(query: Record<string, unknown>): Q;
  /** the file's name (without extension) and sheet title, and the audit entry's target and facts */
  describe(
    q: Q,
    ctx: BaseContext,
  ): {
    filename: string;
    title: string;
    target: string | AuditTarget;
    facts?: Record<string, unknown>;
  };
  columns: ExportColumn<T>[];
  /** every row of the export, read inside one snapshot */
  rows(em: EntityManager, q: Q, ctx: BaseContext): AsyncIterable<T>;
}

/** Thrown by `query` for a query string the export cannot take. */
export function badExportQuery(message: string): AppError {
  return new AppError('BAD_USER_INPUT', message);
}

/** Every node of a keyset-paged reading, page after page, until the last. */
export async function* allPages<T>(
  next: (after: string | null) => Promise<{ nodes: T[]; hasNextPage: boolean; endCursor: string | null }>,
): AsyncGenerator<T> {
  for (let after: string | null = null; ;) {
    const page = await next(after);
    yield* page.nodes;
    if (!page.hasNextPage) return;
    after = page.endCursor;
  }
}

export function registerExport<A extends string, Q, T>(
  ds: DataSource,
  { http, context }: HttpKit,
  spec: ExportRoute<A, Q, T>,
): void {
  if (!spec.path.endsWith('.:format')) throw new Error(`an export's path ends in .:format: ${spec.path}`);
  http.get<{ Params: { format: string }; Querystring: Record<string, unknown> }>(spec.path, async (request, reply) => {
    const format = request.params.format;
    if (format !== 'csv' && format !== 'xlsx') return reply.callNotFound();
    const ctx = await allowedCaller(context, request, reply, spec.audited, spec.action, spec.refusalTarget);
    if (!ctx) return reply;
    let q: Q;
    try {
      q = spec.query(request.query ?? {});
    } catch (e) {
      if (e instanceof AppError) return reply.code(400).send({ code: e.code, message: e.message });
      throw e;
    }
    const { filename, title, target, facts } = spec.describe(q, ctx);
    const onEnd = async ({ rows, complete }: ExportSummary) => {
      await spec.audited.recordAlone(ctx.meta, spec.action, target, {
        ...created({ rows, ...facts, format }),
        ...(complete ? {} : { complete: [null, false] }),
      });
    };
    return sendExport(reply, filename, {
      format: format satisfies ExportFormat,
      columns: spec.columns,
      rows: inSnapshot(ds, (em) => spec.rows(em, q, ctx)),
      title,
      onEnd,
    });
  });
}
