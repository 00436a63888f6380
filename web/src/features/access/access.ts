// GraphQL of the access pages (A12.2 authorisations, A12.3 register, A13 report).
import { request } from '../../api/graphql-client.js';

export interface RoomRef {
  id: string;
  code: string;
  name: string;
}
export interface Authorisation {
  id: string;
  subjectKind: 'STAFF' | 'CONTRACTOR';
  subjectName: string;
  status: 'REQUESTED' | 'APPROVED' | 'REFUSED' | 'REVOKED';
  purpose: string;
  validFrom: string;
  validTo: string;
  escortRequired: boolean;
  inForce: boolean;
  reason: string | null;
  rooms: RoomRef[];
  requestedBy: { fullName: string };
  staff: { staffNumber: string; section: { name: string } } | null;
  contractorContact: string | null;
}
export interface RegisterEvent {
  id: string;
  direction: 'ENTER' | 'EXIT';
  purpose: string;
  occurredAt: string;
  deviceTime: string;
  clockSkewSeconds: number;
  anomalies: string[];
  note: string | null;
  overstay: boolean;
  fromDevice: boolean;
  staff: { fullName: string; section: { name: string } } | null;
  escort: { fullName: string } | null;
  authorisation: { subjectName: string } | null;
  room: RoomRef;
}
export interface Anomaly {
  id: string;
  kind: string;
  detectedAt: string;
  event: RegisterEvent;
}
export interface RoomFigures {
  roomCode: string;
  roomName: string;
  visits: number;
  people: number;
  unauthorisedEntries: number;
  unclosedEntries: number;
  afterHoursEntries: number;
}
export interface Acknowledgement {
  acknowledgedAt: string;
  followUp: 'NONE' | 'INSTRUCTION' | 'INVESTIGATION';
  followUpNote: string | null;
  comment: string | null;
  acknowledgedBy: { fullName: string };
}
export interface Visit {
  name: string;
  affiliation: string;
  roomCode: string;
  enteredAt: string | null;
  exitedAt: string | null;
  purpose: string;
  checkedOk: boolean | null;
  notes: string[];
  anomalies: string[];
  /** 付添者: the staff member who accompanied an outside visitor */
  escortName: string | null;
}

const AUTH = `id subjectKind subjectName status purpose validFrom validTo escortRequired inForce reason
  rooms { id code name } requestedBy { fullName } staff { staffNumber section { name } } contractorContact`;
const EVENT = `id direction purpose occurredAt deviceTime clockSkewSeconds anomalies note overstay fromDevice
  staff { fullName section { name } } escort { fullName } authorisation { subjectName } room { id code name }`;

export const loadRooms = async () => (await request<{ rooms: RoomRef[] }>(`{ rooms { id code name } }`)).rooms;

export async function pendingRequests(): Promise<Authorisation[]> {
  const d = await request<{ roomAuthorisations: { nodes: Authorisation[] } }>(
    `{ roomAuthorisations(filter: { status: REQUESTED }, first: 100) { nodes { ${AUTH} } } }`,
  );
  return d.roomAuthorisations.nodes;
}

export async function myRequests(): Promise<Authorisation[]> {
  return (
    await request<{ myRoomAuthorisations: { nodes: Authorisation[] } }>(
      `{ myRoomAuthorisations { nodes { ${AUTH} } } }`,
    )
  ).myRoomAuthorisations.nodes;
}

export const approve = (id: string) =>
  request(`mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { id } }`, { i: { id } });
export const refuse = (id: string, reason: string) =>
  request(`mutation($i: AuthorisationDecisionInput!) { refuseRoomAuthorisation(input: $i) { id } }`, {
    i: { id, reason },
  });

export const requestAuthorisation = (input: Record<string, unknown>) =>
  request(`mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`, { i: input });

export async function inside(roomId: string | null): Promise<RegisterEvent[]> {
  return (
    await request<{ accessInside: RegisterEvent[] }>(`query($r: ID) { accessInside(roomId: $r) { ${EVENT} } }`, {
      r: roomId,
    })
  ).accessInside;
}

export async function anomalies(): Promise<Anomaly[]> {
  return (
    await request<{ accessAnomalies: Anomaly[] }>(`{ accessAnomalies { id kind detectedAt event { ${EVENT} } } }`)
  ).accessAnomalies;
}

export const resolveAnomaly = (id: string, note: string) =>
  request(`mutation($i: ResolveAnomalyInput!) { resolveAccessAnomaly(input: $i) { id } }`, { i: { id, note } });

export async function registerPage(filter: Record<string, unknown>, after: string | null) {
  const d = await request<{ accessEvents: { nodes: RegisterEvent[]; endCursor: string | null; hasNextPage: boolean } }>(
    `query($f: AccessRegisterFilter, $after: String) { accessEvents(filter: $f, first: 50, after: $after) {
      nodes { ${EVENT} } endCursor hasNextPage } }`,
    { f: filter, after },
  );
  return d.accessEvents;
}

export async function report(month: string) {
  return (
    await request<{
      accessReport: { month: string; officeHours: string; rooms: RoomFigures[]; acknowledgements: Acknowledgement[] };
    }>(
      `query($m: String!) { accessReport(month: $m) { month officeHours
        rooms { roomCode roomName visits people unauthorisedEntries unclosedEntries afterHoursEntries }
        acknowledgements { acknowledgedAt followUp followUpNote comment acknowledgedBy { fullName } } } }`,
      { m: month },
    )
  ).accessReport;
}

export const acknowledge = (input: Record<string, unknown>) =>
  request(`mutation($i: AcknowledgeAccessReportInput!) { acknowledgeAccessReport(input: $i) { id } }`, { i: input });

/** Every register line of a month (pages of 100), for the print view. */
export async function allVisits(month: string, roomId: string | null): Promise<Visit[]> {
  const all: Visit[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page: { nodes: Visit[]; hasNextPage: boolean; endCursor: string | null } = (
      await request<{ accessVisits: { nodes: Visit[]; hasNextPage: boolean; endCursor: string | null } }>(
        `query($m: String!, $r: ID, $after: String) { accessVisits(month: $m, roomId: $r, first: 100, after: $after) {
          nodes { name affiliation roomCode enteredAt exitedAt purpose checkedOk notes anomalies escortName } hasNextPage endCursor } }`,
        { m: month, r: roomId, after },
      )
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
