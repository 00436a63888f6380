// The shape of a policy sample, and the ids the samples need (set once the test app has started).
import type { MODULES } from '../../../server/src/composition/modules.js';

/** One sample call of an action: a GraphQL operation, or an HTTP route (export, download, ingest). */
export interface PolicySample {
  query: string;
  variables?: (targetId: string) => Record<string, unknown>;
  httpGet?: string;
  /** an HTTP write (the operation-history ingest): 200, or 401/403 with { code } */
  httpPost?: { url: string; contentType: string; body: string };
}

type ModuleNamed<N> = Extract<(typeof MODULES)[number], { name: N }>;
/** A sample for every action of one module's policy: a missing one does not compile. */
export type SamplesOf<N extends (typeof MODULES)[number]['name']> = Record<
  keyof ModuleNamed<N>['policy'] & string,
  PolicySample
>;

/** Ids read from the seeded database before the walk (authorization-policy.test.ts, beforeAll). */
export const ctx = { roomId: '', sectionIdOfTarget: '' };
