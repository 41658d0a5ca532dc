/**
 * GET users/getByEmail, GET users/byUserId/{userId} and DELETE users/byUserId/{userId}
 * and DELETE users/{email}. An unknown user is `200 {}` on lookups (Iterable's quirk); deleting
 * an unknown user is `400 BadParams` "User does not exist. Email: <email> UserId: <userId>" with the
 * identifier not given left empty.
 */
import { badParams, json, success } from '../replies.js';
import type { Store } from '../store.js';
import type { EmulatorUser } from '../types.js';
import type { Handler } from '../validate.js';

/** Iterable's profile date format, e.g. `2024-05-13 10:30:52 +00:00`. */
function profileDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} +00:00`;
}

/** A user as Iterable's lookups return it: identifiers repeated inside dataFields. */
function renderUser(store: Store, user: EmulatorUser): Record<string, unknown> {
  const listIds = [...store.state.lists.values()].filter((list) => list.members.has(user)).map((list) => list.id);
  const dataFields: Record<string, unknown> = {
    ...user.dataFields,
    ...(user.email === undefined ? {} : { email: user.email }),
    ...(user.userId === undefined ? {} : { userId: user.userId }),
    signupDate: profileDate(user.createdAt),
    profileUpdatedAt: profileDate(user.updatedAt),
  };
  if (listIds.length > 0) dataFields.emailListIds = listIds;
  if (user.devices.length > 0) dataFields.devices = user.devices;
  if (user.browserTokens.length > 0) dataFields.browserTokens = user.browserTokens;
  if (user.cart.length > 0) dataFields.shoppingCartItems = user.cart;
  return {
    ...(user.email === undefined ? {} : { email: user.email }),
    ...(user.userId === undefined ? {} : { userId: user.userId }),
    dataFields,
  };
}

function lookup(store: Store, user: EmulatorUser | undefined) {
  return json(200, user ? { user: renderUser(store, user) } : {});
}

export const getUserByEmail: Handler = (ctx) => {
  const email = ctx.query.get('email');
  if (!email) return badParams('Invalid request: email: the email query parameter is required', { field: 'email' });
  return lookup(ctx.store, ctx.store.state.users.byEmail.get(email));
};

export const getUserByUserId: Handler = (ctx) => {
  const userId = ctx.params.userId ?? '';
  return lookup(ctx.store, ctx.store.state.users.byUserId.get(userId));
};

export const deleteUser: Handler = (ctx) => {
  const userId = ctx.params.userId ?? '';
  // Iterable refuses an unknown user with a 400 BadParams whose message names both identifiers.
  if (ctx.store.deleteUsersByUserId(userId) === 0) return badParams(`User does not exist. Email:  UserId: ${userId}`);
  return success(`All users associated with ${userId} were successfully deleted`);
};

export const deleteUserByEmail: Handler = (ctx) => {
  const email = ctx.params.email ?? '';
  if (ctx.store.deleteUserByEmail(email) === 0) return badParams(`User does not exist. Email: ${email} UserId: `);
  return success(`All users associated with ${email} were successfully deleted`);
};
