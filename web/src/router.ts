import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { currentUser, loadCurrentUser } from './features/identity/use-session.js';
import { DOOR_FLAG } from './features/door/door-flag.js';

// Explicit routes. meta.public: open without signing in; everything else needs a session;
// meta.authorities: shown and opened only by holders of one of them (the server decides anyway).
const routes: RouteRecordRaw[] = [
  {
    path: '/signin',
    name: 'sign-in',
    component: () => import('./features/identity/SignInPage.vue'),
    meta: { public: true },
  },
  { path: '/', name: 'organisation', component: () => import('./features/organisation/OrganisationPage.vue') },
  {
    path: '/admin/staff',
    name: 'staff-admin',
    component: () => import('./features/organisation/admin/StaffAdminPage.vue'),
    meta: { authorities: ['SYSTEM_ADMINISTRATOR', 'MANAGER'] },
  },
  {
    path: '/admin/staff/:id',
    name: 'staff-detail',
    component: () => import('./features/organisation/admin/StaffDetailPage.vue'),
    meta: { authorities: ['SYSTEM_ADMINISTRATOR', 'MANAGER'] },
  },
  {
    path: '/access',
    name: 'access',
    component: () => import('./features/access/AccessPage.vue'),
    meta: { authorities: ['MANAGER', 'CHIEF', 'AUDITOR'] },
  },
  {
    path: '/access/print',
    name: 'access-print',
    component: () => import('./features/access/AccessPrintPage.vue'),
    meta: { authorities: ['MANAGER', 'CHIEF', 'AUDITOR'] },
  },
  {
    path: '/access/request',
    name: 'access-request',
    component: () => import('./features/access/RequestAuthorisationPage.vue'),
  },
  { path: '/account/door-pin', name: 'door-pin', component: () => import('./features/access/DoorPinPage.vue') },
  { path: '/account/passkeys', name: 'passkeys', component: () => import('./features/identity/PasskeysPage.vue') },
  { path: '/account/tokens', name: 'api-tokens', component: () => import('./features/identity/ApiTokensPage.vue') },
  {
    path: '/admin/devices',
    name: 'door-devices',
    component: () => import('./features/identity/DoorDevicesPage.vue'),
    meta: { authorities: ['MANAGER', 'SYSTEM_ADMINISTRATOR', 'AUDITOR'] },
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

router.beforeEach(async (to) => {
  if (localStorage.getItem(DOOR_FLAG) === 'paired' && to.name !== 'door') return { name: 'door' };
  if (to.meta.public) return true;
  await loadCurrentUser();
  // null: the server says nobody is signed in. undefined: offline — show what this browser kept.
  if (currentUser.value === null) return { name: 'sign-in', query: { next: to.fullPath } };
  const needs = to.meta.authorities as string[] | undefined;
  if (needs && currentUser.value && !needs.some((a) => currentUser.value!.authorities.includes(a)))
    return { name: 'organisation' };
  return true;
});
