// Cross-domain reactions, typed: a module emits an event inside its transaction, and every module that
// subscribed reacts inside the same transaction (so a transfer and what it ends commit together, or
// neither does). Modules never call each other's services for this.
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from './audit.js';

/** Every event, with what its handlers receive. */
export interface HookEvents {
  /**
   * staff members moved to another section (異動): one (editing a person) or many at once (a
   * transfer round's moves opened together). Handlers react set-based, a few statements for the
   * whole list, and answer each move's changes in the order of `moves` (see emitEach).
   */
  'staff.movedMany': { moves: StaffMove[] };
  /** a staff member's employment ended */
  'staff.left': { staffId: string; lastDay: string };
  /** A12.2: entries into a 電算室等 without an authorisation in force were stored in the register */
  'access.unauthorisedEntry': { entries: UnauthorisedEntry[] };
  /** A26: entries of outside people (by their authorisation) were stored in the register */
  'access.contractorEntered': { entries: ContractorEntry[] };
  /** the manager resolved a register anomaly with a note (A12.2: the entry's facts and reason confirmed) */
  'access.anomalyResolved': { eventId: string; kind: string; staffId: string; note: string; at: Date };
  /**
   * A30: an incident was put in disaster mode. Each module that keeps rooms or equipment pushes onto
   * `targets` what must be shut down, switched off or checked (access: the 電算室等; the
   * configuration register: its servers and terminals). The incidents module stores them as the
   * shutdown checklist, in the same transaction.
   */
  'incidents.disasterDeclared': { incidentId: string; targets: ShutdownTarget[] };
  /** A16: an operator ID card was reported lost and revoked at once; incidents opens an incident */
  'cards.cardLost': LostCard;
  /** A17: a change to equipment or programs found that nobody approved was recorded; incidents opens an incident */
  'configuration.unauthorisedChange': UnauthorisedChange;
}

/** One staff member's move (異動) from a section to another. */
export interface StaffMove {
  staffId: string;
  fromSectionId: string;
  toSectionId: string;
  /**
   * What the move carries out, when the caller says (a transfer round's move: type
   * 'CardTransferMove'), so a module can link what it opens to it in the same statement.
   */
  cause?: { type: string; id: string };
}

/** A change to the configuration register nobody approved (A17), as the incident needs it. */
export interface UnauthorisedChange {
  /** the change record (configuration_change) */
  changeId: string;
  /** 登録番号 名称 of the item */
  itemLabel: string;
  summary: string;
  reason: string;
  /** who recorded it (the manager) */
  recordedById: string;
  /** the item's using section, when it has one */
  sectionId: string | null;
  roomId: string | null;
  recordedAt: Date;
}

/** A lost operator ID card (A16), as the incident needs it: no PIN, nothing about residents. */
export interface LostCard {
  cardId: string;
  cardNumber: string;
  /** the operator's staff member and section, when the card was issued */
  staffId: string | null;
  sectionId: string | null;
  /** who recorded the loss */
  reportedById: string;
  occurredAt: Date;
  note: string | null;
}

/** One thing to shut down or check in disaster mode (A30), as a providing module describes it. */
export interface ShutdownTarget {
  kind: 'ROOM' | 'SERVER' | 'TERMINAL' | 'OTHER';
  /** what people see on the checklist, e.g. 住基ネットサーバー1号機 */
  label: string;
  /** the 電算室等 it is in, or that it is (access module's room id); null: elsewhere */
  roomId: string | null;
  /** the providing record, '<module>.<thing>' and its id: the same record is listed once */
  source: string;
  sourceId: string;
}

/** One register line of an entry without a valid authorisation (A12.2). */
export interface UnauthorisedEntry {
  /** the access_event's id */
  eventId: string;
  roomId: string;
  /** the person, when a staff member (null: an outside person) */
  staffId: string | null;
  occurredAt: Date;
}

/** One register line of an outside person's entry (A26: the work of a maintenance order begins). */
export interface ContractorEntry {
  /** the access_event's id */
  eventId: string;
  /** the outside person's authorisation (access_event."contractorAuthorisationId") */
  authorisationId: string;
  roomId: string;
  occurredAt: Date;
}

export type HookName = keyof HookEvents;

/** What a reaction changed, for the emitter's audit entry: { field: [before, after] }. */
export type HookChanges = Record<string, [unknown, unknown]>;

/** Batch events: each handler answers one change set per item of the event, in its order. */
export type BatchHookName = 'staff.movedMany';

/** What a handler answers: the changes it made, or for a batch event the changes of each item. */
export type HookAnswer<K extends HookName> = K extends BatchHookName ? (HookChanges | void)[] : HookChanges | void;

export type HookHandler<K extends HookName> = (
  em: EntityManager,
  event: HookEvents[K],
  meta: RequestMeta,
) => Promise<HookAnswer<K>>;

export class Hooks {
  private readonly handlers = new Map<HookName, HookHandler<HookName>[]>();

  on<K extends HookName>(name: K, handler: HookHandler<K>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as unknown as HookHandler<HookName>);
    this.handlers.set(name, list);
  }

  /**
   * Runs every handler in order, in the caller's transaction; a handler's error rolls everything
   * back. Answers what the handlers changed, merged, for the caller's audit entry.
   */
  async emit<K extends Exclude<HookName, BatchHookName>>(
    em: EntityManager,
    name: K,
    event: HookEvents[K],
    meta: RequestMeta,
  ): Promise<HookChanges> {
    const changes: HookChanges = {};
    for (const h of this.handlers.get(name) ?? [])
      Object.assign(changes, await (h as unknown as HookHandler<K>)(em, event, meta));
    return changes;
  }

  /**
   * A batch event of `count` items: every handler runs once, in order, in the caller's
   * transaction. Answers each item's changes (what every handler changed for it, merged).
   */
  async emitEach<K extends BatchHookName>(
    em: EntityManager,
    name: K,
    event: HookEvents[K],
    count: number,
    meta: RequestMeta,
  ): Promise<HookChanges[]> {
    const changes = Array.from({ length: count }, (): HookChanges => ({}));
    for (const h of this.handlers.get(name) ?? []) {
      const answers = await (h as unknown as HookHandler<BatchHookName>)(em, event, meta);
      answers.forEach((a, i) => Object.assign(changes[i], a));
    }
    return changes;
  }
}
