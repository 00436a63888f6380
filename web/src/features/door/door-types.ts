// What the door tablet keeps and sends: the shapes stored in IndexedDB (door-db) and sent to the server.

export interface DoorRoom {
  id: string;
  code: string;
  name: string;
}

export interface PairedDevice {
  credential: string;
  deviceId: string;
  name: string;
  rooms: DoorRoom[];
  /** the sequence number the next event gets (1, 2, … per device) */
  nextSeq: number;
  pairedAt: string;
  /** the server no longer accepts the credential (revoked): events wait for a new pairing */
  revoked: boolean;
}

export interface ExitChecklist {
  equipmentOff: boolean;
  noMediaLeft: boolean;
  noUnauthorisedCable: boolean;
  noDocumentsLeft: boolean;
}

/** Exactly what is sent (AccessEventInput). */
export interface EventInput {
  clientEventId: string;
  deviceSeq: number;
  direction: 'ENTER' | 'EXIT';
  roomId: string;
  purpose: string;
  deviceTime: string;
  staffId?: string;
  contractorAuthorisationId?: string;
  escortStaffId?: string;
  checklist?: ExitChecklist;
  /** the typed PIN, encrypted to the server's key, bound to this event and tablet (never stored in clear) */
  pin?: string;
  /** what the server needs to date this event on its own if the clock changes before it is sent (door-clock.ts) */
  clockOffsetSeconds?: number;
  monotonicMs?: number;
  bootId?: string;
}

/** What the kiosk shows about an event (names as they were when it was recorded). */
export interface EventDisplay {
  name: string;
  roomName: string;
  escortName?: string;
}

export interface OutboxItem {
  event: EventInput;
  display: EventDisplay;
}

export interface Problem {
  event: EventInput;
  display: EventDisplay;
  /** REFUSED: not stored, with the server's reason; ATTENTION: stored with anomalies */
  kind: 'REFUSED' | 'ATTENTION';
  code: string | null;
  message: string | null;
  anomalies: string[];
  answeredAt: string;
  acknowledgedAt: string | null;
}

export interface JournalItem {
  clientEventId: string;
  roomId: string;
  direction: 'ENTER' | 'EXIT';
  staffId: string | null;
  contractorAuthorisationId: string | null;
  name: string;
  purpose: string;
  /** the tablet's clock when recorded */
  at: string;
  /** when the server accepted it (null: still waiting) */
  acceptedAt: string | null;
  /** the device's sequence number: the order events happened on this tablet, whatever its clock did */
  deviceSeq?: number;
  /** the server's time for it: estimated by the tablet when recorded, then as the server stored it */
  serverAt?: string;
  /** accepted before the server's inside list was last asked: that list already includes it */
  listed?: boolean;
  nameKana?: string | null;
  staffNumber?: string | null;
}

export interface AuthorisedPerson {
  authorisationId: string;
  subjectKind: 'STAFF' | 'CONTRACTOR';
  name: string;
  purpose: string;
  roomIds: string[];
  validFrom: string;
  validTo: string;
  escortRequired: boolean;
  staff: { id: string; staffNumber: string; familyNameKana: string; givenNameKana: string } | null;
}

export interface InsideEntry {
  clientEventId: string;
  roomId: string;
  staffId: string | null;
  contractorAuthorisationId: string | null;
  name: string;
  nameKana?: string | null;
  staffNumber?: string | null;
  enteredAt: string;
  purpose: string;
}

export interface CachedLists {
  authorised: { version: string; people: AuthorisedPerson[]; fetchedAt: string } | null;
  inside: { entries: InsideEntry[]; askedAt: string } | null;
  pinKey: JsonWebKey | null;
}

export interface SyncState {
  lastSuccessAt: string | null;
  clockSkewSeconds: number;
  clockSkewed: boolean;
  sequenceGaps: { from: number; to: number }[];
  /** the last reading of the server's clock, against this tablet's monotonic clock in one page session */
  measured?: ClockMeasurement | null;
}

export interface ClockMeasurement {
  bootId: string;
  monotonicMs: number;
  serverMs: number;
}
