// The generated cross-product files (every root field × every kind of caller: the policy table and the
// malformed-input cases) run whole in CI's first pass. CI's second pass (another Node.js and another
// PostgreSQL under the same code) sets TEST_BREADTH=sample: there they keep every field, with fewer
// callers per field (see each file), since what that pass checks is the runtime and the database,
// not the policy table again.
export const SAMPLED = process.env.TEST_BREADTH === 'sample';
