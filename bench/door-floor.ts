// The floor of one door event per request (hardening §7): what any implementation of recordAccessEvents
// on this stack pays at least, measured beside the real one by access-events.bench.ts.
//   no DB:      a bare Apollo 5 + Fastify server answering the door's mutation, with the door's request
//               body and input shape, from its resolver alone — HTTP + GraphQL, nothing else;
//   with write: the same server whose resolver writes, in one transaction on a pg pool, one access_event
//               row and its audit entry through the app's audit trail (AuditTrailService.headPart and
//               entryPart, the chain's hash made in JS as the app makes it) — as the door sends it (two
//               round trips: BEGIN with the chain head, the write with COMMIT; named statements),
//               minus the device credential, the policy, the look-up and the checks.
// Its rows have no device (a device's numbers would move the door's own sequence mark in the same
// database), so the row's foreign keys are the staff and room ones only.
import { randomBytes, randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { AuditTrailService } from '../server/src/modules/audit-trail/audit-trail.service.js';
import { ActorType, AuditOutcome, type AuditRecord } from '../server/src/shared/audit.js';
import { created } from '../server/src/shared/audited.js';
import { paramsAfter } from '../server/src/shared/sql-params.js';

/** The door's mutation and input, as the tablet sends them (the same body reaches all three servers). */
const SCHEMA = `
  enum AccessDirection { ENTER EXIT }
  input AccessEventInput {
    clientEventId: String! deviceSeq: Int direction: AccessDirection! staffId: String
    contractorAuthorisationId: String escortStaffId: String roomId: String! purpose: String!
    deviceTime: String! note: String pin: String clockOffsetSeconds: Int monotonicMs: Float bootId: String
  }
  input RecordAccessEventsInput {
    deviceNow: String! events: [AccessEventInput!]! deviceMonotonicMs: Float bootId: String
  }
  type EventResult { outcome: String! }
  type RecordAccessEventsResult { results: [EventResult!]! }
  type Query { ok: Boolean }
  type Mutation { recordAccessEvents(input: RecordAccessEventsInput!): RecordAccessEventsResult! }
`;

interface FloorEvent {
  clientEventId: string;
  direction: string;
  staffId: string;
  roomId: string;
  purpose: string;
  deviceTime: string;
}
interface FloorArgs {
  input: { deviceNow: string; events: FloorEvent[] };
}

export interface FloorServer {
  address: string;
  close: () => Promise<void>;
}

async function serve(record: (args: FloorArgs) => Promise<{ outcome: string }[]>): Promise<FloorServer> {
  const http = Fastify({ loggerInstance: pino({ level: 'silent' }) as FastifyBaseLogger });
  const apollo = new ApolloServer({
    typeDefs: SCHEMA,
    resolvers: {
      Query: { ok: () => true },
      Mutation: { recordAccessEvents: async (_: unknown, args: FloorArgs) => ({ results: await record(args) }) },
    },
    plugins: [fastifyApolloDrainPlugin(http)],
  });
  await apollo.start();
  await http.register(fastifyApollo(apollo));
  const address = await http.listen({ host: '127.0.0.1', port: 0 });
  return { address, close: () => http.close() };
}

/** HTTP + GraphQL alone: the door's mutation answered with no database. */
export function floorWithoutDb(): Promise<FloorServer> {
  return serve((args) => Promise.resolve(args.input.events.map(() => ({ outcome: 'ACCEPTED' }))));
}

type PipelinedClient = pg.PoolClient & { pipeline: boolean };

/** The event row and its audit entry in one statement, after the chain head (as access-event.writes.ts). */
const INSERT_EVENT = `ins AS (
  INSERT INTO access_event (id, "clientEventId", "deviceId", "deviceSeq", direction, "subjectKind", "staffId", "roomId",
    purpose, "deviceTime", "clockSkewSeconds", "occurredAt", "receivedAt")
  VALUES ($1, $2, NULL, NULL, $3::access_direction, 'STAFF', $4, $5, $6, $7, $8, $9, $9) RETURNING id)`;

/**
 * HTTP + GraphQL + the least the door's transaction writes: one access_event row and its chained
 * audit entry, on a pool of `url`. `ds` gives the app's audit trail its database (it is not used
 * for these writes: headPart and entryPart only make SQL).
 */
export async function floorWithWrite(
  ds: DataSource,
  url: string,
): Promise<FloorServer & { rows: () => number; stream: string }> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const audit = new AuditTrailService(ds, randomBytes(32));
  const actor = { type: ActorType.DEVICE, id: randomUUID() };
  let rows = 0;
  const server = await serve(async ({ input }) => {
    const e = input.events[0];
    const client = (await pool.connect()) as PipelinedClient;
    client.pipeline = true;
    let done = false;
    try {
      const headParams: unknown[] = [];
      const head = audit.headPart(actor, paramsAfter(headParams));
      const begun = client.query('START TRANSACTION');
      const taken = client.query({
        name: 'floor_head',
        text: `WITH ${head.cte} SELECT ${head.column} AS head`,
        values: headParams,
      });
      await begun;
      const [{ head: chainHead }] = (await taken).rows as { head: unknown }[];
      const id = randomUUID();
      const now = new Date();
      const params: unknown[] = [
        id,
        e.clientEventId,
        e.direction,
        e.staffId,
        e.roomId,
        e.purpose,
        new Date(e.deviceTime),
        Math.round((now.getTime() - new Date(input.deviceNow).getTime()) / 1000),
        now,
      ];
      const rec: AuditRecord = {
        actor,
        action: 'Mutation.recordAccessEvents',
        outcome: AuditOutcome.OK,
        targetType: 'AccessEventBatch',
        targetId: actor.id,
        changes: created({ accepted: 1, duplicates: 0, refused: 0, anomalies: 0, clockSkewSeconds: params[7] }),
        requestId: randomUUID(),
        clientAddress: '127.0.0.1',
      };
      const entry = audit.entryPart(chainHead, rec, paramsAfter(params));
      if (!entry) throw new Error('floor: the audit entry was not admitted');
      const [written, committed] = await Promise.all([
        client.query({
          name: 'floor_write',
          text: `WITH ${INSERT_EVENT}, ${entry.cte} SELECT id FROM ins`,
          values: params,
        }),
        client.query('COMMIT'),
      ]);
      done = true;
      if (committed.command !== 'COMMIT' || written.rows.length !== 1) throw new Error('floor: not committed');
      rows++;
      return [{ outcome: 'ACCEPTED' }];
    } finally {
      if (!done) await client.query('ROLLBACK').catch(() => undefined);
      client.pipeline = false;
      client.release();
    }
  });
  return {
    ...server,
    rows: () => rows,
    /** the audit stream of its entries */
    stream: `${actor.type}:${actor.id}`,
    close: async () => {
      await server.close();
      await pool.end();
    },
  };
}
