import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ID } from '../../shared/ids.js';
import { Room } from '../access/index.js';

/**
 * The configurable table of the saved query "beyond the role" (A20.1): an operation type listed
 * here is allowed only to the roles listed with it (OPERATOR: every operator of the register; or an
 * organisation role, A3–A7, e.g. OPERATIONS_MANAGER). A type not listed is open to every operator.
 */
@ObjectType({ description: '操作種別ごとに許される役割 (点検の「役割を超える操作」の基準)' })
@Entity({ name: 'oplog_role_operation' })
export class OplogRoleOperation {
  @Field(() => String, { description: '操作種別のコード' })
  @PrimaryColumn({ type: 'varchar', length: 32 })
  operationType: string;

  @Field(() => String, { description: '役割 (OPERATOR: すべての操作者、または MANAGER・OPERATIONS_MANAGER など)' })
  @PrimaryColumn({ type: 'varchar', length: 32 })
  role: string;
}

/**
 * Which terminal stands in which 電算室等 (until the configuration register names its terminals by
 * the same code): the saved query "a terminal in a server room while nobody was inside" reads it.
 */
@ObjectType({ description: '端末の設置場所 (電算室等)' })
@Entity({ name: 'oplog_terminal_room' })
export class OplogTerminalRoom {
  @Field(() => String, { description: '端末のコード' })
  @PrimaryColumn({ type: 'varchar', length: 64 })
  terminalCode: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  roomId: string;

  @ManyToOne(() => Room, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'roomId', foreignKeyConstraintName: 'oplog_terminal_room_room_fk' })
  roomRef?: Room;
}
