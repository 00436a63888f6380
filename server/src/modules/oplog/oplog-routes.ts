// POST /api/oplog/batches/:sourceId — a batch of operation records (A20.1) from an API client: the
// body (text/csv with a header, or application/x-ndjson; UTF-8) is streamed, never buffered, into the
// history through COPY. Same caller rules as GraphQL (policy action Ingest.operationRecords; a token
// needs WRITE_OPLOG). Answers the counts and the refused lines; a bad request gets a code, never a 500.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AuditTrail } from '../../shared/audit.js';
import { AuditedWrites } from '../../shared/audited.js';
import { allowedCaller } from '../../shared/route-guard.js';
import type { HttpKit } from '../../shared/module.js';
import type { DataSource } from 'typeorm';
import { OplogError, OplogErrorCode } from './oplog.errors.js';
import { SOURCE_ID, type OplogIngestService } from './oplog-ingest.service.js';
import type { BatchFormat } from './oplog-line.js';
import type { OplogAuditAction } from './oplog.policy.js';

const FORMATS: Record<string, BatchFormat> = { 'text/csv': 'csv', 'application/x-ndjson': 'ndjson' };

const STATUS: Record<string, number> = {
  [OplogErrorCode.OPLOG_BAD_SOURCE]: 400,
  [OplogErrorCode.OPLOG_BAD_HEADER]: 400,
  [OplogErrorCode.OPLOG_UNSUPPORTED_MEDIA_TYPE]: 415,
  [OplogErrorCode.OPLOG_BATCH_TOO_LARGE]: 413,
};

/** text/csv; charset=utf-8 → csv; any other type or charset → null */
export function formatOf(contentType: string | undefined): BatchFormat | null {
  const [type, ...params] = (contentType ?? '').split(';').map((p) => p.trim().toLowerCase());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return null;
  return FORMATS[type] ?? null;
}

interface RouteServices {
  ds: DataSource;
  audit: AuditTrail;
  oplogIngest: OplogIngestService;
}

export function registerOplogRoutes(s: RouteServices, { http, context }: HttpKit): void {
  const audited = new AuditedWrites<OplogAuditAction>(s.ds, s.audit);
  // its own scope: the body stays a stream for these routes only (no other route parses CSV)
  void http.register(async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.post<{ Params: { sourceId: string } }>('/api/oplog/batches/:sourceId', async (request, reply) => {
      const ctx = await allowedCaller(context, request, reply, audited, 'Ingest.operationRecords');
      if (!ctx) {
        request.raw.resume(); // the body is not read: let it go
        return reply;
      }
      const format = formatOf(request.headers['content-type']);
      // the parser failing must not destroy the request (its reply is still to be sent)
      const body = new PassThrough();
      try {
        if (!format) {
          throw new OplogError(
            OplogErrorCode.OPLOG_UNSUPPORTED_MEDIA_TYPE,
            '本文は text/csv か application/x-ndjson (UTF-8) です (body: text/csv or application/x-ndjson, UTF-8)',
          );
        }
        request.raw.pipe(body);
        const result = await s.oplogIngest.ingest(ctx.meta, request.params.sourceId, format, body, {
          via: 'api',
        });
        return reply.code(200).send(result);
      } catch (e) {
        if (!(e instanceof OplogError)) throw e;
        if (e.code === OplogErrorCode.OPLOG_UNSUPPORTED_MEDIA_TYPE) {
          const id = SOURCE_ID.test(request.params.sourceId) ? request.params.sourceId : null;
          await audited.refuse(ctx.meta, 'Ingest.operationRecords', e.code, { type: 'OperationSource', id });
        }
        request.raw.unpipe(body);
        request.raw.resume();
        // a body cut short is answered and the connection closed: the rest is not waited for
        if (e.code === OplogErrorCode.OPLOG_BATCH_TOO_LARGE) reply.header('connection', 'close');
        return reply.code(STATUS[e.code] ?? 400).send({ code: e.code, message: e.message });
      }
    });
  });
}
