import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import SignInPage from './features/identity/SignInPage.vue';
import { currentUser, loadCurrentUser } from './features/identity/use-session.js';
import OrganisationPage from './features/organisation/OrganisationPage.vue';
import NotFoundPage from './features/system/NotFoundPage.vue';

// Explicit routes. meta.public: open without signing in; everything else needs a session.
const routes: RouteRecordRaw[] = [
  { path: '/signin', name: 'sign-in', component: SignInPage, meta: { public: true } },
  { path: '/', name: 'organisation', component: OrganisationPage },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundPage, meta: { public: true } },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  await loadCurrentUser();
  // null: the server says nobody is signed in. undefined: offline — show what this browser kept.
  if (currentUser.value === null) return { name: 'sign-in', query: { next: to.fullPath } };
  return true;
});
