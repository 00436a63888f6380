import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import OrganisationPage from './features/organisation/OrganisationPage.vue';
import NotFoundPage from './features/system/NotFoundPage.vue';

// Explicit routes. meta.roles will name who may open a page once sign-in exists (identity issue).
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'organisation', component: OrganisationPage, meta: { titleKey: 'nav.organisation' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundPage },
];

export const router = createRouter({ history: createWebHistory(), routes });
