// The browser's WebAuthn answers arrive as JSON (from @simplewebauthn/browser). These parsers
// check their shape and bounds before any cryptography runs, and read the challenge and origin
// the browser put in clientDataJSON (the challenge names the single-use row to consume).
import { z } from 'zod';

const b64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/);

const common = {
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal('public-key'),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};

const registration = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4000),
    attestationObject: b64url(20_000),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(4000).optional(),
    authenticatorData: b64url(20_000).optional(),
  }),
});

const authentication = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4000),
    authenticatorData: b64url(20_000),
    signature: b64url(2000),
    userHandle: b64url(200).optional(),
  }),
});

const clientData = z.object({ challenge: b64url(128), origin: z.string().max(300), type: z.string().max(40) });

export interface ParsedResponse {
  json: z.infer<typeof registration> | z.infer<typeof authentication>;
  clientData: z.infer<typeof clientData>;
}

function parse(schema: typeof registration | typeof authentication, input: unknown): ParsedResponse | null {
  const json = schema.safeParse(input);
  if (!json.success) return null;
  try {
    const data = clientData.safeParse(
      JSON.parse(Buffer.from(json.data.response.clientDataJSON, 'base64url').toString()),
    );
    return data.success ? { json: json.data, clientData: data.data } : null;
  } catch {
    return null;
  }
}

export const parseRegistrationResponse = (input: unknown) => parse(registration, input);
export const parseAuthenticationResponse = (input: unknown) => parse(authentication, input);
