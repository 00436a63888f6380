// The compliance view (part 5) and "what needs me" (part 6). The module owns no data: it is given
// every module's controls and to-do sources and evaluates them on request.
import { TokenScope } from '../../shared/authority.js';
import type { ComplianceControl, TodoSource } from '../../shared/module.js';
import { defineModule } from '../../shared/module.js';
import { POLICY } from '../../shared/policy.js';
import { ComplianceResolver } from './compliance.resolver.js';
import { ComplianceService } from './compliance.service.js';

export interface ComplianceNeeds {
  /** every module's compliance(services), concatenated */
  complianceControls: readonly ComplianceControl[];
  /** every module's todos(services), concatenated */
  todoSources: readonly TodoSource[];
}

export const complianceModule = defineModule<ComplianceNeeds>()({
  name: 'compliance',
  entities: [],
  resolvers: [ComplianceResolver],
  // one source of truth until the policy table is folded from the manifests
  policy: { 'Query.compliance': POLICY['Query.compliance'], 'Query.myTodos': POLICY['Query.myTodos'] },
  tokenScopes: { 'Query.compliance': TokenScope.READ },
  services: (kit) => ({
    compliance: new ComplianceService(kit.complianceControls, kit.todoSources, {
      now: kit.now,
      timeZone: kit.config.timeZone,
      log: kit.log,
    }),
  }),
});
