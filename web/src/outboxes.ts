// The kinds of work a phone keeps until the server has it (offline/outbox), and who it belongs
// to: started by the signed-in app's shell, so that what waits is sent from whichever page is open
// (a report made offline goes when the connection returns, wherever the person is by then). A
// feature with work of its own to keep adds its outbox module here.
import { watch } from 'vue';
import { currentUser, loadCurrentUser } from './features/identity/use-session.js';
import './features/incidents/handling-outbox.js';
import './features/incidents/incident-outbox.js';
import { startOutbox, syncOutboxNow, type OutboxOwner } from './offline/outbox/outbox.js';

/** The person last signed in on this phone: owner of what they keep offline (forgotten on sign-out with jukinet.*). */
const LAST_OWNER = 'jukinet.outbox.owner';

function lastOwner(): OutboxOwner | null {
  try {
    return JSON.parse(localStorage.getItem(LAST_OWNER) ?? 'null') as OutboxOwner | null;
  } catch {
    return null;
  }
}

let started = false;
export function startOutboxes(): void {
  if (started) return;
  started = true;
  startOutbox({
    async whoAmI() {
      try {
        await loadCurrentUser();
      } catch {
        return undefined;
      }
      return currentUser.value === undefined ? undefined : (currentUser.value?.staff.id ?? null);
    },
    owner: () =>
      currentUser.value ? { staffId: currentUser.value.staff.id, name: currentUser.value.staff.fullName } : lastOwner(),
  });
  watch(
    () => currentUser.value?.staff.id,
    (id) => {
      if (!id || !currentUser.value) return;
      localStorage.setItem(LAST_OWNER, JSON.stringify({ staffId: id, name: currentUser.value.staff.fullName }));
      // someone signed in (again): what they kept may go now
      void syncOutboxNow();
    },
    { immediate: true },
  );
}
