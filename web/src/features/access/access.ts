// GraphQL of the access pages (A12.2 authorisations, A12.3 register, A13 report).
import { request } from '../../api/graphql-client.js';
import {
  AccessAnomaliesDocument,
  AccessInsideDocument,
  AccessRegisterDocument,
  ResolveAccessAnomalyDocument,
  type AccessAnomaliesQuery,
  type AccessRegisterFilter,
  type RegisterEventRowFragment,
} from '../../generated/access-register.js';
import {
  AccessReportDocument,
  AccessVisitsDocument,
  AcknowledgeAccessReportDocument,
  type AcknowledgeAccessReportInput,
  type AccessReportQuery,
  type AccessVisitsQuery,
} from '../../generated/access-report.js';
import {
  ApproveRoomAuthorisationDocument,
  MyRequestsDocument,
  PendingRequestsDocument,
  RefuseRoomAuthorisationDocument,
  RequestRoomAuthorisationDocument,
  type AuthorisationRowFragment,
  type RequestRoomAuthorisationInput,
} from '../../generated/room-authorisations.js';
import { RoomsDocument, type RoomRefFragment } from '../../generated/rooms.js';

export type RoomRef = RoomRefFragment;
export type Authorisation = AuthorisationRowFragment;
export type RegisterEvent = RegisterEventRowFragment;
export type Anomaly = AccessAnomaliesQuery['accessAnomalies'][number];
export type AccessReport = AccessReportQuery['accessReport'];
export type RoomFigures = AccessReport['rooms'][number];
export type Acknowledgement = AccessReport['acknowledgements'][number];
export type Visit = AccessVisitsQuery['accessVisits']['nodes'][number];

export const loadRooms = async () => (await request(RoomsDocument)).rooms;

export async function pendingRequests(): Promise<Authorisation[]> {
  return (await request(PendingRequestsDocument)).roomAuthorisations.nodes;
}

export async function myRequests(): Promise<Authorisation[]> {
  return (await request(MyRequestsDocument)).myRoomAuthorisations.nodes;
}

export const approve = (id: string) => request(ApproveRoomAuthorisationDocument, { i: { id } });
export const refuse = (id: string, reason: string) => request(RefuseRoomAuthorisationDocument, { i: { id, reason } });

export const requestAuthorisation = (input: RequestRoomAuthorisationInput) =>
  request(RequestRoomAuthorisationDocument, { i: input });

export async function inside(roomId: string | null): Promise<RegisterEvent[]> {
  return (await request(AccessInsideDocument, { r: roomId })).accessInside;
}

export async function anomalies(): Promise<Anomaly[]> {
  return (await request(AccessAnomaliesDocument)).accessAnomalies;
}

export const resolveAnomaly = (id: string, note: string) => request(ResolveAccessAnomalyDocument, { i: { id, note } });

export async function registerPage(filter: AccessRegisterFilter, after: string | null) {
  return (await request(AccessRegisterDocument, { f: filter, after })).accessEvents;
}

export async function report(month: string): Promise<AccessReport> {
  return (await request(AccessReportDocument, { m: month })).accessReport;
}

export const acknowledge = (input: AcknowledgeAccessReportInput) =>
  request(AcknowledgeAccessReportDocument, { i: input });

/** Every register line of a month (pages of 100), for the print view. */
export async function allVisits(month: string, roomId: string | null): Promise<Visit[]> {
  const all: Visit[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page: AccessVisitsQuery['accessVisits'] = (
      await request(AccessVisitsDocument, { m: month, r: roomId, after })
    ).accessVisits;
    all.push(...page.nodes);
    if (!page.hasNextPage) break;
    after = page.endCursor;
  }
  return all;
}

export const thisMonth = (): string => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 7);
export const previousMonth = (): string => {
  const d = new Date(Date.now() + 9 * 3_600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};
