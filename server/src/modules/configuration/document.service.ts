import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import type { Authority } from '../../shared/authority.js';
import { ConfigurationError, ConfigurationErrorCode } from './configuration.errors.js';
import type { ConfigurationAuditAction } from './configuration.policy.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import { dateIn } from '../../shared/dates.js';
import {
  ConfigurationDocument,
  ConfigurationDocumentVersion,
  DocumentType,
  OWNER_OF,
  yearAfter,
} from './document.entity.js';
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
  reviewOn?: string | null;
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
    private readonly timeZone: string,
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
        const reviewOn = input.reviewOn ?? yearAfter(input.effectiveOn);
        if (reviewOn <= input.effectiveOn)
          throw invalid('reviewOn', '見直し期日は施行日より後の日にしてください (review after it takes effect)');
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
          reviewOn,
          approvedAt: null,
          approvedById: null,
        });
        await em.getRepository(ConfigurationDocumentVersion).insert(version);
        return {
          result: version,
          targetId: doc.id,
          changes: created({
            versionLabel,
            title: version.title,
            effectiveOn: version.effectiveOn,
            reviewOn,
            fileName: file.fileName,
            size: file.size,
            sha256: file.sha256,
          }),
        };
      },
    );
  }

  /**
   * The holder of the document's owner role adopts a version (A7.2: the PIN administrator their
   * rules; the manager the rest, A14.6, A22.2, A27), and may set its review date. Once only: a second
   * approval (two at once) is DOCUMENT_VERSION_ALREADY_APPROVED.
   */
  approve(versionId: string, reviewOn: string | null, by: Author, meta: RequestMeta) {
    return this.onVersion(meta, 'Mutation.approveConfigurationDocumentVersion', versionId, by, async (em, v) => {
      if (v.approvedAt)
        throw new ConfigurationError(
          ConfigurationErrorCode.DOCUMENT_VERSION_ALREADY_APPROVED,
          'この版は承認済みです (already approved)',
          { approvedAt: v.approvedAt.toISOString() },
        );
      const review = reviewOn ?? v.reviewOn;
      if (review <= v.effectiveOn)
        throw invalid('reviewOn', '見直し期日は施行日より後の日にしてください (review after it takes effect)');
      const at = this.now();
      await em
        .getRepository(ConfigurationDocumentVersion)
        .update({ id: v.id }, { approvedAt: at, approvedById: by.staffId, reviewOn: review });
      return {
        approvedAt: [null, at],
        ...(review !== v.reviewOn ? { reviewOn: [v.reviewOn, review] } : {}),
      };
    });
  }

  /** The owner looked at an approved version again and it stands: the next review date (after today). */
  review(versionId: string, nextReviewOn: string, by: Author, meta: RequestMeta) {
    return this.onVersion(meta, 'Mutation.reviewConfigurationDocumentVersion', versionId, by, async (em, v) => {
      if (!v.approvedAt) throw invalid('versionId', '承認されていない版は、先に承認してください (approve it first)');
      if (nextReviewOn <= dateIn(this.timeZone, this.now()))
        throw invalid('nextReviewOn', '次の見直し期日は今日より後の日にしてください (a day to come)');
      await em.getRepository(ConfigurationDocumentVersion).update({ id: v.id }, { reviewOn: nextReviewOn });
      return { reviewOn: [v.reviewOn, nextReviewOn] };
    });
  }

  /** A step on one version, by the holder of its document's owner role, audited on the document. */
  private onVersion(
    meta: RequestMeta,
    action: 'Mutation.approveConfigurationDocumentVersion' | 'Mutation.reviewConfigurationDocumentVersion',
    versionId: string,
    by: Author,
    step: (em: EntityManager, v: ConfigurationDocumentVersion) => Promise<Record<string, [unknown, unknown]>>,
  ): Promise<ConfigurationDocumentVersion> {
    return this.audited.write(meta, action, { type: TARGET, id: null }, async (em) => {
      const repo = em.getRepository(ConfigurationDocumentVersion);
      const v = await repo.findOne({ where: { id: versionId }, lock: { mode: 'pessimistic_write' } });
      if (!v) throw documentNotFound();
      const doc = await em.getRepository(ConfigurationDocument).findOneByOrFail({ id: v.documentId });
      mustOwn(doc.type, by);
      const changes = await step(em, v);
      return {
        result: await repo.findOneByOrFail({ id: v.id }),
        targetId: doc.id,
        changes: { versionLabel: [v.versionLabel, v.versionLabel], ...changes },
      };
    });
  }
}
