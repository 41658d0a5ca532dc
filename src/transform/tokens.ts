/**
 * Token registration that rides along an identify: registerDeviceToken when `context.device.token`
 * is set, else registerBrowserToken when `context.os.token` is set (rudderstack-profile.md §6.2–6.3).
 */
import { InstrumentationError } from '../errors.js';
import type { RegisterBrowserTokenBody, RegisterDeviceTokenBody } from '../iterable/payloads.js';
import { requireIdentity, type Identity } from './identity.js';
import type { IterableCall, MapInput } from './types.js';
import { dotPath, getPath, idString, isObject, putCompact, putDefined, usableAt, type JsonObject } from './values.js';

const AT_CONTEXT_APP_NAMESPACE = dotPath('context.app.namespace');
const AT_CONTEXT_DEVICE_NAME = dotPath('context.device.name');
const AT_CONTEXT = dotPath('context');
const AT_DEVICE_TOKEN = dotPath('device.token');
const AT_OS_TOKEN = dotPath('os.token');
const AT_CONTEXT_DEVICE_TYPE = dotPath('context.device.type');
const AT_PROPERTIES = dotPath('properties');

const NO_REGISTRATION: Registration = Object.freeze({});

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
  if (!isIdentify || !settings.registerDeviceOrBrowserApiKey) return NO_REGISTRATION;
  // context.device.token, else context.os.token: the context read once for both.
  const context = getPath(message, AT_CONTEXT);
  const deviceToken = getPath(context, AT_DEVICE_TOKEN);
  if (deviceToken) return deviceRegistration(input, identity, deviceToken);
  const browserToken = getPath(context, AT_OS_TOKEN);
  if (browserToken) return browserRegistration(input, identity, browserToken);
  return NO_REGISTRATION;
}

/** A registerDeviceToken body: the user's identity, then the device (null-cleaned at the top level only). */
function identityBody(identity: Identity, preferUserId: boolean | null, device: JsonObject): JsonObject {
  const body: JsonObject = {};
  putCompact(body, 'email', identity.email);
  putCompact(body, 'userId', identity.userId);
  putCompact(body, 'preferUserId', preferUserId);
  putCompact(body, 'device', device);
  return body;
}

function platformOf(message: unknown): 'APNS' | 'GCM' {
  const type = getPath(message, AT_CONTEXT_DEVICE_TYPE);
  return typeof type === 'string' && APNS_DEVICE_TYPES.has(type.toLowerCase()) ? 'APNS' : 'GCM';
}

function deviceRegistration(input: MapInput, identity: Identity, token: unknown): Registration {
  const { message, settings } = input;
  if (settings.profile === 'rudderstack') {
    const device: JsonObject = {};
    putDefined(device, 'token', token);
    putDefined(device, 'applicationName', usableAt(message, AT_CONTEXT_DEVICE_NAME));
    putDefined(device, 'dataFields', usableAt(message, AT_PROPERTIES));
    putDefined(device, 'platform', platformOf(message));
    const body = identityBody(identity, settings.preferUserId, device) as unknown as RegisterDeviceTokenBody;
    return { call: { op: 'registerDeviceToken', key: 'token', body } };
  }
  const applicationName = idString(getPath(message, AT_CONTEXT_APP_NAMESPACE)) ?? idString(getPath(message, AT_CONTEXT_DEVICE_NAME));
  if (applicationName === undefined) {
    return {
      warning: new InstrumentationError(
        'Device token not registered: registerDeviceToken needs the push integration name from "context.app.namespace" or "context.device.name", and the event has neither',
        { code: 'MISSING_APPLICATION_NAME', field: 'context.app.namespace' },
      ),
    };
  }
  const properties = getPath(message, AT_PROPERTIES);
  const device: JsonObject = {};
  putDefined(device, 'token', String(token));
  putDefined(device, 'platform', platformOf(message));
  putDefined(device, 'applicationName', applicationName);
  putDefined(device, 'dataFields', isObject(properties) ? properties : undefined);
  const body = identityBody(identity, settings.preferUserId, device) as unknown as RegisterDeviceTokenBody;
  return { call: { op: 'registerDeviceToken', key: 'token', body } };
}

function browserRegistration(input: MapInput, identity: Identity, token: unknown): Registration {
  const strict = input.settings.profile === 'strict';
  const fields: JsonObject = {};
  putCompact(fields, 'browserToken', strict ? String(token) : token);
  putCompact(fields, 'email', identity.email);
  putCompact(fields, 'userId', identity.userId);
  const body = fields as unknown as RegisterBrowserTokenBody;
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  return { call: { op: 'registerBrowserToken', key: 'token', body } };
}
