import { IsIn, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { Arg, Authorized, Ctx, Field, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import type { AppContext } from '../../composition/context.js';
import { Room, RoomKind } from './room.entity.js';

@InputType({ description: '電算室等の登録 (A12.1)' })
export class CreateRoomInput {
  @Field(() => String, { description: 'コード (e.g. R03)' })
  @Matches(/^[A-Za-z0-9-]{1,16}$/)
  code: string;

  @Field(() => String)
  @Length(1, 100)
  name: string;

  @Field(() => RoomKind)
  @IsIn(Object.values(RoomKind))
  kind: RoomKind;

  @Field(() => String, { description: '所在 (e.g. 本庁舎3階)' })
  @Length(1, 200)
  location: string;
}

@InputType({ description: '電算室等の変更 (使わなくなった室は active: false)' })
export class UpdateRoomInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  name?: string | null;

  @Field(() => RoomKind, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(RoomKind))
  kind?: RoomKind | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  location?: string | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}

/** Rooms (A12.1): any staff member reads them; the manager (or system administrator) keeps them. */
@Resolver(() => Room)
export class AccessResolver {
  @Authorized('Query.rooms')
  @Query(() => [Room], { description: '電算室等 (A12.1)' })
  rooms(@Ctx() ctx: AppContext): Promise<Room[]> {
    return ctx.services.dataSource
      .getRepository(Room)
      .find({ where: { active: true }, order: { code: 'ASC' }, take: 100 });
  }

  @Authorized('Mutation.createRoom')
  @Mutation(() => Room, { description: '電算室等を登録 (A12.1)' })
  createRoom(@Arg('input', () => CreateRoomInput) input: CreateRoomInput, @Ctx() ctx: AppContext): Promise<Room> {
    return ctx.services.rooms.save(null, input, ctx.meta);
  }

  @Authorized('Mutation.updateRoom')
  @Mutation(() => Room, { description: '電算室等を変更' })
  updateRoom(@Arg('input', () => UpdateRoomInput) input: UpdateRoomInput, @Ctx() ctx: AppContext): Promise<Room> {
    const { id, ...fields } = input;
    return ctx.services.rooms.save(id, fields as never, ctx.meta);
  }
}
