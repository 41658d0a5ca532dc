/** commerce/updateCart: replaces the user's cart; creates the user. */
import { z } from 'zod';
import { ApiResponse } from '../iterable/responses.js';
import { CommerceItem } from '../iterable/schema-parts.js';
import { defineOp } from './define.js';
import { unpublished } from './rates.js';
import { UpdateUserBody } from './update-user.js';

export const UpdateCartBody = z.object({ user: UpdateUserBody, items: z.array(CommerceItem) }).strict();
export type UpdateCartBody = z.infer<typeof UpdateCartBody>;

export const updateCart = defineOp({
  name: 'updateCart',
  summary: "Replace the user's shopping cart.",
  body: UpdateCartBody,
  key: 'main',
  phase: 2,
  createsUser: true,
  endpoints: [{ name: 'updateCart', method: 'POST', path: '/api/commerce/updateCart', ...unpublished, body: UpdateCartBody, reply: ApiResponse, handler: 'updateCart' }],
  single: { endpoint: 'updateCart' },
  subjects: (call) => [call.body.user],
  errorCodes: {},
  routerBucket: 'single',
});
