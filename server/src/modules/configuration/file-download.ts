// GET /configuration/files/:id: a document version or a firewall setting backup, for those who may
// read it (the policy action of the list it belongs to, the same as GraphQL's). The bytes are hashed
// again before they are sent: a file changed outside the application (its SHA-256 no longer
// matches) is refused with CONFIGURATION_FILE_TAMPERED, and the refusal is audited.
import type { DataSource } from 'typeorm';
import type { AuditTrail } from '../../shared/audit.js';
import { AuditedWrites } from '../../shared/audited.js';
import { AppError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { HttpKit } from '../../shared/module.js';
import { ConfigurationErrorCode } from './configuration.errors.js';
import type { ConfigurationAuditAction } from './configuration.policy.js';
import type { StoredFiles } from './stored-files.js';

interface DownloadServices {
  ds: DataSource;
  audit: AuditTrail;
  storedFiles: StoredFiles;
}

/** Which list a file belongs to decides who may download it. */
const OWNER_SQL = `SELECT CASE
    WHEN EXISTS (SELECT 1 FROM configuration_document_version WHERE "fileId" = $1) THEN 'document'
    WHEN EXISTS (SELECT 1 FROM firewall_setting_backup WHERE "fileId" = $1) THEN 'backup'
  END AS owner`;

const ACTION_OF: Record<string, ConfigurationAuditAction> = {
  document: 'Query.configurationDocuments',
  backup: 'Query.firewallSettingBackups',
};

/** RFC 6266: an ASCII fallback and the UTF-8 name (Japanese file names survive). */
const disposition = (name: string) =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function registerFileDownload(services: DownloadServices, { http, context }: HttpKit): void {
  const audited = new AuditedWrites<ConfigurationAuditAction>(services.ds, services.audit);
  http.get<{ Params: { id: string } }>('/configuration/files/:id', async (request, reply) => {
    const ctx = await context(request, reply);
    const { id } = request.params;
    const owner = isUuid(id)
      ? ((await services.ds.query(OWNER_SQL, [id])) as { owner: string | null }[])[0].owner
      : null;
    const action = ACTION_OF[owner ?? 'document'];
    const decision = ctx.policy.decide(ctx.principal, action);
    if (decision !== 'ALLOW') {
      const code = decision === 'UNAUTHENTICATED' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
      await audited.refuse(ctx.meta, action, code, { type: 'ConfigurationFile', id: owner ? id : null });
      return reply.code(code === 'UNAUTHENTICATED' ? 401 : 403).send({ code });
    }
    if (!owner)
      return reply
        .code(404)
        .send({ code: ConfigurationErrorCode.CONFIGURATION_FILE_NOT_FOUND, message: 'ファイルが見つかりません' });
    try {
      const { file, content } = await services.storedFiles.read(id);
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', disposition(file.fileName))
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(content);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      await audited.refuse(ctx.meta, action, e.code, { type: 'ConfigurationFile', id });
      const status = e.code === ConfigurationErrorCode.CONFIGURATION_FILE_TAMPERED ? 409 : 404;
      return reply.code(status).send({ code: e.code, message: e.message });
    }
  });
}
