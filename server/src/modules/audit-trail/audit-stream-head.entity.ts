import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The newest entry of each chain. Taking the next seq locks this row until the writer commits. */
@Entity({ name: 'audit_stream_head' })
export class AuditStreamHead {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  stream: string;

  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
