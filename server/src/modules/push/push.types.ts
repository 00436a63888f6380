import { Field, InputType } from 'type-graphql';
import { ID } from '../../shared/ids.js';

@InputType({ description: 'PushSubscription.toJSON() of the browser, and a name for the phone' })
export class SubscribePushInput {
  @Field(() => String)
  endpoint!: string;

  @Field(() => String, { description: 'keys.p256dh (base64url)' })
  p256dh!: string;

  @Field(() => String, { description: 'keys.auth (base64url)' })
  auth!: string;

  @Field(() => String, { description: '端末の名前 (例: 田中の iPhone)' })
  label!: string;
}

@InputType()
export class PushSubscriptionIdInput {
  @Field(() => ID)
  id!: string;
}
