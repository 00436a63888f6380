// The one list of places a signed-in person can go. It drives the side bar (desk), the bottom bar
// and the menu (phone): a new domain adds its pages here and nowhere else. Who may open a page is
// not repeated: it is the route's meta.action in router.ts, whose grantees are the server's policy table
// (route-access.ts over web/src/generated/policy.ts).
// Imported only by the signed-in app's shell, never by the door kiosk's route.
import type { RouteRecordNormalized } from 'vue-router';
import { mayCall } from './route-access.js';

/** The side bar's groups, in the order of the standard's chapters (REQUIREMENTS.md). */
export type NavGroupId =
  | 'overview'
  | 'organisation' // A3–A10
  | 'rooms' // A12–A13
  | 'configuration' // A11, A14–A17
  | 'cards' // A16, A18
  | 'incidents' // A19–A30
  | 'operations' // A20–A21
  | 'account';

export const NAV_GROUPS: readonly NavGroupId[] = [
  'overview',
  'organisation',
  'rooms',
  'configuration',
  'cards',
  'incidents',
  'operations',
  'account',
];

export type NavIconName =
  | 'todo'
  | 'compliance'
  | 'organisation'
  | 'staff'
  | 'door'
  | 'report'
  | 'tablet'
  | 'key'
  | 'passkey'
  | 'token'
  | 'register'
  | 'incident'
  | 'menu';

export interface NavEntry {
  /** the route's name in router.ts: its path and action (who may open it) come from there */
  route: string;
  /** i18n key of the link text */
  label: string;
  group: NavGroupId;
  icon: NavIconName;
}

export const NAV_ENTRIES: readonly NavEntry[] = [
  { route: 'todo', label: 'nav.todo', group: 'overview', icon: 'todo' },
  { route: 'compliance', label: 'nav.compliance', group: 'overview', icon: 'compliance' },
  { route: 'organisation', label: 'nav.organisation', group: 'organisation', icon: 'organisation' },
  { route: 'staff-admin', label: 'nav.staff', group: 'organisation', icon: 'staff' },
  { route: 'assignment-proposals', label: 'nav.proposals', group: 'organisation', icon: 'staff' },
  { route: 'access', label: 'nav.access', group: 'rooms', icon: 'door' },
  { route: 'access-request', label: 'nav.accessRequest', group: 'rooms', icon: 'report' },
  { route: 'door-devices', label: 'nav.devices', group: 'rooms', icon: 'tablet' },
  { route: 'incidents', label: 'nav.incidents', group: 'incidents', icon: 'incident' },
  { route: 'incident-report', label: 'nav.incidentReport', group: 'incidents', icon: 'report' },
  // the log (A19.1–2); it links to recording a new scan
  { route: 'media-scans', label: 'nav.mediaScan', group: 'incidents', icon: 'register' },
  { route: 'maintenance', label: 'nav.maintenance', group: 'incidents', icon: 'report' },
  { route: 'configuration', label: 'nav.configuration', group: 'configuration', icon: 'register' },
  { route: 'configuration-requests', label: 'nav.configurationRequests', group: 'configuration', icon: 'report' },
  { route: 'cards', label: 'nav.cards', group: 'cards', icon: 'register' },
  { route: 'card-requests', label: 'nav.cardRequests', group: 'cards', icon: 'key' },
  { route: 'card-transfers', label: 'nav.cardTransfers', group: 'cards', icon: 'staff' },
  { route: 'pin-rules', label: 'nav.pinRules', group: 'cards', icon: 'report' },
  { route: 'card-stock', label: 'nav.cardStock', group: 'cards', icon: 'register' },
  { route: 'oplog', label: 'nav.oplog', group: 'operations', icon: 'register' },
  { route: 'oplog-reviews', label: 'nav.oplogReviews', group: 'operations', icon: 'compliance' },
  // A20.2: the months past 7 years to archive, and the legal holds
  { route: 'oplog-retention', label: 'nav.oplogRetention', group: 'operations', icon: 'register' },
  // A21: investigations follow the operation history's reviews that find what to investigate
  { route: 'investigations', label: 'nav.investigations', group: 'operations', icon: 'report' },
  { route: 'door-pin', label: 'nav.doorPin', group: 'account', icon: 'key' },
  { route: 'passkeys', label: 'nav.passkeys', group: 'account', icon: 'passkey' },
  { route: 'api-tokens', label: 'nav.tokens', group: 'account', icon: 'token' },
  { route: 'push', label: 'nav.push', group: 'account', icon: 'todo' },
  { route: 'push-problems', label: 'nav.pushProblems', group: 'organisation', icon: 'staff' },
];

/**
 * The phone's bottom bar (with メニュー after them: at most 5 in all). A slot opens the first of its
 * routes the person may open, and is left out when there is none; it is the current one on any of
 * its routes or `also`.
 */
export interface BarSlot {
  id: 'todo' | 'report' | 'registers' | 'organisation';
  label: string;
  icon: NavIconName;
  routes: readonly string[];
  also?: readonly string[];
}

export const BAR_SLOTS: readonly BarSlot[] = [
  { id: 'todo', label: 'nav.bar.todo', icon: 'todo', routes: ['todo'] },
  // an incident first: anyone reports at once (A19.3, A22, A28–A30)
  {
    id: 'report',
    label: 'nav.bar.report',
    icon: 'report',
    routes: ['incident-report', 'access-request'],
    also: ['media-scan', 'media-scans'],
  },
  // the registers of the standard: the configuration register, cards… join this list
  {
    id: 'registers',
    label: 'nav.bar.registers',
    icon: 'register',
    routes: ['access', 'configuration'],
    also: [
      'access-print',
      'configuration',
      'configuration-new',
      'configuration-item',
      'configuration-edit',
      'configuration-requests',
      'configuration-history',
      'configuration-documents',
      'configuration-document',
    ],
  },
  { id: 'organisation', label: 'nav.bar.organisation', icon: 'organisation', routes: ['organisation'] },
];

/** Whether someone with these authorities may open the named route (undefined: not known, e.g. offline). */
export function mayOpen(
  routes: readonly RouteRecordNormalized[],
  name: string,
  authorities: readonly string[] | undefined,
): boolean {
  const record = routes.find((r) => r.name === name);
  if (!record) return false;
  return mayCall(record.meta.action, authorities);
}

export interface NavLink extends NavEntry {
  path: string;
}

/** The groups with the pages this person may open; groups with none are left out. */
export function visibleGroups(
  routes: readonly RouteRecordNormalized[],
  authorities: readonly string[] | undefined,
): { id: NavGroupId; links: NavLink[] }[] {
  const links = NAV_ENTRIES.filter((e) => mayOpen(routes, e.route, authorities)).map((e) => ({
    ...e,
    path: routes.find((r) => r.name === e.route)!.path,
  }));
  return NAV_GROUPS.map((id) => ({ id, links: links.filter((l) => l.group === id) })).filter((g) => g.links.length);
}

export interface BarLink extends BarSlot {
  path: string;
  /** route names on which this slot is the current one */
  current: readonly string[];
}

/** The bottom bar's slots this person has, each with the page it opens. */
export function visibleBar(
  routes: readonly RouteRecordNormalized[],
  authorities: readonly string[] | undefined,
): BarLink[] {
  return BAR_SLOTS.flatMap((slot) => {
    const name = slot.routes.find((r) => mayOpen(routes, r, authorities));
    if (!name) return [];
    const path = routes.find((r) => r.name === name)!.path;
    return [{ ...slot, path, current: [...slot.routes, ...(slot.also ?? [])] }];
  });
}
