import { ref } from 'vue';
import { GraphQLRequestError, request, setReauthenticator } from '../../api/graphql-client.js';
import {
  MeDocument,
  SignInDocument,
  SignInWithPasskeyDocument,
  SignOutDocument,
  type SessionUserFragment,
} from '../../generated/session.js';

export type SessionUser = SessionUserFragment;

/** undefined: not asked yet or server unreachable (offline); null: not signed in. */
export const currentUser = ref<SessionUser | null | undefined>(undefined);
let asked: Promise<void> | null = null;

/** Asks the server who is signed in (once, unless forced). Offline it leaves the answer unknown. */
export function loadCurrentUser(force = false): Promise<void> {
  if (asked && !force) return asked;
  asked = request(MeDocument)
    .then((d) => void (currentUser.value = d.me))
    .catch((e) => {
      asked = null;
      if (!(e instanceof GraphQLRequestError && e.isNetwork)) throw e;
    });
  return asked;
}

export async function signIn(staffNumber: string, password: string): Promise<SessionUser> {
  const d = await request(SignInDocument, { input: { staffNumber, password } });
  currentUser.value = d.signIn;
  return d.signIn;
}

/** Signs in with a passkey: no staff number, no password (the passkey names its owner). */
export async function signInWithPasskey(): Promise<SessionUser> {
  // loaded on use: @simplewebauthn/browser stays out of the first load (and out of the door kiosk)
  const { passkeyAssertion } = await import('./passkeys.js');
  const response = await passkeyAssertion();
  const d = await request(SignInWithPasskeyDocument, { input: { response } });
  currentUser.value = d.signInWithPasskey;
  return d.signInWithPasskey;
}

/** Signs out and forgets what this browser kept of the signed-in person's data. */
export async function signOut(): Promise<void> {
  try {
    await request(SignOutDocument);
  } finally {
    currentUser.value = null;
    for (const key of Object.keys(localStorage))
      if (key.startsWith('jukinet.') && key !== 'jukinet.locale') localStorage.removeItem(key);
  }
}

/** A pending "sign in again" over the page: resolved by SessionExpiredDialog. */
export const reauthPrompt = ref<{ resolve: (ok: boolean) => void } | null>(null);
let pending: Promise<boolean> | null = null;

setReauthenticator(() => {
  if (!currentUser.value) return Promise.resolve(false);
  pending ??= new Promise<boolean>((resolve) => {
    reauthPrompt.value = {
      resolve: (ok) => {
        reauthPrompt.value = null;
        pending = null;
        if (!ok) currentUser.value = null;
        resolve(ok);
      },
    };
  });
  return pending;
});

/** Signs the same person in again after their session ended, without leaving the page. */
export async function reauthenticate(password: string): Promise<void> {
  const who = currentUser.value;
  if (!who) throw new GraphQLRequestError('UNAUTHENTICATED', 'no one to sign in again');
  await signIn(who.staff.staffNumber, password);
}
