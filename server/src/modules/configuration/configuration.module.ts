// The configuration register (住基ネット構成管理簿, 様式第1号) and change control (A11, A14, A15, A17):
// equipment, programs and media with their history of changes, change requests approved by the
// manager before they are carried out, and the controls of those articles on /compliance.
import { AuditedWrites } from '../../shared/audited.js';
import { OrgRole } from '../../shared/authority.js';
import { defineModule } from '../../shared/module.js';
import type { OrganisationService } from '../organisation/index.js';
import { ChangeProposals } from './change-proposal.js';
import { ConfigurationChange } from './change-record.entity.js';
import { ConfigurationChangeRequest } from './change-request.entity.js';
import { ChangeRequestResolver } from './change-request.resolver.js';
import { ChangeRequestService } from './change-request.service.js';
import { configurationCompliance } from './configuration.compliance.js';
import { ConfigurationErrorCode } from './configuration.errors.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import { createConfigurationLoaders } from './configuration.loaders.js';
import {
  configurationPolicy,
  configurationTokenScopes,
  type ConfigurationAuditAction,
} from './configuration.policy.js';
import { ConfigurationChangeResolver, ConfigurationItemResolver } from './configuration.resolver.js';
import { configurationTodos } from './configuration.todos.js';
import { ConfigurationConnection } from './connection.entity.js';
import { DirectChangeResolver } from './direct-change.resolver.js';
import { DirectChangeService } from './direct-change.service.js';
import { documentCompliance } from './document.compliance.js';
import { DocumentReadService } from './document-reading.service.js';
import { DocumentResolver, DocumentVersionResolver, StoredFileResolver } from './document.resolver.js';
import { DocumentService } from './document.service.js';
import { ConfigurationDocument, ConfigurationDocumentVersion } from './document.entity.js';
import { registerFileDownload } from './file-download.js';
import { FirewallRestoreDrill, FirewallSettingBackup, FirewallVersionCheck } from './firewall.entity.js';
import { firewallCompliance } from './firewall.compliance.js';
import {
  FirewallCheckResolver,
  FirewallDrillResolver,
  FirewallItemResolver,
  FirewallResolver,
} from './firewall.resolver.js';
import { FirewallService } from './firewall.service.js';
import { ItemKind } from './item-kinds.js';
import { RegisterWriter } from './item-writes.js';
import { RegisterReadingService } from './register-reading.service.js';
import { registerRegisterExport } from './register-export.js';
import { RegisterImportService } from './register-import.js';
import { RegisterImportResolver } from './register-import.resolver.js';
import { ImportErrorCode } from '../../shared/import/index.js';
import { StoredFile } from './stored-file.entity.js';
import { StoredFiles } from './stored-files.js';
import type { DocumentReading } from './document-reading.service.js';

/** What the register takes from modules listed before it: who holds the manager's role on a day. */
interface ConfigurationNeeds {
  organisation: OrganisationService;
}

export const configurationModule = defineModule<ConfigurationNeeds>()({
  name: 'configuration',
  entities: [
    ConfigurationItem,
    ConfigurationConnection,
    ConfigurationChangeRequest,
    ConfigurationChange,
    StoredFile,
    ConfigurationDocument,
    ConfigurationDocumentVersion,
    FirewallVersionCheck,
    FirewallSettingBackup,
    FirewallRestoreDrill,
  ],
  resolvers: [
    ConfigurationItemResolver,
    ConfigurationChangeResolver,
    ChangeRequestResolver,
    DirectChangeResolver,
    DocumentResolver,
    DocumentVersionResolver,
    StoredFileResolver,
    FirewallItemResolver,
    FirewallResolver,
    FirewallCheckResolver,
    FirewallDrillResolver,
    RegisterImportResolver,
  ],
  policy: configurationPolicy,
  tokenScopes: configurationTokenScopes,
  errorCodes: { ...ConfigurationErrorCode, ...ImportErrorCode },
  services: ({ ds, audit, config, now, hooks, organisation }) => {
    const audited = new AuditedWrites<ConfigurationAuditAction>(ds, audit);
    const writer = new RegisterWriter(now);
    const proposals = new ChangeProposals(writer);
    const storedFiles = new StoredFiles(ds, config.configurationFiles.maxBytes);
    const documentReads = new DocumentReadService(ds, config.timeZone, now);
    return {
      /** the register, its history and its requests; `inUseEquipment` for other modules (A30) */
      configurationReading: new RegisterReadingService(ds, config.timeZone, writer),
      changeRequests: new ChangeRequestService(ds, audited, now, organisation, proposals),
      directChanges: new DirectChangeService(ds, audited, now, proposals, writer, hooks),
      storedFiles,
      /** documents (A7.2, A14.6, A22.2, A27): lists and versions, for this module's resolvers */
      documentReads,
      documents: new DocumentService(ds, audited, storedFiles, now, config.timeZone),
      /** the current version of a type of document, for other modules (incidents' manuals, the cards' PIN rules) */
      documentReading: documentReads as DocumentReading,
      /** the firewall programs' versions (A14.7), setting backups and restore drills (A14.8) */
      firewalls: new FirewallService(ds, audited, storedFiles, config.timeZone, now),
      /** issue 14 §5: the city's spreadsheet (様式第1号) taken in, all or nothing */
      registerImport: new RegisterImportService(audited, now, writer, config.configurationFiles.maxBytes),
    };
  },
  loaders: (s) =>
    createConfigurationLoaders(
      s.configurationReading,
      (on) => s.organisation.authorityHoldersOn(OrgRole.MANAGER, on),
      s.documentReads,
      s.storedFiles,
    ),
  // GET /configuration/files/:id (documents, firewall setting backups; the SHA-256 checked first)
  // GET /exports/configuration-register.xlsx|csv (様式第1号)
  routes: (s, kit) => {
    registerFileDownload(s, kit);
    registerRegisterExport(s, kit);
  },
  // on /compliance: A11.1, A11.2, A14.1–2, A14.3–4, A14.5, A15, A17; documents A7.2, A14.6; the firewall A14.7, A14.8
  compliance: (s) => [...configurationCompliance(s), ...documentCompliance(s), ...firewallCompliance(s)],
  // 対応が必要: requests to decide, changes to carry out, confirm and review
  todos: (s) => configurationTodos(s),
  hooks: (s) => ({
    // A30: disaster mode lists every server and terminal in use (room by room) to shut down and switch off
    'incidents.disasterDeclared': async (em, { targets }) => {
      const equipment = await s.configurationReading.inUseEquipment(em);
      targets.push(
        ...equipment.map((e) => ({
          kind: e.kind === ItemKind.SERVER ? ('SERVER' as const) : ('TERMINAL' as const),
          label: e.label,
          roomId: e.roomId,
          source: 'configuration.item',
          sourceId: e.id,
        })),
      );
      return { shutdownEquipment: [null, equipment.length] };
    },
  }),
});
