/**
 * Token registration that rides along an identify: registerDeviceToken when `context.device.token`
 * is set, else registerBrowserToken when `context.os.token` is set (rudderstack-profile.md §6.2–6.3).
 */
import { InstrumentationError } from '../errors.js';
import type { RegisterBrowserTokenBody, RegisterDeviceTokenBody } from '../iterable/payloads.js';
import { requireIdentity, type Identity } from './identity.js';
import type { IterableCall, MapInput } from './types.js';
import { compact, getPath, idString, isObject, usableAt, withoutUndefined } from './values.js';

const APNS_DEVICE_TYPES = new Set(['ios', 'watchos', 'ipados', 'tvos']);

export interface Registration {
  call?: IterableCall;
  warning?: InstrumentationError;
}

export function tokenRegistration(input: MapInput, identity: Identity): Registration {
  const { message, settings } = input;
  const strict = settings.profile === 'strict';
  // RudderStack compares the raw type case-sensitively; strict dispatches case-insensitively everywhere.
  const isIdentify = strict ? input.type === 'identify' : message.type === 'identify';
  if (!isIdentify || !settings.registerDeviceOrBrowserApiKey) return {};
  const deviceToken = getPath(message, 'context.device.token');
  if (deviceToken) return deviceRegistration(input, identity, deviceToken);
  const browserToken = getPath(message, 'context.os.token');
  if (browserToken) return browserRegistration(input, identity, browserToken);
  return {};
}

function platformOf(message: unknown): 'APNS' | 'GCM' {
  const type = getPath(message, 'context.device.type');
  return typeof type === 'string' && APNS_DEVICE_TYPES.has(type.toLowerCase()) ? 'APNS' : 'GCM';
}

function deviceRegistration(input: MapInput, identity: Identity, token: unknown): Registration {
  const { message, settings } = input;
  if (settings.profile === 'rudderstack') {
    const body = compact({
      email: identity.email,
      userId: identity.userId,
      preferUserId: settings.preferUserId,
      device: withoutUndefined({
        token,
        applicationName: usableAt(message, 'context.device.name'),
        dataFields: usableAt(message, 'properties'),
        platform: platformOf(message),
      }),
    }) as RegisterDeviceTokenBody;
    return { call: { op: 'registerDeviceToken', key: 'token', body } };
  }
  const applicationName = idString(getPath(message, 'context.app.namespace')) ?? idString(getPath(message, 'context.device.name'));
  if (applicationName === undefined) {
    return {
      warning: new InstrumentationError(
        'Device token not registered: registerDeviceToken needs the push integration name from "context.app.namespace" or "context.device.name", and the event has neither',
        { code: 'MISSING_APPLICATION_NAME', field: 'context.app.namespace' },
      ),
    };
  }
  const properties = getPath(message, 'properties');
  const body = compact({
    email: identity.email,
    userId: identity.userId,
    preferUserId: settings.preferUserId,
    device: withoutUndefined({
      token: String(token),
      platform: platformOf(message),
      applicationName,
      dataFields: isObject(properties) ? properties : undefined,
    }),
  }) as RegisterDeviceTokenBody;
  return { call: { op: 'registerDeviceToken', key: 'token', body } };
}

function browserRegistration(input: MapInput, identity: Identity, token: unknown): Registration {
  const strict = input.settings.profile === 'strict';
  const body = compact({
    browserToken: strict ? String(token) : token,
    email: identity.email,
    userId: identity.userId,
  }) as RegisterBrowserTokenBody;
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  return { call: { op: 'registerBrowserToken', key: 'token', body } };
}
