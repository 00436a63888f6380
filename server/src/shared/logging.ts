// The server's one logger. Errors are logged with their SQL (which has placeholders) but never with
// the values bound to it: a failed TypeORM statement (QueryFailedError) carries `parameters` (password
// hashes, names, other people's data) and PostgreSQL's `detail` repeats the offending values
// ("Key (staffNumber)=(…) already exists"); pino's standard error serializer would log both.
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

/** Fields of an error (or its driverError / cause) that hold the values of a statement. */
const VALUE_FIELDS = ['parameters', 'detail'] as const;

function scrub(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 3) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const f of VALUE_FIELDS) if (f in out) out[f] = '[redacted]';
  for (const nested of ['driverError', 'cause', 'originalError'])
    if (out[nested] && typeof out[nested] === 'object') out[nested] = scrub(out[nested], depth + 1);
  return out;
}

/** pino's error serializer without the values of a failed statement. */
export function serializeError(err: unknown): unknown {
  return scrub(err instanceof Error ? stdSerializers.err(err) : err);
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, base: { service: 'jukinet' }, serializers: { err: serializeError, error: serializeError } },
    destination,
  );
}
