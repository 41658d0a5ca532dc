/**
 * Every emulator handler, by the name an endpoint declaration in src/ops/ gives as its `handler`
 * (the server looks handlers up here by that name; a name missing here does not type-check there).
 */
export { upsertCatalogItems } from './catalogs.js';
export { trackPurchase, updateCart } from './commerce.js';
export { trackBulk, trackEvent } from './events.js';
export { subscribeToList, unsubscribeFromList } from './lists.js';
export { deleteUser, deleteUserByEmail, getUserByEmail, getUserByUserId } from './lookups.js';
export { bulkUpdateSubscriptions, updateSubscriptions } from './subscriptions.js';
export { registerBrowserToken, registerDeviceToken } from './tokens.js';
export { bulkUpdateUsers, updateEmail, updateUser } from './users.js';
