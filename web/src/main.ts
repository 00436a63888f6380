import { createApp } from 'vue';
import App from './App.vue';
import { i18n, restoreLocale } from './i18n/index.js';
import { registerServiceWorker } from './offline/register-sw.js';
import { router } from './router.js';
import './styles.css';

void restoreLocale();
createApp(App).use(i18n).use(router).mount('#app');
registerServiceWorker();
