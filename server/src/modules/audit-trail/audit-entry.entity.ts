import { GraphQLJSON } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ActorType, AuditOutcome } from '../../shared/audit.js';

/**
 * One entry of the system's own audit trail (who changed what, when, from where). Append-only:
 * a trigger refuses UPDATE, DELETE and TRUNCATE. Entries form one hash chain per stream (the
 * actor), so concurrent writers do not wait on one lock; hash = SHA-256 over the previous hash
 * and the entry's canonical form (audit-hash.ts).
 */
@ObjectType({ description: '監査証跡の記録' })
@Entity({ name: 'audit_entry' })
@Unique('audit_entry_stream_seq', ['stream', 'seq'])
@Index('audit_entry_occurred_at', ['occurredAt'])
@Index('audit_entry_target', ['targetType', 'targetId'])
@Index('audit_entry_txid', ['txid', 'id'])
export class AuditEntry {
  /** order of writing within a transaction */
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /**
   * The writing transaction's id (pg_current_xact_id), forced by the BEFORE INSERT trigger
   * audit_entry_force (with occurredAt), and hashed since hash version 2. Incremental pulls page by (txid, id) and
   * stop below the oldest transaction still running, so an entry committed late is never skipped.
   */
  @Column({ type: 'bigint', default: () => 'audit_txid()', select: false })
  txid?: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 100 })
  stream: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  seq: number;

  /** the writing transaction's start, to the millisecond: forced by the insert trigger */
  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Field(() => ActorType)
  @Column({ type: 'varchar', length: 16 })
  actorType: ActorType;

  @Field(() => String, { nullable: true })
  @Index('audit_entry_actor')
  @Column({ type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Field(() => String, { description: '操作 (e.g. Mutation.signIn)' })
  @Column({ type: 'varchar', length: 100 })
  action: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  targetType: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId: string | null;

  @Field(() => AuditOutcome)
  @Column({ type: 'varchar', length: 16 })
  outcome: AuditOutcome;

  /** error code of a refusal */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  reason: string | null;

  /** changed fields: { field: [before, after] } — never a secret */
  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  changes: Record<string, [unknown, unknown]> | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  clientAddress: string | null;

  /** the X-Request-Id the client sent, if any (requestId is always the server's own) */
  @Field(() => String, {
    nullable: true,
    description: 'クライアントが送った X-Request-Id (requestId はサーバーが付ける)',
  })
  @Column({ type: 'varchar', length: 64, nullable: true })
  clientRequestId: string | null;

  /**
   * Which fields the hash covers (audit-hash.ts): 1 for entries written before txid and
   * clientRequestId were hashed, 2 since. Old entries keep verifying under their version.
   */
  @Field(() => Int)
  @Column({ type: 'smallint', default: 1 })
  hashVersion: number;

  @Field(() => String)
  @Column({ type: 'char', length: 64 })
  prevHash: string;

  @Field(() => String)
  @Column({ type: 'char', length: 64 })
  hash: string;
}
