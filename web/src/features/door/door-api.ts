// The door tablet's calls to the server, each as the paired device (Bearer credential).
import { request, requestAsDevice } from '../../api/graphql-client.js';
import type { AuthorisedPerson, DoorRoom, EventAnswer, EventInput, InsideEntry } from './door-db.js';

export async function pairDevice(code: string) {
  const r = await request<{
    pairDevice: { credential: string; device: { id: string; name: string; rooms: DoorRoom[] } };
  }>(
    `mutation($i: PairDeviceInput!) { pairDevice(input: $i) { credential device { id name rooms { id code name } } } }`,
    { i: { code } },
  );
  return r.pairDevice;
}

export async function fetchAuthorised(credential: string, knownVersion: string | null) {
  const r = await requestAsDevice<{
    doorAuthorisations: { version: string; unchanged: boolean; serverTime: string; people: AuthorisedPerson[] };
  }>(
    credential,
    `query($v: String) { doorAuthorisations(knownVersion: $v) { version unchanged serverTime
      people { authorisationId subjectKind name purpose roomIds validFrom validTo escortRequired
               staff { id staffNumber familyNameKana givenNameKana } } } }`,
    { v: knownVersion },
  );
  return r.doorAuthorisations;
}

export async function fetchInside(credential: string): Promise<InsideEntry[]> {
  const r = await requestAsDevice<{ doorInside: InsideEntry[] }>(
    credential,
    `{ doorInside { clientEventId roomId staffId contractorAuthorisationId name enteredAt purpose } }`,
  );
  return r.doorInside;
}

export async function fetchPinKey(credential: string): Promise<JsonWebKey> {
  return (await requestAsDevice<{ doorPinKey: JsonWebKey }>(credential, `{ doorPinKey }`)).doorPinKey;
}

export async function checkPin(credential: string, staffId: string, clientEventId: string, pin: string) {
  const r = await requestAsDevice<{ checkDoorPin: { result: string; attemptsLeft: number } }>(
    credential,
    `mutation($i: CheckDoorPinInput!) { checkDoorPin(input: $i) { result attemptsLeft } }`,
    { i: { staffId, clientEventId, pin } },
  );
  return r.checkDoorPin;
}

export interface RecordAnswer {
  results: EventAnswer[];
  clockSkewSeconds: number;
  clockSkewed: boolean;
  sequenceGaps: { from: number; to: number }[];
}

export async function recordEvents(credential: string, events: EventInput[]): Promise<RecordAnswer> {
  const r = await requestAsDevice<{ recordAccessEvents: RecordAnswer }>(
    credential,
    `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) {
       results { clientEventId outcome code message anomalies } clockSkewSeconds clockSkewed sequenceGaps { from to } } }`,
    { i: { deviceNow: new Date().toISOString(), events } },
  );
  return r.recordAccessEvents;
}
