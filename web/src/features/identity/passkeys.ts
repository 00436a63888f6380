// Passkeys in the browser: @simplewebauthn/browser turns the server's options into the
// navigator.credentials call and its answer back into JSON; the server decides everything.
import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { GraphQLRequestError, request } from '../../api/graphql-client.js';
import {
  BeginPasskeyReauthenticationDocument,
  BeginPasskeyRegistrationDocument,
  BeginPasskeySignInDocument,
  DeletePasskeyDocument,
  FinishPasskeyRegistrationDocument,
  MyPasskeysDocument,
  type PasskeyRowFragment,
} from '../../generated/identity.js';

export type PasskeyRow = PasskeyRowFragment;

/** WebAuthn needs a secure context (HTTPS or localhost) and a browser that has it. */
export const passkeysSupported = (): boolean => window.isSecureContext && browserSupportsWebAuthn();

/** The person cancelled the browser's prompt, or it timed out: not an error worth a code. */
const CANCELLED = 'PASSKEY_CANCELLED';
function browserError(e: unknown): never {
  const name = (e as { name?: string }).name;
  if (name === 'NotAllowedError' || name === 'AbortError') throw new GraphQLRequestError(CANCELLED, String(e));
  if (name === 'InvalidStateError') throw new GraphQLRequestError('PASSKEY_EXISTS', String(e));
  throw new GraphQLRequestError('PASSKEY_UNSUPPORTED', String(e));
}

/** Asks the browser for any passkey of this site; the server answers with the session's person. */
export async function passkeyAssertion(): Promise<Record<string, unknown>> {
  // the server's options are JSON (a JSONObject in the schema): WebAuthn's own shape
  const options = (await request(BeginPasskeySignInDocument))
    .beginPasskeySignIn as unknown as PublicKeyCredentialRequestOptionsJSON;
  const answer = await startAuthentication({ optionsJSON: options }).catch(browserError);
  return answer as unknown as Record<string, unknown>;
}

/** Asks the browser for one of the signed-in person's own passkeys, to confirm it is them (reauthentication.ts). */
export async function passkeyReauthentication(): Promise<Record<string, unknown>> {
  const options = (await request(BeginPasskeyReauthenticationDocument))
    .beginPasskeyReauthentication as unknown as PublicKeyCredentialRequestOptionsJSON;
  const answer = await startAuthentication({ optionsJSON: options }).catch(browserError);
  return answer as unknown as Record<string, unknown>;
}

/** Registers this device's passkey after re-authentication (the password, or a passkey one already has). */
export async function registerPasskey(
  proof: { currentPassword: string } | { passkey: Record<string, unknown> },
  name: string,
): Promise<PasskeyRow> {
  const options = (await request(BeginPasskeyRegistrationDocument, { input: proof }))
    .beginPasskeyRegistration as unknown as PublicKeyCredentialCreationOptionsJSON;
  const answer = await startRegistration({ optionsJSON: options }).catch(browserError);
  return (
    await request(FinishPasskeyRegistrationDocument, {
      input: { name, response: answer as unknown as Record<string, unknown> },
    })
  ).finishPasskeyRegistration;
}

export async function myPasskeys(): Promise<PasskeyRow[]> {
  return (await request(MyPasskeysDocument)).myPasskeys;
}

export async function deletePasskey(id: string): Promise<void> {
  await request(DeletePasskeyDocument, { input: { id } });
}
