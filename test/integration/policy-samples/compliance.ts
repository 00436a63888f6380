// Policy samples of the compliance module: one call per action (authorization-policy.test.ts).
import { type SamplesOf } from './sample.js';

export const complianceSamples: SamplesOf<'compliance'> = {
  'Query.compliance': { query: `{ compliance { summary { ok } } }` },
  'Query.myTodos': { query: `{ myTodos { id count } }` },
};
