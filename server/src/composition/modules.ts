// The one explicit list of modules. A new domain is added by creating its folder under modules/ with a
// manifest (<domain>.module.ts) and adding one line here. Order matters: a module's services may use
// those of the modules listed before it.
import { accessModule } from '../modules/access/access.module.js';
import { auditTrailModule } from '../modules/audit-trail/audit-trail.module.js';
import { backupModule } from '../modules/backup/backup.module.js';
import { cardStockModule } from '../modules/card-stock/card-stock.module.js';
import { cardsModule } from '../modules/cards/cards.module.js';
import { complianceModule } from '../modules/compliance/compliance.module.js';
import { configurationModule } from '../modules/configuration/configuration.module.js';
import { identityModule } from '../modules/identity/identity.module.js';
import { incidentsModule } from '../modules/incidents/incidents.module.js';
import { maintenanceModule } from '../modules/maintenance/maintenance.module.js';
import { oplogModule } from '../modules/oplog/oplog.module.js';
import { organisationModule } from '../modules/organisation/organisation.module.js';
import { pushModule } from '../modules/push/push.module.js';

export const MODULES = [
  auditTrailModule,
  organisationModule,
  identityModule,
  pushModule,
  accessModule,
  configurationModule,
  incidentsModule,
  maintenanceModule,
  cardsModule,
  cardStockModule,
  oplogModule,
  complianceModule,
  backupModule,
] as const;

export type Modules = typeof MODULES;
