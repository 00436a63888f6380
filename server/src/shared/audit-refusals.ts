import type { ApolloServerPlugin } from '@apollo/server';
import { Kind } from 'graphql';
import { AuditedWrites } from './audited.js';
import type { BaseContext } from './context.js';

/**
 * Every refused mutation is audited (REQUIREMENTS §8). Services and the auth checker write their
 * own refusal entries with details; this plugin catches the rest — bad arguments, "not found",
 * anything that failed — by writing one REFUSED entry per failed root field when the request
 * has no audit entry yet (counted in memory per request: RequestMeta.tally). It costs nothing on success.
 */
export const auditRefusedMutationsPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue: ctx, operation, response }) {
        if (operation?.operation !== 'mutation' || response.body.kind !== 'single') return;
        const errors = response.body.singleResult.errors;
        if (!errors?.length) return;
        // the request's own tally (request context), never a look-up by an id a client could choose
        if (ctx.meta.tally && ctx.meta.tally.entries > 0) return;
        const firstField = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
        const fallback = firstField?.kind === Kind.FIELD ? firstField.name.value : 'unknown';
        const refused = new Map<string, string>();
        for (const e of errors) {
          const field = typeof e.path?.[0] === 'string' ? e.path[0] : fallback;
          if (!refused.has(field)) refused.set(field, String(e.extensions?.code ?? 'ERROR'));
        }
        const audited = new AuditedWrites<string>(ctx.dataSource, ctx.audit);
        for (const [field, code] of refused) await audited.refuse(ctx.meta, `Mutation.${field}`, code);
      },
    };
  },
};
