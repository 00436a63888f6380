import { registerSW } from 'virtual:pwa-register';

/** Registers the service worker that precaches the app shell, so the app reloads offline. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  registerSW({ immediate: true });
}
