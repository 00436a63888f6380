// The module's public face: what other modules may import (entities, types, pure helpers). The
// composition root imports the manifest (<domain>.module.ts) instead, so no index drags in a whole module.
export { Staff } from './staff.entity.js';
export { Section } from './section.entity.js';
export { Department } from './department.entity.js';
export { RoleAssignment } from './role-assignment.entity.js';
export { ActingAssignment } from './acting-assignment.entity.js';
export { OrganisationService } from './organisation.service.js';
export { authorityHoldersSql } from './authority-holders.js';
export type { OrganisationAdminService } from './organisation-admin.service.js';
