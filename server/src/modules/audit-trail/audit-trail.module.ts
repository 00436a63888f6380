// The audit trail module: reading and verifying the hash-chained trail. Its writer (AuditTrailService)
// is made by the composition root before any module, as the kit's `audit`, since every module writes.
import { defineModule } from '../../shared/module.js';
import { checkpointJobs } from './audit-checkpoints.js';
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
  // daily: verify from the last checkpoint on, and write a new one outside the database
  jobs: (s) =>
    checkpointJobs({
      ds: s.ds,
      chainKey: s.secrets.auditChainKey,
      signingKey: s.secrets.auditSigningKey,
      publicKey: s.secrets.auditPublicKey,
      dir: s.config.auditCheckpointDir,
      url: s.config.auditCheckpointUrl,
      log: s.log,
    }),
});
