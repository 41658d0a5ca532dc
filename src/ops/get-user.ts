/**
 * The user lookups the client makes to decide sync modes: by email (query)
 * or by userId (path). An unknown user is `200 {}`.
 */
import { UserLookupReply } from '../iterable/responses.js';
import { defineLookup } from './define.js';
import { project } from './rates.js';

export const getUser = defineLookup({
  name: 'getUser',
  summary: 'Look a user up by email or userId.',
  endpoints: [
    { name: 'getUserByEmail', method: 'GET', path: '/api/users/getByEmail', ratePerSecond: 100, ...project, reply: UserLookupReply, handler: 'getUserByEmail' },
    { name: 'getUserByUserId', method: 'GET', path: '/api/users/byUserId/{userId}', ratePerSecond: 100, ...project, reply: UserLookupReply, handler: 'getUserByUserId' },
  ],
});
