// Re-authentication before a sensitive change of one's own account (an API token, a new passkey,
// the door PIN; Hardening §4): the current password, or for whoever has a passkey here (staff who
// sign in with passkeys only have no password) a fresh assertion of it. The server checks either.
import { computed, ref } from 'vue';
import { useQuery } from '../../api/use-request.js';
import { myPasskeys, passkeyReauthentication, passkeysSupported } from './passkeys.js';

export type ReauthenticateWith = 'password' | 'passkey';
export type ReauthenticationProof = { currentPassword: string } | { passkey: Record<string, unknown> };

export function useReauthentication() {
  const currentPassword = ref('');
  const passkeys = useQuery(async () => (passkeysSupported() ? (await myPasskeys()).length : 0));
  /** the passkey way is offered to whoever has one; the password field is then optional */
  const canUsePasskey = computed(() => (passkeys.data.value ?? 0) > 0);

  /** The proof for the change's input (the passkey way asks the browser now). */
  async function proof(how: ReauthenticateWith): Promise<ReauthenticationProof> {
    return how === 'passkey'
      ? { passkey: await passkeyReauthentication() }
      : { currentPassword: currentPassword.value };
  }
  return { currentPassword, canUsePasskey, proof, clear: () => (currentPassword.value = '') };
}
