// Policy samples of the auditTrail module: one call per action (authorization-policy.test.ts).
import { type SamplesOf } from './sample.js';

export const auditTrailSamples: SamplesOf<'auditTrail'> = {
  'Query.auditEntries': { query: `{ auditEntries(first: 1) { nodes { id } } }` },
  'Query.auditVerification': { query: `{ auditVerification { ok } }` },
  'Query.auditCheckpoint': { query: `{ auditCheckpoint }` },
};
