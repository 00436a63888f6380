// The door tablet's calls to the server, each as the paired device (Bearer credential).
import { request, requestAsDevice } from '../../api/graphql-client.js';
import {
  CheckDoorPinDocument,
  DoorAuthorisationsDocument,
  DoorInsideDocument,
  DoorPinKeyDocument,
  PairDeviceDocument,
  RecordAccessEventsDocument,
  type RecordAccessEventsMutation,
} from '../../generated/door.js';
import { BOOT_ID, monotonicNow } from './door-clock.js';
import type { EventAnswer } from './door-db.js';
import type { PinBinding } from './door-pin-crypto.js';
import type { AuthorisedPerson, EventInput, InsideEntry } from './door-types.js';

/**
 * Pairs this tablet with a manager's code. Paired before, it shows that pairing's credential: its
 * events still waiting (their PINs sealed under that pairing) then count as this tablet's.
 */
export async function pairDevice(code: string, previousCredential: string | null) {
  const r = await request(PairDeviceDocument, { i: { code, previousCredential } });
  return r.pairDevice;
}

export async function fetchAuthorised(credential: string, knownVersion: string | null) {
  const r = await requestAsDevice(credential, DoorAuthorisationsDocument, { v: knownVersion });
  // the schema types subjectKind as a String; the server answers STAFF or CONTRACTOR
  return { ...r.doorAuthorisations, people: r.doorAuthorisations.people as AuthorisedPerson[] };
}

export async function fetchInside(credential: string): Promise<InsideEntry[]> {
  const r = await requestAsDevice(credential, DoorInsideDocument);
  return r.doorInside;
}

export async function fetchPinKey(credential: string): Promise<JsonWebKey> {
  return (await requestAsDevice(credential, DoorPinKeyDocument)).doorPinKey as JsonWebKey;
}

/** Checks a typed PIN online, for the event it is bound to (PinBinding) before that event is recorded. */
export async function checkPin(credential: string, ask: PinBinding & { pin: string }) {
  const r = await requestAsDevice(credential, CheckDoorPinDocument, { i: ask });
  return r.checkDoorPin;
}

/** results' outcome is a String in the schema; the server answers ACCEPTED, DUPLICATE or REFUSED */
export type RecordAnswer = Omit<RecordAccessEventsMutation['recordAccessEvents'], 'results'> & {
  results: EventAnswer[];
};

export async function recordEvents(credential: string, events: EventInput[]): Promise<RecordAnswer> {
  const r = await requestAsDevice(credential, RecordAccessEventsDocument, {
    i: { deviceNow: new Date().toISOString(), deviceMonotonicMs: monotonicNow(), bootId: BOOT_ID, events },
  });
  return r.recordAccessEvents as RecordAnswer;
}
