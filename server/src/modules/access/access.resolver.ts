import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../shared/context.js';
import { Room } from './room.entity.js';

/** Rooms (A12.1). Authorisations and the entry/exit register arrive with the access issue. */
@Resolver(() => Room)
export class AccessResolver {
  @Authorized('Query.rooms')
  @Query(() => [Room], { description: '電算室等 (A12.1)' })
  rooms(@Ctx() ctx: AppContext): Promise<Room[]> {
    return ctx.services.dataSource
      .getRepository(Room)
      .find({ where: { active: true }, order: { code: 'ASC' }, take: 100 });
  }
}
