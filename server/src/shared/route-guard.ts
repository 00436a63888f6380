// The caller check of every module route outside GraphQL (exports, file downloads, bulk ingest): the
// same policy table as GraphQL's, and a refusal is audited like a refused mutation (REQUIREMENTS §8;
// anonymous refusals are bounded by the audit trail's per-address summary) and answered 401 or 403
// with { code }. Routes called this once each; they differed (one audited nothing, one only FORBIDDEN).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditedWrites, AuditTarget } from './audited.js';
import type { BaseContext } from './context.js';
import type { HttpKit } from './module.js';

/** The caller's context when the policy table allows `action`; null when the refusal has been answered. */
export async function allowedCaller<A extends string>(
  context: HttpKit['context'],
  request: FastifyRequest,
  reply: FastifyReply,
  audited: AuditedWrites<A>,
  action: A,
  target?: string | AuditTarget,
): Promise<BaseContext | null> {
  const ctx = await context(request, reply);
  const decision = ctx.policy.decide(ctx.principal, action);
  if (decision === 'ALLOW') return ctx;
  const code = decision === 'UNAUTHENTICATED' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
  await audited.refuse(ctx.meta, action, code, target);
  void reply.code(code === 'UNAUTHENTICATED' ? 401 : 403).send({ code });
  return null;
}
