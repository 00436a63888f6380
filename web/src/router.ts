import { nextTick } from 'vue';
import { createRouter, createWebHistory, START_LOCATION, type RouteRecordRaw } from 'vue-router';
import { currentUser, loadCurrentUser } from './features/identity/use-session.js';
import { DOOR_FLAG } from './features/door/door-flag.js';
import type { Authority } from './generated/session.js';
import type { RouteAction } from './route-access.js';

declare module 'vue-router' {
  interface RouteMeta {
    /** open without signing in */
    public?: boolean;
    /** the door tablet's kiosk */
    kiosk?: boolean;
    /** the API action the page is for: shown and opened only by its grantees in the policy table */
    action?: RouteAction;
  }
}

// Explicit routes. meta.public: open without signing in; everything else needs a session;
// meta.action: shown and opened only by those the server's policy lets call it (route-access.ts).
const routes: RouteRecordRaw[] = [
  {
    path: '/signin',
    name: 'sign-in',
    component: () => import('./features/identity/SignInPage.vue'),
    meta: { public: true },
  },
  { path: '/', name: 'organisation', component: () => import('./features/organisation/OrganisationPage.vue') },
  { path: '/todo', name: 'todo', component: () => import('./features/todo/TodoPage.vue') },
  {
    path: '/compliance',
    name: 'compliance',
    component: () => import('./features/compliance/CompliancePage.vue'),
    meta: { action: 'Query.compliance' },
  },
  {
    path: '/admin/staff',
    name: 'staff-admin',
    component: () => import('./features/organisation/admin/StaffAdminPage.vue'),
    // the administrator registers and edits staff; managers unlock accounts
    meta: { action: ['Mutation.createStaff', 'Mutation.unlockAccount'] },
  },
  {
    path: '/admin/staff/:id',
    name: 'staff-detail',
    component: () => import('./features/organisation/admin/StaffDetailPage.vue'),
    meta: { action: ['Mutation.createStaff', 'Mutation.unlockAccount'] },
  },
  {
    path: '/admin/proposals',
    name: 'assignment-proposals',
    component: () => import('./features/organisation/admin/AssignmentProposalsPage.vue'),
    // Hardening §1: the chief confirms what the system administrator proposes
    meta: { action: 'Query.assignmentProposals' },
  },
  {
    path: '/access',
    name: 'access',
    component: () => import('./features/access/AccessPage.vue'),
    meta: { action: 'Query.accessInside' },
  },
  {
    path: '/access/print',
    name: 'access-print',
    component: () => import('./features/access/AccessPrintPage.vue'),
    meta: { action: 'Query.accessInside' },
  },
  {
    path: '/access/request',
    name: 'access-request',
    component: () => import('./features/access/RequestAuthorisationPage.vue'),
  },
  // incidents (issue 13 §6): reporting and the media scan log from a phone, offline too (the outbox)
  {
    path: '/incidents/new',
    name: 'incident-report',
    component: () => import('./features/incidents/ReportIncidentPage.vue'),
    meta: { action: 'Mutation.reportIncident' },
  },
  {
    path: '/incidents/scans',
    name: 'media-scans',
    component: () => import('./features/incidents/MediaScanListPage.vue'),
    meta: { action: 'Query.mediaScans' },
  },
  {
    path: '/incidents/scans/new',
    name: 'media-scan',
    component: () => import('./features/incidents/MediaScanPage.vue'),
    meta: { action: 'Mutation.recordMediaScan' },
  },
  {
    path: '/configuration',
    name: 'configuration',
    component: () => import('./features/configuration/ConfigurationPage.vue'),
    meta: { action: 'Query.configurationItems' },
  },
  {
    path: '/configuration/new',
    name: 'configuration-new',
    component: () => import('./features/configuration/ItemFormPage.vue'),
    // an installation is asked for; a medium is recorded by 管理者等 (A15)
    meta: { action: ['Mutation.requestConfigurationChange', 'Mutation.recordConfigurationMedium'] },
  },
  {
    path: '/configuration/items/:id',
    name: 'configuration-item',
    component: () => import('./features/configuration/ItemDetailPage.vue'),
    meta: { action: 'Query.configurationItem' },
  },
  {
    path: '/configuration/items/:id/edit',
    name: 'configuration-edit',
    component: () => import('./features/configuration/ItemFormPage.vue'),
    meta: { action: ['Mutation.requestConfigurationChange', 'Mutation.recordConfigurationMedium'] },
  },
  {
    path: '/configuration/documents',
    name: 'configuration-documents',
    component: () => import('./features/configuration/DocumentsPage.vue'),
    meta: { action: 'Query.configurationDocuments' },
  },
  {
    path: '/configuration/documents/:id',
    name: 'configuration-document',
    component: () => import('./features/configuration/DocumentPage.vue'),
    meta: { action: 'Query.configurationDocument' },
  },
  {
    path: '/configuration/requests',
    name: 'configuration-requests',
    component: () => import('./features/configuration/ChangeRequestsPage.vue'),
    meta: { action: 'Query.configurationChangeRequests' },
  },
  {
    // 様式第1号: the city's spreadsheet taken in (the manager) and the form printed (everyone who reads the register)
    path: '/configuration/import',
    name: 'configuration-import',
    component: () => import('./features/configuration/RegisterImportPage.vue'),
    meta: { action: 'Mutation.importConfigurationRegister' },
  },
  {
    path: '/configuration/print',
    name: 'configuration-print',
    component: () => import('./features/configuration/RegisterPrintPage.vue'),
    meta: { action: 'Query.configurationItems' },
  },
  {
    path: '/configuration/history',
    name: 'configuration-history',
    component: () => import('./features/configuration/HistoryPage.vue'),
    meta: { action: 'Query.configurationChanges' },
  },
  // A26: maintenance work orders. The register of orders (and the entries no order covers) is for
  // those who read every order; a staff member who escorted workers opens their orders at
  // /maintenance/escorted (their 対応が必要 links there), not from the menu
  {
    path: '/maintenance',
    name: 'maintenance',
    component: () => import('./features/maintenance/MaintenanceListPage.vue'),
    meta: { action: 'Query.uncoveredContractorEntries' },
  },
  {
    path: '/maintenance/escorted',
    name: 'maintenance-escorted',
    component: () => import('./features/maintenance/MaintenanceListPage.vue'),
    meta: { action: 'Query.maintenanceWorkOrders' },
  },
  {
    path: '/maintenance/new',
    name: 'maintenance-new',
    component: () => import('./features/maintenance/MaintenanceNewPage.vue'),
    meta: { action: 'Mutation.instructMaintenanceWork' },
  },
  {
    path: '/maintenance/:id',
    name: 'maintenance-order',
    component: () => import('./features/maintenance/MaintenanceOrderPage.vue'),
    meta: { action: 'Query.maintenanceWorkOrder' },
  },
  // A20: the operation history and its saved queries; A20.1: the monthly reviews, signed off by the
  // manager (phone first: the sign-off is one page)
  {
    path: '/oplog',
    name: 'oplog',
    component: () => import('./features/oplog/RecordsPage.vue'),
    meta: { action: 'Query.operationRecords' },
  },
  {
    path: '/oplog/reviews',
    name: 'oplog-reviews',
    component: () => import('./features/oplog/ReviewsPage.vue'),
    meta: { action: 'Query.oplogReviews' },
  },
  {
    path: '/oplog/reviews/:id',
    name: 'oplog-review',
    component: () => import('./features/oplog/ReviewPage.vue'),
    meta: { action: 'Query.oplogReview' },
  },
  // A20.1: the tables the saved queries read and the city's operation types (the manager changes them)
  {
    path: '/oplog/settings',
    name: 'oplog-settings',
    component: () => import('./features/oplog/SettingsPage.vue'),
    meta: { action: 'Query.oplogRoleOperations' },
  },
  // A20.2: the months of the history, archived past 7 years by the manager, and the legal holds
  {
    path: '/oplog/retention',
    name: 'oplog-retention',
    component: () => import('./features/oplog/RetentionPage.vue'),
    meta: { action: 'Query.operationRecordMonths' },
  },
  // A21: investigations (the manager, the chief and auditors) and the requests to cooperate with one
  // (the person asked: their 対応が必要 links there, not the menu)
  {
    path: '/investigations',
    name: 'investigations',
    component: () => import('./features/oplog/InvestigationsPage.vue'),
    meta: { action: 'Query.investigations' },
  },
  {
    path: '/investigations/cooperation',
    name: 'investigation-cooperation',
    component: () => import('./features/oplog/InvestigationCooperationPage.vue'),
    meta: { action: 'Query.investigationCooperationRequests' },
  },
  {
    path: '/investigations/new',
    name: 'investigation-new',
    component: () => import('./features/oplog/InvestigationNewPage.vue'),
    meta: { action: 'Mutation.openInvestigation' },
  },
  {
    path: '/investigations/:id',
    name: 'investigation',
    component: () => import('./features/oplog/InvestigationPage.vue'),
    meta: { action: 'Query.investigation' },
  },
  // A16: the operator ID card register (the PIN administrator keeps it) and the requests to the PIN
  // administrator (phone first: accepted, done or refused where they are)
  {
    path: '/cards',
    name: 'cards',
    component: () => import('./features/cards/CardsRegisterPage.vue'),
    meta: { action: 'Query.operatorCards' },
  },
  // A16: the register printed as 操作者識別カード管理簿 (A4 landscape), with its CSV and xlsx
  {
    path: '/cards/print',
    name: 'cards-print',
    component: () => import('./features/cards/CardsPrintPage.vue'),
    meta: { action: 'Query.operatorCards' },
  },
  // A16.4–5: each operator acknowledges the PIN operating rules (phone first)
  {
    path: '/cards/rules',
    name: 'pin-rules',
    component: () => import('./features/cards/PinRulesPage.vue'),
    meta: { action: 'Query.myPinRules' },
  },
  {
    path: '/cards/requests',
    name: 'card-requests',
    component: () => import('./features/cards/CardRequestsPage.vue'),
    meta: { action: 'Query.cardRequests' },
  },
  // issue 15 §3: transfer rounds, the PIN administrator's desk in April (import, then each round's view)
  {
    path: '/cards/transfers',
    name: 'card-transfers',
    component: () => import('./features/cards/TransferRoundsPage.vue'),
    meta: { action: 'Query.cardTransferRounds' },
  },
  {
    path: '/cards/transfers/:id',
    name: 'card-transfer-round',
    component: () => import('./features/cards/TransferRoundPage.vue'),
    meta: { action: 'Query.cardTransferMoves' },
  },
  { path: '/account/door-pin', name: 'door-pin', component: () => import('./features/access/DoorPinPage.vue') },
  { path: '/account/passkeys', name: 'passkeys', component: () => import('./features/identity/PasskeysPage.vue') },
  { path: '/account/tokens', name: 'api-tokens', component: () => import('./features/identity/ApiTokensPage.vue') },
  { path: '/account/push', name: 'push', component: () => import('./features/push/PushPage.vue') },
  {
    path: '/admin/push',
    name: 'push-problems',
    component: () => import('./features/push/PushProblemsPage.vue'),
    meta: { action: 'Query.pushDeliveryProblems' },
  },
  {
    path: '/admin/devices',
    name: 'door-devices',
    component: () => import('./features/identity/DoorDevicesPage.vue'),
    meta: { action: 'Query.doorDevices' },
  },
  // disaster mode (A30) and damage per room (A29.2, A30.2): every staff member confirms rows from a phone
  {
    path: '/incidents/disaster',
    name: 'disaster-list',
    component: () => import('./features/incidents/DisasterListPage.vue'),
    meta: { action: 'Query.openDisasterChecklists' },
  },
  {
    path: '/incidents/:id/disaster',
    name: 'disaster',
    component: () => import('./features/incidents/DisasterPage.vue'),
    meta: { action: 'Query.disasterChecklist' },
  },
  // incidents (issue 13 §8): the list, one incident (a push opens /incidents/<id>), the print views
  {
    path: '/incidents',
    name: 'incidents',
    component: () => import('./features/incidents/IncidentListPage.vue'),
    meta: { action: 'Query.incidents' },
  },
  {
    path: '/incidents/print',
    name: 'incidents-print',
    component: () => import('./features/incidents/IncidentsPrintPage.vue'),
    meta: { action: 'Export.incidents' },
  },
  {
    // an id only: /incidents/print, /incidents/scans … stay other pages' whatever the order
    path: '/incidents/:id([0-9a-fA-F-]{36})',
    name: 'incident',
    component: () => import('./features/incidents/IncidentDetailPage.vue'),
    meta: { action: 'Query.incident' },
  },
  {
    path: '/incidents/:id([0-9a-fA-F-]{36})/print',
    name: 'incident-print',
    component: () => import('./features/incidents/IncidentPrintPage.vue'),
    meta: { action: 'Query.incident' },
  },
  // the resident-card stock (A18): the stock and its forms, the monthly sheet (print, CSV, xlsx, sign-off)
  {
    path: '/card-stock',
    name: 'card-stock',
    component: () => import('./features/card-stock/CardStockPage.vue'),
    meta: { action: 'Query.residentCardStock' },
  },
  {
    path: '/card-stock/sheet',
    name: 'card-stock-sheet',
    component: () => import('./features/card-stock/CardStockSheetPage.vue'),
    meta: { action: 'Query.residentCardStockSheet' },
  },
  // the door tablet's kiosk: opened by a paired device, not by a signed-in person
  {
    path: '/door',
    name: 'door',
    component: () => import('./features/door/DoorPage.vue'),
    meta: { public: true, kiosk: true },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./features/system/NotFoundPage.vue'),
    meta: { public: true },
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

/** People who act on what waits for them (approvals, reports to acknowledge): their phone opens on 対応が必要. */
const TODO_HOME_AUTHORITIES: readonly Authority[] = ['MANAGER', 'CHIEF', 'DEPUTY_CHIEF', 'SYSTEM_ADMINISTRATOR'];
/** The phone layout's width (the bottom bar's breakpoint in AppShell.vue). */
const PHONE = '(max-width: 700px)';

/**
 * `/` as the first page (the app opened from the home screen, a reload, straight after signing in)
 * lands those people on /todo on a phone. Only the first page: a tap on 組織・役割 or the brand
 * later still opens the chart, and a desk keeps the chart as its home.
 */
function landsOnTodo(from: typeof START_LOCATION): boolean {
  if (from !== START_LOCATION && from.name !== 'sign-in') return false;
  const user = currentUser.value;
  return !!user && TODO_HOME_AUTHORITIES.some((a) => user.authorities.includes(a)) && matchMedia(PHONE).matches;
}

/**
 * Each finished navigation (redirects included) counts up `data-navigations` on <html> once the new page
 * is in the DOM: a browser test that moves inside the app (history + popstate, no reload) waits on it.
 */
let navigations = 0;
router.afterEach(() => nextTick(() => (document.documentElement.dataset.navigations = String(++navigations))));

router.beforeEach(async (to, from) => {
  if (localStorage.getItem(DOOR_FLAG) === 'paired' && to.name !== 'door') return { name: 'door' };
  if (to.meta.public) return true;
  await loadCurrentUser();
  // null: the server says nobody is signed in. undefined: offline — show what this browser kept.
  if (currentUser.value === null) return { name: 'sign-in', query: { next: to.fullPath } };
  if (to.name === 'organisation' && landsOnTodo(from)) return { name: 'todo' };
  if (to.meta.action && currentUser.value) {
    // loaded here, not with the router: the door kiosk (public) never needs the policy table
    const { mayCall } = await import('./route-access.js');
    if (!mayCall(to.meta.action, currentUser.value.authorities)) return { name: 'organisation' };
  }
  return true;
});
