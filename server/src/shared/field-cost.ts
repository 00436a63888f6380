// Fields that cost far more than their shape says (graphql-armor's cost limit counts objects and
// scalars, so `auditVerification { ok }` looks as cheap as `me { id }`). Each such root field has a
// weight out of the same budget as the cost limit (LIMITS.maxCost): an operation whose weighted
// root fields exceed it is refused before anything runs, however they are aliased or spread.
import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationRule } from 'graphql';
import { LIMITS } from './hardening.js';

/** weight of one selection of the root field, out of LIMITS.maxCost */
export const FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  // reads and hashes the whole trail (since the last checkpoint): one per request
  'Query.auditVerification': LIMITS.maxCost,
};

export const weightedFieldsRule: ValidationRule = (context) => ({
  OperationDefinition(op) {
    const root = op.operation === 'query' ? 'Query' : op.operation === 'mutation' ? 'Mutation' : 'Subscription';
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) {
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    }
    let weight = 0;
    const visit = (set: SelectionSetNode, seen: Set<string>): void => {
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) weight += FIELD_WEIGHTS[`${root}.${sel.name.value}`] ?? 0;
        else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet, seen);
        else if (!seen.has(sel.name.value)) {
          const f = fragments.get(sel.name.value);
          if (f) visit(f.selectionSet, new Set([...seen, sel.name.value]));
        }
      }
    };
    visit(op.selectionSet, new Set());
    if (weight > LIMITS.maxCost) {
      context.reportError(
        new GraphQLError(
          '重い処理 (監査証跡の検証など) は 1 リクエストに 1 回までです (the operation asks for too many costly fields, e.g. auditVerification more than once)',
          { nodes: [op] },
        ),
      );
    }
  },
});
