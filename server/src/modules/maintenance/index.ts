// The module's public face: what other modules may import (entities, types, pure helpers). The
// composition root imports the manifest (maintenance.module.ts) instead.
export { MaintenanceWorkOrder, WorkOrderState } from './work-order.entity.js';
