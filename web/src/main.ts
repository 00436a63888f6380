import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n/index.js';
import { registerServiceWorker } from './offline/register-sw.js';
import { router } from './router.js';
import './styles.css';

document.documentElement.lang = i18n.global.locale.value;
createApp(App).use(i18n).use(router).mount('#app');
registerServiceWorker();
