// GraphQL of the operation-history pages (A20), typed from oplog-*.graphql by `npm run codegen`.
import { request } from '../../api/graphql-client.js';
import {
  MarkOperationRecordDocument,
  OperationRecordsDocument,
  OplogFlaggedRecordsDocument,
  OplogOperatorDaysDocument,
  type MarkOperationRecordInput,
  type OplogFlaggedRecordsQuery,
  type OplogOperatorDayQuery,
  type OplogOperatorDaysQuery,
  type OplogRecordQuery,
  type OperationRecordsQuery,
} from '../../generated/oplog-records.js';
import {
  CreateOplogReviewDocument,
  OplogReviewDocument,
  OplogReviewsDocument,
  RecordOplogReviewFindingsDocument,
  SignOffOplogReviewDocument,
  type OplogReviewQuery,
  type OplogReviewsQuery,
} from '../../generated/oplog-reviews.js';

export type RecordRow = OperationRecordsQuery['operationRecords']['nodes'][number];
export type FlaggedRow = OplogFlaggedRecordsQuery['oplogFlaggedRecords']['nodes'][number];
export type DayRow = OplogOperatorDaysQuery['oplogOperatorDays']['nodes'][number];
export type ReviewRow = OplogReviewsQuery['oplogReviews'][number];
export type Review = OplogReviewQuery['oplogReview'];

/** The saved queries: per record, and per operator and day. */
export const RECORD_QUERIES: readonly OplogRecordQuery[] = [
  'OUTSIDE_HOURS',
  'NO_VALID_CARD',
  'BEYOND_ROLE',
  'EMPTY_SERVER_ROOM',
];
export const DAY_QUERIES: readonly OplogOperatorDayQuery[] = ['UNUSUAL_VOLUME', 'ALL_DAY'];
export type SavedQuery = OplogRecordQuery | OplogOperatorDayQuery;
export const isDayQuery = (q: string): q is OplogOperatorDayQuery => (DAY_QUERIES as readonly string[]).includes(q);

/** The CSV export of a saved query (the same rows; audited). */
export const exportUrl = (q: SavedQuery, from: string, until: string) =>
  `/exports/oplog/${q.toLowerCase().replace(/_/g, '-')}.csv?from=${from}&until=${until}`;

/** The first instant of a Tokyo day 'YYYY-MM-DD'. */
export const tokyoDay = (day: string) => new Date(`${day}T00:00:00+09:00`).toISOString();
/** The day after 'YYYY-MM-DD'. */
export const dayAfter = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export const recordsPage = async (from: string, until: string, operatorId: string, after: string | null) =>
  (
    await request(OperationRecordsDocument, {
      from: tokyoDay(from),
      to: tokyoDay(dayAfter(until)),
      operatorId: operatorId.trim() || null,
      after,
    })
  ).operationRecords;

export const flaggedPage = async (q: OplogRecordQuery, from: string, until: string, after: string | null) =>
  (await request(OplogFlaggedRecordsDocument, { q, from, until, after })).oplogFlaggedRecords;

export const daysPage = async (q: OplogOperatorDayQuery, from: string, until: string, after: string | null) =>
  (await request(OplogOperatorDaysDocument, { q, from, until, after })).oplogOperatorDays;

export const mark = (i: MarkOperationRecordInput) => request(MarkOperationRecordDocument, { i });

export const loadReviews = async () => request(OplogReviewsDocument);
export const loadReview = async (id: string): Promise<Review> =>
  (await request(OplogReviewDocument, { id })).oplogReview;
export const createReview = async (month: string): Promise<string> =>
  (await request(CreateOplogReviewDocument, { m: month })).createOplogReview.id;
export const recordFindings = (id: string, findings: string) =>
  request(RecordOplogReviewFindingsDocument, { id, t: findings });
export const signOff = (id: string, note: string) =>
  request(SignOffOplogReviewDocument, { i: { id, note: note.trim() || null } });
