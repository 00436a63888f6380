import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import { AuditedWrites } from './audited.js';
import type { BaseContext } from './context.js';
import { AppError, CommonErrorCode } from './errors.js';

/** @Authorized('<Type>.<field>') → allowed when the caller holds one of the policy's grantees. */
export class PolicyAuthChecker implements AuthCheckerInterface<BaseContext> {
  async check({ context, info }: ResolverData<BaseContext>, actions: string[]): Promise<boolean> {
    const action = actions[0] ?? `${info.parentType.name}.${info.fieldName}`;
    const decision = context.policy.decide(context.principal, action);
    if (decision === 'ALLOW') return true;
    const code = decision === 'UNAUTHENTICATED' ? CommonErrorCode.UNAUTHENTICATED : CommonErrorCode.FORBIDDEN;
    if (info.parentType.name === 'Mutation') {
      // any module's action: the policy table is folded from all of them
      await new AuditedWrites<string>(context.dataSource, context.audit).refuse(context.meta, action, code);
    }
    throw code === CommonErrorCode.UNAUTHENTICATED
      ? new AppError(code, 'サインインしてください (sign in first)')
      : new AppError(code, 'この操作を行う権限がありません (not allowed)');
  }
}

/**
 * Deny by default, once per request before any resolver runs: an operation that selects a query
 * or mutation the policy table does not name is refused. (A per-field middleware would do the same
 * but costs every field of every row.)
 */
export const requirePolicyPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, contextValue }) {
        if (!operation) return;
        const root =
          operation.operation === 'mutation' ? 'Mutation' : operation.operation === 'query' ? 'Query' : 'Subscription';
        const fragments = new Map<string, FragmentDefinitionNode>();
        for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
        // Root fields, including those selected through inline fragments and fragment spreads.
        const visit = (set: SelectionSetNode, seen: Set<string>): void => {
          for (const sel of set.selections) {
            if (sel.kind === Kind.FIELD) {
              if (!sel.name.value.startsWith('__') && !contextValue.policy.grantees(`${root}.${sel.name.value}`)) {
                throw new AppError(CommonErrorCode.FORBIDDEN, 'この操作は許可されていません (not in the policy)');
              }
            } else if (sel.kind === Kind.INLINE_FRAGMENT) {
              visit(sel.selectionSet, seen);
            } else if (!seen.has(sel.name.value)) {
              const f = fragments.get(sel.name.value);
              if (f) visit(f.selectionSet, new Set([...seen, sel.name.value]));
            }
          }
        };
        visit(operation.selectionSet, new Set());
      },
    };
  },
};
