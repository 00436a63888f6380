import type { DataSource } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import type { Authority } from '../../shared/authority.js';
import { ConfigurationError, ConfigurationErrorCode } from './configuration.errors.js';
import type { ConfigurationAuditAction } from './configuration.policy.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import { ConfigurationDocument, ConfigurationDocumentVersion, DocumentType, OWNER_OF } from './document.entity.js';
import { DOCUMENT_KINDS } from './file-content.js';
import type { FileUpload, StoredFiles } from './stored-files.js';

export interface Author {
  staffId: string;
  authorities: ReadonlySet<Authority>;
}

export interface NewDocument {
  type: DocumentType;
  title: string;
  linkedItemIds?: string[] | null;
}

export interface NewVersion extends FileUpload {
  documentId: string;
  versionLabel: string;
  title?: string | null;
  effectiveOn: string;
  note?: string | null;
}

const TARGET = 'ConfigurationDocument';
const MAX_LINKED_ITEMS = 200;

const invalid = (field: string, message: string) =>
  new ConfigurationError(ConfigurationErrorCode.INVALID_CONFIGURATION_DOCUMENT, message, { field });
export const documentNotFound = () =>
  new ConfigurationError(ConfigurationErrorCode.CONFIGURATION_DOCUMENT_NOT_FOUND, '文書が見つかりません');

/** A document of this type is kept by its owner role only (A7.2: the PIN rules by the PIN administrator). */
function mustOwn(type: DocumentType, by: Author) {
  const owner = OWNER_OF[type];
  if (!by.authorities.has(owner as unknown as Authority))
    throw new ConfigurationError(
      ConfigurationErrorCode.NOT_DOCUMENT_OWNER,
      type === DocumentType.PIN_RULES
        ? '暗証番号等の運用基準は暗証番号管理者が管理します (A7.2)'
        : 'この種類の文書は管理者が管理します (A14)',
      { ownerRole: owner },
    );
}

/**
 * Documents the standard asks for (A7.2 PIN rules, A14.6 network configuration, A22.2 and A27
 * manuals) and others: each a type, a title and versions, each version a checked file kept with
 * its SHA-256. Writes are audited; a refusal writes nothing but its audit entry.
 */
export class DocumentService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<ConfigurationAuditAction>,
    private readonly files: StoredFiles,
    private readonly now: () => Date,
  ) {}

  create(input: NewDocument, by: Author, meta: RequestMeta): Promise<ConfigurationDocument> {
    return this.audited.write(meta, 'Mutation.createConfigurationDocument', TARGET, async (em) => {
      mustOwn(input.type, by);
      const title = input.title.trim();
      if (!title) throw invalid('title', '文書名を入力してください (a title is required)');
      const linked = [...new Set(input.linkedItemIds ?? [])];
      if (linked.length && input.type !== DocumentType.NETWORK_CONFIGURATION)
        throw invalid('linkedItemIds', '構成品を関係づけるのはネットワーク構成の文書です (A14.6)');
      if (linked.length > MAX_LINKED_ITEMS) throw invalid('linkedItemIds', `構成品は${MAX_LINKED_ITEMS}件までです`);
      if (linked.length) {
        const found = await em.getRepository(ConfigurationItem).countBy(linked.map((id) => ({ id })));
        if (found !== linked.length) throw invalid('linkedItemIds', '構成管理簿にない構成品が含まれています');
      }
      const doc = em.getRepository(ConfigurationDocument).create({
        type: input.type,
        title,
        linkedItemIds: linked,
        createdById: by.staffId,
      });
      await em.getRepository(ConfigurationDocument).save(doc);
      return {
        result: doc,
        targetId: doc.id,
        changes: created({ type: doc.type, title, linkedItemIds: linked }),
      };
    });
  }

  /** A new version (the current one once its day comes): the file checked, stored with its SHA-256. */
  addVersion(input: NewVersion, by: Author, meta: RequestMeta): Promise<ConfigurationDocumentVersion> {
    return this.audited.write(
      meta,
      'Mutation.addConfigurationDocumentVersion',
      { type: TARGET, id: input.documentId },
      async (em) => {
        const doc = await em
          .getRepository(ConfigurationDocument)
          .createQueryBuilder('d')
          .setLock('pessimistic_write')
          .where('d.id = :id', { id: input.documentId })
          .getOne();
        if (!doc) throw documentNotFound();
        mustOwn(doc.type, by);
        const versionLabel = input.versionLabel.trim();
        if (!versionLabel) throw invalid('versionLabel', '版を入力してください (a version label is required)');
        const taken = await em
          .getRepository(ConfigurationDocumentVersion)
          .existsBy({ documentId: doc.id, versionLabel });
        if (taken)
          throw new ConfigurationError(
            ConfigurationErrorCode.DOCUMENT_VERSION_LABEL_TAKEN,
            `この文書には「${versionLabel}」の版がすでにあります`,
          );
        const checked = this.files.check(input, DOCUMENT_KINDS);
        const at = this.now();
        const file = await this.files.store(em, checked, by.staffId, at);
        const version = em.getRepository(ConfigurationDocumentVersion).create({
          documentId: doc.id,
          versionLabel,
          title: input.title?.trim() || doc.title,
          effectiveOn: input.effectiveOn,
          note: input.note?.trim() || null,
          fileId: file.id,
          uploadedAt: at,
          uploadedById: by.staffId,
        });
        await em.getRepository(ConfigurationDocumentVersion).insert(version);
        return {
          result: version,
          targetId: doc.id,
          changes: created({
            versionLabel,
            title: version.title,
            effectiveOn: version.effectiveOn,
            fileName: file.fileName,
            size: file.size,
            sha256: file.sha256,
          }),
        };
      },
    );
  }
}
