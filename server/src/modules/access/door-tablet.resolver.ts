// What a door tablet reads besides its authorised list: who is inside its rooms now, so leaving is
// one tap away on the kiosk. Names only, no secrets; the tablet merges its own unsent events.
import { Authorized, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import type { AppContext } from '../../composition/context.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';

@ObjectType({ description: '在室中の人 (端末用: 退室の記録がない入室)' })
export class DoorInsideEntry {
  @Field(() => ID, { description: '入室の記録の clientEventId' })
  clientEventId: string;

  @Field(() => ID)
  roomId: string;

  @Field(() => ID, { nullable: true })
  staffId: string | null;

  @Field(() => ID, { nullable: true, description: '外部の者: その入室許可' })
  contractorAuthorisationId: string | null;

  @Field(() => String, { description: '氏名 (外部の者は 会社名 氏名)' })
  name: string;

  @Field(() => String, { nullable: true, description: 'ふりがな (職員のみ。退室時の検索用)' })
  nameKana: string | null;

  @Field(() => String, { nullable: true, description: '職員番号 (職員のみ。退室時の検索用)' })
  staffNumber: string | null;

  @Field(() => Date)
  enteredAt: Date;

  @Field(() => String, { description: '入室時の目的' })
  purpose: string;
}

@Resolver()
export class DoorTabletResolver {
  @Authorized('Query.doorInside')
  @Query(() => [DoorInsideEntry], {
    description: 'この端末の電算室等に在室中の人 (端末用: 直近30日の入室、室ごとに新しい100件まで、古い順)',
  })
  async doorInside(@Ctx() ctx: AppContext): Promise<DoorInsideEntry[]> {
    const p = ctx.principal;
    if (p.kind !== 'device')
      throw new AppError(CommonErrorCode.FORBIDDEN, 'この操作を行う権限がありません (not allowed)');
    return ctx.services.accessRegister.insideForTablet(p.roomIds, 100);
  }
}
