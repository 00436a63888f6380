// @simplewebauthn/server, with the X.509, ASN.1 and CBOR libraries under it, is loaded at the first
// passkey request instead of at start-up: it was about a fifth of the server's start-up time, and most
// starts (every browser test's, a restart after an update) serve no passkey before they are needed.
export const webauthn = () => import('@simplewebauthn/server');
