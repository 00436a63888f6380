import { ref, watch, type Ref } from 'vue';
import { GraphQLRequestError, request } from '../../api/graphql-client.js';
import { OrganisationDocument } from '../../generated/organisation.js';
import type { OrganisationData } from './organisation.queries.js';

const CACHE_KEY = 'jukinet.organisation.v1';

interface Cached {
  on: string;
  fetchedAt: string;
  data: OrganisationData;
}

/**
 * Loads the organisation as of a date. The last answer is kept in localStorage, so offline the
 * page still shows it and says how old it is.
 */
export function useOrganisation(on: Ref<string>) {
  const data = ref<OrganisationData | null>(null);
  const loading = ref(false);
  const errorCode = ref<string | null>(null);
  const staleAt = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    errorCode.value = null;
    try {
      data.value = await request(OrganisationDocument, { on: on.value });
      staleAt.value = null;
      const entry: Cached = { on: on.value, fetchedAt: new Date().toISOString(), data: data.value };
      localStorage.setItem(CACHE_KEY, JSON.stringify(entry));
    } catch (e) {
      const code = e instanceof GraphQLRequestError ? e.code : 'UNKNOWN';
      const cached = readCache();
      if (code === 'NETWORK_ERROR' && cached && cached.on === on.value) {
        data.value = cached.data;
        staleAt.value = cached.fetchedAt;
      } else {
        errorCode.value = code;
      }
    } finally {
      loading.value = false;
    }
  }

  watch(on, () => void load(), { immediate: true });
  return { data, loading, errorCode, staleAt, reload: load };
}

function readCache(): Cached | null {
  try {
    const raw = localStorage.getItem(CACHE_KEY);
    return raw ? (JSON.parse(raw) as Cached) : null;
  } catch {
    return null;
  }
}
