/** users/registerBrowserToken: a web push token, sent with the token key. */
import { z } from 'zod';
import { ApiResponse } from '../iterable/responses.js';
import { Identity } from '../iterable/schema-parts.js';
import { defineOp } from './define.js';
import { unpublished } from './rates.js';

export const RegisterBrowserTokenBody = z.object({ browserToken: z.string().min(1), ...Identity }).strict();
export type RegisterBrowserTokenBody = z.infer<typeof RegisterBrowserTokenBody>;

export const registerBrowserToken = defineOp({
  name: 'registerBrowserToken',
  summary: 'Register a web push token.',
  body: RegisterBrowserTokenBody,
  key: 'token',
  phase: 2,
  createsUser: true,
  endpoints: [
    {
      name: 'registerBrowserToken',
      method: 'POST',
      path: '/api/users/registerBrowserToken',
      ...unpublished,
      body: RegisterBrowserTokenBody,
      reply: ApiResponse,
      handler: 'registerBrowserToken',
    },
  ],
  single: { endpoint: 'registerBrowserToken' },
  subjects: (call) => [call.body],
  errorCodes: {},
  routerBucket: 'registration',
});
