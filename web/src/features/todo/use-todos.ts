// The signed-in person's to-do items (myTodos): one list shared by the 対応が必要 page, the count on
// the bottom bar and the installed app's badge on the home screen.
import { computed, ref } from 'vue';
import { GraphQLRequestError, request } from '../../api/graphql-client.js';
import { MyTodosDocument, type MyTodosQuery } from '../../generated/todo.js';

/** `link`: where it is done, a path of this app (e.g. /access?tab=pending) */
export type TodoItem = MyTodosQuery['myTodos'][number];
/** The bar's count is refreshed on navigation at most this often; the 対応が必要 page always asks. */
const REFRESH_MS = 30_000;

const items = ref<TodoItem[] | undefined>(undefined);
const errorCode = ref<string | null>(null);
const loading = ref(false);
let loadedAt = 0;
let inFlight: Promise<void> | null = null;

/** Items with something to do (an item counting 0 is not a to-do). */
const open = computed(() => (items.value ?? []).filter((i) => i.count > 0));
const total = computed(() => open.value.reduce((n, i) => n + i.count, 0));

/** The installed PWA's badge (Badging API, where the browser has it: Chromium, Safari 16.4+ on the home screen). */
function showBadge(n: number): void {
  if (!('setAppBadge' in navigator)) return;
  (n > 0 ? navigator.setAppBadge(n) : navigator.clearAppBadge()).catch(() => undefined);
}

export function loadTodos(force = false): Promise<void> {
  if (inFlight) return inFlight;
  if (!force && Date.now() - loadedAt < REFRESH_MS) return Promise.resolve();
  loading.value = true;
  inFlight = request(MyTodosDocument)
    .then((d) => {
      items.value = d.myTodos;
      errorCode.value = null;
      loadedAt = Date.now();
      showBadge(total.value);
    })
    .catch((e: unknown) => {
      errorCode.value = e instanceof GraphQLRequestError ? e.code : 'UNKNOWN';
    })
    .finally(() => {
      loading.value = false;
      inFlight = null;
    });
  return inFlight;
}

/** Forgets the list and the badge (signed out: the next person must not see them). */
export function clearTodos(): void {
  items.value = undefined;
  errorCode.value = null;
  loadedAt = 0;
  showBadge(0);
}

export function useTodos() {
  return { items, open, total, errorCode, loading, load: loadTodos };
}
