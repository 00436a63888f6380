import { computed, onMounted, type ComputedRef } from 'vue';
import { serverReach, watchServerReach } from './server-reach.js';

/**
 * オンライン when the server answers: the last GraphQL answer or /healthz probe, not navigator.onLine
 * alone (a phone on Wi-Fi with the server down is offline for this app).
 */
export function useOnline(): ComputedRef<boolean> {
  onMounted(watchServerReach);
  return computed(() => serverReach.reachable !== false);
}
