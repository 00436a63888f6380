import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A20.1: a source of operation records (a terminal's log export, a file imported) as the server has
 * received it: when first and last, how many batches, and how many records it stored. The
 * compliance control reads it, never the 90-million-row history.
 */
@Entity({ name: 'operation_source' })
@Check('operation_source_id', `"id" ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'`)
export class OperationSource {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'timestamptz' })
  firstReceivedAt: Date;

  @Column({ type: 'timestamptz' })
  lastReceivedAt: Date;

  @Column({ type: 'integer', default: 0 })
  batches: number;

  @Column({ type: 'bigint', default: 0 })
  stored: string;
}
