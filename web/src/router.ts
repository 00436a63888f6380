import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import SignInPage from './features/identity/SignInPage.vue';
import { currentUser, loadCurrentUser } from './features/identity/use-session.js';
import OrganisationPage from './features/organisation/OrganisationPage.vue';
import NotFoundPage from './features/system/NotFoundPage.vue';
import StaffAdminPage from './features/organisation/admin/StaffAdminPage.vue';
import StaffDetailPage from './features/organisation/admin/StaffDetailPage.vue';
import AccessPage from './features/access/AccessPage.vue';
import AccessPrintPage from './features/access/AccessPrintPage.vue';
import DoorPinPage from './features/access/DoorPinPage.vue';
import RequestAuthorisationPage from './features/access/RequestAuthorisationPage.vue';
import PasskeysPage from './features/identity/PasskeysPage.vue';
import ApiTokensPage from './features/identity/ApiTokensPage.vue';
import DoorDevicesPage from './features/identity/DoorDevicesPage.vue';

// Explicit routes. meta.public: open without signing in; everything else needs a session;
// meta.authorities: shown and opened only by holders of one of them (the server decides anyway).
const routes: RouteRecordRaw[] = [
  { path: '/signin', name: 'sign-in', component: SignInPage, meta: { public: true } },
  { path: '/', name: 'organisation', component: OrganisationPage },
  {
    path: '/admin/staff',
    name: 'staff-admin',
    component: StaffAdminPage,
    meta: { authorities: ['SYSTEM_ADMINISTRATOR', 'MANAGER'] },
  },
  {
    path: '/admin/staff/:id',
    name: 'staff-detail',
    component: StaffDetailPage,
    meta: { authorities: ['SYSTEM_ADMINISTRATOR', 'MANAGER'] },
  },
  {
    path: '/access',
    name: 'access',
    component: AccessPage,
    meta: { authorities: ['MANAGER', 'CHIEF', 'AUDITOR'] },
  },
  {
    path: '/access/print',
    name: 'access-print',
    component: AccessPrintPage,
    meta: { authorities: ['MANAGER', 'CHIEF', 'AUDITOR'] },
  },
  { path: '/access/request', name: 'access-request', component: RequestAuthorisationPage },
  { path: '/account/door-pin', name: 'door-pin', component: DoorPinPage },
  { path: '/account/passkeys', name: 'passkeys', component: PasskeysPage },
  { path: '/account/tokens', name: 'api-tokens', component: ApiTokensPage },
  {
    path: '/admin/devices',
    name: 'door-devices',
    component: DoorDevicesPage,
    meta: { authorities: ['MANAGER', 'SYSTEM_ADMINISTRATOR', 'AUDITOR'] },
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundPage, meta: { public: true } },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  await loadCurrentUser();
  // null: the server says nobody is signed in. undefined: offline — show what this browser kept.
  if (currentUser.value === null) return { name: 'sign-in', query: { next: to.fullPath } };
  const needs = to.meta.authorities as string[] | undefined;
  if (needs && currentUser.value && !needs.some((a) => currentUser.value!.authorities.includes(a)))
    return { name: 'organisation' };
  return true;
});
