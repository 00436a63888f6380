// Web Push in the service worker (imported by the one vite-plugin-pwa generates: workbox.importScripts).
// A push carries { title, url } only; tapping it opens (or focuses) the app on that page of this site.
self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = {};
  }
  const title = typeof message.title === 'string' && message.title ? message.title : '住基ネット セキュリティ管理';
  const url = typeof message.url === 'string' && /^\/(?!\/)/.test(message.url) ? message.url : '/todo';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: 'タップして開く',
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      lang: 'ja',
      tag: url,
      data: { url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url ?? '/todo', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const w of windows) {
        if (new URL(w.url).origin === self.location.origin && 'focus' in w) {
          return w.navigate(url).then((c) => (c ?? w).focus());
        }
      }
      return self.clients.openWindow(url);
    }),
  );
});
