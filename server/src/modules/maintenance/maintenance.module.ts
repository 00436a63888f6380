// Maintenance work orders (A26): the manager's instruction of maintenance work by outside people,
// with their room authorisations (A12.2) and the register's lines of the work (A12.3).
import { AuditedWrites } from '../../shared/audited.js';
import { defineModule } from '../../shared/module.js';
import type { RoomAuthorisationService } from '../access/index.js';
import { EntryReviewService } from './entry-review.service.js';
import { maintenanceCompliance } from './maintenance.compliance.js';
import { MaintenanceErrorCode } from './maintenance.errors.js';
import { createMaintenanceLoaders } from './maintenance.loaders.js';
import { maintenancePolicy, maintenanceTokenScopes, type MaintenanceAuditAction } from './maintenance.policy.js';
import { maintenanceTodos } from './maintenance.todos.js';
import { WorkOrderReadService } from './work-order-reading.service.js';
import { EntryReviewResolver, WorkOrderResolver } from './work-order.resolver.js';
import { WorkOrderService } from './work-order.service.js';
import {
  MaintenanceEntryReview,
  MaintenanceWorkOrder,
  MaintenanceWorkOrderAuthorisation,
} from './work-order.entity.js';

/** What maintenance takes from modules listed before it: access asks for the contractors' authorisations (A12.2). */
interface MaintenanceNeeds {
  roomAuthorisations: RoomAuthorisationService;
}

export const maintenanceModule = defineModule<MaintenanceNeeds>()({
  name: 'maintenance',
  entities: [MaintenanceWorkOrder, MaintenanceWorkOrderAuthorisation, MaintenanceEntryReview],
  resolvers: [WorkOrderResolver, EntryReviewResolver],
  policy: maintenancePolicy,
  tokenScopes: maintenanceTokenScopes,
  errorCodes: MaintenanceErrorCode,
  services: ({ ds, audit, now, roomAuthorisations }) => {
    const audited = new AuditedWrites<MaintenanceAuditAction>(ds, audit);
    return {
      workOrders: new WorkOrderService(ds, audited, roomAuthorisations, now),
      workOrderReading: new WorkOrderReadService(ds, now),
      entryReviews: new EntryReviewService(ds, audited, now),
    };
  },
  loaders: (s) => createMaintenanceLoaders(s.workOrderReading),
  // on /compliance: outside people's entries no work order covers (A26)
  compliance: (s) => maintenanceCompliance(s),
  // 対応が必要: results to confirm (the manager, the escorts), uncovered entries to look at
  todos: (s) => maintenanceTodos(s),
  hooks: (s) => ({
    // A26: the first entry of an order's people starts its work, in the register's transaction
    'access.contractorEntered': (em, { entries }) => s.workOrders.startFor(em, entries),
  }),
});
