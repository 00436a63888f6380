import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Small facts about this installation, e.g. that the demo data was seeded. Not exposed in GraphQL. */
@Entity({ name: 'app_meta' })
export class AppMeta {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
