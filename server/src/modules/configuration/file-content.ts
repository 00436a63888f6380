// What an uploaded file is, judged from its bytes (magic numbers), not from its name: a name says
// what the sender calls it; the bytes say what a viewer will open. Pure: the services refuse with
// their codes.
import { createHash } from 'node:crypto';

export type FileKind = 'PDF' | 'DOCX' | 'XLSX' | 'PPTX' | 'ZIP' | 'GZIP' | 'TEXT';

export const MEDIA_TYPES: Record<FileKind, string> = {
  PDF: 'application/pdf',
  DOCX: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  PPTX: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  ZIP: 'application/zip',
  GZIP: 'application/gzip',
  TEXT: 'text/plain; charset=utf-8',
};

/** What each use accepts: documents are read by people; setting backups are what a firewall exports. */
export const DOCUMENT_KINDS: readonly FileKind[] = ['PDF', 'DOCX', 'XLSX', 'PPTX', 'TEXT'];
export const BACKUP_KINDS: readonly FileKind[] = ['TEXT', 'ZIP', 'GZIP', 'PDF'];

/** The extensions a name may have for each kind (a PDF called .docx is refused as well). */
const EXTENSIONS: Record<FileKind, readonly string[]> = {
  PDF: ['pdf'],
  DOCX: ['docx'],
  XLSX: ['xlsx'],
  PPTX: ['pptx'],
  ZIP: ['zip'],
  GZIP: ['gz', 'tgz'],
  TEXT: ['txt', 'csv', 'md', 'conf', 'cfg', 'xml', 'json', 'log', 'ini', 'bak', 'cli'],
};

const startsWith = (b: Buffer, magic: number[]) => magic.every((x, i) => b[i] === x);

/** OOXML: a ZIP whose local headers name the part that says which Office file it is. */
function ooxmlKind(b: Buffer): FileKind | null {
  if (!b.includes('[Content_Types].xml')) return null;
  if (b.includes('word/')) return 'DOCX';
  if (b.includes('xl/')) return 'XLSX';
  if (b.includes('ppt/')) return 'PPTX';
  return null;
}

/** UTF-8 text without NUL or other control characters than tab, line feed, carriage return, form feed. */
function isText(b: Buffer): boolean {
  try {
    const s = new TextDecoder('utf-8', { fatal: true }).decode(b);
    // eslint-disable-next-line no-control-regex
    return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(s);
  } catch {
    return false;
  }
}

/** The kind of these bytes, or null when they are none of the kinds this register keeps. */
export function sniff(b: Buffer): FileKind | null {
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'PDF'; // %PDF-
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return ooxmlKind(b) ?? 'ZIP'; // PK\3\4
  if (startsWith(b, [0x1f, 0x8b])) return 'GZIP';
  if (b.length > 0 && isText(b)) return 'TEXT';
  return null;
}

export const extensionOf = (fileName: string) => /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase() ?? '';

/** Whether these bytes under this name are accepted for this use, and what they are. */
export function classify(
  b: Buffer,
  fileName: string,
  accepted: readonly FileKind[],
): { ok: true; kind: FileKind } | { ok: false; reason: 'content' | 'extension'; kind: FileKind | null } {
  const kind = sniff(b);
  if (!kind || !accepted.includes(kind)) return { ok: false, reason: 'content', kind };
  if (!EXTENSIONS[kind].includes(extensionOf(fileName))) return { ok: false, reason: 'extension', kind };
  return { ok: true, kind };
}

export const sha256Of = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Strict base64 (what a browser's FileReader or btoa makes); anything else is not a file. */
export function decodeBase64(s: string): Buffer | null {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return null;
  return Buffer.from(clean, 'base64');
}

/** A name safe in a Content-Disposition header and a file system: no path, no control characters. */
export function cleanFileName(name: string): string {
  const base = name
    .replace(/^.*[\\/]/, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim();
  return base.slice(-200);
}
