// Who may call what in the configuration register (REQUIREMENTS §3, §8), folded into the one policy
// table. The register is read by every staff member (searchable on a desk and a phone) and by API
// clients with READ; the manager keeps it (A14: 管理者は…機器の管理). Any staff member asks before
// changing equipment or programs (A17: 操作者は管理者の許可なく…してはならない); the manager (or the
// acting manager) decides, and a request of the manager goes to the chief or the deputy chief.
import { Authority, TokenScope } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, DEPUTY_CHIEF, MANAGER, OPERATIONS_MANAGER, OPERATOR, PIN_ADMINISTRATOR } = Authority;

export const configurationPolicy = {
  // the register and its history (A14.5)
  'Query.configurationItems': [OPERATOR, AUDITOR],
  'Query.configurationItem': [OPERATOR, AUDITOR],
  'Query.configurationChanges': [OPERATOR, AUDITOR],
  // change control (A14.1–2, A17)
  'Query.configurationChangeRequests': [OPERATOR, AUDITOR],
  'Query.configurationChangeRequest': [OPERATOR, AUDITOR],
  'Mutation.requestConfigurationChange': [OPERATOR],
  // the requester takes back a request not carried out yet (the service checks it is theirs)
  'Mutation.withdrawConfigurationChange': [OPERATOR],
  'Mutation.approveConfigurationChange': [MANAGER, CHIEF, DEPUTY_CHIEF],
  'Mutation.refuseConfigurationChange': [MANAGER, CHIEF, DEPUTY_CHIEF],
  // the requester (or the manager) carries out an approved request; the register changes with it
  'Mutation.carryOutConfigurationChange': [OPERATOR],
  'Mutation.confirmConfigurationChange': [MANAGER, CHIEF, DEPUTY_CHIEF],
  // the manager's emergency entry, or a change found later: flagged until the chief or deputy chief reviews it
  'Mutation.recordUnapprovedConfigurationChange': [MANAGER],
  'Mutation.reviewUnapprovedConfigurationChange': [CHIEF, DEPUTY_CHIEF],
  // A15: 管理者等 keep media and documents in designated places; no change request for them
  'Mutation.recordConfigurationMedium': [MANAGER, OPERATIONS_MANAGER],
  // issue 14 §5: the city's spreadsheet (様式第1号) taken in by the manager, who keeps the register
  // (A14) and may record changes without a request (recordUnapprovedConfigurationChange)
  'Mutation.importConfigurationRegister': [MANAGER],
  // 様式第1号 as xlsx/CSV: whoever reads the register (GET /exports/configuration-register.xlsx|csv)
  'Export.configurationRegister': [OPERATOR, AUDITOR],
  // A11.1, A8.3: the manager writes down the protective measures of a connection
  'Mutation.setConnectionMeasures': [MANAGER],
  // documents (A7.2, A14.6, A22.2, A27): read by every staff member (the manuals are for everyone);
  // kept by their owner role (the service checks the type: PIN rules by the PIN administrator)
  'Query.configurationDocuments': [OPERATOR, AUDITOR],
  'Query.configurationDocument': [OPERATOR, AUDITOR],
  'Mutation.createConfigurationDocument': [MANAGER, PIN_ADMINISTRATOR],
  'Mutation.addConfigurationDocumentVersion': [MANAGER, PIN_ADMINISTRATOR],
  // a version is approved, and looked at again by its review date, by the holder of its owner role
  'Mutation.approveConfigurationDocumentVersion': [MANAGER, PIN_ADMINISTRATOR],
  'Mutation.reviewConfigurationDocumentVersion': [MANAGER, PIN_ADMINISTRATOR],
  // the firewall (A14.7, A14.8): the manager keeps it; the setting backups (their files) are read by
  // those who oversee the manager, not by every operator
  'Query.firewallSettingBackups': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Mutation.recordFirewallVersionCheck': [MANAGER],
  'Mutation.storeFirewallSettingBackup': [MANAGER],
  'Mutation.recordFirewallRestoreDrill': [MANAGER],
} as const satisfies PolicyTable;

export type ConfigurationAction = keyof typeof configurationPolicy;

/** API clients read the register and its history with READ; they never write. */
export const configurationTokenScopes: Partial<Record<ConfigurationAction, TokenScope>> = {
  'Query.configurationItems': TokenScope.READ,
  'Query.configurationItem': TokenScope.READ,
  'Query.configurationChanges': TokenScope.READ,
  'Query.configurationChangeRequests': TokenScope.READ,
  'Query.configurationChangeRequest': TokenScope.READ,
  'Query.configurationDocuments': TokenScope.READ,
  'Query.configurationDocument': TokenScope.READ,
  'Export.configurationRegister': TokenScope.READ,
};

export type ConfigurationAuditAction = ConfigurationAction;
