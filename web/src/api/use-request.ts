// useQuery / useAction: loading, an error as a typed code with its translated message, and retry,
// so a page does not repeat try/catch/busy. Used by the signed-in pages only (the door kiosk keeps
// its own flow): the error messages are a part of their own (components/messages.ts), Japanese with it, English on demand.
import { computed, onMounted, ref, shallowRef, type Ref } from 'vue';
import { i18n } from '../i18n/index.js';
import '../components/messages.js';
import { knownErrorCode, type ErrorCode } from './error-codes.js';
import { GraphQLRequestError } from './graphql-client.js';

/** A failed request as a page shows it. */
export interface RequestFailure {
  code: ErrorCode;
  /** the server's own words (for a log or a tooltip), or the exception's text */
  detail: string;
}

export function toFailure(e: unknown): RequestFailure {
  if (e instanceof GraphQLRequestError) return { code: knownErrorCode(e.code), detail: e.message };
  return { code: 'UNKNOWN', detail: String(e) };
}

/** The message of a code in the current language (a page may say it its own way: `own`). */
export function errorMessage(code: ErrorCode, own?: Partial<Record<ErrorCode, string>>): string {
  return own?.[code] ?? i18n.global.t(`errorCodes.${code}`);
}

function withMessage(error: Ref<RequestFailure | null>) {
  return computed(() => (error.value ? errorMessage(error.value.code) : null));
}

/**
 * A change the person starts (create, revoke …): `run` resolves to the answer, or to undefined when
 * it failed (then `error` holds the code); a second run while one is busy is ignored.
 */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const busy = ref(false);
  const error = shallowRef<RequestFailure | null>(null);
  let last: A | null = null;

  async function run(...args: A): Promise<R | undefined> {
    if (busy.value) return undefined;
    busy.value = true;
    error.value = null;
    last = args;
    try {
      return await fn(...args);
    } catch (e) {
      error.value = toFailure(e);
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  const retry = (): Promise<R | undefined> => (last ? run(...last) : Promise.resolve(undefined));
  return { run, retry, busy, error, message: withMessage(error) };
}

/** Data a page reads: loaded on mount (unless `immediate: false`), reloaded with `reload`. */
export function useQuery<T>(load: () => Promise<T>, options: { immediate?: boolean } = {}) {
  const data = shallowRef<T | undefined>(undefined);
  const loading = ref(false);
  const error = shallowRef<RequestFailure | null>(null);

  async function reload(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      data.value = await load();
    } catch (e) {
      error.value = toFailure(e);
    } finally {
      loading.value = false;
    }
  }
  if (options.immediate !== false) onMounted(reload);
  return { data, loading, error, message: withMessage(error), reload, retry: reload };
}
