// Who may call what in the reviews of the operation history (A20.1) and its saved queries, folded
// into the module's policy beside oplog.policy.ts. The manager checks the history (A20.1): the
// manager, the chief and the deputy chief review a month (the reviewer), only the manager signs a
// review off; auditors read reviews, marks and saved queries but write nothing.
import { Authority } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, DEPUTY_CHIEF, MANAGER } = Authority;

export const oplogReviewPolicy = {
  'Query.oplogReviews': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Query.oplogReviewsDue': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Query.oplogReview': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Mutation.createOplogReview': [MANAGER, CHIEF, DEPUTY_CHIEF],
  'Mutation.recordOplogReviewFindings': [MANAGER, CHIEF, DEPUTY_CHIEF],
  'Mutation.markOperationRecord': [MANAGER, CHIEF, DEPUTY_CHIEF],
  'Mutation.signOffOplogReview': [MANAGER],
  // the saved queries (A20.1): GraphQL pages and their CSV exports
  'Query.oplogFlaggedRecords': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Query.oplogOperatorDays': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Export.oplogSavedQuery': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
} as const satisfies PolicyTable;

export type OplogReviewAction = keyof typeof oplogReviewPolicy;
