import { Field, ObjectType } from 'type-graphql';
import { ID } from './ids.js';
import { Column, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A record staff refer to by a short code and a name: a 部, a 課, a room (and the registers' items
 * to come). Each entity that extends it keeps its own table; the code is unique within it.
 */
// a type of its own only for type-graphql's inheritance: the schema emits no unreachable type
@ObjectType()
export abstract class CodedRecord {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 16, unique: true })
  code: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 100 })
  name: string;
}
