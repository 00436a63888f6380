// The compliance view (part 5) and "what needs me" (part 6). The module owns no data: it reads every
// module's declared controls and to-do sources (kit.declared) and evaluates them on request.
import { defineModule } from '../../shared/module.js';
import { compliancePolicy, complianceTokenScopes } from './compliance.policy.js';
import { ComplianceResolver } from './compliance.resolver.js';
import { ComplianceService } from './compliance.service.js';

export const complianceModule = defineModule()({
  name: 'compliance',
  entities: [],
  resolvers: [ComplianceResolver],
  policy: compliancePolicy,
  tokenScopes: complianceTokenScopes,
  services: (kit) => ({
    compliance: new ComplianceService(kit.declared.compliance, kit.declared.todos, {
      now: kit.now,
      timeZone: kit.config.timeZone,
      log: kit.log,
    }),
  }),
});
