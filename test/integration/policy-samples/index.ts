// Every module's policy samples, folded: the policy test checks that they name exactly the policy's actions.
import type { Action } from '../../../server/src/composition/policy.js';
import { accessSamples } from './access.js';
import { auditTrailSamples } from './audit-trail.js';
import { cardStockSamples } from './card-stock.js';
import { cardsSamples } from './cards.js';
import { complianceSamples } from './compliance.js';
import { configurationSamples } from './configuration.js';
import { identitySamples } from './identity.js';
import { incidentsSamples } from './incidents.js';
import { maintenanceSamples } from './maintenance.js';
import { oplogSamples } from './oplog.js';
import { organisationSamples } from './organisation.js';
import { pushSamples } from './push.js';
import type { PolicySample } from './sample.js';

export { ctx } from './sample.js';

/** One sample call per action. Adding a query or mutation without a sample fails the coverage test. */
export const SAMPLES: Record<Action, PolicySample> = {
  ...auditTrailSamples,
  ...organisationSamples,
  ...identitySamples,
  ...pushSamples,
  ...accessSamples,
  ...configurationSamples,
  ...incidentsSamples,
  ...maintenanceSamples,
  ...cardsSamples,
  ...cardStockSamples,
  ...oplogSamples,
  ...complianceSamples,
};
