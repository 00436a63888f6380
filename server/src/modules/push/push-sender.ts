// Sending one Web Push message (RFC 8030, encrypted with RFC 8291, signed with VAPID RFC 8292)
// through the `web-push` library. The message carries a short title and a link, never personal data.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import webPush, { WebPushError } from 'web-push';

export interface PushMessage {
  /** short, no personal data: e.g. 「インシデントの報告があります」 */
  title: string;
  /** a path of this app, e.g. /incidents/… */
  url: string;
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushSenderSettings {
  vapid: { publicKey: string; privateKey: string };
  /** VAPID subject: mailto: or https: contact of the city */
  contact: string;
  /** extra CA certificates (PEM file) trusted for push services, e.g. a TLS-inspecting proxy's */
  caFile: string | null;
}

export type PushOutcome = { ok: true } | { ok: false; gone: boolean; error: string };

export class PushSender {
  private readonly agent: https.Agent;

  constructor(private readonly settings: PushSenderSettings) {
    const extra = settings.caFile ? [readFileSync(settings.caFile, 'utf8')] : [];
    this.agent = new https.Agent({ keepAlive: true, ca: [...rootCertificates, ...extra] });
  }

  get publicKey(): string {
    return this.settings.vapid.publicKey;
  }

  async send(target: PushTarget, message: PushMessage): Promise<PushOutcome> {
    try {
      await webPush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(message),
        {
          vapidDetails: { subject: this.settings.contact, ...this.settings.vapid },
          TTL: 24 * 3600,
          urgency: 'high',
          timeout: 10_000,
          agent: this.agent,
        },
      );
      return { ok: true };
    } catch (e) {
      if (e instanceof WebPushError) {
        // 404/410: the browser unsubscribed or the subscription expired; drop it
        const gone = e.statusCode === 404 || e.statusCode === 410;
        return { ok: false, gone, error: `HTTP ${e.statusCode}`.slice(0, 300) };
      }
      return { ok: false, gone: false, error: (e as Error).message.slice(0, 300) };
    }
  }

  close(): void {
    this.agent.destroy();
  }
}
