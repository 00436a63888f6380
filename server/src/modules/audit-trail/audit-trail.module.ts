// The audit trail module: reading and verifying the hash-chained trail. Its writer (AuditTrailService)
// is made by the composition root before any module, as the kit's `audit`, since every module writes.
import { defineModule } from '../../shared/module.js';
import { AuditEntry } from './audit-entry.entity.js';
import { AuditStreamHead } from './audit-stream-head.entity.js';
import { auditTrailPolicy, auditTrailTokenScopes } from './audit-trail.policy.js';
import { AuditTrailResolver } from './audit-trail.resolver.js';

export const auditTrailModule = defineModule()({
  name: 'auditTrail',
  entities: [AuditEntry, AuditStreamHead],
  resolvers: [AuditTrailResolver],
  policy: auditTrailPolicy,
  tokenScopes: auditTrailTokenScopes,
  services: () => ({}),
});
