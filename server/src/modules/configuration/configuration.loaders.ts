import DataLoader from 'dataloader';
import type { ConfigurationConnection } from './connection.entity.js';
import type { ConfigurationItem } from './configuration-item.entity.js';
import type { CurrentDocumentVersion, DocumentReadService } from './document-reading.service.js';
import type { ConfigurationDocumentVersion, DocumentType } from './document.entity.js';
import type { RegisterReadingService } from './register-reading.service.js';
import type { StoredFile } from './stored-file.entity.js';
import type { StoredFiles } from './stored-files.js';

const groupBy = <T>(load: (ids: readonly string[]) => Promise<T[]>, key: (row: T) => string | null) =>
  new DataLoader<string, T[]>(async (ids) => {
    const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const row of await load(ids)) groups.get(key(row) ?? '')?.push(row);
    return ids.map((id) => groups.get(id) ?? []);
  });

/** Per-request batch loaders of the configuration register: one statement however many rows ask. */
export function createConfigurationLoaders(
  reading: RegisterReadingService,
  managersOn: (on: string) => Promise<string[]>,
  documents: DocumentReadService,
  files: StoredFiles,
) {
  return {
    /** who holds the manager's authority on a day (who may decide which request) */
    managersOn: new DataLoader<string, string[]>((days) => Promise.all(days.map(managersOn))),
    itemById: new DataLoader<string, ConfigurationItem | null>(async (ids) => {
      const rows = new Map((await reading.itemsByIds(ids)).map((r) => [r.id, r]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
    connectionsByItem: groupBy<ConfigurationConnection>(
      (ids) => reading.connectionsOf(ids),
      (c) => c.itemId,
    ),
    programsByItem: groupBy<ConfigurationItem>(
      (ids) => reading.programsOn(ids),
      (i) => i.installedOnId,
    ),
    versionsByDocument: groupBy<ConfigurationDocumentVersion>(
      (ids) => documents.versionsOf(ids),
      (v) => v.documentId,
    ),
    currentVersionByDocument: new DataLoader<string, ConfigurationDocumentVersion | null>(async (ids) => {
      const rows = new Map((await documents.currentVersionsOf(ids)).map((v) => [v.documentId, v]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
    toReviewByDocument: new DataLoader<string, boolean>(async (ids) => {
      const due = await documents.toReview(ids);
      return ids.map((id) => due.has(id));
    }),
    /** the current version of a type of document, once per request (incidents' manuals, A22.2, A27) */
    currentDocumentOfType: new DataLoader<DocumentType, CurrentDocumentVersion | null>((types) =>
      Promise.all(types.map((type) => documents.currentOf(type))),
    ),
    fileIntact: new DataLoader<string, boolean>(async (ids) => {
      const ok = await files.intact(ids);
      return ids.map((id) => ok.get(id) ?? false);
    }),
    fileById: new DataLoader<string, StoredFile | null>(async (ids) => {
      const rows = new Map((await files.byIds(ids)).map((f) => [f.id, f]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
  };
}
