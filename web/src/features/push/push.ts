// This browser's Web Push subscription: the service worker (public/push-sw.js, imported by the
// generated one) shows the push and opens its link; the server only learns the endpoint and keys.
import { GraphQLRequestError, request } from '../../api/graphql-client.js';
import { SubscribePushDocument, UnsubscribePushDocument } from '../../generated/push.js';

/** Push needs a secure context, a service worker and the Push API (iOS: only once installed on the home screen). */
export const pushSupported = (): boolean =>
  window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

async function registration(): Promise<ServiceWorkerRegistration> {
  const found = await navigator.serviceWorker.getRegistration();
  if (!found) throw new GraphQLRequestError('PUSH_UNSUPPORTED', 'no service worker');
  return navigator.serviceWorker.ready;
}

const KEPT = 'jukinet.push.subscriptionId';

/** The id of this browser's registration on the server, as kept when it subscribed. */
export const thisBrowsersSubscription = (): string | null => localStorage.getItem(KEPT);

/** Asks permission, subscribes this browser with the server's VAPID key and registers it; answers its id. */
export async function subscribeThisPhone(publicKey: string, label: string): Promise<string> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new GraphQLRequestError('PUSH_DENIED', permission);
  const reg = await registration();
  let sub = await reg.pushManager.getSubscription();
  if (!sub) {
    sub = await reg.pushManager
      .subscribe({ userVisibleOnly: true, applicationServerKey: base64urlToBytes(publicKey) })
      .catch((e: unknown) => {
        throw new GraphQLRequestError('PUSH_UNSUPPORTED', String(e));
      });
  }
  const json = sub.toJSON();
  const { subscribePush } = await request(SubscribePushDocument, {
    i: { endpoint: sub.endpoint, p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '', label },
  });
  localStorage.setItem(KEPT, subscribePush.id);
  return subscribePush.id;
}

/** Removes a registered phone; when it is this browser, its subscription ends too. */
export async function unsubscribe(id: string): Promise<void> {
  await request(UnsubscribePushDocument, { i: { id } });
  if (id === thisBrowsersSubscription()) {
    localStorage.removeItem(KEPT);
    const reg = await navigator.serviceWorker.getRegistration();
    await (await reg?.pushManager.getSubscription())?.unsubscribe();
  }
}

function base64urlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const b64 = value
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(value.length / 4) * 4, '=');
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
