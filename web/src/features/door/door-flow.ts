// One person's way through the kiosk: who, PIN, purpose or checklist, then the event is saved to
// the outbox (before anything is sent) and the sender is woken.
import { GraphQLRequestError } from '../../api/graphql-client.js';
import { checkPin } from './door-api.js';
import { saveEvent, type ExitChecklist } from './door-db.js';
import { clockReading } from './door-clock.js';
import { encryptPin } from './door-pin-crypto.js';
import { door, notifyOtherTabs, refreshLocal } from './door-state.js';
import { syncNow } from './door-sync.js';

export interface DoorPerson {
  kind: 'STAFF' | 'CONTRACTOR';
  staffId: string | null;
  /** an outside person is recorded by their authorisation */
  authorisationId: string | null;
  name: string;
  /** ふりがな and staff number, kept with an entry so that leaving can be found by them */
  nameKana?: string | null;
  staffNumber?: string | null;
  purpose: string;
  escortRequired: boolean;
}

export interface Draft {
  direction: 'ENTER' | 'EXIT';
  roomId: string;
  /** made when the PIN is typed: the cipher is bound to it */
  clientEventId: string;
  /** the event's time, taken when the PIN is typed (the cipher is bound to it); else when saved */
  deviceTime: string | null;
  person: DoorPerson;
  escort: DoorPerson | null;
  pin: string | null;
  purpose: string;
  checklist: ExitChecklist;
}

export const emptyChecklist = (): ExitChecklist => ({
  equipmentOff: false,
  noMediaLeft: false,
  noUnauthorisedCable: false,
  noDocumentsLeft: false,
});

export function newDraft(direction: Draft['direction'], roomId: string, person: DoorPerson): Draft {
  return {
    direction,
    roomId,
    clientEventId: crypto.randomUUID(),
    deviceTime: null,
    person,
    escort: null,
    pin: null,
    purpose: person.purpose,
    checklist: emptyChecklist(),
  };
}

/** Whose PIN identifies this event: the person's own, or the escort's for an outside person. */
export const identifiedBy = (d: Draft): DoorPerson | null => (d.person.kind === 'STAFF' ? d.person : d.escort);

export type PinOutcome =
  | { ok: true; checked: boolean }
  | { ok: false; reason: 'WRONG' | 'LOCKED' | 'NOT_SET' | 'NO_KEY' | 'MALFORMED'; attemptsLeft?: number };

/**
 * Encrypts the typed PIN for this event and, when the server answers, checks it at once so a typo
 * is caught at the door. Offline it is kept encrypted and checked when the event is sent. The
 * event's time is taken here, with the PIN: the cipher is bound to it.
 */
export async function enterPin(draft: Draft, pin: string): Promise<PinOutcome> {
  const who = identifiedBy(draft);
  const key = door.lists.pinKey;
  if (!who?.staffId || !key || !door.device) return { ok: false, reason: 'NO_KEY' };
  // bound to the event as it will be sent: its id, whose PIN, room, direction and time, and this tablet
  const binding = {
    clientEventId: draft.clientEventId,
    staffId: who.staffId,
    roomId: draft.roomId,
    direction: draft.direction,
    deviceTime: new Date().toISOString(),
  };
  const cipher = await encryptPin(key, pin, door.device.deviceId, binding);
  const keep = () => {
    draft.pin = cipher;
    draft.deviceTime = binding.deviceTime;
  };
  if (door.device.revoked) {
    keep();
    return { ok: true, checked: false };
  }
  try {
    const r = await checkPin(door.device.credential, { ...binding, pin: cipher });
    if (r.result !== 'OK') return { ok: false, reason: r.result as 'WRONG', attemptsLeft: r.attemptsLeft };
    keep();
    return { ok: true, checked: true };
  } catch (e) {
    if (e instanceof GraphQLRequestError && !e.isNetwork && e.code !== 'UNAUTHENTICATED') throw e;
    keep();
    return { ok: true, checked: false };
  }
}

/** Saves the event to the outbox (the moment it counts), then wakes the sender without waiting. */
export async function record(draft: Draft, roomName: string): Promise<void> {
  const { person, escort } = draft;
  const { serverAt, ...clock } = clockReading(door.sync);
  await saveEvent(
    {
      clientEventId: draft.clientEventId,
      direction: draft.direction,
      roomId: draft.roomId,
      purpose: draft.purpose.trim() || person.purpose,
      ...clock,
      // the time the PIN was bound to (door-pin-crypto), when one was typed
      ...(draft.deviceTime ? { deviceTime: draft.deviceTime } : {}),
      ...(person.staffId ? { staffId: person.staffId } : { contractorAuthorisationId: person.authorisationId! }),
      ...(escort?.staffId ? { escortStaffId: escort.staffId } : {}),
      ...(draft.direction === 'EXIT' ? { checklist: { ...draft.checklist } } : {}),
      ...(draft.pin ? { pin: draft.pin } : {}),
    },
    { name: person.name, roomName, ...(escort ? { escortName: escort.name } : {}) },
    {
      staffId: person.staffId,
      contractorAuthorisationId: person.staffId ? null : person.authorisationId,
      name: person.name,
      serverAt,
      nameKana: person.nameKana ?? null,
      staffNumber: person.staffNumber ?? null,
    },
  );
  notifyOtherTabs();
  void refreshLocal()
    .then(() => syncNow())
    .catch(() => undefined); // the sender's timer tries again; the event is saved
}
