/** users/updateEmail: moves a user to a new email (alias). */
import { z } from 'zod';
import { ApiResponse } from '../iterable/responses.js';
import { defineOp } from './define.js';
import { unpublished } from './rates.js';

export const UpdateEmailBody = z
  .object({
    currentEmail: z.string().min(1).optional(),
    currentUserId: z.string().min(1).optional(),
    newEmail: z.string().min(1),
  })
  .strict();
export type UpdateEmailBody = z.infer<typeof UpdateEmailBody>;

export const updateEmail = defineOp({
  name: 'updateEmail',
  summary: "Change a user's email (alias).",
  body: UpdateEmailBody,
  key: 'main',
  phase: 1,
  createsUser: false,
  endpoints: [{ name: 'updateEmail', method: 'POST', path: '/api/users/updateEmail', ...unpublished, body: UpdateEmailBody, reply: ApiResponse, handler: 'updateEmail' }],
  single: { endpoint: 'updateEmail' },
  // Iterable uses currentEmail when both are given.
  subjects: (call) => [{ email: call.body.currentEmail, userId: call.body.currentEmail === undefined ? call.body.currentUserId : undefined }],
  errorCodes: {},
  routerBucket: 'single',
});
