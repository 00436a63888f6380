// The module's public face: what other modules may import (entities, types, pure helpers). The
// composition root imports the manifest (<domain>.module.ts) instead, so no index drags in a whole module.
export { DoorDevice } from './door-device.entity.js';
export { AppRoleGrant } from './app-role-grant.entity.js';
export { DEMO_SEED_MARKER } from './demo-accounts.js';
export type { IdentityService } from './identity.service.js';
export { StaffIdInput } from './identity.types.js';
export { hashSecret, verifySecret } from './password.js';
export { proofOf, ReauthenticationInput } from './reauthentication.input.js';
export type { Reauthenticate, ReauthenticationProof, ReauthenticationService } from './reauthentication.service.js';
export { StaffCredential } from './staff-credential.entity.js';
