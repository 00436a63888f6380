import { Field, ObjectType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Staff } from '../organisation/index.js';
import { TokenScope } from '../../shared/authority.js';

/**
 * A personal access token for API clients. Only the SHA-256 of the token is stored; the token is
 * shown once, at creation. The GraphQL type exposes no hash.
 */
@ObjectType('ApiToken', { description: 'APIトークン (値そのものは作成時に一度だけ表示)' })
@Entity({ name: 'api_token' })
export class ApiToken {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('api_token_owner')
  @Column({ type: 'uuid' })
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'api_token_staff_fk' })
  staff?: Staff;

  @Field(() => String, { description: '用途 (e.g. 監査用エクスポート)' })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** the first characters, to recognise a token in lists */
  @Field(() => String)
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Index('api_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Field(() => [TokenScope])
  @Column({ type: 'enum', enum: TokenScope, enumName: 'token_scope', array: true })
  scopes: TokenScope[];

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
