import type { DataSource, EntityManager } from 'typeorm';
import { ConfigurationError, ConfigurationErrorCode } from './configuration.errors.js';
import { cleanFileName, decodeBase64, MEDIA_TYPES, classify, sha256Of, type FileKind } from './file-content.js';
import { StoredFile } from './stored-file.entity.js';

/** A file as the browser sends it: its name and its bytes in base64. */
export interface FileUpload {
  fileName: string;
  contentBase64: string;
}

const invalid = (field: string, message: string) =>
  new ConfigurationError(ConfigurationErrorCode.INVALID_CONFIGURATION_DOCUMENT, message, { field });

/**
 * The register's files: checked (size, then the bytes' kind against the name) and kept in
 * PostgreSQL with their SHA-256; read back only after the hash is checked again.
 */
export class StoredFiles {
  constructor(
    private readonly ds: DataSource,
    private readonly maxBytes: number,
  ) {}

  /** Checks the upload before any transaction: a refusal writes nothing. */
  check(upload: FileUpload, accepted: readonly FileKind[]): { bytes: Buffer; fileName: string; kind: FileKind } {
    const fileName = cleanFileName(upload.fileName ?? '');
    if (!fileName) throw invalid('fileName', 'ファイル名がありません (the file has no name)');
    // base64 is 4 characters per 3 bytes: refuse a long string before decoding it
    if (upload.contentBase64.length > Math.ceil(this.maxBytes / 3) * 4 + 4) throw this.tooLarge();
    const bytes = decodeBase64(upload.contentBase64);
    if (!bytes) throw invalid('contentBase64', 'ファイルの内容が base64 ではありません (the content is not base64)');
    if (bytes.length > this.maxBytes) throw this.tooLarge();
    if (bytes.length === 0) throw invalid('contentBase64', 'ファイルが空です (the file is empty)');
    const judged = classify(bytes, fileName, accepted);
    if (!judged.ok)
      throw new ConfigurationError(
        ConfigurationErrorCode.CONFIGURATION_FILE_TYPE_REFUSED,
        judged.reason === 'extension'
          ? `ファイル名の拡張子が内容 (${judged.kind}) と合いません (the name does not match the content)`
          : `受け付けないファイルの種類です。${accepted.join('・')} のいずれか (file type not accepted)`,
        { accepted: [...accepted], detected: judged.kind },
      );
    return { bytes, fileName, kind: judged.kind };
  }

  private tooLarge() {
    return new ConfigurationError(
      ConfigurationErrorCode.CONFIGURATION_FILE_TOO_LARGE,
      `ファイルが大きすぎます (${Math.floor(this.maxBytes / 1024)} KB まで)`,
      { maxBytes: this.maxBytes },
    );
  }

  /** Stores checked bytes in the caller's transaction. */
  async store(
    em: EntityManager,
    checked: { bytes: Buffer; fileName: string; kind: FileKind },
    by: string,
    at: Date,
  ): Promise<StoredFile> {
    const file = em.getRepository(StoredFile).create({
      fileName: checked.fileName,
      mediaType: MEDIA_TYPES[checked.kind],
      size: checked.bytes.length,
      sha256: sha256Of(checked.bytes),
      content: checked.bytes,
      uploadedAt: at,
      uploadedById: by,
    });
    await em.getRepository(StoredFile).insert(file);
    delete file.content;
    return file;
  }

  /** The file with its bytes, refused when they no longer match the hash stored with them. */
  async read(id: string): Promise<{ file: StoredFile; content: Buffer }> {
    const file = await this.ds
      .getRepository(StoredFile)
      .createQueryBuilder('f')
      .addSelect('f.content')
      .where('f.id = :id', { id })
      .getOne();
    if (!file?.content)
      throw new ConfigurationError(ConfigurationErrorCode.CONFIGURATION_FILE_NOT_FOUND, 'ファイルが見つかりません');
    if (sha256Of(file.content) !== file.sha256)
      throw new ConfigurationError(
        ConfigurationErrorCode.CONFIGURATION_FILE_TAMPERED,
        'ファイルの内容が登録時のハッシュ値 (SHA-256) と一致しません。改ざんまたは破損のおそれがあります',
        { fileId: id },
      );
    const content = file.content;
    delete file.content;
    return { file, content };
  }

  /** Whether each file's bytes still match their hash (PostgreSQL hashes them; the bytes stay there). */
  async intact(ids: readonly string[]): Promise<Map<string, boolean>> {
    const rows = (await this.ds.query(
      `SELECT id, encode(sha256(content), 'hex') = sha256 AS ok FROM configuration_file WHERE id = ANY($1)`,
      [[...ids]],
    )) as { id: string; ok: boolean }[];
    return new Map(rows.map((r) => [r.id, r.ok]));
  }

  byIds(ids: readonly string[]): Promise<StoredFile[]> {
    return this.ds
      .getRepository(StoredFile)
      .createQueryBuilder('f')
      .where('f.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }
}
