import type { DataSource } from 'typeorm';
import { dateIn } from '../../shared/dates.js';
import { ConfigurationDocument, ConfigurationDocumentVersion, DocumentType } from './document.entity.js';

/** The version of a document in force, for other modules (incidents' manuals, the cards' PIN rules). */
export interface CurrentDocumentVersion {
  documentId: string;
  versionId: string;
  type: DocumentType;
  /** the version's title */
  title: string;
  versionLabel: string;
  effectiveOn: string;
  fileName: string;
  /** GET, with the caller's session: the file, refused if its SHA-256 no longer matches */
  downloadUrl: string;
}

/**
 * What other modules may ask of the register's documents: declare `documentReading: DocumentReading`
 * in a module's needs (listed after configuration), or read `ctx.services.documentReading` in a
 * resolver. Nothing else of the documents is shared.
 */
export interface DocumentReading {
  /** the current version of the document of this type (the one whose version took effect last), on a day */
  currentOf(type: DocumentType, on?: string): Promise<CurrentDocumentVersion | null>;
}

export const downloadUrlOf = (fileId: string) => `/configuration/files/${fileId}`;

/** The newest version already effective of each document: the current one. */
const CURRENT_SQL = `SELECT DISTINCT ON (v."documentId") v.id
   FROM configuration_document_version v
  WHERE v."documentId" = ANY($1) AND v."effectiveOn" <= $2
  ORDER BY v."documentId", v."effectiveOn" DESC, v."uploadedAt" DESC`;

/**
 * A14.6: documents ($1, or every one when null) with linked items changed (configuration_change)
 * after their current version on day $2 was stored, as known at instant $3 (null: now).
 */
export const TO_REVIEW_SQL = `SELECT d.id FROM configuration_document d
  CROSS JOIN LATERAL (
    SELECT v."uploadedAt" FROM configuration_document_version v
     WHERE v."documentId" = d.id AND v."effectiveOn" <= $2 AND ($3::timestamptz IS NULL OR v."uploadedAt" <= $3)
     ORDER BY v."effectiveOn" DESC, v."uploadedAt" DESC LIMIT 1) cur
  WHERE ($1::uuid[] IS NULL OR d.id = ANY($1)) AND cardinality(d."linkedItemIds") > 0
    AND EXISTS (SELECT 1 FROM configuration_change c
                 WHERE c."itemId" = ANY(d."linkedItemIds") AND c.at > cur."uploadedAt"
                   AND ($3::timestamptz IS NULL OR c.at <= $3))`;

export class DocumentReadService implements DocumentReading {
  constructor(
    private readonly ds: DataSource,
    private readonly timeZone: string,
    private readonly now: () => Date,
  ) {}

  private today() {
    return dateIn(this.timeZone, this.now());
  }

  documents(type?: DocumentType | null): Promise<ConfigurationDocument[]> {
    const qb = this.ds.getRepository(ConfigurationDocument).createQueryBuilder('d');
    if (type) qb.where('d.type = :type', { type });
    return qb.orderBy('d.type').addOrderBy('d.title').addOrderBy('d.id').getMany();
  }

  document(id: string): Promise<ConfigurationDocument | null> {
    return this.ds.getRepository(ConfigurationDocument).findOneBy({ id });
  }

  /** Every version of these documents, newest effective first. */
  versionsOf(documentIds: readonly string[]): Promise<ConfigurationDocumentVersion[]> {
    return this.ds
      .getRepository(ConfigurationDocumentVersion)
      .createQueryBuilder('v')
      .where('v.documentId = ANY(:ids)', { ids: [...documentIds] })
      .orderBy('v.effectiveOn', 'DESC')
      .addOrderBy('v.uploadedAt', 'DESC')
      .getMany();
  }

  /** The current version of each of these documents on a day (today by default). */
  async currentVersionsOf(documentIds: readonly string[], on = this.today()): Promise<ConfigurationDocumentVersion[]> {
    const ids = ((await this.ds.query(CURRENT_SQL, [[...documentIds], on])) as { id: string }[]).map((r) => r.id);
    if (!ids.length) return [];
    return this.ds
      .getRepository(ConfigurationDocumentVersion)
      .createQueryBuilder('v')
      .leftJoinAndSelect('v.file', 'f')
      .where('v.id = ANY(:ids)', { ids })
      .getMany();
  }

  /** A14.6: those of these documents whose linked items changed after their current version was stored. */
  async toReview(documentIds: readonly string[], on = this.today()): Promise<Set<string>> {
    const rows = (await this.ds.query(TO_REVIEW_SQL, [[...documentIds], on, null])) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  async currentOf(type: DocumentType, on = this.today()): Promise<CurrentDocumentVersion | null> {
    const docs = await this.documents(type);
    if (!docs.length) return null;
    const versions = await this.currentVersionsOf(
      docs.map((d) => d.id),
      on,
    );
    // several documents of one type: the one whose version took effect last
    const v = versions.sort(
      (a, b) => b.effectiveOn.localeCompare(a.effectiveOn) || b.uploadedAt.getTime() - a.uploadedAt.getTime(),
    )[0];
    if (!v) return null;
    return {
      documentId: v.documentId,
      versionId: v.id,
      type,
      title: v.title,
      versionLabel: v.versionLabel,
      effectiveOn: v.effectiveOn,
      fileName: v.file!.fileName,
      downloadUrl: downloadUrlOf(v.fileId),
    };
  }
}
