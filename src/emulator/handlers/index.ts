/** The handler of every catalogue endpoint: adding a route means adding an ENDPOINTS entry and a line here. */
import type { EndpointName } from '../../iterable/endpoints.js';
import type { Handler } from '../validate.js';
import { upsertCatalogItems } from './catalogs.js';
import { trackPurchase, updateCart } from './commerce.js';
import { trackBulk, trackEvent } from './events.js';
import { subscribeToList, unsubscribeFromList } from './lists.js';
import { deleteUser, getUserByEmail, getUserByUserId } from './lookups.js';
import { registerBrowserToken, registerDeviceToken } from './tokens.js';
import { bulkUpdateUsers, updateEmail, updateUser } from './users.js';

export const HANDLERS: Record<EndpointName, Handler> = {
  updateUser,
  bulkUpdateUsers,
  trackEvent,
  trackBulk,
  trackPurchase,
  updateCart,
  updateEmail,
  registerDeviceToken,
  registerBrowserToken,
  subscribeToList,
  unsubscribeFromList,
  upsertCatalogItem: upsertCatalogItems,
  deleteUser,
  getUserByEmail,
  getUserByUserId,
};
