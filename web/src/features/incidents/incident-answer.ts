// After an action on an incident was kept in the phone's outbox (handling-outbox.ts) and tried once:
// the server's answer, when it came. An item still waiting shows as 送信待ち on the page.
import { outboxState } from '../../offline/outbox/outbox.js';
import { firstTry } from './incident-outbox.js';
import type { IncidentDetail } from './incidents.js';

export async function answerAfterFirstTry(clientId: string): Promise<IncidentDetail | undefined> {
  await firstTry();
  return outboxState.sent[clientId] as IncidentDetail | undefined;
}
