/** users/registerDeviceToken: a push token, sent with the token key. */
import { z } from 'zod';
import { ApiResponse } from '../iterable/responses.js';
import { DataFields, Identity } from '../iterable/schema-parts.js';
import { defineOp } from './define.js';
import { project } from './rates.js';

export const DevicePlatform = z.enum(['APNS', 'APNS_SANDBOX', 'GCM']);

export const RegisterDeviceTokenBody = z
  .object({
    ...Identity,
    preferUserId: z.boolean().optional(),
    device: z
      .object({
        token: z.string().min(1),
        platform: DevicePlatform,
        applicationName: z.string().min(1),
        dataFields: DataFields.optional(),
      })
      .strict(),
  })
  .strict();
export type RegisterDeviceTokenBody = z.infer<typeof RegisterDeviceTokenBody>;

export const registerDeviceToken = defineOp({
  name: 'registerDeviceToken',
  summary: 'Register a mobile push token.',
  body: RegisterDeviceTokenBody,
  key: 'token',
  phase: 2,
  createsUser: true,
  endpoints: [
    {
      name: 'registerDeviceToken',
      method: 'POST',
      path: '/api/users/registerDeviceToken',
      ratePerSecond: 500,
      ...project,
      body: RegisterDeviceTokenBody,
      reply: ApiResponse,
      handler: 'registerDeviceToken',
    },
  ],
  single: { endpoint: 'registerDeviceToken' },
  subjects: (call) => [call.body],
  errorCodes: {},
  routerBucket: 'registration',
});
