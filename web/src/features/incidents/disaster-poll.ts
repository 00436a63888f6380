// Live progress without subscriptions (the server refuses them): the page asks again every few
// seconds while it is visible, at once when it becomes visible again, and never two at a time.
import { onBeforeUnmount, onMounted, ref } from 'vue';

/** How often an open disaster page asks for the checklist. */
export const DISASTER_POLL_MS = 5_000;

/**
 * Calls `load` now and every `everyMs` while the page is shown. `lastOk` is when a load last
 * succeeded (load throws or reports failure by resolving false); `refresh` asks at once.
 */
export function useDisasterPoll(load: () => Promise<boolean>, everyMs = DISASTER_POLL_MS) {
  const lastOk = ref<Date | null>(null);
  const failing = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  let stopped = false;

  async function once(): Promise<void> {
    try {
      const ok = await load();
      failing.value = !ok;
      if (ok) lastOk.value = new Date();
    } catch {
      failing.value = true;
    }
  }
  /**
   * Asks now; while a request is out, one more is queued after it (a change made meanwhile must be
   * seen: the answer in flight may predate it), and every caller waits for that one.
   */
  function refresh(): Promise<void> {
    if (!running) {
      running = once().finally(() => (running = null));
      return running;
    }
    queued ??= running.then(() => {
      queued = null;
      return refresh();
    });
    return queued;
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    if (document.visibilityState === 'visible') await refresh();
    if (!stopped) timer = setTimeout(() => void tick(), everyMs);
  }
  const onVisible = () => {
    if (document.visibilityState === 'visible') void refresh();
  };

  onMounted(() => {
    document.addEventListener('visibilitychange', onVisible);
    void tick();
  });
  onBeforeUnmount(() => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
  });
  return { lastOk, failing, refresh };
}
