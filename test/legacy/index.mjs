var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __commonJS = (cb, mod) => function __require() {
  return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/eventemitter3/index.js
var require_eventemitter3 = __commonJS({
  "node_modules/eventemitter3/index.js"(exports, module) {
    "use strict";
    var has = Object.prototype.hasOwnProperty;
    var prefix = "~";
    function Events() {
    }
    if (Object.create) {
      Events.prototype = /* @__PURE__ */ Object.create(null);
      if (!new Events().__proto__) prefix = false;
    }
    function EE(fn, context, once) {
      this.fn = fn;
      this.context = context;
      this.once = once || false;
    }
    function addListener(emitter, event, fn, context, once) {
      if (typeof fn !== "function") {
        throw new TypeError("The listener must be a function");
      }
      var listener = new EE(fn, context || emitter, once), evt = prefix ? prefix + event : event;
      if (!emitter._events[evt]) emitter._events[evt] = listener, emitter._eventsCount++;
      else if (!emitter._events[evt].fn) emitter._events[evt].push(listener);
      else emitter._events[evt] = [emitter._events[evt], listener];
      return emitter;
    }
    function clearEvent(emitter, evt) {
      if (--emitter._eventsCount === 0) emitter._events = new Events();
      else delete emitter._events[evt];
    }
    function EventEmitter2() {
      this._events = new Events();
      this._eventsCount = 0;
    }
    EventEmitter2.prototype.eventNames = function eventNames() {
      var names = [], events, name;
      if (this._eventsCount === 0) return names;
      for (name in events = this._events) {
        if (has.call(events, name)) names.push(prefix ? name.slice(1) : name);
      }
      if (Object.getOwnPropertySymbols) {
        return names.concat(Object.getOwnPropertySymbols(events));
      }
      return names;
    };
    EventEmitter2.prototype.listeners = function listeners(event) {
      var evt = prefix ? prefix + event : event, handlers = this._events[evt];
      if (!handlers) return [];
      if (handlers.fn) return [handlers.fn];
      for (var i = 0, l = handlers.length, ee = new Array(l); i < l; i++) {
        ee[i] = handlers[i].fn;
      }
      return ee;
    };
    EventEmitter2.prototype.listenerCount = function listenerCount(event) {
      var evt = prefix ? prefix + event : event, listeners = this._events[evt];
      if (!listeners) return 0;
      if (listeners.fn) return 1;
      return listeners.length;
    };
    EventEmitter2.prototype.emit = function emit(event, a1, a2, a3, a4, a5) {
      var evt = prefix ? prefix + event : event;
      if (!this._events[evt]) return false;
      var listeners = this._events[evt], len = arguments.length, args, i;
      if (listeners.fn) {
        if (listeners.once) this.removeListener(event, listeners.fn, void 0, true);
        switch (len) {
          case 1:
            return listeners.fn.call(listeners.context), true;
          case 2:
            return listeners.fn.call(listeners.context, a1), true;
          case 3:
            return listeners.fn.call(listeners.context, a1, a2), true;
          case 4:
            return listeners.fn.call(listeners.context, a1, a2, a3), true;
          case 5:
            return listeners.fn.call(listeners.context, a1, a2, a3, a4), true;
          case 6:
            return listeners.fn.call(listeners.context, a1, a2, a3, a4, a5), true;
        }
        for (i = 1, args = new Array(len - 1); i < len; i++) {
          args[i - 1] = arguments[i];
        }
        listeners.fn.apply(listeners.context, args);
      } else {
        var length = listeners.length, j;
        for (i = 0; i < length; i++) {
          if (listeners[i].once) this.removeListener(event, listeners[i].fn, void 0, true);
          switch (len) {
            case 1:
              listeners[i].fn.call(listeners[i].context);
              break;
            case 2:
              listeners[i].fn.call(listeners[i].context, a1);
              break;
            case 3:
              listeners[i].fn.call(listeners[i].context, a1, a2);
              break;
            case 4:
              listeners[i].fn.call(listeners[i].context, a1, a2, a3);
              break;
            default:
              if (!args) for (j = 1, args = new Array(len - 1); j < len; j++) {
                args[j - 1] = arguments[j];
              }
              listeners[i].fn.apply(listeners[i].context, args);
          }
        }
      }
      return true;
    };
    EventEmitter2.prototype.on = function on(event, fn, context) {
      return addListener(this, event, fn, context, false);
    };
    EventEmitter2.prototype.once = function once(event, fn, context) {
      return addListener(this, event, fn, context, true);
    };
    EventEmitter2.prototype.removeListener = function removeListener(event, fn, context, once) {
      var evt = prefix ? prefix + event : event;
      if (!this._events[evt]) return this;
      if (!fn) {
        clearEvent(this, evt);
        return this;
      }
      var listeners = this._events[evt];
      if (listeners.fn) {
        if (listeners.fn === fn && (!once || listeners.once) && (!context || listeners.context === context)) {
          clearEvent(this, evt);
        }
      } else {
        for (var i = 0, events = [], length = listeners.length; i < length; i++) {
          if (listeners[i].fn !== fn || once && !listeners[i].once || context && listeners[i].context !== context) {
            events.push(listeners[i]);
          }
        }
        if (events.length) this._events[evt] = events.length === 1 ? events[0] : events;
        else clearEvent(this, evt);
      }
      return this;
    };
    EventEmitter2.prototype.removeAllListeners = function removeAllListeners(event) {
      var evt;
      if (event) {
        evt = prefix ? prefix + event : event;
        if (this._events[evt]) clearEvent(this, evt);
      } else {
        this._events = new Events();
        this._eventsCount = 0;
      }
      return this;
    };
    EventEmitter2.prototype.off = EventEmitter2.prototype.removeListener;
    EventEmitter2.prototype.addListener = EventEmitter2.prototype.on;
    EventEmitter2.prefixed = prefix;
    EventEmitter2.EventEmitter = EventEmitter2;
    if ("undefined" !== typeof module) {
      module.exports = EventEmitter2;
    }
  }
});

// src/events/index.ts
var events_exports = {};
__export(events_exports, {
  AliasEvent: () => AliasEvent,
  BaseEvent: () => BaseEvent,
  ECOMMERCE_EVENT_NAMES: () => ECOMMERCE_EVENT_NAMES,
  EVENT_SCHEMAS: () => EVENT_SCHEMAS,
  EcommerceProperties: () => EcommerceProperties,
  EventContext: () => EventContext,
  IdentifyEvent: () => IdentifyEvent,
  PageEvent: () => PageEvent,
  Product: () => Product,
  TrackEvent: () => TrackEvent,
  validateEvent: () => validateEvent
});

// src/errors.ts
var IterableDestinationError = class extends Error {
  code;
  statusCode;
  retryable;
  field;
  constructor(message, details) {
    super(message, details.cause === void 0 ? void 0 : { cause: details.cause });
    this.name = new.target.name;
    this.code = details.code;
    this.statusCode = details.statusCode;
    this.retryable = details.retryable ?? false;
    this.field = details.field;
  }
  /** A plain, JSON-safe view (what the CLI prints and what outcomes carry). */
  toJSON() {
    return {
      name: this.name,
      code: this.code,
      statusCode: this.statusCode,
      retryable: this.retryable,
      message: this.message,
      ...this.field === void 0 ? {} : { field: this.field }
    };
  }
};
var InstrumentationError = class extends IterableDestinationError {
  constructor(message, options = {}) {
    super(message, { code: options.code ?? "INVALID_EVENT", statusCode: 400, retryable: false, ...pick(options) });
  }
};
var ConfigurationError = class extends IterableDestinationError {
  constructor(message, options = {}) {
    super(message, { code: options.code ?? "INVALID_SETTINGS", statusCode: 400, retryable: false, ...pick(options) });
  }
};
var TransformationError = class extends IterableDestinationError {
  constructor(message, options = {}) {
    super(message, { code: "TRANSFORMATION_ERROR", statusCode: 500, retryable: false, cause: options.cause });
  }
};
var IterableApiError = class extends IterableDestinationError {
  /** Iterable's own `code` (`BadParams`, `RateLimitExceeded`, …) when the reply carried one. */
  iterableCode;
  iterableMessage;
  params;
  endpoint;
  constructor(message, details) {
    super(message, {
      code: details.code ?? details.iterableCode ?? `HTTP_${details.statusCode}`,
      statusCode: details.statusCode,
      retryable: details.retryable,
      cause: details.cause
    });
    this.iterableCode = details.iterableCode;
    this.iterableMessage = details.iterableMessage;
    this.params = details.params;
    this.endpoint = details.endpoint;
  }
};
var NetworkError = class extends IterableDestinationError {
  endpoint;
  constructor(message, details = {}) {
    super(message, {
      code: details.code ?? "NETWORK_ERROR",
      statusCode: details.statusCode ?? 503,
      retryable: true,
      cause: details.cause
    });
    this.endpoint = details.endpoint;
  }
};
function pick(options) {
  const out = {};
  if (options.field !== void 0) out.field = options.field;
  if (options.cause !== void 0) out.cause = options.cause;
  return out;
}
function describeValue(value) {
  if (value === void 0) return "undefined";
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  try {
    const text3 = JSON.stringify(value);
    if (text3 === void 0) return typeof value;
    return text3.length > 80 ? `${text3.slice(0, 77)}...` : text3;
  } catch {
    return typeof value;
  }
}
function redact(text3, secrets) {
  let out = text3;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out;
}

// src/events/schemas.ts
import { z } from "zod";
var ECOMMERCE_EVENT_NAMES = /* @__PURE__ */ new Set(["order completed", "product added", "product removed"]);
var JsonObject = z.record(z.string(), z.unknown());
var Identifier = z.union([z.string(), z.number()]);
var Time = z.union([z.string(), z.number()]);
var EventContext = z.object({
  traits: JsonObject.nullish(),
  // Tokens are strings (numbers are accepted and sent as strings).
  device: z.object({ token: Identifier.nullish(), name: z.string().nullish(), type: z.string().nullish() }).passthrough().nullish(),
  os: z.object({ token: Identifier.nullish() }).passthrough().nullish(),
  app: JsonObject.nullish(),
  locale: z.string().nullish(),
  userAgent: z.string().nullish(),
  externalId: z.union([z.array(z.unknown()), JsonObject]).nullish()
}).passthrough();
var BaseEvent = z.object({
  type: z.string().min(1),
  userId: Identifier.nullish(),
  anonymousId: Identifier.nullish(),
  messageId: Identifier.nullish(),
  timestamp: Time.nullish(),
  originalTimestamp: Time.nullish(),
  sentAt: Time.nullish(),
  channel: z.string().nullish(),
  context: EventContext.nullish(),
  traits: JsonObject.nullish(),
  properties: JsonObject.nullish(),
  integrations: JsonObject.nullish()
}).passthrough();
var IdentifyEvent = BaseEvent.extend({ type: z.string().regex(/^identify$/i) });
var TrackEvent = BaseEvent.extend({ type: z.string().regex(/^track$/i), event: z.string().nullish() });
var PageEvent = BaseEvent.extend({
  type: z.string().regex(/^(page|screen)$/i),
  name: z.union([z.string(), z.number()]).nullish(),
  category: z.string().nullish()
});
var AliasEvent = BaseEvent.extend({ type: z.string().regex(/^alias$/i), previousId: Identifier.nullish() });
var Product = z.object({
  product_id: Identifier.nullish(),
  sku: Identifier.nullish(),
  name: z.union([z.string(), z.number()]).nullish(),
  description: z.string().nullish(),
  category: z.union([z.string(), z.array(z.string())]).nullish(),
  price: z.union([z.number(), z.string()]).nullish(),
  quantity: z.union([z.number(), z.string()]).nullish(),
  image_url: z.string().nullish(),
  url: z.string().nullish(),
  properties: JsonObject.nullish()
}).passthrough();
var EcommerceProperties = z.object({ products: z.array(Product).nullish() }).passthrough();
var EVENT_SCHEMAS = {
  identify: IdentifyEvent,
  track: TrackEvent,
  page: PageEvent,
  screen: PageEvent,
  alias: AliasEvent
};

// src/events/index.ts
function validateEvent(message, type, ecommerce) {
  const schema = EVENT_SCHEMAS[type];
  if (schema) {
    const result = schema.safeParse(message);
    if (!result.success) return eventError(result.error, message);
  }
  if (ecommerce && message.properties !== null && typeof message.properties === "object" && !Array.isArray(message.properties)) {
    const products = message.properties.products;
    const schema2 = products === void 0 || products === null ? Product : EcommerceProperties;
    const result = schema2.safeParse(message.properties);
    if (!result.success) return eventError(result.error, message.properties, ["properties"]);
  }
  return void 0;
}
function eventError(error, root, prefix = []) {
  const issue = error.issues[0];
  const path = [...prefix, ...issue?.path.map(String) ?? []];
  let value = root;
  for (const segment of issue?.path ?? []) {
    value = value !== null && typeof value === "object" ? value[String(segment)] : void 0;
  }
  const field = path.join(".");
  return new InstrumentationError(`Invalid event field \`${field}\`: expected ${expectedOf(issue)}, got ${describeValue(value)}`, {
    code: "INVALID_FIELD",
    field,
    cause: error
  });
}
function expectedOf(issue) {
  if (issue?.code === "invalid_type") return typeName(issue.expected);
  if (issue?.code === "invalid_union") {
    const names = issue.errors.map((branch) => {
      const first = branch[0];
      return first?.code === "invalid_type" && first.path.length === 0 ? typeName(first.expected) : void 0;
    });
    if (names.every((name) => name !== void 0)) return [...new Set(names)].join(" or ");
  }
  return "a valid value";
}
function typeName(expected) {
  if (expected === "record" || expected === "object") return "an object";
  if (expected === "array") return "an array";
  return `a ${expected}`;
}

// src/settings.ts
import { z as z3 } from "zod";

// src/iterable/endpoints.ts
var MAX_BODY_BYTES = 4e6;
var MAX_EVENT_ID_BYTES = 512;
var DEFAULT_MAX_BATCH_ITEMS = 1e3;
var DEFAULT_RATE_PER_SECOND = 100;
var project = { ratePublished: true, rateScope: "project" };
var unpublished = { ratePerSecond: DEFAULT_RATE_PER_SECOND, ratePublished: false, rateScope: "project" };
var ENDPOINTS = {
  updateUser: { method: "POST", path: "/api/users/update", ratePerSecond: 500, ...project, batchInto: "bulkUpdateUsers" },
  bulkUpdateUsers: {
    method: "POST",
    path: "/api/users/bulkUpdate",
    ratePerSecond: 5,
    ...project,
    itemsKey: "users",
    maxItems: DEFAULT_MAX_BATCH_ITEMS,
    maxBytes: MAX_BODY_BYTES
  },
  trackEvent: { method: "POST", path: "/api/events/track", ratePerSecond: 2e3, ...project, batchInto: "trackBulk" },
  trackBulk: {
    method: "POST",
    path: "/api/events/trackBulk",
    ratePerSecond: 10,
    ...project,
    itemsKey: "events",
    maxItems: DEFAULT_MAX_BATCH_ITEMS,
    maxBytes: MAX_BODY_BYTES
  },
  trackPurchase: { method: "POST", path: "/api/commerce/trackPurchase", ...unpublished },
  updateCart: { method: "POST", path: "/api/commerce/updateCart", ...unpublished },
  updateEmail: { method: "POST", path: "/api/users/updateEmail", ...unpublished },
  registerDeviceToken: { method: "POST", path: "/api/users/registerDeviceToken", ratePerSecond: 500, ...project },
  registerBrowserToken: { method: "POST", path: "/api/users/registerBrowserToken", ...unpublished },
  subscribeToList: {
    method: "POST",
    path: "/api/lists/subscribe",
    ...unpublished,
    batchInto: "subscribeToList",
    itemsKey: "subscribers",
    maxItems: DEFAULT_MAX_BATCH_ITEMS,
    maxBytes: MAX_BODY_BYTES
  },
  unsubscribeFromList: {
    method: "POST",
    path: "/api/lists/unsubscribe",
    ...unpublished,
    batchInto: "unsubscribeFromList",
    itemsKey: "subscribers",
    maxItems: DEFAULT_MAX_BATCH_ITEMS,
    maxBytes: MAX_BODY_BYTES
  },
  upsertCatalogItem: {
    method: "POST",
    path: "/api/catalogs/{catalogName}/items",
    ratePerSecond: 100,
    ratePublished: true,
    rateScope: "apiKey",
    batchInto: "upsertCatalogItem",
    itemsKey: "documents",
    maxItems: DEFAULT_MAX_BATCH_ITEMS,
    maxBytes: MAX_BODY_BYTES
  },
  deleteUser: { method: "DELETE", path: "/api/users/byUserId/{userId}", ratePerSecond: 100, ...project },
  getUserByEmail: { method: "GET", path: "/api/users/getByEmail", ratePerSecond: 100, ...project },
  getUserByUserId: { method: "GET", path: "/api/users/byUserId/{userId}", ratePerSecond: 100, ...project }
};
var CALL_OPS = [
  "updateUser",
  "trackEvent",
  "trackPurchase",
  "updateCart",
  "updateEmail",
  "registerDeviceToken",
  "registerBrowserToken",
  "subscribeToList",
  "unsubscribeFromList",
  "upsertCatalogItem",
  "deleteUser"
];
var DATA_CENTERS = {
  USDC: "https://api.iterable.com",
  EUDC: "https://api.eu.iterable.com"
};
function endpointSpec(name) {
  return ENDPOINTS[name];
}
function fillPath(path, values) {
  return path.replace(/\{(\w+)\}/g, (_, key) => encodeURIComponent(String(values[key] ?? "")));
}

// src/settings-extensions.ts
import { z as z2 } from "zod";
var EVENT_PATH = /^[A-Za-z_$][\w$-]*(\.[\w$-]+)*$/;
var DEFAULT_AUDIENCE_ENTERED_EVENT = "Audience Entered";
var DEFAULT_AUDIENCE_EXITED_EVENT = "Audience Exited";
function positiveId(value) {
  if (typeof value === "number") return Number.isSafeInteger(value) && value > 0 ? value : void 0;
  if (typeof value !== "string" || !/^\s*\d+\s*$/.test(value)) return void 0;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) && parsed > 0 ? parsed : void 0;
}
function isJsonValue(value, seen = /* @__PURE__ */ new Set()) {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value !== "object" || seen.has(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return false;
  seen.add(value);
  const ok = Object.values(value).every((item) => isJsonValue(item, seen));
  seen.delete(value);
  return ok;
}
var EventPath = z2.string().regex(EVENT_PATH, 'a dot path such as "traits.email"');
function idSetting(what) {
  return z2.unknown().transform((value, ctx) => {
    const id = positiveId(value);
    if (id !== void 0) return id;
    ctx.addIssue({ code: "custom", message: `a positive whole number (${what})` });
    return z2.NEVER;
  });
}
var ListId = idSetting("an iterable list id");
var StaticFields = z2.record(z2.string(), z2.unknown()).superRefine((fields, ctx) => {
  for (const [key, value] of Object.entries(fields)) {
    if (!isJsonValue(value)) {
      ctx.addIssue({ code: "custom", path: [key], message: "a JSON value (string, finite number, boolean, null, array or plain object)" });
    }
  }
});
var ExtensionSettingsShape = {
  /** Every identify also subscribes its user to this list. */
  listId: ListId.optional(),
  /** Audience key → Iterable list id, for audience enter / exit tracks. */
  audienceLists: z2.record(z2.string(), ListId).optional(),
  /** Track names that mean "joined" / "left" an audience. Setting either (or `audienceLists`) turns audience tracks on. */
  audienceEnteredEvent: z2.string().min(1).optional(),
  audienceExitedEvent: z2.string().min(1).optional(),
  /** On unsubscribes: also unsubscribe from the list's channel (a global unsubscribe). */
  channelUnsubscribe: z2.boolean().default(false),
  /** On unsubscribes: the campaign to attribute them to. */
  campaignId: idSetting("an iterable campaign id").optional(),
  /** Event paths copied into Iterable user fields. */
  fieldMapping: z2.array(z2.object({ from: EventPath, to: z2.string().min(1) }).strict()).optional(),
  /** true: send only mapped, static and system fields as dataFields (the traits object is left out). */
  mappedFieldsOnly: z2.boolean().default(false),
  /** Fixed values added to every user's dataFields. */
  staticFields: StaticFields.optional(),
  /** Add the visitor's locale, browser, OS, device type and geo from the event's context. */
  systemFields: z2.boolean().default(false),
  /** `upsert` (default), `updateOnly` (never create users), `createOnly` (never change existing users). */
  syncMode: z2.enum(["upsert", "updateOnly", "createOnly"]).default("upsert"),
  /** How `updateOnly` learns whether a user exists: Iterable's flags (default) or a lookup first. */
  existenceCheck: z2.enum(["flag", "lookup"]).default("flag"),
  /** The event path whose value becomes Iterable's `userId`, instead of the usual chain. */
  userIdPath: EventPath.optional(),
  /** Use `anonymousId` as the userId when nothing else is found (RudderStack does). */
  anonymousIdFallback: z2.boolean().default(true),
  /** Send users with a userId and no email as `<userId>@placeholder.email` (email-based projects). */
  placeholderEmail: z2.boolean().default(false)
};
var ExtensionObject = z2.object(ExtensionSettingsShape);
function resolveExtensions(parsed) {
  const problem = crossFieldProblem(parsed);
  if (problem) return { ok: false, error: new ConfigurationError(problem.message, { field: problem.field }) };
  return {
    ok: true,
    value: {
      listId: parsed.listId,
      audienceLists: parsed.audienceLists,
      audiencesEnabled: parsed.audienceLists !== void 0 || parsed.audienceEnteredEvent !== void 0 || parsed.audienceExitedEvent !== void 0,
      audienceEnteredEvent: parsed.audienceEnteredEvent ?? DEFAULT_AUDIENCE_ENTERED_EVENT,
      audienceExitedEvent: parsed.audienceExitedEvent ?? DEFAULT_AUDIENCE_EXITED_EVENT,
      channelUnsubscribe: parsed.channelUnsubscribe,
      campaignId: parsed.campaignId,
      fieldMapping: parsed.fieldMapping,
      mappedFieldsOnly: parsed.mappedFieldsOnly,
      // A private copy: bodies share these values, so later edits to the caller's object cannot leak in.
      staticFields: parsed.staticFields === void 0 ? void 0 : structuredClone(parsed.staticFields),
      systemFields: parsed.systemFields,
      syncMode: parsed.syncMode,
      existenceCheck: parsed.existenceCheck,
      userIdPath: parsed.userIdPath,
      anonymousIdFallback: parsed.anonymousIdFallback,
      placeholderEmail: parsed.placeholderEmail
    }
  };
}
function crossFieldProblem(parsed) {
  if (parsed.mappedFieldsOnly && !parsed.fieldMapping?.length && !parsed.staticFields && !parsed.systemFields) {
    return {
      field: "mappedFieldsOnly",
      message: "Invalid setting `mappedFieldsOnly`: true needs `fieldMapping`, `staticFields` or `systemFields`, otherwise every user would be sent without data"
    };
  }
  if (parsed.existenceCheck === "lookup" && parsed.syncMode === "upsert") {
    return {
      field: "existenceCheck",
      message: `Invalid setting \`existenceCheck\`: "lookup" only applies to syncMode "updateOnly" or "createOnly", got syncMode ${describeValue(parsed.syncMode)}`
    };
  }
  if (parsed.audienceLists && Object.hasOwn(parsed.audienceLists, "")) {
    return { field: "audienceLists", message: 'Invalid setting `audienceLists`: expected non-empty audience keys, got ""' };
  }
  if (parsed.staticFields && Object.hasOwn(parsed.staticFields, "")) {
    return { field: "staticFields", message: 'Invalid setting `staticFields`: expected non-empty field names, got ""' };
  }
  const entered = (parsed.audienceEnteredEvent ?? DEFAULT_AUDIENCE_ENTERED_EVENT).toLowerCase();
  const exited = (parsed.audienceExitedEvent ?? DEFAULT_AUDIENCE_EXITED_EVENT).toLowerCase();
  if (entered === exited) {
    return {
      field: "audienceExitedEvent",
      message: `Invalid setting \`audienceExitedEvent\`: it must differ from \`audienceEnteredEvent\`, both are ${describeValue(parsed.audienceExitedEvent ?? parsed.audienceEnteredEvent)}`
    };
  }
  const taken = [entered, exited].find((name) => ECOMMERCE_EVENT_NAMES.has(name));
  if (taken !== void 0) {
    const key = taken === entered ? "audienceEnteredEvent" : "audienceExitedEvent";
    return {
      field: key,
      message: `Invalid setting \`${key}\`: ${describeValue(parsed[key])} is an e-commerce event, which is always sent as a purchase or cart update`
    };
  }
  return duplicateTarget(parsed);
}
function duplicateTarget(parsed) {
  const seen = /* @__PURE__ */ new Set();
  for (const [index, { to }] of (parsed.fieldMapping ?? []).entries()) {
    if (seen.has(to)) {
      return { field: `fieldMapping.${index}.to`, message: `Invalid setting \`fieldMapping.${index}.to\`: field ${describeValue(to)} is already mapped` };
    }
    if (parsed.staticFields && Object.hasOwn(parsed.staticFields, to)) {
      return {
        field: `fieldMapping.${index}.to`,
        message: `Invalid setting \`fieldMapping.${index}.to\`: field ${describeValue(to)} is also in \`staticFields\`; keep one of them`
      };
    }
    seen.add(to);
  }
  return void 0;
}

// src/settings.ts
var PROFILES = ["strict", "rudderstack"];
var SettingsSchema = z3.object({
  /** Server-side Iterable API key (sent as the `Api-Key` header). */
  apiKey: z3.string().min(1),
  /** `USDC` → api.iterable.com, `EUDC` → api.eu.iterable.com. */
  dataCenter: z3.enum(["USDC", "EUDC"]).default("USDC"),
  /** Key for token registration; without it no token is registered. */
  registerDeviceOrBrowserApiKey: z3.string().optional(),
  preferUserId: z3.boolean().default(true),
  mergeNestedObjects: z3.boolean().default(true),
  trackAllPages: z3.boolean().default(false),
  trackCategorisedPages: z3.boolean().default(true),
  trackNamedPages: z3.boolean().default(true),
  mapToSingleEvent: z3.boolean().default(true),
  profile: z3.enum(PROFILES).default("strict"),
  ...ExtensionSettingsShape
});
var cache = /* @__PURE__ */ new WeakMap();
function resolveSettings(input) {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { ok: false, error: new ConfigurationError(`Expected settings to be an object, got ${typeOf(input)}`) };
  }
  const cached = cache.get(input);
  if (cached) return cached;
  let result;
  try {
    result = resolveUncached(input);
  } catch (cause) {
    result = { ok: false, error: new ConfigurationError("Settings could not be read", { cause }) };
  }
  cache.set(input, result);
  return result;
}
function parseSettings(input) {
  const result = resolveSettings(input);
  if (!result.ok) throw result.error;
  return result.settings;
}
function resolveUncached(raw) {
  const profile = ownValue(raw, "profile") ?? "strict";
  if (profile === "rudderstack") return resolveRudderStack(raw);
  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: settingsError(parsed.error, raw) };
  const s = parsed.data;
  const extensions = resolveExtensions(s);
  if (!extensions.ok) return extensions;
  return {
    ok: true,
    settings: {
      ...extensions.value,
      profile: s.profile,
      apiKey: s.apiKey,
      dataCenter: s.dataCenter,
      host: DATA_CENTERS[s.dataCenter],
      registerDeviceOrBrowserApiKey: s.registerDeviceOrBrowserApiKey || void 0,
      preferUserId: s.preferUserId,
      mergeNestedObjects: s.mergeNestedObjects,
      trackAllPages: s.trackAllPages,
      trackCategorisedPages: s.trackCategorisedPages,
      trackNamedPages: s.trackNamedPages,
      mapToSingleEvent: s.mapToSingleEvent
    }
  };
}
function resolveRudderStack(raw) {
  const dataCenter = ownValue(raw, "dataCenter") === "EUDC" ? "EUDC" : "USDC";
  const apiKey = ownValue(raw, "apiKey");
  const registerKey = ownValue(raw, "registerDeviceOrBrowserApiKey");
  const extensionInput = z3.object(ExtensionSettingsShape).safeParse(raw);
  if (!extensionInput.success) return { ok: false, error: settingsError(extensionInput.error, raw) };
  const extensions = resolveExtensions(extensionInput.data);
  if (!extensions.ok) return extensions;
  return {
    ok: true,
    settings: {
      ...extensions.value,
      profile: "rudderstack",
      apiKey: apiKey === void 0 || apiKey === null ? void 0 : String(apiKey),
      dataCenter,
      host: DATA_CENTERS[dataCenter],
      registerDeviceOrBrowserApiKey: registerKey ? String(registerKey) : void 0,
      preferUserId: rawDefaultTrue(ownValue(raw, "preferUserId")),
      mergeNestedObjects: rawDefaultTrue(ownValue(raw, "mergeNestedObjects")),
      trackAllPages: Boolean(ownValue(raw, "trackAllPages")),
      trackCategorisedPages: Boolean(ownValue(raw, "trackCategorisedPages")),
      trackNamedPages: Boolean(ownValue(raw, "trackNamedPages")),
      mapToSingleEvent: ownValue(raw, "mapToSingleEvent") === true
    }
  };
}
function rawDefaultTrue(value) {
  return value === void 0 ? true : value;
}
function ownValue(raw, key) {
  return Object.prototype.hasOwnProperty.call(raw, key) ? raw[key] : void 0;
}
function settingsError(error, raw) {
  const issue = error.issues[0];
  const path = issue?.path.map(String) ?? [];
  const key = path.join(".") || "(settings)";
  let value = raw;
  for (const segment of path) {
    value = value !== null && typeof value === "object" ? value[segment] : void 0;
  }
  const expected = issue ? describeIssue(issue, value) : "a valid value";
  const got = /apikey$/i.test(key) ? typeOf(value) : describeValue(value);
  return new ConfigurationError(`Invalid setting \`${key}\`: expected ${expected}, got ${got}`, {
    field: key,
    cause: error
  });
}
function describeIssue(issue, value) {
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "string" && value === void 0 ? "a non-empty string (it is required)" : `a ${issue.expected}`;
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return issue.origin === "string" ? "a non-empty string" : `a value >= ${String(issue.minimum)}`;
    default:
      return issue.message.replace(/^Invalid input: /, "").toLowerCase();
  }
}
function typeOf(value) {
  if (value === null) return "null";
  if (value === void 0) return "undefined";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return type === "object" ? "an object" : `a ${type}`;
}

// src/transform/values.ts
function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
function getPath(source, path) {
  let current = source;
  for (const segment of path.split(".")) {
    if (current === null || typeof current !== "object") return void 0;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return void 0;
    current = current[segment];
  }
  return current;
}
function isUsable(value) {
  return Boolean(value) || value === 0 || value === false;
}
function firstUsable(source, paths) {
  for (const path of paths) {
    const value = getPath(source, path);
    if (isUsable(value)) return value;
  }
  return void 0;
}
function usableAt(source, path) {
  const value = getPath(source, path);
  return isUsable(value) ? value : void 0;
}
function safeString(value) {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
function jsParseInt(value) {
  return Number.parseInt(safeString(value), 10);
}
function jsParseFloat(value) {
  return Number.parseFloat(safeString(value));
}
var NUMERIC = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;
function strictNumber(value) {
  if (typeof value === "number") return Number.isFinite(value) ? value : void 0;
  if (typeof value === "string" && NUMERIC.test(value)) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : void 0;
  }
  return void 0;
}
function strictInteger(value) {
  const parsed = strictNumber(value);
  return parsed !== void 0 && Number.isSafeInteger(parsed) ? parsed : void 0;
}
function idString(value) {
  if (typeof value === "string") return value.length > 0 ? value : void 0;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return void 0;
}
function nanToNull(value) {
  return Number.isNaN(value) ? null : value;
}
function compact(payload) {
  const out = {};
  for (const [key, value] of Object.entries(payload)) {
    if (value === void 0 || value === null) continue;
    out[key] = Number.isNaN(value) ? null : value;
  }
  return out;
}
function withoutUndefined(payload) {
  const out = {};
  for (const [key, value] of Object.entries(payload)) {
    if (value !== void 0) out[key] = value;
  }
  return out;
}
function setPathCopy(target, path, value) {
  const root = structuredClone(target);
  const segments = path.split(".");
  let current = root;
  segments.forEach((segment, index) => {
    if (index === segments.length - 1) {
      current[segment] = value;
      return;
    }
    const next = current[segment];
    if (!isObject(next)) current[segment] = {};
    current = current[segment];
  });
  return root;
}

// src/transform/fields.ts
function attributionId(source, path, profile) {
  const raw = usableAt(source, path);
  if (profile === "rudderstack") return raw ? jsParseInt(raw) : void 0;
  return strictInteger(raw);
}
function requireValue(source, path, value, field = path) {
  const found = value === void 0 ? usableAt(source, path) : value;
  if (!isUsable(found)) {
    throw new InstrumentationError(`Missing required value from ${JSON.stringify(path)}`, { code: "MISSING_FIELD", field });
  }
  return found;
}
function eventIdString(value) {
  const id = idString(value);
  return id !== void 0 && Buffer.byteLength(id) <= MAX_EVENT_ID_BYTES ? id : void 0;
}

// src/transform/alias.ts
function mapAlias({ message, settings }) {
  const currentEmail = requireValue(message, "previousId");
  const newEmail = requireValue(message, "userId");
  const strict = settings.profile === "strict";
  const body = strict ? { currentEmail: safeString(currentEmail), newEmail: safeString(newEmail) } : { currentEmail, newEmail };
  return { calls: [{ op: "updateEmail", body }] };
}

// src/transform/identity.ts
var USER_ID_CHAIN = ["userId", "traits.userId", "traits.id", "context.traits.userId", "context.traits.id", "anonymousId"];
var USER_ID_CHAIN_NO_ANONYMOUS = USER_ID_CHAIN.slice(0, -1);
var PROFILE_EMAIL_CHAIN = ["traits.email", "context.traits.email"];
var EVENT_EMAIL_CHAIN = ["properties.email", "context.traits.email"];
var TRAITS_CHAIN = ["traits", "context.traits"];
var PLACEHOLDER_EMAIL_DOMAIN = "placeholder.email";
function userIdentity(message, settings) {
  return resolve(message, settings, PROFILE_EMAIL_CHAIN);
}
function eventIdentity(message, settings) {
  return resolve(message, settings, EVENT_EMAIL_CHAIN);
}
function resolve(message, settings, emailChain) {
  const userIdChain = settings.userIdPath ? [settings.userIdPath] : settings.anonymousIdFallback ? USER_ID_CHAIN : USER_ID_CHAIN_NO_ANONYMOUS;
  const strict = settings.profile === "strict";
  const email = strict ? firstOf(message, emailChain, nonEmptyString) : firstUsable(message, emailChain);
  const userId = strict ? firstOf(message, userIdChain, idString) : firstUsable(message, userIdChain);
  if (settings.placeholderEmail && !email && userId) {
    return { email: `${String(userId)}@${PLACEHOLDER_EMAIL_DOMAIN}`, userId };
  }
  return { email, userId };
}
function firstOf(message, chain, read) {
  for (const path of chain) {
    const value = read(getPath(message, path));
    if (value !== void 0) return value;
  }
  return void 0;
}
function nonEmptyString(value) {
  return typeof value === "string" && value.length > 0 ? value : void 0;
}
var MISSING_IDENTITY_MESSAGE = "userId or email is mandatory for this request";
function requireIdentity(identity) {
  if (identity.email || identity.userId) return void 0;
  return new InstrumentationError(MISSING_IDENTITY_MESSAGE, { code: "MISSING_IDENTITY", field: "userId" });
}
function traitsOf(message) {
  for (const path of TRAITS_CHAIN) {
    const value = getPath(message, path);
    if (isUsable(value)) return { value, path };
  }
  return { value: void 0, path: void 0 };
}

// src/transform/retl.ts
function isRetl(message) {
  return Boolean(getPath(message, "context.mappedToDestination"));
}
function externalIds(message) {
  const raw = getPath(message, "context.externalId");
  if (Array.isArray(raw)) return raw;
  if (isObject(raw) && Object.keys(raw).length > 0) return [raw];
  return [];
}
function retlObject(message) {
  const entries = externalIds(message);
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const entry = entries[index];
    const type = isObject(entry) ? entry.type : void 0;
    if (typeof type === "string" && type.includes("ITERABLE-")) {
      return { objectType: type.replace("ITERABLE-", ""), id: entry.id };
    }
  }
  return { objectType: null, id: void 0 };
}
function withExternalIdTrait(message) {
  const raw = getPath(message, "context.externalId");
  const first = Array.isArray(raw) ? raw[0] : void 0;
  if (!isObject(first)) return message;
  const identifierType = first.identifierType;
  if (typeof identifierType !== "string" || identifierType.length === 0) return message;
  const traits = traitsOf(message);
  if (!isObject(traits.value)) return message;
  const updated = setPathCopy(traits.value, identifierType, first.id);
  if (traits.path === "traits") return { ...message, traits: updated };
  const context = getPath(message, "context");
  return { ...message, context: { ...context, traits: updated } };
}

// src/transform/catalog.ts
function mapCatalogItem({ message }) {
  const { objectType, id } = retlObject(message);
  const update = requireValue(message, "traits");
  const body = compact({ update, catalogId: isUsable(id) ? id : void 0 });
  return { calls: [{ op: "upsertCatalogItem", catalog: objectType, body }] };
}

// src/transform/dates.ts
var RUDDERSTACK_CREATED_AT = ["traits.createdAt", "context.traits.createdAt", "timestamp", "originalTimestamp"];
var STRICT_CREATED_AT = ["timestamp", "originalTimestamp"];
function eventCreatedAt(message, profile) {
  if (profile === "rudderstack") return jsDateMs(firstUsable(message, RUDDERSTACK_CREATED_AT));
  const raw = firstUsable(message, STRICT_CREATED_AT);
  const numeric = strictNumber(raw);
  const ms = numeric !== void 0 ? jsDateMs(numeric) : typeof raw === "string" ? jsDateMs(raw) : Number.NaN;
  return Number.isNaN(ms) ? void 0 : ms;
}
function jsDateMs(value) {
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") {
    return new Date(value).getTime();
  }
  if (value === null) return 0;
  if (Array.isArray(value)) {
    try {
      return new Date(String(value)).getTime();
    } catch {
      return Number.NaN;
    }
  }
  return Number.NaN;
}

// src/transform/mapping.ts
function userDataFields(message, settings, traits) {
  if (!settings.fieldMapping && !settings.staticFields && !settings.systemFields) return traits;
  const keepTraits = !settings.mappedFieldsOnly && isObject(traits);
  const fields = {
    ...settings.systemFields ? systemFields(message) : {},
    ...keepTraits ? traits : {},
    // A copy per body: the settings are shared by every event, a body is the caller's to change.
    ...settings.staticFields ? structuredClone(settings.staticFields) : {},
    ...mappedFields(message, settings.fieldMapping ?? [])
  };
  return Object.keys(fields).length === 0 && !keepTraits ? void 0 : fields;
}
function mappedFields(message, mapping) {
  const entries = [];
  for (const { from, to } of mapping) {
    const value = getPath(message, from);
    if (value !== void 0 && value !== null) entries.push([to, value]);
  }
  return Object.fromEntries(entries);
}
function systemFields(message) {
  const userAgent = text(getPath(message, "context.userAgent"));
  const out = {};
  const put = (field, value) => {
    if (value !== void 0) out[field] = value;
  };
  put("locale", text(getPath(message, "context.locale")));
  put("browser", userAgent && matchFirst(BROWSERS, userAgent));
  put("operatingSystem", text(getPath(message, "context.os.name")) ?? (userAgent && matchFirst(SYSTEMS, userAgent)));
  put("deviceType", text(getPath(message, "context.device.type")) ?? (userAgent && deviceType(userAgent)));
  put("countryCode", text(getPath(message, "context.location.countryCode")));
  put("country", text(getPath(message, "context.location.country")));
  put("city", text(getPath(message, "context.location.city")));
  return out;
}
var BROWSERS = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\b(OPR|Opera)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\b(Firefox|FxiOS)\//, "Firefox"],
  [/\b(Chrome|CriOS|Chromium)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/\bMSIE |\bTrident\//, "Internet Explorer"]
];
var SYSTEMS = [
  [/\b(iPhone|iPad|iPod)\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bWindows\b/, "Windows"],
  [/\bCrOS\b/, "Chrome OS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"]
];
function deviceType(userAgent) {
  if (/\biPad\b|\bTablet\b|\bAndroid\b(?!.*\bMobile\b)/.test(userAgent)) return "tablet";
  if (/\bMobi|\biPhone\b|\biPod\b/.test(userAgent)) return "mobile";
  return "desktop";
}
function matchFirst(table, userAgent) {
  return table.find(([pattern]) => pattern.test(userAgent))?.[1];
}
function text(value) {
  return typeof value === "string" && value.length > 0 ? value : void 0;
}

// src/transform/tokens.ts
var APNS_DEVICE_TYPES = /* @__PURE__ */ new Set(["ios", "watchos", "ipados", "tvos"]);
function tokenRegistration(input, identity) {
  const { message, settings } = input;
  const strict = settings.profile === "strict";
  const isIdentify = strict ? input.type === "identify" : message.type === "identify";
  if (!isIdentify || !settings.registerDeviceOrBrowserApiKey) return {};
  const deviceToken = getPath(message, "context.device.token");
  if (deviceToken) return deviceRegistration(input, identity, deviceToken);
  const browserToken = getPath(message, "context.os.token");
  if (browserToken) return browserRegistration(input, identity, browserToken);
  return {};
}
function platformOf(message) {
  const type = getPath(message, "context.device.type");
  return typeof type === "string" && APNS_DEVICE_TYPES.has(type.toLowerCase()) ? "APNS" : "GCM";
}
function deviceRegistration(input, identity, token) {
  const { message, settings } = input;
  if (settings.profile === "rudderstack") {
    const body2 = compact({
      email: identity.email,
      userId: identity.userId,
      preferUserId: settings.preferUserId,
      device: withoutUndefined({
        token,
        applicationName: usableAt(message, "context.device.name"),
        dataFields: usableAt(message, "properties"),
        platform: platformOf(message)
      })
    });
    return { call: { op: "registerDeviceToken", key: "token", body: body2 } };
  }
  const applicationName = idString(getPath(message, "context.app.namespace")) ?? idString(getPath(message, "context.device.name"));
  if (applicationName === void 0) {
    return {
      warning: new InstrumentationError(
        'Device token not registered: registerDeviceToken needs the push integration name from "context.app.namespace" or "context.device.name", and the event has neither',
        { code: "MISSING_APPLICATION_NAME", field: "context.app.namespace" }
      )
    };
  }
  const properties = getPath(message, "properties");
  const body = compact({
    email: identity.email,
    userId: identity.userId,
    preferUserId: settings.preferUserId,
    device: withoutUndefined({
      token: String(token),
      platform: platformOf(message),
      applicationName,
      dataFields: isObject(properties) ? properties : void 0
    })
  });
  return { call: { op: "registerDeviceToken", key: "token", body } };
}
function browserRegistration(input, identity, token) {
  const strict = input.settings.profile === "strict";
  const body = compact({
    browserToken: strict ? String(token) : token,
    email: identity.email,
    userId: identity.userId
  });
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  return { call: { op: "registerBrowserToken", key: "token", body } };
}

// src/transform/identify.ts
function mapIdentify(input) {
  const message = isRetl(input.message) ? withExternalIdTrait(input.message) : input.message;
  const { settings } = input;
  const identity = userIdentity(message, settings);
  const body = userBody(message, settings, identity);
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  const calls = [{ op: "updateUser", body }];
  const registration = tokenRegistration({ ...input, message }, identity);
  if (registration.call) calls.push(registration.call);
  return registration.warning ? { calls, warnings: [registration.warning] } : { calls };
}
function userBody(message, settings, identity) {
  return compact(userFields(message, settings, identity));
}
function userFields(message, settings, identity) {
  return {
    email: identity.email,
    dataFields: userDataFields(message, settings, traitsOf(message).value),
    userId: identity.userId,
    preferUserId: settings.preferUserId,
    mergeNestedObjects: settings.mergeNestedObjects
  };
}

// src/transform/ecommerce.ts
var ORDER_ID_CHAIN = ["properties.order_id", "properties.orderId", "properties.event_id"];
function mapPurchase(input) {
  const { message, settings } = input;
  const strict = settings.profile === "strict";
  const rawTotal = requireValue(message, "properties.total");
  const user = commerceUser(input);
  const total = strict ? strictTotal(rawTotal) : jsParseFloat(rawTotal);
  const body = compact({
    dataFields: usableAt(message, "properties"),
    id: orderId(message, strict),
    createdAt: eventCreatedAt(message, settings.profile),
    campaignId: attributionId(message, "properties.campaignId", settings.profile),
    templateId: attributionId(message, "properties.templateId", settings.profile),
    total,
    user,
    items: commerceItems(message, strict)
  });
  return { calls: [{ op: "trackPurchase", body }] };
}
function mapCart(input) {
  const user = commerceUser(input);
  const body = { user, items: commerceItems(input.message, input.settings.profile === "strict") };
  return { calls: [{ op: "updateCart", body }] };
}
function commerceUser({ message, settings }) {
  const identity = userIdentity(message, settings);
  const user = withoutUndefined(userFields(message, settings, identity));
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  return user;
}
function orderId(message, strict) {
  if (strict) {
    for (const path of ORDER_ID_CHAIN) {
      const id = eventIdString(getPath(message, path));
      if (id !== void 0) return id;
    }
    return void 0;
  }
  const raw = firstUsable(message, ORDER_ID_CHAIN);
  return raw === void 0 ? void 0 : safeString(raw);
}
function strictTotal(raw) {
  const total = strictNumber(raw);
  if (total === void 0) {
    throw new InstrumentationError(`Invalid value of "properties.total": expected a number, got ${describeValue(raw)}`, {
      code: "INVALID_FIELD",
      field: "properties.total"
    });
  }
  return total;
}
function commerceItems(message, strict) {
  const products = getPath(message, "properties.products");
  const fromArray = Array.isArray(products);
  const sources = fromArray ? products : [getPath(message, "properties")];
  return sources.map(
    (product, index) => strict ? strictItem(product, fromArray ? `properties.products.${index}` : "properties") : rudderStackItem(product)
  );
}
function rudderStackItem(product) {
  const id = requireValue(product, "product_id");
  const sku = usableAt(product, "sku");
  const name = requireValue(product, "name");
  const description = usableAt(product, "description");
  const category = usableAt(product, "category");
  const price = requireValue(product, "price");
  const quantity = requireValue(product, "quantity");
  return withoutUndefined({
    id,
    sku,
    name,
    description,
    categories: typeof category === "string" ? category.split(",") : category,
    // NaN is written as the null JSON.stringify would send.
    price: nanToNull(jsParseFloat(price)),
    quantity: nanToNull(jsParseInt(quantity)),
    imageUrl: usableAt(product, "image_url"),
    url: usableAt(product, "url"),
    dataFields: usableAt(product, "properties")
  });
}
function strictItem(product, path) {
  const id = requireValue(product, "product_id", void 0, `${path}.product_id`);
  const name = requireValue(product, "name", void 0, `${path}.name`);
  const price = requireValue(product, "price", void 0, `${path}.price`);
  const quantity = requireValue(product, "quantity", void 0, `${path}.quantity`);
  const label = `product ${JSON.stringify(safeString(id))}`;
  const parsedPrice = strictNumber(price);
  if (parsedPrice === void 0) throw itemError(label, path, "price", "a number", price);
  const parsedQuantity = strictNumber(quantity);
  if (parsedQuantity === void 0 || !Number.isSafeInteger(parsedQuantity)) {
    throw itemError(label, path, "quantity", "a whole number", quantity);
  }
  const category = getPath(product, "category");
  const details = getPath(product, "properties");
  return withoutUndefined({
    id: idString(id) ?? safeString(id),
    sku: idString(getPath(product, "sku")),
    name: safeString(name),
    description: nonEmpty(getPath(product, "description")),
    categories: strictCategories(category),
    price: parsedPrice,
    quantity: parsedQuantity,
    imageUrl: nonEmpty(getPath(product, "image_url")),
    url: nonEmpty(getPath(product, "url")),
    dataFields: isObject(details) ? details : void 0
  });
}
function strictCategories(category) {
  if (typeof category === "string") {
    const parts = category.split(",").map((part) => part.trim()).filter((part) => part.length > 0);
    return parts.length > 0 ? parts : void 0;
  }
  if (Array.isArray(category)) return category.filter((part) => typeof part === "string");
  return void 0;
}
function itemError(label, path, field, expected, value) {
  return new InstrumentationError(
    `Invalid ${field} of ${label} at "${path}.${field}": expected ${expected}, got ${describeValue(value)}`,
    { code: "INVALID_FIELD", field: `${path}.${field}` }
  );
}
function nonEmpty(value) {
  return typeof value === "string" && value.length > 0 ? value : void 0;
}

// src/transform/track.ts
function mapTrack(input) {
  const { message, settings } = input;
  const strict = settings.profile === "strict";
  const identity = eventIdentity(message, settings);
  const body = compact({
    email: identity.email,
    dataFields: usableAt(message, "properties"),
    userId: identity.userId,
    eventName: strict ? requiredEventName(message) : usableAt(message, "event"),
    createdAt: eventCreatedAt(message, settings.profile),
    campaignId: attributionId(message, "properties.campaignId", settings.profile),
    templateId: attributionId(message, "properties.templateId", settings.profile),
    id: strict ? eventId(message) : rudderStackEventId(message)
  });
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  return { calls: [{ op: "trackEvent", body }] };
}
function requiredEventName(message) {
  const event = getPath(message, "event");
  if (typeof event === "string" && event.length > 0) return event;
  throw new InstrumentationError(
    `Missing required value from "event": a track call needs an event name (Iterable requires eventName), got ${describeValue(event)}`,
    { code: "MISSING_FIELD", field: "event" }
  );
}
function rudderStackEventId(message) {
  const raw = getPath(message, "properties.event_id");
  if (raw === void 0 || raw === null) return void 0;
  const text3 = safeString(raw);
  return isUsable(text3) ? text3 : void 0;
}
function eventId(message) {
  return eventIdString(getPath(message, "properties.event_id")) ?? eventIdString(getPath(message, "messageId"));
}

// src/transform/page.ts
var SINGLE_EVENT_NAMES = { page: "Loaded a Page", screen: "Loaded a Screen" };
function mapPage(input) {
  const { message, type, settings } = input;
  const strict = settings.profile === "strict";
  if (!passesPageGate(input)) {
    throw new ConfigurationError(`Invalid ${type} call`, { code: "PAGE_NOT_TRACKED", field: "name" });
  }
  const identity = eventIdentity(message, settings);
  const name = firstUsable(message, ["name", "properties.name"]);
  const body = compact({
    email: identity.email,
    dataFields: usableAt(message, "properties"),
    userId: identity.userId,
    eventName: name,
    createdAt: eventCreatedAt(message, settings.profile),
    campaignId: attributionId(message, "properties.campaignId", settings.profile),
    templateId: attributionId(message, "properties.templateId", settings.profile),
    id: strict ? eventId(message) : void 0
  });
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  const singleName = SINGLE_EVENT_NAMES[type] ?? "Loaded a Page";
  if (settings.mapToSingleEvent || strict && name === void 0) {
    body.eventName = singleName;
  } else {
    body.eventName = `${name === void 0 ? "undefined" : safeString(name)} ${type}`;
  }
  return { calls: [{ op: "trackEvent", body }] };
}
function passesPageGate({ message, settings }) {
  if (settings.trackAllPages) return true;
  if (settings.trackCategorisedPages && (getPath(message, "properties.category") || getPath(message, "category"))) return true;
  return Boolean(settings.trackNamedPages && (getPath(message, "properties.name") || getPath(message, "name")));
}

// src/transform/lists.ts
var EVENT_LIST_IDS_PATH = "integrations.Iterable.listIds";
function listCallsForIdentify(input, identify) {
  const { message, settings } = input;
  const fromEvent = readsEventLists(settings) ? eventListIds(message) : { ids: [], warnings: [] };
  const listIds = unique([settings.listId, ...fromEvent.ids]);
  const update = identify.calls.find((call) => call.op === "updateUser");
  const calls = update && listIds.length > 0 ? listIds.map((listId) => subscribeCall(listId, { email: update.body.email, userId: update.body.userId }, settings)) : [];
  return fromEvent.warnings.length > 0 ? { calls, warnings: fromEvent.warnings } : { calls };
}
function readsEventLists(settings) {
  return settings.profile === "strict" || settings.listId !== void 0 || settings.audiencesEnabled;
}
function eventListIds(message) {
  const raw = getPath(message, EVENT_LIST_IDS_PATH);
  if (raw === void 0 || raw === null) return { ids: [], warnings: [] };
  const items = Array.isArray(raw) ? raw : [raw];
  const ids = [];
  const warnings = [];
  items.forEach((item, index) => {
    const id = positiveId(item);
    if (id !== void 0) {
      ids.push(id);
      return;
    }
    const field = Array.isArray(raw) ? `${EVENT_LIST_IDS_PATH}.${index}` : EVENT_LIST_IDS_PATH;
    warnings.push(
      new InstrumentationError(`Invalid event field \`${field}\`: expected a positive whole number (an Iterable list id), got ${describeValue(item)}`, {
        code: "INVALID_FIELD",
        field
      })
    );
  });
  return { ids, warnings };
}
function mapListEvent(input) {
  const { message, settings } = input;
  if (!settings.audiencesEnabled) return void 0;
  const name = getPath(message, "event");
  if (typeof name !== "string") return void 0;
  const entered = name.toLowerCase() === settings.audienceEnteredEvent.toLowerCase();
  const exited = name.toLowerCase() === settings.audienceExitedEvent.toLowerCase();
  if (!entered && !exited) return void 0;
  const listId = audienceListId(message, settings, name);
  const identity = eventIdentity(message, settings);
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  return { calls: [entered ? subscribeCall(listId, identity, settings) : unsubscribeCall(listId, identity, settings)] };
}
function audienceListId(message, settings, eventName) {
  const rawKey = getPath(message, "properties.audience_key");
  if (rawKey !== void 0 && rawKey !== null && rawKey !== "") {
    const key = idString(rawKey);
    if (key === void 0) {
      throw new InstrumentationError(`Invalid event field \`properties.audience_key\`: expected a string, got ${describeValue(rawKey)}`, {
        code: "INVALID_FIELD",
        field: "properties.audience_key"
      });
    }
    const lists = settings.audienceLists ?? {};
    if (Object.hasOwn(lists, key)) return lists[key];
    throw unknownAudience(key, lists);
  }
  const rawListId = getPath(message, "properties.list_id");
  if (rawListId !== void 0 && rawListId !== null && rawListId !== "") {
    const listId = positiveId(rawListId);
    if (listId !== void 0) return listId;
    throw new InstrumentationError(
      `Invalid event field \`properties.list_id\`: expected a positive whole number (an Iterable list id), got ${describeValue(rawListId)}`,
      { code: "INVALID_FIELD", field: "properties.list_id" }
    );
  }
  throw new InstrumentationError(
    `An ${JSON.stringify(eventName)} track needs \`properties.audience_key\` (a key of \`audienceLists\`) or \`properties.list_id\`, got neither`,
    { code: "MISSING_FIELD", field: "properties.audience_key" }
  );
}
function unknownAudience(key, lists) {
  const known = Object.keys(lists);
  const shown = known.length === 0 ? "none" : known.slice(0, 5).map((k) => JSON.stringify(k)).join(", ") + (known.length > 5 ? ", \u2026" : "");
  return new ConfigurationError(
    `Unknown audience key ${JSON.stringify(key)} in \`properties.audience_key\`: \`audienceLists\` has no list for it (known keys: ${shown})`,
    { code: "UNKNOWN_AUDIENCE", field: "audienceLists" }
  );
}
function subscribeCall(listId, identity, settings) {
  const subscriber = compact({ email: identity.email, userId: identity.userId, preferUserId: settings.preferUserId });
  const body = compact({
    listId,
    subscribers: [subscriber],
    // Only respected by Iterable in userID-based and hybrid projects (iterable-api.md §4.1).
    updateExistingUsersOnly: settings.syncMode === "updateOnly" ? true : void 0
  });
  return { op: "subscribeToList", body };
}
function unsubscribeCall(listId, identity, settings) {
  const subscriber = compact({ email: identity.email, userId: identity.userId });
  const body = compact({
    listId,
    subscribers: [subscriber],
    campaignId: settings.campaignId,
    channelUnsubscribe: settings.channelUnsubscribe
  });
  return { op: "unsubscribeFromList", body };
}
function unique(ids) {
  return [...new Set(ids.filter((id) => id !== void 0))];
}

// src/transform/transform.ts
function transform(event, settings) {
  const resolved = resolveSettings(settings);
  if (!resolved.ok) return { ok: false, error: resolved.error };
  return transformWith(event, resolved.settings);
}
function transformWith(event, settings) {
  try {
    const output = dispatch(event, settings);
    return output.warnings?.length ? { ok: true, calls: output.calls, warnings: output.warnings } : { ok: true, calls: output.calls };
  } catch (error) {
    if (error instanceof IterableDestinationError) return { ok: false, error };
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: new TransformationError(message, { cause: error }) };
  }
}
function dispatch(event, settings) {
  const strict = settings.profile === "strict";
  if (!isObject(event)) {
    if (strict) {
      throw new InstrumentationError(`Expected the event to be a JSON object, got ${describeValue(event)}`, { code: "INVALID_EVENT" });
    }
    if (event === null || event === void 0) {
      throw new TransformationError(`Cannot read properties of ${String(event)} (reading 'type')`);
    }
    throw missingType();
  }
  const rawType = getPath(event, "type");
  if (!rawType) throw missingType();
  if (typeof rawType !== "string") {
    if (!strict) throw new TransformationError("message.type.toLowerCase is not a function");
    throw new InstrumentationError(`Invalid event field \`type\`: expected a string, got ${describeValue(rawType)}`, {
      code: "INVALID_EVENT",
      field: "type"
    });
  }
  const type = rawType.toLowerCase();
  const message = withRetlTimestamp(event, type);
  const eventName = getPath(message, "event");
  const trackName = type === "track" && typeof eventName === "string" ? eventName.toLowerCase() : void 0;
  if (strict) {
    const invalid3 = validateEvent(message, type, trackName !== void 0 && ECOMMERCE_EVENT_NAMES.has(trackName));
    if (invalid3) throw invalid3;
  }
  const input = { message, type, settings };
  switch (type) {
    case "identify":
      if (isRetl(message) && retlObject(message).objectType !== "users") return mapCatalogItem(input);
      return withListCalls(mapIdentify(input), input);
    case "page":
    case "screen":
      return mapPage(input);
    case "track":
      if (trackName === "order completed") return mapPurchase(input);
      if (trackName === "product added" || trackName === "product removed") return mapCart(input);
      return mapListEvent(input) ?? mapTrack(input);
    case "alias":
      return mapAlias(input);
    default:
      throw new InstrumentationError(`Message type ${type} not supported`, { code: "UNSUPPORTED_TYPE", field: "type" });
  }
}
function missingType() {
  return new InstrumentationError("Event type is required", { code: "MISSING_TYPE", field: "type" });
}
function withListCalls(output, input) {
  const lists = listCallsForIdentify(input, output);
  if (lists.calls.length === 0 && !lists.warnings?.length) return output;
  const warnings = [...output.warnings ?? [], ...lists.warnings ?? []];
  return { calls: [...output.calls, ...lists.calls], ...warnings.length > 0 ? { warnings } : {} };
}
var RETL_IDENTIFY_TIME = ["context.timestamp", "context.traits.timestamp", "traits.timestamp", "timestamp", "originalTimestamp"];
var RETL_TRACK_TIME = ["properties.timestamp", "timestamp", "originalTimestamp"];
function withRetlTimestamp(message, type) {
  if (getPath(message, "channel") !== "sources" || getPath(message, "context.mappedToDestination")) return message;
  const chain = type === "identify" ? RETL_IDENTIFY_TIME : type === "track" ? RETL_TRACK_TIME : void 0;
  if (!chain) return message;
  return { ...message, timestamp: firstUsable(message, chain) };
}

// src/iterable/payloads.ts
var payloads_exports = {};
__export(payloads_exports, {
  BODY_SCHEMAS: () => BODY_SCHEMAS,
  BulkUpdateUsersBody: () => BulkUpdateUsersBody,
  CatalogBulkBody: () => CatalogBulkBody,
  CatalogItemBody: () => CatalogItemBody,
  CommerceItem: () => CommerceItem,
  DeleteUserBody: () => DeleteUserBody,
  DevicePlatform: () => DevicePlatform,
  ListSubscriber: () => ListSubscriber,
  RegisterBrowserTokenBody: () => RegisterBrowserTokenBody,
  RegisterDeviceTokenBody: () => RegisterDeviceTokenBody,
  SubscribeBody: () => SubscribeBody,
  TrackBulkBody: () => TrackBulkBody,
  TrackEventBody: () => TrackEventBody,
  TrackPurchaseBody: () => TrackPurchaseBody,
  UnsubscribeBody: () => UnsubscribeBody,
  Unsubscriber: () => Unsubscriber,
  UpdateCartBody: () => UpdateCartBody,
  UpdateEmailBody: () => UpdateEmailBody,
  UpdateUserBody: () => UpdateUserBody
});
import { z as z4 } from "zod";
var DataFields = z4.record(z4.string(), z4.unknown());
var Int = z4.number().int();
var EventId = z4.string().min(1).refine((id) => Buffer.byteLength(id) <= MAX_EVENT_ID_BYTES, "at most 512 bytes");
var Identity = { email: z4.string().min(1).optional(), userId: z4.string().min(1).optional() };
var UpdateUserBody = z4.object({
  ...Identity,
  dataFields: DataFields.optional(),
  preferUserId: z4.boolean().optional(),
  mergeNestedObjects: z4.boolean().optional(),
  createNewFields: z4.boolean().optional()
}).strict();
var TrackEventBody = z4.object({
  ...Identity,
  eventName: z4.string().min(1),
  id: EventId.optional(),
  createdAt: Int.optional(),
  dataFields: DataFields.optional(),
  campaignId: Int.optional(),
  templateId: Int.optional(),
  createNewFields: z4.boolean().optional()
}).strict();
var CommerceItem = z4.object({
  id: z4.string().min(1),
  sku: z4.string().optional(),
  name: z4.string(),
  description: z4.string().optional(),
  categories: z4.array(z4.string()).optional(),
  price: z4.number().finite(),
  quantity: Int,
  imageUrl: z4.string().optional(),
  url: z4.string().optional(),
  dataFields: DataFields.optional()
}).strict();
var TrackPurchaseBody = z4.object({
  id: EventId.optional(),
  user: UpdateUserBody,
  items: z4.array(CommerceItem),
  total: z4.number().finite(),
  createdAt: Int.optional(),
  dataFields: DataFields.optional(),
  campaignId: Int.optional(),
  templateId: Int.optional()
}).strict();
var UpdateCartBody = z4.object({ user: UpdateUserBody, items: z4.array(CommerceItem) }).strict();
var UpdateEmailBody = z4.object({
  currentEmail: z4.string().min(1).optional(),
  currentUserId: z4.string().min(1).optional(),
  newEmail: z4.string().min(1)
}).strict();
var DevicePlatform = z4.enum(["APNS", "APNS_SANDBOX", "GCM"]);
var RegisterDeviceTokenBody = z4.object({
  ...Identity,
  preferUserId: z4.boolean().optional(),
  device: z4.object({
    token: z4.string().min(1),
    platform: DevicePlatform,
    applicationName: z4.string().min(1),
    dataFields: DataFields.optional()
  }).strict()
}).strict();
var RegisterBrowserTokenBody = z4.object({ browserToken: z4.string().min(1), ...Identity }).strict();
var ListSubscriber = z4.object({
  ...Identity,
  dataFields: DataFields.optional(),
  preferUserId: z4.boolean().optional(),
  mergeNestedObjects: z4.boolean().optional()
}).strict();
var SubscribeBody = z4.object({
  listId: Int.positive(),
  subscribers: z4.array(ListSubscriber),
  updateExistingUsersOnly: z4.boolean().optional()
}).strict();
var Unsubscriber = z4.object(Identity).strict();
var UnsubscribeBody = z4.object({
  listId: Int.positive(),
  subscribers: z4.array(Unsubscriber),
  campaignId: Int.optional(),
  channelUnsubscribe: z4.boolean().optional()
}).strict();
var CatalogItemBody = z4.object({ update: z4.unknown(), catalogId: z4.unknown().optional() }).strict();
var DeleteUserBody = z4.object({ userId: z4.string().min(1) }).strict();
var BulkUpdateUsersBody = z4.object({ users: z4.array(UpdateUserBody).min(1), createNewFields: z4.boolean().optional(), updateOnly: z4.boolean().optional() }).strict();
var TrackBulkBody = z4.object({ events: z4.array(TrackEventBody).min(1) }).strict();
var CatalogBulkBody = z4.object({ documents: z4.record(z4.string(), z4.unknown()), replaceUploadedFieldsOnly: z4.boolean() }).strict();
var BODY_SCHEMAS = {
  updateUser: UpdateUserBody,
  trackEvent: TrackEventBody,
  trackPurchase: TrackPurchaseBody,
  updateCart: UpdateCartBody,
  updateEmail: UpdateEmailBody,
  registerDeviceToken: RegisterDeviceTokenBody,
  registerBrowserToken: RegisterBrowserTokenBody,
  subscribeToList: SubscribeBody,
  unsubscribeFromList: UnsubscribeBody,
  upsertCatalogItem: CatalogItemBody,
  deleteUser: DeleteUserBody
};

// src/batch/size.ts
function utf8Bytes(text3) {
  return Buffer.byteLength(text3, "utf8");
}
function jsonMembers(fields) {
  return Object.keys(fields).map((key) => `${JSON.stringify(key)}:${JSON.stringify(fields[key])}`);
}

// src/batch/shape.ts
function shapeContext(settings, maxBatchItems, maxBatchBytes) {
  return {
    host: settings.host,
    updateOnly: settings.syncMode === "updateOnly" && settings.existenceCheck === "flag",
    maxBatchItems,
    maxBatchBytes
  };
}
var PHASE_COUNT = 4;
var LAST_PROFILE_PHASE = 1;
var PHASE = {
  updateUser: 0,
  upsertCatalogItem: 0,
  updateEmail: 1,
  trackEvent: 2,
  trackPurchase: 2,
  updateCart: 2,
  registerDeviceToken: 2,
  registerBrowserToken: 2,
  subscribeToList: 2,
  unsubscribeFromList: 2,
  deleteUser: 3
};
function shapeOf(call, ctx) {
  const keyRole = "key" in call && call.key === "token" ? "token" : "main";
  const phase = PHASE[call.op];
  switch (call.op) {
    case "updateUser":
      return bulk("bulkUpdateUsers", ENDPOINTS.bulkUpdateUsers.path, keyRole, phase, ctx, {
        itemsKey: "users",
        head: {},
        tail: ctx.updateOnly ? { updateOnly: true } : {}
      });
    case "trackEvent":
      return bulk("trackBulk", ENDPOINTS.trackBulk.path, keyRole, phase, ctx, { itemsKey: "events", head: {}, tail: {} });
    case "subscribeToList": {
      const { listId, updateExistingUsersOnly } = call.body;
      const tail = updateExistingUsersOnly === void 0 ? {} : { updateExistingUsersOnly };
      return bulk("subscribeToList", ENDPOINTS.subscribeToList.path, keyRole, phase, ctx, { itemsKey: "subscribers", head: { listId }, tail });
    }
    case "unsubscribeFromList": {
      const { listId, campaignId, channelUnsubscribe } = call.body;
      const tail = {};
      if (campaignId !== void 0) tail.campaignId = campaignId;
      if (channelUnsubscribe !== void 0) tail.channelUnsubscribe = channelUnsubscribe;
      return bulk("unsubscribeFromList", ENDPOINTS.unsubscribeFromList.path, keyRole, phase, ctx, { itemsKey: "subscribers", head: { listId }, tail });
    }
    case "upsertCatalogItem": {
      if (typeof call.catalog !== "string" || call.catalog === "") {
        return new InstrumentationError(`Cannot send a catalog item without a catalog name: got catalog ${describeValue(call.catalog)}`, {
          code: "MISSING_CATALOG",
          field: "catalog"
        });
      }
      if (catalogItemKey(call) === void 0) {
        return new InstrumentationError(
          `Cannot send a catalog item without an item id: expected \`catalogId\` to be a string or number, got ${describeValue(call.body.catalogId)}`,
          { code: "MISSING_CATALOG_ID", field: "catalogId" }
        );
      }
      const path = fillPath(ENDPOINTS.upsertCatalogItem.path, { catalogName: call.catalog });
      return bulk("upsertCatalogItem", path, keyRole, phase, ctx, { itemsKey: "documents", head: {}, tail: { replaceUploadedFieldsOnly: true } });
    }
    case "deleteUser":
      return single("deleteUser", fillPath(ENDPOINTS.deleteUser.path, { userId: call.body.userId }), keyRole, phase, ctx);
    default:
      return single(call.op, ENDPOINTS[call.op].path, keyRole, phase, ctx);
  }
}
function bulk(endpoint, path, keyRole, phase, ctx, envelope) {
  const spec = ENDPOINTS[endpoint];
  const specItems = "maxItems" in spec ? spec.maxItems : Number.POSITIVE_INFINITY;
  const specBytes = "maxBytes" in spec ? spec.maxBytes : MAX_BODY_BYTES;
  return {
    host: ctx.host,
    endpoint,
    path,
    keyRole,
    phase,
    envelope,
    groupKey: JSON.stringify([ctx.host, keyRole, endpoint, path, envelope.head, envelope.tail]),
    maxItems: Math.min(ctx.maxBatchItems, specItems),
    maxBytes: Math.min(ctx.maxBatchBytes, specBytes)
  };
}
function single(endpoint, path, keyRole, phase, ctx) {
  return { host: ctx.host, endpoint, path, keyRole, phase, groupKey: "", maxItems: 1, maxBytes: MAX_BODY_BYTES };
}
function catalogItemKey(call) {
  const id = call.body.catalogId;
  if (typeof id === "string" && id !== "") return id;
  if (typeof id === "number" && Number.isFinite(id)) return String(id);
  return void 0;
}
function fragmentOf(call) {
  let values;
  let parts;
  let key;
  if (call.op === "subscribeToList" || call.op === "unsubscribeFromList") {
    values = call.body.subscribers;
    parts = values.map(stringify);
  } else if (call.op === "upsertCatalogItem") {
    key = catalogItemKey(call) ?? "";
    values = [call.body.update];
    parts = [`${JSON.stringify(key)}:${stringify(call.body.update)}`];
  } else {
    values = [call.body];
    parts = [stringify(call.body)];
  }
  const text3 = parts.join(",");
  return key === void 0 ? { text: text3, bytes: utf8Bytes(text3), items: values.length, values } : { text: text3, bytes: utf8Bytes(text3), items: values.length, values, key };
}
function stringify(value) {
  const text3 = JSON.stringify(value);
  if (text3 === void 0) throw new TypeError(`${describeValue(value)} has no JSON form`);
  return text3;
}
function envelopeText(envelope) {
  const isMap = envelope.itemsKey === "documents";
  const head = jsonMembers(envelope.head);
  const tail = jsonMembers(envelope.tail);
  const open = `{${[...head, `${JSON.stringify(envelope.itemsKey)}:${isMap ? "{" : "["}`].join(",")}`;
  const close = `${isMap ? "}" : "]"}${tail.map((member) => `,${member}`).join("")}}`;
  return { open, close, bytes: utf8Bytes(open) + utf8Bytes(close) };
}

// src/batch/plan.ts
function planRequests(entries, options) {
  const ctx = shapeContext(options.settings, options.maxBatchItems ?? DEFAULT_MAX_BATCH_ITEMS, options.maxBatchBytes ?? MAX_BODY_BYTES);
  const open = /* @__PURE__ */ new Map();
  const closed = [];
  const rejected = [];
  const shapes = new ShapeCache(ctx);
  entries.forEach(({ ref, call }, order) => {
    const { shape, envelopeBytes } = shapes.of(call);
    if (shape instanceof InstrumentationError) {
      rejected.push({ ref, error: shape });
      return;
    }
    let fragment;
    try {
      fragment = fragmentOf(call);
    } catch (cause) {
      rejected.push({ ref, error: new InstrumentationError(`Cannot serialize the ${call.op} body: ${String(cause)}`, { code: "UNSERIALIZABLE", cause }) });
      return;
    }
    const unsendable = oversize(shape, fragment, envelopeBytes);
    if (unsendable) {
      rejected.push({ ref, error: unsendable });
      return;
    }
    const member = { ref, call, fragment };
    if (!shape.envelope) {
      closed.push({ shape, order, members: [member], bytes: fragment.bytes, items: 1, keys: /* @__PURE__ */ new Set() });
      return;
    }
    const current = open.get(shape.groupKey);
    if (current && fits(current, fragment)) {
      add(current, member);
      return;
    }
    if (current) closed.push(current);
    const fresh = { shape, order, members: [], bytes: envelopeBytes, items: 0, keys: /* @__PURE__ */ new Set() };
    add(fresh, member);
    open.set(shape.groupKey, fresh);
  });
  closed.push(...open.values());
  closed.sort((a, b) => a.shape.phase - b.shape.phase || a.order - b.order);
  return { requests: closed.map((request2) => render(request2.shape, request2.members)), rejected };
}
function oversize(shape, fragment, envelopeBytes) {
  if (fragment.items === 0) {
    return new InstrumentationError(`The ${shape.endpoint} call carries no records (\`subscribers\` is empty)`, {
      code: "EMPTY_CALL",
      field: "subscribers"
    });
  }
  const bytes = envelopeBytes + fragment.bytes;
  if (bytes > shape.maxBytes) {
    return new InstrumentationError(
      `The ${shape.endpoint} record is ${bytes} bytes once serialized, over the ${shape.maxBytes}-byte limit of one request`,
      { code: "BATCH_TOO_LARGE" }
    );
  }
  if (fragment.items > shape.maxItems) {
    return new InstrumentationError(
      `The ${shape.endpoint} call carries ${fragment.items} records, over the ${shape.maxItems}-record limit of one request`,
      { code: "BATCH_TOO_LARGE" }
    );
  }
  return void 0;
}
function fits(request2, fragment) {
  if (fragment.key !== void 0 && request2.keys.has(fragment.key)) return false;
  const separator = request2.members.length > 0 ? 1 : 0;
  return request2.items + fragment.items <= request2.shape.maxItems && request2.bytes + separator + fragment.bytes <= request2.shape.maxBytes;
}
function add(request2, member) {
  request2.bytes += (request2.members.length > 0 ? 1 : 0) + member.fragment.bytes;
  request2.items += member.fragment.items;
  if (member.fragment.key !== void 0) request2.keys.add(member.fragment.key);
  request2.members.push(member);
}
function render(shape, members) {
  const common = {
    endpoint: shape.endpoint,
    method: ENDPOINTS[shape.endpoint].method,
    path: shape.path,
    host: shape.host,
    keyRole: shape.keyRole,
    refs: members.map((m) => m.ref),
    calls: members.map((m) => m.call),
    phase: shape.phase
  };
  const envelope = shape.envelope;
  if (!envelope) {
    const only = members[0];
    if (common.method === "DELETE") return { ...common, body: {}, json: "", bytes: 0 };
    return { ...common, body: only.call.body, json: only.fragment.text, bytes: only.fragment.bytes };
  }
  const { open, close, bytes: envelopeBytes } = envelopeText(envelope);
  const json2 = open + members.map((m) => m.fragment.text).join(",") + close;
  let items;
  if (envelope.itemsKey === "documents") {
    const documents = /* @__PURE__ */ Object.create(null);
    for (const m of members) documents[m.fragment.key] = m.fragment.values[0];
    items = documents;
  } else {
    items = members.flatMap((m) => m.fragment.values);
  }
  const bytes = envelopeBytes + members.reduce((sum, m) => sum + m.fragment.bytes, 0) + members.length - 1;
  return { ...common, body: { ...envelope.head, [envelope.itemsKey]: items, ...envelope.tail }, json: json2, bytes };
}
function subRequest(request2, indexes) {
  if (indexes.length === 0) throw new RangeError("subRequest needs at least one call");
  const ctx = {
    host: request2.host,
    updateOnly: request2.body.updateOnly === true,
    maxBatchItems: Number.POSITIVE_INFINITY,
    maxBatchBytes: Number.POSITIVE_INFINITY
  };
  const members = indexes.map((index) => {
    const call = request2.calls[index];
    const ref = request2.refs[index];
    if (call === void 0 || ref === void 0) throw new RangeError(`No call at index ${index} of a ${request2.calls.length}-call request`);
    return { ref, call, fragment: fragmentOf(call) };
  });
  const shape = shapeOf(members[0].call, ctx);
  if (shape instanceof InstrumentationError) throw shape;
  return render(shape, members);
}
var FIXED_SHAPE_OPS = new Set(
  CALL_OPS.filter((op) => !ENDPOINTS[op].path.includes("{") && endpointSpec(op).batchInto !== op)
);
var ShapeCache = class {
  constructor(ctx) {
    this.ctx = ctx;
  }
  ctx;
  fixed = /* @__PURE__ */ new Map();
  of(call) {
    if (!FIXED_SHAPE_OPS.has(call.op)) return this.compute(call);
    const key = "key" in call && call.key === "token" ? `${call.op}:token` : call.op;
    let found = this.fixed.get(key);
    if (!found) {
      found = this.compute(call);
      this.fixed.set(key, found);
    }
    return found;
  }
  compute(call) {
    const shape = shapeOf(call, this.ctx);
    const envelopeBytes = !(shape instanceof InstrumentationError) && shape.envelope ? envelopeText(shape.envelope).bytes : 0;
    return { shape, envelopeBytes };
  }
};

// src/iterable/responses.ts
import { z as z5 } from "zod";
var ApiResponse = z5.object({
  msg: z5.string(),
  code: z5.string(),
  params: z5.unknown().optional()
}).passthrough();
var Strings = z5.array(z5.string()).optional();
var FailedUpdates = z5.object({
  conflictEmails: Strings,
  conflictUserIds: Strings,
  forgottenEmails: Strings,
  forgottenUserIds: Strings,
  invalidDataEmails: Strings,
  invalidDataUserIds: Strings,
  invalidEmails: Strings,
  invalidUserIds: Strings,
  notFoundEmails: Strings,
  notFoundUserIds: Strings
}).passthrough();
var FAILED_UPDATE_KEYS = [
  "conflictEmails",
  "conflictUserIds",
  "forgottenEmails",
  "forgottenUserIds",
  "invalidDataEmails",
  "invalidDataUserIds",
  "invalidEmails",
  "invalidUserIds",
  "notFoundEmails",
  "notFoundUserIds"
];
var BulkResponse = z5.object({
  successCount: z5.number().optional(),
  failCount: z5.number().optional(),
  createdFields: Strings,
  filteredOutFields: Strings,
  invalidEmails: Strings,
  invalidUserIds: Strings,
  disallowedEventNames: Strings,
  failedUpdates: FailedUpdates.optional()
}).passthrough();

// src/batch/attribute.ts
var FAILED_UPDATE_RULES = {
  conflictEmails: { code: "CONFLICT", byIdentifier: false },
  conflictUserIds: { code: "CONFLICT", byIdentifier: false },
  forgottenEmails: { code: "FORGOTTEN_USER", byIdentifier: true },
  forgottenUserIds: { code: "FORGOTTEN_USER", byIdentifier: true },
  invalidDataEmails: { code: "INVALID_DATA", byIdentifier: false },
  invalidDataUserIds: { code: "INVALID_DATA", byIdentifier: false },
  invalidEmails: { code: "INVALID_EMAIL", byIdentifier: true },
  invalidUserIds: { code: "INVALID_USER_ID", byIdentifier: true },
  notFoundEmails: { code: "NOT_FOUND", byIdentifier: true },
  notFoundUserIds: { code: "NOT_FOUND", byIdentifier: true }
};
var BULK_REPLY_ENDPOINTS = /* @__PURE__ */ new Set(["bulkUpdateUsers", "trackBulk", "subscribeToList", "unsubscribeFromList"]);
function attributeBulkReply(request2, reply) {
  const delivered = { status: "delivered" };
  if (!BULK_REPLY_ENDPOINTS.has(request2.endpoint)) {
    return request2.calls.map(() => delivered);
  }
  const parsed = BulkResponse.safeParse(reply);
  if (!parsed.success) {
    return settleLoneRecord(request2, request2.calls.map(() => void 0), "the reply is not a bulk reply");
  }
  const body = parsed.data;
  const items = itemsOf(request2.calls);
  const index = indexItems(items);
  const unsubscribe = request2.endpoint === "unsubscribeFromList";
  let named = 0;
  for (const source of failureSources(body)) {
    for (const value of new Set(source.values)) {
      const holders = index[source.kind].get(value) ?? [];
      if (holders.length === 0) continue;
      if (unsubscribe && source.code === "NOT_FOUND") {
        named += holders.filter((item) => item.result === void 0).length;
        for (const item of holders) item.result ??= { status: "delivered" };
        continue;
      }
      const message = `${source.label}: ${value}`;
      if (source.byIdentifier || holders.length === 1) {
        for (const item of holders) {
          if (item.result?.status === "rejected") continue;
          if (item.result === void 0) named += 1;
          item.result = { status: "rejected", code: source.code, message };
        }
      } else {
        for (const item of holders) {
          if (item.result !== void 0) continue;
          named += 1;
          item.result = { status: "resend-singly", reason: `${message} names ${holders.length} records of this request` };
        }
      }
    }
  }
  const failCount = body.failCount ?? 0;
  if (failCount > named) {
    const open = items.filter((item) => item.result === void 0);
    const repeated = open.filter((item) => isRepeated(item, index));
    const suspects = repeated.length > 0 ? repeated : open;
    const reason = `failCount ${failCount} is more than the ${named} failures the reply names`;
    for (const item of suspects) item.result = { status: "resend-singly", reason };
  }
  return settleLoneRecord(request2, perCall(request2.calls.length, items), "the reply names no reason");
}
function settleLoneRecord(request2, results, fallback) {
  return results.map((result) => {
    const settled = result ?? { status: "resend-singly", reason: fallback };
    if (settled.status === "resend-singly" && request2.calls.length === 1) {
      return { status: "rejected", code: "RECORD_FAILED", message: `Iterable reported a failure for this record: ${settled.reason}` };
    }
    return settled;
  });
}
function perCall(count, items) {
  const results = Array.from({ length: count }, () => ({ status: "delivered" }));
  for (const item of items) {
    const current = results[item.callIndex];
    const next = item.result ?? { status: "delivered" };
    if (rank(next) > rank(current)) results[item.callIndex] = next;
  }
  return results;
}
function rank(result) {
  return result.status === "rejected" ? 2 : result.status === "resend-singly" ? 1 : 0;
}
function failureSources(body) {
  const sources = [];
  const failed2 = body.failedUpdates ?? {};
  for (const key of FAILED_UPDATE_KEYS) {
    const values = failed2[key];
    if (values?.length) {
      sources.push({ label: `failedUpdates.${key}`, kind: key.endsWith("Emails") ? "email" : "userId", values, ...FAILED_UPDATE_RULES[key] });
    }
  }
  if (body.invalidEmails?.length) sources.push({ label: "invalidEmails", kind: "email", code: "INVALID_EMAIL", byIdentifier: true, values: body.invalidEmails });
  if (body.invalidUserIds?.length) sources.push({ label: "invalidUserIds", kind: "userId", code: "INVALID_USER_ID", byIdentifier: true, values: body.invalidUserIds });
  if (body.disallowedEventNames?.length) {
    sources.push({ label: "disallowedEventNames", kind: "eventName", code: "DISALLOWED_EVENT_NAME", byIdentifier: true, values: body.disallowedEventNames });
  }
  return sources;
}
function itemsOf(calls) {
  const items = [];
  calls.forEach((call, callIndex) => {
    const records = call.op === "subscribeToList" || call.op === "unsubscribeFromList" ? call.body.subscribers : [call.body];
    for (const record of records) {
      const r = record ?? {};
      items.push({ callIndex, email: text2(r.email), userId: text2(r.userId), eventName: text2(r.eventName) });
    }
  });
  return items;
}
function text2(value) {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : void 0;
}
function indexItems(items) {
  const index = { email: /* @__PURE__ */ new Map(), userId: /* @__PURE__ */ new Map(), eventName: /* @__PURE__ */ new Map() };
  for (const item of items) {
    for (const kind of ["email", "userId", "eventName"]) {
      const value = item[kind];
      if (value === void 0) continue;
      const list = index[kind].get(value);
      if (list) list.push(item);
      else index[kind].set(value, [item]);
    }
  }
  return index;
}
function isRepeated(item, index) {
  return item.email !== void 0 && (index.email.get(item.email)?.length ?? 0) > 1 || item.userId !== void 0 && (index.userId.get(item.userId)?.length ?? 0) > 1;
}

// src/client/destination.ts
import { setMaxListeners } from "events";

// src/client/flush-parts.ts
function bulkGroup(call) {
  const target = endpointSpec(call.op).batchInto;
  if (target === void 0) return void 0;
  if (call.op === "subscribeToList" || call.op === "unsubscribeFromList") return `${target}:${call.body.listId}`;
  if (call.op === "upsertCatalogItem") return `${target}:${String(call.catalog)}`;
  return target;
}
function requestsByPhase(requests) {
  const byPhase = Array.from({ length: PHASE_COUNT }, () => []);
  for (const request2 of requests) byPhase[Math.min(request2.phase, PHASE_COUNT - 1)].push(request2);
  return byPhase;
}
function deferred() {
  let resolve2;
  const promise = new Promise((done) => {
    resolve2 = done;
  });
  return { promise, resolve: resolve2 };
}
async function inSequencePerEndpoint(requests, send) {
  const byEndpoint = /* @__PURE__ */ new Map();
  for (const request2 of requests) byEndpoint.set(request2.endpoint, [...byEndpoint.get(request2.endpoint) ?? [], request2]);
  await Promise.all(
    [...byEndpoint.values()].map(async (sequence) => {
      for (const request2 of sequence) await send(request2);
    })
  );
}

// src/client/subjects.ts
var SKIPPED_UNKNOWN_USER = "SKIPPED_UNKNOWN_USER";
var SKIPPED_EXISTING_USER = "SKIPPED_EXISTING_USER";
function emailKey(email) {
  return `e:${email}`;
}
function userIdKey(userId) {
  return `u:${userId}`;
}
function subjectOf(record) {
  if (record === null || typeof record !== "object") return void 0;
  const { email, userId } = record;
  const mail = identifier(email);
  const id = identifier(userId);
  if (mail !== void 0) return id === void 0 ? { key: emailKey(mail), by: "email", value: mail } : { key: emailKey(mail), by: "email", value: mail, alias: userIdKey(id) };
  if (id !== void 0) return { key: userIdKey(id), by: "userId", value: id };
  return void 0;
}
function identifier(value) {
  if (typeof value === "string") return value === "" ? void 0 : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return void 0;
}
function subjectsOf(call) {
  switch (call.op) {
    case "updateUser":
    case "trackEvent":
    case "registerDeviceToken":
    case "registerBrowserToken":
      return [subjectOf(call.body)];
    case "trackPurchase":
    case "updateCart":
      return [subjectOf(call.body.user)];
    case "updateEmail":
      return [subjectOf({ email: call.body.currentEmail, userId: call.body.currentEmail === void 0 ? call.body.currentUserId : void 0 })];
    case "subscribeToList":
    case "unsubscribeFromList":
      return call.body.subscribers.map(subjectOf);
    case "upsertCatalogItem":
    case "deleteUser":
      return [];
  }
}
function subjectsToCheck(call, mode) {
  if (mode === "upsert") return [];
  if (mode === "createOnly" && call.op !== "updateUser") return [];
  return subjectsOf(call).filter((subject) => subject !== void 0);
}
function decide(call, mode, existence) {
  if (mode === "upsert") return { action: "send", call };
  if (mode === "createOnly") {
    if (call.op !== "updateUser") return { action: "send", call };
    const subject = subjectOf(call.body);
    if (!subject) return { action: "send", call };
    const known = existence(subject);
    if ("error" in known) return failed(subject, known.error);
    if (known.exists) {
      return { action: "skip", code: SKIPPED_EXISTING_USER, message: `syncMode createOnly: ${describe(subject)} already exists in Iterable, so its data was left unchanged` };
    }
    return { action: "send", call };
  }
  const subjects = subjectsOf(call);
  const keep = [];
  for (const subject of subjects) {
    if (!subject) {
      keep.push(true);
      continue;
    }
    const known = existence(subject);
    if ("error" in known) return failed(subject, known.error);
    keep.push(known.exists);
  }
  if (keep.every(Boolean)) return { action: "send", call };
  if ((call.op === "subscribeToList" || call.op === "unsubscribeFromList") && keep.some(Boolean)) {
    const subscribers = call.body.subscribers.filter((_, index) => keep[index]);
    return { action: "send", call: { ...call, body: { ...call.body, subscribers } } };
  }
  const unknown = subjects.find((subject, index) => subject && !keep[index]);
  return { action: "skip", code: SKIPPED_UNKNOWN_USER, message: `syncMode updateOnly: ${describe(unknown)} does not exist in Iterable, so nothing was sent for it` };
}
function failed(subject, error) {
  return { action: "fail", code: error.code, statusCode: error.statusCode, message: `Could not check whether ${describe(subject)} exists: ${error.message}` };
}
function describe(subject) {
  return `the user with ${subject.by} ${JSON.stringify(subject.value)}`;
}
var CREATES_USER = /* @__PURE__ */ new Set([
  "updateUser",
  "subscribeToList",
  "trackPurchase",
  "updateCart",
  "registerDeviceToken",
  "registerBrowserToken"
]);
function unknownUserSkip(endpoint, body, result) {
  if (result.status !== "rejected" || result.code !== "NOT_FOUND") return void 0;
  const asked = endpoint === "bulkUpdateUsers" && body.updateOnly === true || endpoint === "subscribeToList" && body.updateExistingUsersOnly === true;
  if (!asked) return void 0;
  return { status: "delivered", code: SKIPPED_UNKNOWN_USER, message: `syncMode updateOnly: Iterable does not know this user (${result.message ?? "not found"}), so it was not created` };
}

// src/client/retry.ts
var RETRY_STATUSES = /* @__PURE__ */ new Set([429, 500, 502, 503, 504]);
var SPLIT_CODES = /* @__PURE__ */ new Set([
  "RequestFieldsTypesMismatched",
  "BatchTooLarge",
  "BadParams",
  "BadJsonBody",
  "InvalidEmailAddressError",
  "InvalidUserIdError"
]);
function classify(status, body, headers, context = {}) {
  const parsed = parseJson(body);
  if (status >= 200 && status < 300) {
    if (context.bulkReply && (parsed === void 0 || typeof parsed !== "object" || parsed === null || Array.isArray(parsed))) {
      return { action: "retry", error: apiError(status, void 0, body, "MALFORMED_REPLY", true), rateLimited: false, retryAfterMs: void 0 };
    }
    return { action: "deliver", reply: parsed };
  }
  const envelope = ApiResponse.safeParse(parsed);
  const reply = envelope.success ? envelope.data : void 0;
  if (RETRY_STATUSES.has(status)) {
    return {
      action: "retry",
      error: apiError(status, reply, body, status === 429 ? "RateLimitExceeded" : void 0, true),
      rateLimited: status === 429,
      retryAfterMs: retryAfterMs(headers["retry-after"], context.now)
    };
  }
  if (status === 413 || status === 400 && reply !== void 0 && SPLIT_CODES.has(reply.code)) {
    return { action: "split", error: apiError(status, reply, body, status === 413 ? "BatchTooLarge" : void 0, false) };
  }
  return { action: "reject", error: apiError(status, reply, body, void 0, false) };
}
function retryDelay(verdict, attempt, random, policy = BACKOFF) {
  if (verdict.retryAfterMs !== void 0) return verdict.retryAfterMs;
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return verdict.rateLimited ? Math.max(1e3, jittered) : jittered;
}
var BACKOFF = { baseMs: 500, capMs: 3e4 };
function retryAfterMs(value, now) {
  const text3 = Array.isArray(value) ? value[0] : value;
  if (text3 === void 0 || text3.trim() === "") return void 0;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text3)) return Math.round(Number(text3) * 1e3);
  const date = Date.parse(text3);
  if (Number.isNaN(date) || now === void 0) return void 0;
  return Math.max(0, date - now);
}
function parseJson(body) {
  if (body.trim() === "") return void 0;
  try {
    return JSON.parse(body);
  } catch {
    return void 0;
  }
}
function apiError(status, reply, body, fallbackCode, retryable) {
  const iterableCode = reply?.code;
  const code = iterableCode && iterableCode !== "Success" ? iterableCode : fallbackCode ?? `HTTP_${status}`;
  const detail = reply ? `${reply.code}: ${reply.msg}` : describeBody(body);
  const summary = fallbackCode === "MALFORMED_REPLY" ? `Iterable answered ${status} with ${detail}, which cannot be read record by record` : `Iterable answered ${status} (${detail})`;
  return new IterableApiError(summary, {
    statusCode: status,
    retryable,
    code,
    ...reply ? { iterableCode: reply.code, iterableMessage: reply.msg, params: reply.params } : {}
  });
}
function describeBody(body) {
  const trimmed = body.trim();
  if (trimmed === "") return "an empty body";
  if (trimmed.startsWith("<")) return "an HTML body";
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return "a truncated or invalid JSON body";
  return "a non-JSON body";
}

// src/client/with-retries.ts
async function withRetries(ctx, endpoint, deadline, exchange, options) {
  let failures = 0;
  let sent = 0;
  let rateLimited2 = 0;
  let pauseMs = 0;
  let lastError;
  for (; ; ) {
    const until = deadline();
    let step;
    try {
      step = await ctx.queues.run(endpoint, () => attempt(), ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted) return { action: "aborted" };
      throw error;
    }
    if (ctx.signal.aborted) return { action: "aborted" };
    switch (step.action) {
      case "expired":
        return { action: "deadline", lastError };
      case "deliver":
        return { action: "deliver", reply: step.reply };
      case "split":
      case "reject":
        return { action: step.action, error: step.error };
      case "network":
      case "retry": {
        lastError = step.error;
        const limited = step.action === "retry" && step.rateLimited;
        if (!limited) failures += 1;
        if (failures >= ctx.maxAttempts) return { action: "gave-up", error: step.error, failures };
        const delay = limited ? 0 : retryDelay({ rateLimited: false, retryAfterMs: step.action === "retry" ? step.retryAfterMs : void 0 }, failures, ctx.random);
        if (ctx.clock.now() + (limited ? pauseMs : delay) > until) return { action: "deadline", lastError };
        if (delay > 0) {
          try {
            await ctx.clock.sleep(delay, ctx.signal);
          } catch (error) {
            if (ctx.signal.aborted) return { action: "aborted" };
            throw error;
          }
        }
      }
    }
    async function attempt() {
      if (ctx.clock.now() > until) return { action: "expired" };
      const generation = ctx.queues.generation(endpoint);
      const isRetry = sent > 0;
      sent += 1;
      let verdict;
      try {
        const reply = await exchange(isRetry);
        verdict = classify(reply.status, reply.body, reply.headers, { bulkReply: options.bulkReply, now: ctx.clock.now() });
      } catch (error) {
        verdict = { action: "network", error: error instanceof NetworkError ? error : new NetworkError(String(error), { cause: error }) };
      }
      if (verdict.action === "retry" && verdict.rateLimited) {
        ctx.stats.rateLimit();
        rateLimited2 += 1;
        pauseMs = retryDelay(verdict, rateLimited2, ctx.random);
        ctx.queues.slowDown(endpoint, pauseMs, ctx.signal);
      } else if (verdict.action !== "retry" && verdict.action !== "network") {
        ctx.queues.recovered(endpoint, generation);
      }
      return verdict;
    }
  }
}

// src/client/deliver.ts
async function deliver(request2, ctx) {
  try {
    await deliverOrThrow(request2, ctx);
  } catch (cause) {
    if (ctx.signal.aborted) return;
    settleAll(request2, ctx, { status: "failed", code: "INTERNAL_ERROR", message: `Delivery stopped on an unexpected error: ${String(cause)}`, statusCode: 500 });
  }
}
async function deliverOrThrow(request2, ctx) {
  const apiKey = ctx.keys[request2.keyRole];
  if (!apiKey) {
    const message = "No `registerDeviceOrBrowserApiKey` is configured, so token registrations cannot be sent";
    settleAll(request2, ctx, { status: "rejected", code: "MISSING_TOKEN_KEY", message, statusCode: 400 });
    return;
  }
  const url = `${ctx.origin ?? request2.host}${request2.path}`;
  const result = await withRetries(
    ctx,
    request2.endpoint,
    () => ctx.book.deadline(request2.refs),
    (isRetry) => {
      ctx.book.attempted(request2.refs);
      ctx.stats.request(request2.endpoint, request2.calls.length, request2.bytes, isRetry);
      return ctx.http.send({ url, method: request2.method, apiKey, body: request2.json, signal: ctx.signal });
    },
    { bulkReply: BULK_REPLY_ENDPOINTS.has(request2.endpoint) }
  );
  switch (result.action) {
    case "aborted":
      return;
    // closing past the deadline settled these records already
    case "deliver":
      await readReply(request2, result.reply, ctx);
      return;
    case "split":
      await split(request2, result.error, ctx);
      return;
    case "reject":
      settleAll(request2, ctx, fromError("rejected", result.error));
      return;
    case "gave-up":
      settleAll(request2, ctx, fromError("failed", result.error, `gave up after ${result.failures} failed attempts`));
      return;
    case "deadline":
      settleAll(request2, ctx, failedPastDeadline(result.lastError));
  }
}
async function readReply(request2, reply, ctx) {
  const results = attributeBulkReply(request2, reply);
  const resend = [];
  results.forEach((result, index) => {
    const ref = request2.refs[index];
    if (result.status === "delivered") ctx.book.settle(ref, { status: "delivered" }, request2);
    else if (result.status === "rejected") {
      const skipped = unknownUserSkip(request2.endpoint, request2.body, result);
      ctx.book.settle(ref, skipped ?? { status: "rejected", code: result.code, message: result.message, statusCode: 400 }, request2);
    } else resend.push(index);
  });
  if (resend.length === 0) return;
  ctx.stats.resendSingly(resend.length);
  await Promise.all(resend.map((index) => deliver(subRequest(request2, [index]), ctx)));
}
async function split(request2, error, ctx) {
  if (request2.calls.length === 1) {
    settleAll(request2, ctx, fromError("rejected", error));
    return;
  }
  ctx.stats.splitBatch();
  const middle = Math.ceil(request2.calls.length / 2);
  const indexes = request2.calls.map((_, i) => i);
  await deliver(subRequest(request2, indexes.slice(0, middle)), ctx);
  await deliver(subRequest(request2, indexes.slice(middle)), ctx);
}
function settleAll(request2, ctx, result) {
  for (const ref of request2.refs) ctx.book.settle(ref, result, request2);
}
function fromError(status, error, suffix) {
  return { status, code: error.code, message: suffix ? `${error.message}; ${suffix}` : error.message, statusCode: error.statusCode };
}
function failedPastDeadline(lastError) {
  const message = lastError ? `${lastError.message}; deadlineMs reached before another attempt` : "deadlineMs reached before the request could be sent";
  return { status: "failed", code: lastError?.code ?? "DEADLINE_EXCEEDED", message, statusCode: lastError?.statusCode ?? 504 };
}

// src/client/existence.ts
var MAX_CACHED_USERS = 1e6;
var ExistenceChecker = class {
  constructor(ctx) {
    this.ctx = ctx;
  }
  ctx;
  cache = /* @__PURE__ */ new Map();
  inFlight = /* @__PURE__ */ new Map();
  lookups = 0;
  hits = 0;
  failures = 0;
  /** Whether `subject` exists; never rejects. `deadline` (clock ms) bounds retries. */
  check(subject, deadline) {
    const cached = this.cache.get(subject.key);
    if (cached !== void 0) {
      this.hits += 1;
      return Promise.resolve({ exists: cached });
    }
    const running = this.inFlight.get(subject.key);
    if (running) {
      this.hits += 1;
      return running;
    }
    this.lookups += 1;
    const lookup2 = this.lookup(subject, deadline).then((answer) => {
      this.inFlight.delete(subject.key);
      if ("error" in answer) this.failures += 1;
      else if (!this.ctx.signal.aborted) this.remember(subject.key, answer.exists);
      return answer;
    });
    this.inFlight.set(subject.key, lookup2);
    return lookup2;
  }
  /** A call Iterable accepted: the users it creates now exist (known by both identifiers when it had both). */
  learned(call) {
    if (call.op === "deleteUser") {
      this.cache.clear();
      return;
    }
    if (!CREATES_USER.has(call.op)) return;
    for (const subject of subjectsOf(call)) {
      if (!subject) continue;
      this.remember(subject.key, true);
      if (subject.alias) this.remember(subject.alias, true);
    }
  }
  stats() {
    return { lookups: this.lookups, cacheHits: this.hits, lookupFailures: this.failures, cached: this.cache.size };
  }
  remember(key, exists) {
    this.cache.delete(key);
    this.cache.set(key, exists);
    const max = this.ctx.maxCached ?? MAX_CACHED_USERS;
    while (this.cache.size > max) this.cache.delete(this.cache.keys().next().value);
  }
  async lookup(subject, deadline) {
    const endpoint = subject.by === "email" ? "getUserByEmail" : "getUserByUserId";
    const path = subject.by === "email" ? `${ENDPOINTS.getUserByEmail.path}?email=${encodeURIComponent(subject.value)}` : fillPath(ENDPOINTS.getUserByUserId.path, { userId: subject.value });
    const url = `${this.ctx.origin}${path}`;
    const result = await withRetries(
      this.ctx,
      endpoint,
      () => deadline,
      (isRetry) => {
        this.ctx.stats.request(endpoint, 1, 0, isRetry);
        return this.ctx.http.send({ url, method: "GET", apiKey: this.ctx.apiKey, body: "", signal: this.ctx.signal });
      },
      // A 2xx whose body is not a JSON object is unreadable, and retried, as a bulk reply would be.
      { bulkReply: true }
    );
    switch (result.action) {
      case "deliver":
        return { exists: hasUser(result.reply) };
      case "split":
      case "reject":
        return failure(result.error);
      case "gave-up":
        return failure(result.error, `gave up after ${result.failures} failed attempts`);
      case "deadline":
        return failure(result.lastError, result.lastError ? "deadlineMs reached before another attempt" : "deadlineMs reached before the lookup could be sent");
      case "aborted":
        return failure(new NetworkError(`GET ${ENDPOINTS[endpoint].path} was aborted: the destination closed past its deadline`, { code: "ABORTED" }));
    }
  }
};
function hasUser(reply) {
  const user = reply?.user;
  return user !== null && typeof user === "object";
}
function failure(error, suffix) {
  if (!error) return { error: { code: "DEADLINE_EXCEEDED", message: suffix ?? "the lookup was not sent", statusCode: 504 } };
  return { error: { code: error.code, message: suffix ? `${error.message}; ${suffix}` : error.message, statusCode: error.statusCode } };
}

// src/client/list-order.ts
var SUPERSEDED = "SUPERSEDED";
var SUPERSEDED_MESSAGE = "A later list call for the same user and list in this flush replaced this one";
function supersededListCalls(entries) {
  const last = /* @__PURE__ */ new Map();
  const replaced = /* @__PURE__ */ new Set();
  for (const { ref, call } of entries) {
    if (call.op !== "subscribeToList" && call.op !== "unsubscribeFromList") continue;
    for (const subscriber of call.body.subscribers) {
      const key = `${call.body.listId}\0${subscriber.email ?? ""}\0${subscriber.userId ?? ""}`;
      const previous = last.get(key);
      if (previous !== void 0) replaced.add(previous);
      last.set(key, ref);
    }
  }
  return replaced;
}

// src/client/http.ts
import { Agent, request } from "undici";
function createHttpClient(options) {
  const owned = options.dispatcher ? void 0 : new Agent({ keepAliveTimeout: 1e4 });
  const dispatcher = options.dispatcher ?? owned;
  return {
    async send(req) {
      const timeout = AbortSignal.timeout(options.requestTimeoutMs);
      const signal = AbortSignal.any([req.signal, timeout]);
      const headers = { "Api-Key": req.apiKey };
      if (req.body !== "") headers["Content-Type"] = "application/json";
      try {
        const res = await request(req.url, {
          method: req.method,
          headers,
          body: req.body === "" ? void 0 : req.body,
          dispatcher,
          signal,
          headersTimeout: options.requestTimeoutMs,
          bodyTimeout: options.requestTimeoutMs
        });
        const body = await res.body.text();
        return { status: res.statusCode, headers: res.headers, body };
      } catch (cause) {
        throw networkError(cause, req, timeout.aborted, options.requestTimeoutMs);
      }
    },
    async close(force) {
      if (!owned) return;
      await (force ? owned.destroy() : owned.close());
    }
  };
}
function networkError(cause, req, timedOut, timeoutMs) {
  const path = new URL(req.url).pathname;
  const code = cause?.code;
  if (timedOut || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return new NetworkError(`${req.method} ${path} got no complete reply within requestTimeoutMs (${timeoutMs} ms)`, { code: "TIMEOUT", cause, statusCode: 504 });
  }
  if (req.signal.aborted) return new NetworkError(`${req.method} ${path} was aborted: the destination closed past its deadline`, { code: "ABORTED", cause });
  const reason = typeof code === "string" ? code : cause instanceof Error ? cause.name : "unknown error";
  return new NetworkError(`${req.method} ${path} failed before a complete reply: ${reason}`, { code: "CONNECTION_ERROR", cause });
}

// node_modules/eventemitter3/index.mjs
var import_index = __toESM(require_eventemitter3(), 1);

// node_modules/p-timeout/index.js
var TimeoutError = class _TimeoutError extends Error {
  name = "TimeoutError";
  constructor(message, options) {
    super(message, options);
    Error.captureStackTrace?.(this, _TimeoutError);
  }
};
var getAbortedReason = (signal) => signal.reason ?? new DOMException("This operation was aborted.", "AbortError");
function pTimeout(promise, options) {
  const {
    milliseconds,
    fallback,
    message,
    customTimers = { setTimeout, clearTimeout },
    signal
  } = options;
  let timer;
  let abortHandler;
  const wrappedPromise = new Promise((resolve2, reject) => {
    if (typeof milliseconds !== "number" || Math.sign(milliseconds) !== 1) {
      throw new TypeError(`Expected \`milliseconds\` to be a positive number, got \`${milliseconds}\``);
    }
    if (signal?.aborted) {
      reject(getAbortedReason(signal));
      promise.then(resolve2, reject);
      return;
    }
    if (signal) {
      abortHandler = () => {
        reject(getAbortedReason(signal));
      };
      signal.addEventListener("abort", abortHandler, { once: true });
    }
    promise.then(resolve2, reject);
    if (milliseconds === Number.POSITIVE_INFINITY) {
      return;
    }
    const timeoutError = new TimeoutError();
    timer = customTimers.setTimeout.call(void 0, () => {
      if (fallback) {
        try {
          resolve2(fallback());
        } catch (error) {
          reject(error);
        }
        return;
      }
      if (typeof promise.cancel === "function") {
        promise.cancel();
      }
      if (message === false) {
        resolve2();
      } else if (message instanceof Error) {
        reject(message);
      } else {
        timeoutError.message = message ?? `Promise timed out after ${milliseconds} milliseconds`;
        reject(timeoutError);
      }
    }, milliseconds);
  });
  const cancelablePromise = wrappedPromise.finally(() => {
    cancelablePromise.clear();
    if (abortHandler && signal) {
      signal.removeEventListener("abort", abortHandler);
    }
  });
  cancelablePromise.clear = () => {
    customTimers.clearTimeout.call(void 0, timer);
    timer = void 0;
  };
  return cancelablePromise;
}

// node_modules/p-queue/dist/lower-bound.js
function lowerBound(array, value, comparator) {
  let first = 0;
  let count = array.length;
  while (count > 0) {
    const step = Math.trunc(count / 2);
    let it = first + step;
    if (comparator(array[it], value) <= 0) {
      first = ++it;
      count -= step + 1;
    } else {
      count = step;
    }
  }
  return first;
}

// node_modules/p-queue/dist/priority-queue.js
var compactionThreshold = 100;
var PriorityQueue = class {
  #queue = [];
  // The queue is stored as a sorted array, but dequeued items are left before `#head` until compaction. Only items from `#head` onward are live, which keeps repeated dequeues amortized O(1).
  #head = 0;
  enqueue(run, options) {
    const { priority = 0, id } = options ?? {};
    const { size } = this;
    const element = {
      priority,
      id,
      run
    };
    if (size === 0) {
      this.#queue.length = 0;
      this.#head = 0;
      this.#queue.push(element);
      return;
    }
    if (this.#queue.at(-1).priority >= priority) {
      this.#queue.push(element);
      return;
    }
    this.#compact();
    const index = lowerBound(this.#queue, element, (a, b) => b.priority - a.priority);
    this.#queue.splice(index, 0, element);
  }
  setPriority(id, priority) {
    const index = this.#queue.findIndex((element, index2) => index2 >= this.#head && element.id === id);
    if (index === -1) {
      throw new ReferenceError(`No promise function with the id "${id}" exists in the queue.`);
    }
    const [item] = this.#queue.splice(index, 1);
    this.enqueue(item.run, { priority, id });
  }
  remove(idOrRun) {
    const index = this.#queue.findIndex((element, index2) => {
      if (index2 < this.#head) {
        return false;
      }
      if (typeof idOrRun === "string") {
        return element.id === idOrRun;
      }
      return element.run === idOrRun;
    });
    if (index !== -1) {
      this.#queue.splice(index, 1);
    }
  }
  dequeue() {
    if (this.#head === this.#queue.length) {
      return void 0;
    }
    const item = this.#queue[this.#head];
    this.#head++;
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    } else if (this.#head > compactionThreshold && this.#head > this.#queue.length / 2) {
      this.#compact();
    }
    return item?.run;
  }
  filter(options) {
    const result = [];
    for (let index = this.#head; index < this.#queue.length; index++) {
      const element = this.#queue[index];
      if (element.priority === options.priority) {
        result.push(element.run);
      }
    }
    return result;
  }
  get size() {
    return this.#queue.length - this.#head;
  }
  #compact() {
    if (this.#head === 0) {
      return;
    }
    this.#queue.splice(0, this.#head);
    this.#head = 0;
  }
};

// node_modules/p-queue/dist/index.js
var PQueue = class extends import_index.default {
  #carryoverIntervalCount;
  #isIntervalIgnored;
  #intervalCount = 0;
  #intervalCap;
  #rateLimitedInInterval = false;
  #rateLimitFlushScheduled = false;
  #interval;
  /*
  Timestamp when the current interval window ends. Kept accurate at every window transition: `#initializeIntervalIfNeeded` sets it when a window starts and `#onInterval` advances it as the recurring timer rolls into each new window. This is the source of truth for whether a task added after the queue goes idle belongs to a fresh window, so it must not go stale.
  */
  #intervalEnd = 0;
  // Recurring timer that drives windows while the queue is actively processing. Absent (`undefined`) once the queue goes idle.
  #intervalId;
  // One-shot timer used while idle to resume at the next window boundary, since `#intervalId` is cleared when idle.
  #timeoutId;
  #strict;
  // Circular buffer implementation for better performance
  #strictTicks = [];
  #strictTicksStartIndex = 0;
  #queue;
  #queueClass;
  #pending = 0;
  // The `!` is needed because of https://github.com/microsoft/TypeScript/issues/32194
  #concurrency;
  #isPaused;
  // Use to assign a unique identifier to a promise function, if not explicitly specified
  #idAssigner = 1n;
  // Track currently running tasks for debugging
  #runningTasks = /* @__PURE__ */ new Map();
  #queueAbortListenerCleanupFunctions = /* @__PURE__ */ new Set();
  /**
      Get or set the default timeout for all tasks. Can be changed at runtime.
  
      Operations will throw a `TimeoutError` if they don't complete within the specified time.
  
      The timeout begins when the operation is dequeued and starts execution, not while it's waiting in the queue.
  
      @example
      ```
      const queue = new PQueue({timeout: 5000});
  
      // Change timeout for all future tasks
      queue.timeout = 10000;
      ```
      */
  timeout;
  constructor(options) {
    super();
    options = {
      carryoverIntervalCount: false,
      intervalCap: Number.POSITIVE_INFINITY,
      interval: 0,
      concurrency: Number.POSITIVE_INFINITY,
      autoStart: true,
      queueClass: PriorityQueue,
      strict: false,
      ...options
    };
    if (!(typeof options.intervalCap === "number" && options.intervalCap >= 1)) {
      throw new TypeError(`Expected \`intervalCap\` to be a number from 1 and up, got \`${options.intervalCap?.toString() ?? ""}\` (${typeof options.intervalCap})`);
    }
    if (options.interval === void 0 || !(Number.isFinite(options.interval) && options.interval >= 0)) {
      throw new TypeError(`Expected \`interval\` to be a finite number >= 0, got \`${options.interval?.toString() ?? ""}\` (${typeof options.interval})`);
    }
    if (options.strict && options.interval === 0) {
      throw new TypeError("The `strict` option requires a non-zero `interval`");
    }
    if (options.strict && options.intervalCap === Number.POSITIVE_INFINITY) {
      throw new TypeError("The `strict` option requires a finite `intervalCap`");
    }
    this.#carryoverIntervalCount = options.carryoverIntervalCount ?? options.carryoverConcurrencyCount ?? false;
    this.#isIntervalIgnored = options.intervalCap === Number.POSITIVE_INFINITY || options.interval === 0;
    this.#intervalCap = options.intervalCap;
    this.#interval = options.interval;
    this.#strict = options.strict;
    this.#queue = new options.queueClass();
    this.#queueClass = options.queueClass;
    this.concurrency = options.concurrency;
    if (options.timeout !== void 0 && !(Number.isFinite(options.timeout) && options.timeout > 0)) {
      throw new TypeError(`Expected \`timeout\` to be a positive finite number, got \`${options.timeout}\` (${typeof options.timeout})`);
    }
    this.timeout = options.timeout;
    this.#isPaused = options.autoStart === false;
    this.#setupRateLimitTracking();
  }
  #cleanupStrictTicks(now) {
    while (this.#strictTicksStartIndex < this.#strictTicks.length) {
      const oldestTick = this.#strictTicks[this.#strictTicksStartIndex];
      if (oldestTick !== void 0 && now - oldestTick >= this.#interval) {
        this.#strictTicksStartIndex++;
      } else {
        break;
      }
    }
    const shouldCompact = this.#strictTicksStartIndex > 100 && this.#strictTicksStartIndex > this.#strictTicks.length / 2 || this.#strictTicksStartIndex === this.#strictTicks.length;
    if (shouldCompact) {
      this.#strictTicks = this.#strictTicks.slice(this.#strictTicksStartIndex);
      this.#strictTicksStartIndex = 0;
    }
  }
  // Helper methods for interval consumption
  #consumeIntervalSlot(now) {
    if (this.#strict) {
      this.#strictTicks.push(now);
    } else {
      this.#intervalCount++;
    }
  }
  #rollbackIntervalSlot() {
    if (this.#strict) {
      if (this.#strictTicks.length > this.#strictTicksStartIndex) {
        this.#strictTicks.pop();
      }
    } else if (this.#intervalCount > 0) {
      this.#intervalCount--;
    }
  }
  #getActiveTicksCount() {
    return this.#strictTicks.length - this.#strictTicksStartIndex;
  }
  get #doesIntervalAllowAnother() {
    if (this.#isIntervalIgnored) {
      return true;
    }
    if (this.#strict) {
      return this.#getActiveTicksCount() < this.#intervalCap;
    }
    return this.#intervalCount < this.#intervalCap;
  }
  get #doesConcurrentAllowAnother() {
    return this.#pending < this.#concurrency;
  }
  #next() {
    this.#pending--;
    if (this.#pending === 0) {
      this.emit("pendingZero");
    }
    this.#tryToStartAnother();
    this.emit("next");
  }
  #onResumeInterval() {
    this.#timeoutId = void 0;
    this.#onInterval();
    this.#initializeIntervalIfNeeded();
  }
  #isIntervalPausedAt(now) {
    if (this.#strict) {
      this.#cleanupStrictTicks(now);
      const activeTicksCount = this.#getActiveTicksCount();
      if (activeTicksCount >= this.#intervalCap) {
        const oldestTick = this.#strictTicks[this.#strictTicksStartIndex];
        const delay = this.#interval - (now - oldestTick);
        this.#createIntervalTimeout(delay);
        return true;
      }
      return false;
    }
    if (this.#intervalId === void 0) {
      const delay = this.#intervalEnd - now;
      if (delay < 0) {
        this.#intervalCount = this.#carryoverIntervalCount ? this.#pending : 0;
      } else {
        this.#createIntervalTimeout(delay);
        return true;
      }
    }
    return false;
  }
  #createIntervalTimeout(delay) {
    if (this.#timeoutId !== void 0) {
      return;
    }
    this.#timeoutId = setTimeout(() => {
      this.#onResumeInterval();
    }, delay);
  }
  #clearIntervalTimer() {
    if (this.#intervalId) {
      clearInterval(this.#intervalId);
      this.#intervalId = void 0;
    }
  }
  #clearTimeoutTimer() {
    if (this.#timeoutId) {
      clearTimeout(this.#timeoutId);
      this.#timeoutId = void 0;
    }
  }
  #tryToStartAnother() {
    if (this.#queue.size === 0) {
      this.#clearIntervalTimer();
      this.emit("empty");
      if (this.#pending === 0) {
        this.#clearTimeoutTimer();
        if (this.#strict && this.#strictTicksStartIndex > 0) {
          const now = Date.now();
          this.#cleanupStrictTicks(now);
        }
        this.emit("idle");
      }
      return false;
    }
    let taskStarted = false;
    if (!this.#isPaused) {
      const now = Date.now();
      const canInitializeInterval = !this.#isIntervalPausedAt(now);
      if (this.#doesIntervalAllowAnother && this.#doesConcurrentAllowAnother) {
        const job = this.#queue.dequeue();
        if (!this.#isIntervalIgnored) {
          this.#consumeIntervalSlot(now);
          this.#scheduleRateLimitUpdate();
        }
        if (canInitializeInterval) {
          this.#initializeIntervalIfNeeded();
        }
        job();
        this.emit("active");
        taskStarted = true;
      }
    }
    return taskStarted;
  }
  #initializeIntervalIfNeeded() {
    if (this.#isIntervalIgnored || this.#intervalId !== void 0) {
      return;
    }
    if (this.#strict) {
      return;
    }
    this.#intervalId = setInterval(() => {
      this.#onInterval();
    }, this.#interval);
    this.#intervalEnd = Date.now() + this.#interval;
  }
  #onInterval() {
    if (!this.#strict) {
      if (this.#intervalId !== void 0) {
        if (this.#intervalCount === 0 && this.#pending === 0) {
          this.#clearIntervalTimer();
        } else {
          this.#intervalEnd = Date.now() + this.#interval;
        }
      }
      this.#intervalCount = this.#carryoverIntervalCount ? this.#pending : 0;
    }
    this.#processQueue();
    this.#scheduleRateLimitUpdate();
  }
  /**
  Executes all queued functions until it reaches the limit.
  */
  #processQueue() {
    while (this.#tryToStartAnother()) {
    }
  }
  get concurrency() {
    return this.#concurrency;
  }
  set concurrency(newConcurrency) {
    if (!(typeof newConcurrency === "number" && newConcurrency >= 1)) {
      throw new TypeError(`Expected \`concurrency\` to be a number from 1 and up, got \`${newConcurrency}\` (${typeof newConcurrency})`);
    }
    this.#concurrency = newConcurrency;
    this.#processQueue();
  }
  /**
      Updates the priority of a promise function by its id, affecting its execution order. Requires a defined concurrency limit to take effect.
  
      For example, this can be used to prioritize a promise function to run earlier.
  
      ```js
      import PQueue from 'p-queue';
  
      const queue = new PQueue({concurrency: 1});
  
      queue.add(async () => '🦄', {priority: 1});
      queue.add(async () => '🦀', {priority: 0, id: '🦀'});
      queue.add(async () => '🦄', {priority: 1});
      queue.add(async () => '🦄', {priority: 1});
  
      queue.setPriority('🦀', 2);
      ```
  
      In this case, the promise function with `id: '🦀'` runs second.
  
      You can also deprioritize a promise function to delay its execution:
  
      ```js
      import PQueue from 'p-queue';
  
      const queue = new PQueue({concurrency: 1});
  
      queue.add(async () => '🦄', {priority: 1});
      queue.add(async () => '🦀', {priority: 1, id: '🦀'});
      queue.add(async () => '🦄');
      queue.add(async () => '🦄', {priority: 0});
  
      queue.setPriority('🦀', -1);
      ```
      Here, the promise function with `id: '🦀'` executes last.
      */
  setPriority(id, priority) {
    if (typeof priority !== "number" || !Number.isFinite(priority)) {
      throw new TypeError(`Expected \`priority\` to be a finite number, got \`${priority}\` (${typeof priority})`);
    }
    this.#queue.setPriority(id, priority);
  }
  async add(function_, options = {}) {
    options = {
      timeout: this.timeout,
      ...options,
      // Assign unique ID if not provided
      id: options.id ?? (this.#idAssigner++).toString()
    };
    if (options.timeout !== void 0 && !(Number.isFinite(options.timeout) && options.timeout > 0)) {
      throw new TypeError(`Expected \`timeout\` to be a positive finite number, got \`${options.timeout}\` (${typeof options.timeout})`);
    }
    return new Promise((resolve2, reject) => {
      const taskSymbol = /* @__PURE__ */ Symbol(`task-${options.id}`);
      let cleanupQueueAbortHandler = () => void 0;
      const run = async () => {
        cleanupQueueAbortHandler();
        this.#pending++;
        this.#runningTasks.set(taskSymbol, {
          id: options.id,
          priority: options.priority ?? 0,
          // Match priority-queue default
          startTime: Date.now(),
          timeout: options.timeout
        });
        let eventListener;
        try {
          try {
            options.signal?.throwIfAborted();
          } catch (error) {
            this.#rollbackIntervalConsumption();
            this.#runningTasks.delete(taskSymbol);
            throw error;
          }
          let operation = function_({ signal: options.signal });
          if (options.timeout !== void 0) {
            operation = pTimeout(Promise.resolve(operation), {
              milliseconds: options.timeout,
              message: `Task timed out after ${options.timeout}ms (queue has ${this.#pending} running, ${this.#queue.size} waiting)`
            });
          }
          if (options.signal) {
            const { signal } = options;
            operation = Promise.race([operation, new Promise((_resolve, reject2) => {
              eventListener = () => {
                reject2(signal.reason);
              };
              signal.addEventListener("abort", eventListener, { once: true });
              if (signal.aborted) {
                eventListener();
              }
            })]);
          }
          const result = await operation;
          resolve2(result);
          this.emit("completed", result);
        } catch (error) {
          reject(error);
          this.emit("error", error);
        } finally {
          if (eventListener) {
            options.signal?.removeEventListener("abort", eventListener);
          }
          this.#runningTasks.delete(taskSymbol);
          queueMicrotask(() => {
            this.#next();
          });
        }
      };
      this.#queue.enqueue(run, options);
      const removeQueuedTask = () => {
        if (this.#queue instanceof PriorityQueue) {
          this.#queue.remove(run);
          return;
        }
        this.#queue.remove?.(options.id);
      };
      if (options.signal) {
        const { signal } = options;
        const queueAbortHandler = () => {
          cleanupQueueAbortHandler();
          removeQueuedTask();
          reject(signal.reason);
          this.#tryToStartAnother();
          this.emit("next");
        };
        cleanupQueueAbortHandler = () => {
          signal.removeEventListener("abort", queueAbortHandler);
          this.#queueAbortListenerCleanupFunctions.delete(cleanupQueueAbortHandler);
        };
        if (signal.aborted) {
          queueAbortHandler();
          return;
        }
        signal.addEventListener("abort", queueAbortHandler, { once: true });
        this.#queueAbortListenerCleanupFunctions.add(cleanupQueueAbortHandler);
      }
      this.emit("add");
      this.#tryToStartAnother();
    });
  }
  async addAll(functions, options) {
    return Promise.all(functions.map(async (function_) => this.add(function_, options)));
  }
  /**
  Start (or resume) executing enqueued tasks within concurrency limit. No need to call this if queue is not paused (via `options.autoStart = false` or by `.pause()` method.)
  */
  start() {
    if (!this.#isPaused) {
      return this;
    }
    this.#isPaused = false;
    this.#processQueue();
    return this;
  }
  /**
  Put queue execution on hold.
  */
  pause() {
    this.#isPaused = true;
  }
  /**
  Clear the queue.
  */
  clear() {
    for (const cleanupQueueAbortHandler of this.#queueAbortListenerCleanupFunctions) {
      cleanupQueueAbortHandler();
    }
    this.#queue = new this.#queueClass();
    this.#clearIntervalTimer();
    this.#updateRateLimitState();
    this.emit("empty");
    if (this.#pending === 0) {
      this.#clearTimeoutTimer();
      this.emit("idle");
    }
    this.emit("next");
  }
  /**
      Can be called multiple times. Useful if you for example add additional items at a later time.
  
      @returns A promise that settles when the queue becomes empty.
      */
  async onEmpty() {
    if (this.#queue.size === 0) {
      return;
    }
    await this.#onEvent("empty");
  }
  /**
      @returns A promise that settles when the queue size is less than the given limit: `queue.size < limit`.
  
      If you want to avoid having the queue grow beyond a certain size you can `await queue.onSizeLessThan()` before adding a new item.
  
      Note that this only limits the number of items waiting to start. There could still be up to `concurrency` jobs already running that this call does not include in its calculation.
      */
  async onSizeLessThan(limit) {
    if (this.#queue.size < limit) {
      return;
    }
    await this.#onEvent(["next", "active"], () => this.#queue.size < limit);
  }
  /**
      The difference with `.onEmpty` is that `.onIdle` guarantees that all work from the queue has finished. `.onEmpty` merely signals that the queue is empty, but it could mean that some promises haven't completed yet.
  
      @returns A promise that settles when the queue becomes empty, and all promises have completed; `queue.size === 0 && queue.pending === 0`.
      */
  async onIdle() {
    if (this.#pending === 0 && this.#queue.size === 0) {
      return;
    }
    await this.#onEvent("idle");
  }
  /**
      The difference with `.onIdle` is that `.onPendingZero` only waits for currently running tasks to finish, ignoring queued tasks.
  
      @returns A promise that settles when all currently running tasks have completed; `queue.pending === 0`.
      */
  async onPendingZero() {
    if (this.#pending === 0) {
      return;
    }
    await this.#onEvent("pendingZero");
  }
  /**
  @returns A promise that settles when the queue becomes rate-limited due to intervalCap.
  */
  async onRateLimit() {
    if (this.isRateLimited) {
      return;
    }
    await this.#onEvent("rateLimit");
  }
  /**
  @returns A promise that settles when the queue is no longer rate-limited.
  */
  async onRateLimitCleared() {
    if (!this.isRateLimited) {
      return;
    }
    await this.#onEvent("rateLimitCleared");
  }
  /**
      @returns A promise that rejects when any task in the queue errors.
  
      Use with `Promise.race([queue.onError(), queue.onIdle()])` to fail fast on the first error while still resolving normally when the queue goes idle.
  
      Important: The promise returned by `add()` still rejects. You must handle each `add()` promise (for example, `.catch(() => {})`) to avoid unhandled rejections.
  
      @example
      ```
      import PQueue from 'p-queue';
  
      const queue = new PQueue({concurrency: 2});
  
      queue.add(() => fetchData(1)).catch(() => {});
      queue.add(() => fetchData(2)).catch(() => {});
      queue.add(() => fetchData(3)).catch(() => {});
  
      // Stop processing on first error
      try {
          await Promise.race([
              queue.onError(),
              queue.onIdle()
          ]);
      } catch (error) {
          queue.pause(); // Stop processing remaining tasks
          console.error('Queue failed:', error);
      }
      ```
      */
  // eslint-disable-next-line @typescript-eslint/promise-function-async
  onError() {
    return new Promise((_resolve, reject) => {
      const handleError = (error) => {
        this.off("error", handleError);
        reject(error);
      };
      this.on("error", handleError);
    });
  }
  async #onEvent(events, filter) {
    const eventList = Array.isArray(events) ? events : [events];
    return new Promise((resolve2) => {
      const listener = () => {
        if (filter && !filter()) {
          return;
        }
        for (const event of eventList) {
          this.off(event, listener);
        }
        resolve2();
      };
      for (const event of eventList) {
        this.on(event, listener);
      }
    });
  }
  /**
  Size of the queue, the number of queued items waiting to run.
  */
  get size() {
    return this.#queue.size;
  }
  /**
      Size of the queue, filtered by the given options.
  
      For example, this can be used to find the number of items remaining in the queue with a specific priority level.
      */
  sizeBy(options) {
    return this.#queue.filter(options).length;
  }
  /**
  Number of running items (no longer in the queue).
  */
  get pending() {
    return this.#pending;
  }
  /**
  Whether the queue is currently paused.
  */
  get isPaused() {
    return this.#isPaused;
  }
  #setupRateLimitTracking() {
    if (this.#isIntervalIgnored) {
      return;
    }
    this.on("add", () => {
      if (this.#queue.size > 0) {
        this.#scheduleRateLimitUpdate();
      }
    });
    this.on("next", () => {
      this.#scheduleRateLimitUpdate();
    });
  }
  #scheduleRateLimitUpdate() {
    if (this.#isIntervalIgnored || this.#rateLimitFlushScheduled) {
      return;
    }
    this.#rateLimitFlushScheduled = true;
    queueMicrotask(() => {
      this.#rateLimitFlushScheduled = false;
      this.#updateRateLimitState();
    });
  }
  #rollbackIntervalConsumption() {
    if (this.#isIntervalIgnored) {
      return;
    }
    this.#rollbackIntervalSlot();
    this.#scheduleRateLimitUpdate();
  }
  #updateRateLimitState() {
    const previous = this.#rateLimitedInInterval;
    if (this.#isIntervalIgnored || this.#queue.size === 0) {
      if (previous) {
        this.#rateLimitedInInterval = false;
        this.emit("rateLimitCleared");
      }
      return;
    }
    let count;
    if (this.#strict) {
      const now = Date.now();
      this.#cleanupStrictTicks(now);
      count = this.#getActiveTicksCount();
    } else {
      count = this.#intervalCount;
    }
    const shouldBeRateLimited = count >= this.#intervalCap;
    if (shouldBeRateLimited !== previous) {
      this.#rateLimitedInInterval = shouldBeRateLimited;
      this.emit(shouldBeRateLimited ? "rateLimit" : "rateLimitCleared");
    }
  }
  /**
  Whether the queue is currently rate-limited due to intervalCap.
  */
  get isRateLimited() {
    return this.#rateLimitedInInterval;
  }
  /**
      Whether the queue is saturated. Returns `true` when:
      - All concurrency slots are occupied and tasks are waiting, OR
      - The queue is rate-limited and tasks are waiting
  
      Useful for detecting backpressure and potential hanging tasks.
  
      ```js
      import PQueue from 'p-queue';
  
      const queue = new PQueue({concurrency: 2});
  
      // Backpressure handling
      if (queue.isSaturated) {
          console.log('Queue is saturated, waiting for capacity...');
          await queue.onSizeLessThan(queue.concurrency);
      }
  
      // Monitoring for stuck tasks
      setInterval(() => {
          if (queue.isSaturated) {
              console.warn(`Queue saturated: ${queue.pending} running, ${queue.size} waiting`);
          }
      }, 60000);
      ```
      */
  get isSaturated() {
    return this.#pending === this.#concurrency && this.#queue.size > 0 || this.isRateLimited && this.#queue.size > 0;
  }
  /**
      The tasks currently being executed. Each task includes its `id`, `priority`, `startTime`, `timeout` (if set), and `timeoutRemaining` (milliseconds until the task times out, or `undefined` if no timeout is set).
  
      Returns an array of task info objects.
  
      ```js
      import PQueue from 'p-queue';
  
      const queue = new PQueue({concurrency: 2, timeout: 10000});
  
      // Add tasks with IDs for better debugging
      queue.add(() => fetchUser(123), {id: 'user-123'});
      queue.add(() => fetchPosts(456), {id: 'posts-456', priority: 1});
  
      // Check what's running
      console.log(queue.runningTasks);
      // => [{
      //   id: 'user-123',
      //   priority: 0,
      //   startTime: 1759253001716,
      //   timeout: 10000,
      //   timeoutRemaining: 9700
      // }, {
      //   id: 'posts-456',
      //   priority: 1,
      //   startTime: 1759253001916,
      //   timeout: 10000,
      //   timeoutRemaining: 9900
      // }]
      ```
      */
  get runningTasks() {
    return [...this.#runningTasks.values()].map((task) => ({
      ...task,
      timeoutRemaining: task.timeout ? Math.max(0, task.startTime + task.timeout - Date.now()) : void 0
    }));
  }
};

// src/client/limits.ts
var EndpointQueues = class {
  constructor(rates, concurrency, clock2) {
    this.rates = rates;
    this.concurrency = concurrency;
    this.clock = clock2;
  }
  rates;
  concurrency;
  clock;
  lanes = /* @__PURE__ */ new Map();
  /** Runs `task` when the endpoint's limits allow; rejects with the abort reason if `signal` fires first. */
  run(endpoint, task, signal) {
    return this.lane(endpoint).queue.add(task, { signal });
  }
  /** Holds every request of `endpoint` for `ms`, then lets them through one at a time. */
  slowDown(endpoint, ms, signal) {
    const lane = this.lane(endpoint);
    const now = this.clock.now();
    lane.resumeAt = Math.max(lane.resumeAt, now + ms);
    const generation = ++lane.generation;
    lane.queue.pause();
    lane.queue.concurrency = 1;
    this.clock.sleep(lane.resumeAt - now, signal).then(
      () => {
        if (lane.generation === generation) lane.queue.start();
      },
      () => void 0
      // aborted: the destination is closing and the queue is being emptied
    );
  }
  /** Requests the endpoint may have in flight right now (lowered to 1 by a 429, then doubled back). */
  concurrencyOf(endpoint) {
    return this.lane(endpoint).queue.concurrency;
  }
  /**
   * The endpoint's slow-down count: read it when a request starts, hand it to `recovered` when the
   * request succeeds.
   */
  generation(endpoint) {
    return this.lane(endpoint).generation;
  }
  /**
   * A success: grow concurrency back towards its normal value. Only a request that started after the
   * latest slow-down counts: replies to requests that left before the 429 say nothing about the
   * endpoint having room again.
   */
  recovered(endpoint, startedAtGeneration) {
    const lane = this.lane(endpoint);
    if (startedAtGeneration !== lane.generation) return;
    if (lane.queue.concurrency < lane.concurrency) lane.queue.concurrency = Math.min(lane.concurrency, lane.queue.concurrency * 2);
  }
  lane(endpoint) {
    let lane = this.lanes.get(endpoint);
    if (!lane) {
      const rate = this.rates[endpoint] ?? ENDPOINTS[endpoint].ratePerSecond;
      const queue = new PQueue({ concurrency: this.concurrency, strict: true, ...interval(rate) });
      lane = { queue, concurrency: this.concurrency, generation: 0, resumeAt: 0 };
      this.lanes.set(endpoint, lane);
    }
    return lane;
  }
};
var RATE_WINDOW_MARGIN_MS = 100;
function interval(ratePerSecond) {
  if (ratePerSecond < 1) return { intervalCap: 1, interval: Math.ceil((1e3 + RATE_WINDOW_MARGIN_MS) / ratePerSecond) };
  const intervalCap = Math.max(1, Math.floor(ratePerSecond / 50));
  const windowsPerSecond = Math.floor(Math.floor(ratePerSecond) / intervalCap);
  return { intervalCap, interval: Math.ceil((1e3 + RATE_WINDOW_MARGIN_MS) / windowsPerSecond) };
}

// src/client/options.ts
var KNOWN = /* @__PURE__ */ new Set([
  "settings",
  "baseUrl",
  "flushIntervalMs",
  "maxBatchItems",
  "maxBatchBytes",
  "maxQueuedEvents",
  "maxAttempts",
  "requestTimeoutMs",
  "deadlineMs",
  "maxConcurrentRequests",
  "rateLimits",
  "dispatcher",
  "onOutcome",
  "clock",
  "random"
]);
var DEFAULT_MAX_QUEUED_EVENTS = 1e4;
var systemClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise((resolve2, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve2();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  })
};
function resolveOptions(options) {
  if (options === null || typeof options !== "object") throw optionError("options", options, "an object");
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new ConfigurationError(`Unknown option \`${key}\` (known: ${[...KNOWN].join(", ")})`, { field: key, code: "INVALID_OPTION" });
  }
  return {
    baseUrl: baseUrl(options.baseUrl),
    flushIntervalMs: positiveInteger(options, "flushIntervalMs", 1e3),
    maxBatchItems: positiveInteger(options, "maxBatchItems", DEFAULT_MAX_BATCH_ITEMS, DEFAULT_MAX_BATCH_ITEMS),
    maxBatchBytes: positiveInteger(options, "maxBatchBytes", MAX_BODY_BYTES, MAX_BODY_BYTES),
    maxQueuedEvents: positiveInteger(options, "maxQueuedEvents", DEFAULT_MAX_QUEUED_EVENTS),
    maxAttempts: positiveInteger(options, "maxAttempts", 5),
    requestTimeoutMs: positiveInteger(options, "requestTimeoutMs", 3e4),
    deadlineMs: positiveInteger(options, "deadlineMs", 12e4),
    maxConcurrentRequests: positiveInteger(options, "maxConcurrentRequests", 8),
    rateLimits: rateLimits(options.rateLimits),
    dispatcher: objectOption(options, "dispatcher"),
    onOutcome: functionOption(options, "onOutcome"),
    clock: clock(options.clock),
    random: functionOption(options, "random") ?? Math.random
  };
}
function positiveInteger(options, key, fallback, max) {
  const value = options[key];
  if (value === void 0) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) throw optionError(key, value, "a positive integer");
  if (max !== void 0 && value > max) throw optionError(key, value, `at most ${max}`);
  return value;
}
function baseUrl(value) {
  if (value === void 0) return void 0;
  if (typeof value !== "string" || !/^https?:\/\/[^/]+/.test(value)) throw optionError("baseUrl", value, 'an http(s) URL such as "http://127.0.0.1:8080"');
  const trimmed = value.replace(/\/+$/, "");
  if (/\/api$/.test(trimmed)) throw optionError("baseUrl", value, 'a URL without the "/api" suffix (paths already start with /api)');
  return trimmed;
}
function rateLimits(value) {
  if (value === void 0) return {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw optionError("rateLimits", value, "an object of requests per second by endpoint");
  const out = {};
  for (const [endpoint, rate] of Object.entries(value)) {
    if (!Object.hasOwn(ENDPOINTS, endpoint)) throw optionError(`rateLimits.${endpoint}`, rate, `a key among ${Object.keys(ENDPOINTS).join(", ")}`);
    if (typeof rate !== "number" || !Number.isFinite(rate) || rate <= 0) throw optionError(`rateLimits.${endpoint}`, rate, "a positive number of requests per second");
    out[endpoint] = rate;
  }
  return out;
}
function clock(value) {
  if (value === void 0) return systemClock;
  const candidate = value;
  if (!candidate || typeof candidate.now !== "function" || typeof candidate.sleep !== "function") throw optionError("clock", value, "an object with now() and sleep(ms, signal)");
  return candidate;
}
function functionOption(options, key) {
  const value = options[key];
  if (value !== void 0 && typeof value !== "function") throw optionError(key, value, "a function");
  return value;
}
function objectOption(options, key) {
  const value = options[key];
  if (value !== void 0 && (value === null || typeof value !== "object")) throw optionError(key, value, "an undici Dispatcher");
  return value;
}
function optionError(key, value, expected) {
  return new ConfigurationError(`Expected \`${key}\` to be ${expected}, got \`${describeValue(value)}\``, { field: key, code: "INVALID_OPTION" });
}

// src/client/outcome.ts
var RANK = { delivered: 0, rejected: 1, failed: 2 };
function combine(results) {
  let worst = results[0];
  let attempts = 0;
  for (const result of results) {
    if (worst === void 0 || RANK[result.status] > RANK[worst.status]) worst = result;
    attempts = Math.max(attempts, result.attempts);
  }
  if (worst === void 0) return { status: "delivered", attempts };
  return { ...worst, attempts };
}

// src/client/stats.ts
var StatsRecorder = class {
  requests = {};
  recordsByEndpoint = {};
  records = 0;
  sent = 0;
  bytes = 0;
  retried = 0;
  limited = 0;
  split = 0;
  single = 0;
  outcomes = { delivered: 0, rejected: 0, failed: 0 };
  codes = {};
  request(endpoint, records, bytes, retry) {
    this.requests[endpoint] = (this.requests[endpoint] ?? 0) + 1;
    this.recordsByEndpoint[endpoint] = (this.recordsByEndpoint[endpoint] ?? 0) + records;
    this.sent += 1;
    this.records += records;
    this.bytes += bytes;
    if (retry) this.retried += 1;
  }
  rateLimit() {
    this.limited += 1;
  }
  splitBatch() {
    this.split += 1;
  }
  resendSingly(count) {
    this.single += count;
  }
  outcome(status, code) {
    this.outcomes[status] += 1;
    if (code !== void 0) this.codes[code] = (this.codes[code] ?? 0) + 1;
  }
  snapshot(events, syncMode) {
    return {
      requests: { ...this.requests },
      recordsByEndpoint: { ...this.recordsByEndpoint },
      recordsPerRequest: { requests: this.sent, total: this.records, mean: this.sent === 0 ? 0 : this.records / this.sent },
      bytesSent: this.bytes,
      retries: this.retried,
      rateLimited: this.limited,
      splits: this.split,
      resentSingly: this.single,
      outcomes: { ...this.outcomes },
      outcomesByCode: { ...this.codes },
      events,
      syncMode
    };
  }
};

// src/client/sync-gate.ts
function gateMode(settings) {
  if (settings.syncMode === "createOnly") return "createOnly";
  if (settings.syncMode === "updateOnly" && settings.existenceCheck === "lookup") return "updateOnly";
  return void 0;
}
async function gateCalls(entries, mode, checker) {
  const answers = /* @__PURE__ */ new Map();
  for (const { call, deadline } of entries) {
    for (const subject of subjectsToCheck(call, mode)) {
      const answer = checker.check(subject, deadline);
      if (!answers.has(subject.key)) answers.set(subject.key, answer);
    }
  }
  const settled = /* @__PURE__ */ new Map();
  await Promise.all([...answers].map(async ([key, answer]) => settled.set(key, await answer)));
  return entries.map(
    ({ call }) => decide(call, mode, (subject) => settled.get(subject.key) ?? { error: { code: "NOT_LOOKED_UP", message: "no lookup was made", statusCode: 500 } })
  );
}

// src/client/destination.ts
function createDestination(options) {
  const config = resolveOptions(options);
  const settings = parseSettings(options.settings);
  if (!settings.apiKey) throw new ConfigurationError("Invalid setting `apiKey`: a key is required to deliver", { field: "apiKey" });
  const secrets = [settings.apiKey, settings.registerDeviceOrBrowserApiKey];
  const { clock: clock2 } = config;
  const stats = new StatsRecorder();
  const http = createHttpClient({ dispatcher: config.dispatcher, requestTimeoutMs: config.requestTimeoutMs });
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);
  const queues = new EndpointQueues(config.rateLimits, config.maxConcurrentRequests, clock2);
  const mode = gateMode(settings);
  const checker = mode ? new ExistenceChecker({
    http,
    queues,
    clock: clock2,
    random: config.random,
    maxAttempts: config.maxAttempts,
    origin: config.baseUrl ?? settings.host,
    apiKey: settings.apiKey,
    signal: abort.signal,
    stats
  }) : void 0;
  const skipped = { unknownUser: 0, existingUser: 0 };
  const waiting = [];
  let buffer = [];
  let bufferedGroups = /* @__PURE__ */ new Map();
  let admitted = 0;
  const records = /* @__PURE__ */ new Map();
  let nextRef = 0;
  let closed = false;
  let closing;
  const book = {
    deadline(refs) {
      let earliest = Number.POSITIVE_INFINITY;
      for (const ref of refs) earliest = Math.min(earliest, records.get(ref)?.event.deadlineAt ?? earliest);
      return earliest;
    },
    attempted(refs) {
      for (const ref of refs) {
        const record = records.get(ref);
        if (record) record.attempts += 1;
      }
    },
    settle(ref, result, request2) {
      const record = records.get(ref);
      if (!record) return;
      records.delete(ref);
      const call = record.sent ?? record.event.calls[record.index];
      if (checker && result.status === "delivered" && result.code === void 0) checker.learned(call);
      settleCall(record.event, record.index, { ...result, op: call.op, endpoint: request2.endpoint, attempts: record.attempts });
    }
  };
  const ctx = {
    http,
    queues,
    clock: clock2,
    random: config.random,
    maxAttempts: config.maxAttempts,
    origin: config.baseUrl,
    keys: { main: settings.apiKey, token: settings.registerDeviceOrBrowserApiKey },
    signal: abort.signal,
    stats,
    book
  };
  function settleCall(event, index, result) {
    if (event.done || event.results[index] !== void 0) return;
    event.results[index] = result;
    event.unsettled -= 1;
    if (result.code === SKIPPED_UNKNOWN_USER) skipped.unknownUser += 1;
    else if (result.code === SKIPPED_EXISTING_USER) skipped.existingUser += 1;
    if (event.unsettled === 0) finish(event, combine(event.results), true);
  }
  function finish(event, raw, wasAdmitted) {
    if (event.done) return;
    event.done = true;
    const outcome = raw.message === void 0 ? raw : { ...raw, message: redact(raw.message, secrets) };
    stats.outcome(outcome.status, outcome.code);
    try {
      const returned = config.onOutcome?.(outcome, event.event);
      if (returned instanceof Promise) returned.catch(() => void 0);
    } catch {
    }
    event.resolve(outcome);
    if (wasAdmitted) {
      admitted -= 1;
      admitWaiting();
    }
  }
  function admit(event) {
    admitted += 1;
    event.deadlineAt = clock2.now() + config.deadlineMs;
    buffer.push(event);
    let full = false;
    for (const call of event.calls) {
      const group = bulkGroup(call);
      if (group === void 0) continue;
      const count = (bufferedGroups.get(group) ?? 0) + 1;
      bufferedGroups.set(group, count);
      if (count >= config.maxBatchItems) full = true;
    }
    if (full) void flush();
  }
  function admitWaiting() {
    if (waiting.length === 0) return;
    while (waiting.length > 0 && (admitted < config.maxQueuedEvents || closed)) admit(waiting.shift());
    void flush();
  }
  function send(event) {
    return new Promise((resolve2) => {
      const pending = { event, calls: [], results: [], unsettled: 0, deadlineAt: 0, done: false, resolve: resolve2 };
      if (closed) {
        finish(pending, { status: "rejected", code: "CLOSED", message: "The destination is closed: send() was called after close()", statusCode: 400, attempts: 0 }, false);
        return;
      }
      const transformed = transformWith(event, settings);
      if (!transformed.ok) {
        finish(pending, fromTransformError(transformed.error), false);
        return;
      }
      const ready = { ...pending, calls: transformed.calls, results: transformed.calls.map(() => void 0), unsettled: transformed.calls.length };
      if (ready.unsettled === 0) {
        finish(ready, { status: "delivered", attempts: 0 }, false);
        return;
      }
      if (waiting.length === 0 && admitted < config.maxQueuedEvents) {
        admit(ready);
      } else {
        waiting.push(ready);
        void flush();
      }
    });
  }
  let gate = Promise.resolve();
  let lastPhases = [];
  let queuedFlush;
  function flush() {
    if (queuedFlush) return queuedFlush;
    const previousGate = gate;
    const previousPhases = lastPhases;
    const opened = deferred();
    const mine = Array.from({ length: PHASE_COUNT }, deferred);
    gate = opened.promise;
    lastPhases = mine.map((phase) => phase.promise);
    const next = previousGate.then(async () => {
      queuedFlush = void 0;
      try {
        await runFlush(previousPhases, mine, opened.resolve);
      } finally {
        opened.resolve();
        await Promise.all(previousPhases);
        for (const phase of mine) phase.resolve();
      }
    });
    queuedFlush = next;
    return next;
  }
  async function runFlush(previousPhases, mine, openGate) {
    const events = buffer;
    buffer = [];
    bufferedGroups = /* @__PURE__ */ new Map();
    if (events.length === 0 || abort.signal.aborted) return;
    let entries = events.flatMap(
      (event) => event.calls.map((call, index) => {
        const ref = nextRef++;
        records.set(ref, { event, index, attempts: 0 });
        return { ref, call };
      })
    );
    if (mode && checker) {
      entries = await applySyncMode(entries, mode, checker);
      if (abort.signal.aborted) return;
    }
    entries = withoutSupersededListCalls(entries);
    const plan = planRequests(entries, { settings, maxBatchItems: config.maxBatchItems, maxBatchBytes: config.maxBatchBytes });
    for (const { ref, error } of plan.rejected) {
      const record = records.get(ref);
      records.delete(ref);
      if (!record) continue;
      const op = record.event.calls[record.index].op;
      settleCall(record.event, record.index, { status: "rejected", op, code: error.code, message: error.message, statusCode: error.statusCode, attempts: 0 });
    }
    const byPhase = requestsByPhase(plan.requests);
    for (let phase = 0; phase < PHASE_COUNT; phase += 1) {
      await previousPhases[phase];
      const requests = byPhase[phase] ?? [];
      await (phase === 0 ? inSequencePerEndpoint(requests, (request2) => deliver(request2, ctx)) : Promise.all(requests.map((request2) => deliver(request2, ctx))));
      mine[phase]?.resolve();
      if (phase === LAST_PROFILE_PHASE) openGate();
    }
  }
  function withoutSupersededListCalls(entries) {
    const replaced = supersededListCalls(entries);
    if (replaced.size === 0) return entries;
    for (const ref of replaced) {
      const record = records.get(ref);
      records.delete(ref);
      if (!record) continue;
      const op = record.event.calls[record.index].op;
      settleCall(record.event, record.index, { status: "delivered", op, code: SUPERSEDED, message: SUPERSEDED_MESSAGE, attempts: 0 });
    }
    return entries.filter((entry) => !replaced.has(entry.ref));
  }
  async function applySyncMode(entries, syncMode, users) {
    const gated = entries.map((entry) => ({ ...entry, deadline: records.get(entry.ref)?.event.deadlineAt ?? clock2.now() }));
    const decisions = await gateCalls(gated, syncMode, users);
    const kept = [];
    decisions.forEach((decision, i) => {
      const { ref, call } = entries[i];
      const record = records.get(ref);
      if (!record) return;
      if (decision.action === "send") {
        if (decision.call !== call) record.sent = decision.call;
        kept.push({ ref, call: decision.call });
        return;
      }
      records.delete(ref);
      settleCall(
        record.event,
        record.index,
        decision.action === "skip" ? { status: "delivered", op: call.op, code: decision.code, message: decision.message, attempts: 0 } : { status: "failed", op: call.op, code: decision.code, message: decision.message, statusCode: decision.statusCode, attempts: 0 }
      );
    });
    return kept;
  }
  const timer = setInterval(() => {
    if (buffer.length > 0) void flush();
  }, config.flushIntervalMs);
  timer.unref();
  function close() {
    closing ??= (async () => {
      closed = true;
      clearInterval(timer);
      admitWaiting();
      const drained = flush();
      const latest = latestDeadline();
      let sweep;
      const expired = new Promise((resolve2) => {
        sweep = setTimeout(() => resolve2("expired"), Math.max(0, latest - clock2.now()));
      });
      const first = await Promise.race([drained.then(() => "drained"), expired]);
      clearTimeout(sweep);
      if (first === "expired") {
        failUnsettled();
        abort.abort(new Error("closed past the deadline"));
      }
      await http.close(first === "expired");
      if (!abort.signal.aborted) abort.abort(new Error("closed"));
    })();
    return closing;
  }
  function latestDeadline() {
    let latest = clock2.now();
    for (const { event } of records.values()) latest = Math.max(latest, event.deadlineAt);
    for (const event of buffer) latest = Math.max(latest, event.deadlineAt);
    return latest;
  }
  function failUnsettled() {
    const late = (op, attempts) => ({
      status: "failed",
      op,
      attempts,
      code: "DEADLINE_EXCEEDED",
      message: "close() waited past deadlineMs: the event was abandoned before Iterable confirmed it",
      statusCode: 504
    });
    for (const [ref, record] of [...records]) {
      records.delete(ref);
      settleCall(record.event, record.index, late(record.event.calls[record.index].op, record.attempts));
    }
    const unsent = buffer;
    buffer = [];
    bufferedGroups = /* @__PURE__ */ new Map();
    for (const event of unsent) event.calls.forEach((call, index) => settleCall(event, index, late(call.op, 0)));
  }
  return {
    send,
    flush,
    close,
    stats: () => stats.snapshot(
      { waiting: waiting.length, buffered: buffer.length, inFlight: admitted - buffer.length },
      { ...checker?.stats() ?? { lookups: 0, cacheHits: 0, lookupFailures: 0, cached: 0 }, skipped: { ...skipped } }
    )
  };
}
function fromTransformError(error) {
  return { status: "rejected", code: error.code, message: error.message, statusCode: error.statusCode, attempts: 0 };
}

// src/emulator/server.ts
import { createServer } from "http";

// src/emulator/body.ts
function readBody(req, maxBytes) {
  return new Promise((resolve2, reject) => {
    const chunks = [];
    let bytes = 0;
    req.on("data", (chunk) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on("end", () => resolve2({ bytes, text: bytes > maxBytes ? void 0 : Buffer.concat(chunks).toString("utf8") }));
    req.on("error", reject);
  });
}

// src/emulator/routes.ts
function compile(endpoint) {
  const { method, path } = ENDPOINTS[endpoint];
  const keys = [];
  const source = path.split(/(\{\w+\})/).map((part) => {
    const key = /^\{(\w+)\}$/.exec(part)?.[1];
    if (key === void 0) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
    keys.push(key);
    return "([^/]+)";
  }).join("");
  return { endpoint, method, pattern: new RegExp(`^${source}$`), keys };
}
var ROUTES = Object.keys(ENDPOINTS).map(compile);
function endpointForPath(path) {
  return ROUTES.find((route) => route.pattern.test(path))?.endpoint;
}
function matchRoute(method, pathname) {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const found = route.pattern.exec(pathname);
    if (!found) continue;
    const params = {};
    route.keys.forEach((key, i) => {
      params[key] = safeDecode(found[i + 1] ?? "");
    });
    return { endpoint: route.endpoint, params };
  }
  return void 0;
}
function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// src/emulator/faults.ts
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = state + 1831565813 >>> 0;
    let t = state;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
var FaultBook = class {
  constructor(random) {
    this.random = random;
  }
  random;
  latencies = [];
  serverErrors = [];
  bursts = [];
  drops = [];
  malformed = [];
  /** identifier → reason + failures left; emails and userIds kept apart. */
  failingEmails = /* @__PURE__ */ new Map();
  failingUserIds = /* @__PURE__ */ new Map();
  /** Milliseconds to wait before handling this request (0: none). */
  takeLatency(endpoint) {
    return take(this.latencies, endpoint)?.ms ?? 0;
  }
  /** The fault that replaces this request's handling, if one is armed for it. */
  takeBefore(endpoint) {
    const drop = take(this.drops, endpoint, (f) => !f.afterProcessing);
    if (drop) return { kind: "dropConnection" };
    const burst = take(this.bursts, endpoint);
    if (burst) return { kind: "rateLimitBurst", retryAfterSeconds: burst.retryAfterSeconds };
    const error = take(this.serverErrors, endpoint);
    if (error && this.random() < error.rate) return { kind: "serverError", status: error.status };
    const broken = take(this.malformed, endpoint, (f) => !f.afterProcessing);
    if (broken) return { kind: "malformedReply", shape: broken.kind, status: broken.status };
    return void 0;
  }
  /** A fault that spoils the reply of a request that was handled (state already changed). */
  takeAfter(endpoint) {
    if (take(this.drops, endpoint, (f) => f.afterProcessing)) return { kind: "dropConnection" };
    const broken = take(this.malformed, endpoint, (f) => f.afterProcessing);
    if (broken) return { kind: "malformedReply", shape: broken.kind, status: broken.status };
    return void 0;
  }
  /** The failedUpdates key an injected record failure assigns to this identity, if any. */
  takeRecordFailure(identity) {
    if (identity.email !== void 0) {
      const hit = countDown(this.failingEmails, identity.email);
      if (hit) return `${hit}Emails`;
    }
    if (identity.userId !== void 0) {
      const hit = countDown(this.failingUserIds, identity.userId);
      if (hit) return `${hit}UserIds`;
    }
    return void 0;
  }
  pending() {
    const armed2 = [this.latencies, this.serverErrors, this.bursts, this.drops, this.malformed].reduce(
      (sum, list) => sum + list.length,
      0
    );
    return armed2 + this.failingEmails.size + this.failingUserIds.size;
  }
  reset() {
    this.latencies = [];
    this.serverErrors = [];
    this.bursts = [];
    this.drops = [];
    this.malformed = [];
    this.failingEmails.clear();
    this.failingUserIds.clear();
  }
  /** The public `inject` object bound to this book, validating every argument. */
  api() {
    return {
      latency: (ms, options = {}) => {
        nonNegative("latency ms", ms);
        this.latencies.push({ ms, ...armed(options.endpoint, options.count) });
      },
      serverErrors: (options = {}) => {
        const rate = options.rate ?? 1;
        if (!(rate >= 0 && rate <= 1)) throw invalid("serverErrors rate", rate, "a share between 0 and 1");
        const status = options.status ?? 500;
        if (![500, 502, 503, 504].includes(status)) throw invalid("serverErrors status", status, "500, 502, 503 or 504");
        this.serverErrors.push({ rate, status, ...armed(options.endpoint, options.count) });
      },
      rateLimitBurst: (options) => {
        if (options.retryAfterSeconds !== void 0) nonNegative("rateLimitBurst retryAfterSeconds", options.retryAfterSeconds);
        this.bursts.push({ retryAfterSeconds: options.retryAfterSeconds, ...armed(options.endpoint, options.count) });
      },
      dropConnections: (options) => {
        this.drops.push({ afterProcessing: options.afterProcessing ?? false, ...armed(options.endpoint, options.count) });
      },
      malformedReplies: (options) => {
        if (!["html", "empty", "truncated"].includes(options.kind)) {
          throw invalid("malformedReplies kind", options.kind, "'html', 'empty' or 'truncated'");
        }
        if (options.status !== void 0 && !(Number.isInteger(options.status) && options.status >= 100 && options.status <= 599)) {
          throw invalid("malformedReplies status", options.status, "an HTTP status");
        }
        this.malformed.push({
          kind: options.kind,
          status: options.status,
          afterProcessing: options.afterProcessing ?? false,
          ...armed(options.endpoint, options.count)
        });
      },
      failRecords: (options) => {
        if (!FAILED_UPDATE_KEYS.includes(options.reason)) {
          throw invalid("failRecords reason", options.reason, `one of ${FAILED_UPDATE_KEYS.join(", ")}`);
        }
        const base = options.reason.replace(/(Emails|UserIds)$/, "");
        const remaining = positiveCount(options.count);
        for (const email of options.emails ?? []) this.failingEmails.set(email, { base, remaining });
        for (const userId of options.userIds ?? []) this.failingUserIds.set(userId, { base, remaining });
      },
      reset: () => this.reset(),
      pending: () => this.pending()
    };
  }
};
function take(list, endpoint, accept = () => true) {
  const index = list.findIndex((fault2) => (fault2.endpoint === void 0 || fault2.endpoint === endpoint) && accept(fault2));
  if (index < 0) return void 0;
  const fault = list[index];
  fault.remaining -= 1;
  if (fault.remaining <= 0) list.splice(index, 1);
  return fault;
}
function countDown(book, identifier2) {
  const entry = book.get(identifier2);
  if (!entry) return void 0;
  entry.remaining -= 1;
  if (entry.remaining <= 0) book.delete(identifier2);
  return entry.base;
}
function armed(target, count) {
  return { endpoint: resolveTarget(target), remaining: positiveCount(count) };
}
function resolveTarget(target) {
  if (target === void 0) return void 0;
  if (target.startsWith("/")) {
    const endpoint = endpointForPath(target);
    if (!endpoint) throw invalid("endpoint", target, "a catalogue endpoint name or path");
    return endpoint;
  }
  if (!Object.hasOwn(ENDPOINTS, target)) throw invalid("endpoint", target, "a catalogue endpoint name or path");
  return target;
}
function positiveCount(count) {
  if (count === void 0) return 1;
  if (!(Number.isInteger(count) && count > 0)) throw invalid("count", count, "a positive integer");
  return count;
}
function nonNegative(field, value) {
  if (!(Number.isFinite(value) && value >= 0)) throw invalid(field, value, "a non-negative number");
}
function invalid(field, value, expected) {
  return new ConfigurationError(`Expected \`${field}\` to be ${expected}, got ${describeValue(value)}`, {
    field,
    code: "INVALID_FAULT"
  });
}

// src/emulator/replies.ts
function json(status, body) {
  return { status, body };
}
function apiReply(status, code, msg, params = null) {
  return { status, body: { msg, code, params } };
}
function success(msg = "", params = null) {
  return apiReply(200, "Success", msg, params);
}
function badParams(msg, params = null) {
  return apiReply(400, "BadParams", msg, params);
}
function badJsonBody(detail) {
  return apiReply(400, "BadJsonBody", `Could not parse request body as JSON: ${detail}`);
}
function badApiKey(endpoint) {
  return apiReply(401, "BadApiKey", "Invalid API key", { endpoint });
}
function rateLimited(retryAfterSeconds) {
  const reply = { status: 429, body: { msg: "Exceeded rate limit.", code: "RateLimitExceeded" } };
  if (retryAfterSeconds !== void 0) reply.headers = { "retry-after": String(retryAfterSeconds) };
  return reply;
}
function actionNotFound() {
  return {
    status: 404,
    contentType: "text/html; charset=utf-8",
    body: "<!DOCTYPE html><html><head><title>Action not found</title></head><body><h1>Action not found</h1></body></html>"
  };
}
function bodyTooLarge(status, bytes, maxBytes) {
  if (status === 413) {
    return {
      status: 413,
      contentType: "text/html; charset=utf-8",
      body: "<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center></body></html>"
    };
  }
  return apiReply(400, "BatchTooLarge", `Request body of ${bytes} bytes exceeds the limit of ${maxBytes} bytes`, {
    bytes,
    maxBytes
  });
}
function serverError(status) {
  const msg = status === 500 ? "Internal server error" : status === 503 ? "Service unavailable" : "Bad gateway";
  return apiReply(status, "GenericError", msg);
}
function renderBody(reply) {
  if (typeof reply.body === "string") {
    return { text: reply.body, contentType: reply.contentType ?? "text/plain; charset=utf-8" };
  }
  return { text: JSON.stringify(reply.body), contentType: reply.contentType ?? "application/json" };
}

// src/emulator/store.ts
var Directory = class {
  byEmail = /* @__PURE__ */ new Map();
  byUserId = /* @__PURE__ */ new Map();
  live = /* @__PURE__ */ new Set();
  all() {
    return [...this.live];
  }
  find(identifier2) {
    return this.byEmail.get(identifier2) ?? this.byUserId.get(identifier2);
  }
  get size() {
    return this.live.size;
  }
  add(user) {
    this.live.add(user);
    if (user.email !== void 0) this.byEmail.set(user.email, user);
    if (user.userId !== void 0) this.byUserId.set(user.userId, user);
  }
  remove(user) {
    this.live.delete(user);
    if (user.email !== void 0 && this.byEmail.get(user.email) === user) this.byEmail.delete(user.email);
    if (user.userId !== void 0 && this.byUserId.get(user.userId) === user) this.byUserId.delete(user.userId);
  }
  setIdentifier(user, field, value) {
    const index = field === "email" ? this.byEmail : this.byUserId;
    const old = user[field];
    if (old !== void 0 && index.get(old) === user) index.delete(old);
    user[field] = value;
    index.set(value, user);
  }
};
function emptyCounter() {
  return { requests: 0, records: 0, byStatus: {} };
}
var Store = class {
  constructor(options) {
    this.options = options;
    const counters = { unmatched: emptyCounter() };
    for (const name of Object.keys(ENDPOINTS)) counters[name] = emptyCounter();
    this.state = {
      users: this.directory,
      events: [],
      purchases: [],
      lists: new Map(options.lists.map((list) => [list.id, { ...list, members: /* @__PURE__ */ new Set() }])),
      catalogs: /* @__PURE__ */ new Map(),
      forgotten: new Set(options.forgotten),
      deletedUsers: [],
      fieldTypes: /* @__PURE__ */ new Map(),
      requests: [],
      counters
    };
  }
  options;
  state;
  directory = new Directory();
  eventsById = /* @__PURE__ */ new Map();
  purchasesById = /* @__PURE__ */ new Map();
  generatedIds = 0;
  now() {
    return this.options.clock();
  }
  isForgotten(identifier2) {
    return identifier2 !== void 0 && this.state.forgotten.has(identifier2);
  }
  /** Email wins when both identifiers are given; a userId or email owned by another user is a conflict. */
  resolve(identity) {
    const byEmail = identity.email === void 0 ? void 0 : this.directory.byEmail.get(identity.email);
    const byUserId = identity.userId === void 0 ? void 0 : this.directory.byUserId.get(identity.userId);
    if (byEmail && byUserId && byEmail !== byUserId) return { kind: "conflict", field: "userId" };
    if (byEmail) {
      if (identity.userId !== void 0 && byEmail.userId !== void 0 && byEmail.userId !== identity.userId) {
        return { kind: "conflict", field: "userId" };
      }
      return { kind: "found", user: byEmail };
    }
    if (byUserId) {
      if (identity.email !== void 0 && byUserId.email !== void 0 && byUserId.email !== identity.email) {
        return { kind: "conflict", field: "email" };
      }
      return { kind: "found", user: byUserId };
    }
    return { kind: "none" };
  }
  /** Returns the user `resolve` found (filling in a missing identifier) or a new one. */
  upsertUser(identity, found) {
    const now = this.now();
    if (!found) {
      const user = { dataFields: {}, devices: [], browserTokens: [], cart: [], createdAt: now, updatedAt: now };
      if (identity.email !== void 0) user.email = identity.email;
      if (identity.userId !== void 0) user.userId = identity.userId;
      this.directory.add(user);
      return user;
    }
    if (identity.email !== void 0 && found.email === void 0) this.directory.setIdentifier(found, "email", identity.email);
    if (identity.userId !== void 0 && found.userId === void 0) this.directory.setIdentifier(found, "userId", identity.userId);
    found.updatedAt = now;
    return found;
  }
  /** Whether `value` is free to become `user`'s identifier (unused, or already theirs). */
  identifierFree(field, value, user) {
    const owner = (field === "email" ? this.directory.byEmail : this.directory.byUserId).get(value);
    return owner === void 0 || owner === user;
  }
  changeIdentifier(user, field, value) {
    this.directory.setIdentifier(user, field, value);
    user.updatedAt = this.now();
  }
  /**
   * Iterable's merge: top-level keys replace (null clears, absent keys stay); with
   * `mergeNestedObjects` a top-level object merges one level deep instead of being replaced.
   */
  mergeDataFields(user, fields, mergeNestedObjects) {
    if (!fields) return;
    for (const [key, value] of Object.entries(fields)) {
      if (value === null) {
        delete user.dataFields[key];
        continue;
      }
      const current = user.dataFields[key];
      user.dataFields[key] = mergeNestedObjects && isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
    }
    user.updatedAt = this.now();
  }
  deleteUsersByUserId(userId) {
    const user = this.directory.byUserId.get(userId);
    if (!user) return 0;
    this.directory.remove(user);
    for (const list of this.state.lists.values()) list.members.delete(user);
    this.state.deletedUsers.push({ userId, ...user.email === void 0 ? {} : { email: user.email }, at: this.now() });
    return 1;
  }
  /** Moves an email and the history recorded under it to `newEmail` (users/updateEmail). */
  migrateEmail(user, newEmail) {
    const old = user.email;
    this.changeIdentifier(user, "email", newEmail);
    if (user.dataFields.email !== void 0) user.dataFields.email = newEmail;
    if (old === void 0) return;
    for (const event of this.state.events) if (event.email === old) event.email = newEmail;
    for (const purchase of this.state.purchases) if (purchase.email === old) purchase.email = newEmail;
  }
  /** Stores an event; an id already seen replaces that event in place. Returns the event id. */
  recordEvent(event) {
    const id = event.id ?? this.generateId();
    const stored = { ...event, id, receivedAt: this.now(), updates: 0 };
    if (!this.options.storeEvents) return id;
    upsert(this.eventsById, this.state.events, stored);
    return id;
  }
  recordPurchase(purchase) {
    const id = purchase.id ?? this.generateId();
    upsert(this.purchasesById, this.state.purchases, { ...purchase, id, receivedAt: this.now(), updates: 0 });
    return id;
  }
  setCart(user, items) {
    user.cart = items;
    user.updatedAt = this.now();
  }
  log(entry) {
    const counter = this.state.counters[entry.endpoint ?? "unmatched"];
    counter.requests += 1;
    counter.records += entry.records;
    counter.byStatus[entry.status] = (counter.byStatus[entry.status] ?? 0) + 1;
    const log = this.state.requests;
    log.push(entry);
    const max = this.options.maxLoggedRequests;
    if (log.length > max + Math.ceil(max / 10)) log.splice(0, log.length - max);
  }
  generateId() {
    this.generatedIds += 1;
    return `emu-${this.generatedIds.toString(16).padStart(8, "0")}`;
  }
};
function upsert(index, list, item) {
  const existing = index.get(item.id);
  if (!existing) {
    index.set(item.id, item);
    list.push(item);
    return;
  }
  const updates = existing.updates + 1;
  for (const key of Object.keys(existing)) delete existing[key];
  Object.assign(existing, item, { updates });
}
function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// src/emulator/field-types.ts
var EMULATOR_PROJECT_ID = 1;
function typeOf2(value) {
  if (value === null || value === void 0) return void 0;
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(value) ? "long" : "double";
    case "object":
      return "object";
    default:
      return void 0;
  }
}
function compatible(expected, incoming) {
  if (expected === incoming) return true;
  const numeric = (t) => t === "long" || t === "double";
  return numeric(expected) && numeric(incoming);
}
function walk(fields, prefix, visit) {
  for (const [key, value] of Object.entries(fields)) {
    const type = typeOf2(value);
    if (type === void 0) continue;
    const path = prefix === "" ? key : `${prefix}.${key}`;
    visit(path, type, value);
    if (type === "object") walk(value, path, visit);
  }
}
function render2(value) {
  return typeof value === "string" ? value : JSON.stringify(value);
}
function checkFieldTypes(known, records) {
  const created = /* @__PURE__ */ new Map();
  const validationErrors = {};
  let failed2 = false;
  for (const fields of records) {
    if (!fields) continue;
    walk(fields, "", (path, type, value) => {
      const expected = known.get(path) ?? created.get(path);
      if (expected === void 0) {
        created.set(path, type);
        return;
      }
      if (compatible(expected, type)) return;
      const key = `${EMULATOR_PROJECT_ID}:::${path}`;
      if (validationErrors[key]) return;
      failed2 = true;
      validationErrors[key] = {
        incomingTypes: [type],
        expectedType: expected,
        category: "user",
        offendingValue: render2(value),
        _type: "UnexpectedType"
      };
    });
  }
  return failed2 ? { ok: false, validationErrors } : { ok: true, created };
}

// src/emulator/validate.ts
function validateBody(schema, body, strict) {
  const parsed = schema.safeParse(body);
  if (parsed.success) return void 0;
  const issues = strict ? parsed.error.issues : parsed.error.issues.filter((issue) => issue.code !== "unrecognized_keys");
  const first = issues[0];
  if (!first) return void 0;
  const where = first.path.length > 0 ? first.path.join(".") : "body";
  const extra = first.code === "unrecognized_keys" ? ` (${first.keys.join(", ")})` : "";
  return badParams(`Invalid request: ${where}: ${first.message}${extra}`, {
    validationErrors: issues.slice(0, 20).map((issue) => ({ field: issue.path.join("."), message: issue.message }))
  });
}
function requireIdentity2(record, where) {
  if (isPlainObject(record) && (typeof record.email === "string" || typeof record.userId === "string")) return void 0;
  return badParams(`Invalid request: ${where}: one of email or userId is required`, { field: where });
}
function checkUserFieldTypes(store, records) {
  const result = checkFieldTypes(store.state.fieldTypes, records);
  if (!result.ok) {
    const fields = Object.keys(result.validationErrors).map((key) => key.split(":::")[1]);
    return {
      ok: false,
      reply: apiReply(400, "RequestFieldsTypesMismatched", `Field types do not match previous values: ${fields.join(", ")}`, {
        validationErrors: result.validationErrors
      })
    };
  }
  return {
    ok: true,
    commit: () => {
      for (const [path, type] of result.created) store.state.fieldTypes.set(path, type);
      return [...result.created.keys()];
    }
  };
}
function dropUnknownFields(store, fields, filteredOut) {
  if (!fields) return fields;
  const kept = {};
  for (const [key, value] of Object.entries(fields)) {
    if (store.state.fieldTypes.has(key)) kept[key] = value;
    else filteredOut.add(key);
  }
  return kept;
}

// src/emulator/handlers/catalogs.ts
var NAME = /^[A-Za-z0-9-]{1,255}$/;
var upsertCatalogItems = (ctx) => {
  const invalid3 = validateBody(CatalogBulkBody, ctx.body, ctx.strictBodies);
  if (invalid3) return invalid3;
  const name = ctx.params.catalogName ?? "";
  if (!NAME.test(name)) return badParams(`Invalid catalog name: ${name}`, { field: "catalogName" });
  const body = ctx.body;
  const entries = Object.entries(body.documents);
  const maxItems = ENDPOINTS.upsertCatalogItem.maxItems;
  if (entries.length > maxItems) {
    return badParams(`Too many documents: ${entries.length} (at most ${maxItems} per request)`, { field: "documents" });
  }
  for (const [id, item] of entries) {
    if (!NAME.test(id)) return badParams(`Invalid catalog item id: ${id}`, { field: `documents.${id}` });
    if (!isPlainObject(item)) return badParams(`Invalid request: documents.${id}: expected an object`, { field: `documents.${id}` });
    const dotted = Object.keys(item).find((key2) => key2.includes("."));
    if (dotted !== void 0) return badParams(`Catalog field names cannot contain periods: ${dotted}`, { field: `documents.${id}.${dotted}` });
  }
  const key = name.toLowerCase();
  const catalog = ctx.store.state.catalogs.get(key) ?? /* @__PURE__ */ new Map();
  ctx.store.state.catalogs.set(key, catalog);
  for (const [id, item] of entries) {
    const fields = item;
    const existing = catalog.get(id);
    catalog.set(id, body.replaceUploadedFieldsOnly && existing ? { ...existing, ...fields } : { ...fields });
  }
  return apiReply(202, "Success", `Request to bulk-upload documents into ${name} processed successfully`);
};

// src/emulator/records.ts
var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
var USER_ID = /^[\x20-\x7e]{0,51}[\x21-\x7e]$/;
function isValidEmail(email) {
  return EMAIL.test(email);
}
function isValidUserId(userId) {
  return USER_ID.test(userId);
}
function attribute(base, identity) {
  if (identity.email !== void 0) return { key: `${base}Emails`, value: identity.email };
  return { key: `${base}UserIds`, value: identity.userId ?? "" };
}
function gateRecord(identity, store, faults) {
  if (identity.email !== void 0 && !isValidEmail(identity.email)) return { key: "invalidEmails", value: identity.email };
  if (identity.userId !== void 0 && !isValidUserId(identity.userId)) return { key: "invalidUserIds", value: identity.userId };
  if (store.isForgotten(identity.email)) return { key: "forgottenEmails", value: identity.email };
  if (store.isForgotten(identity.userId)) return { key: "forgottenUserIds", value: identity.userId };
  const injected = faults.takeRecordFailure(identity);
  if (injected) {
    const byEmail = injected.endsWith("Emails");
    return { key: injected, value: byEmail ? identity.email : identity.userId };
  }
  return void 0;
}
function lookupForWrite(identity, dataFields, store) {
  const resolution = store.resolve(identity);
  if (resolution.kind === "conflict") return { ok: false, failure: attribute("conflict", identity) };
  const user = resolution.kind === "found" ? resolution.user : void 0;
  if (isPlainObject(dataFields)) {
    const email = dataFields.email;
    if (typeof email === "string" && email !== identity.email) {
      if (!isValidEmail(email)) return { ok: false, failure: { key: "invalidEmails", value: email } };
      if (!store.identifierFree("email", email, user)) return { ok: false, failure: attribute("conflict", identity) };
    }
    const userId = dataFields.userId;
    if (typeof userId === "string" && userId !== identity.userId) {
      if (!isValidUserId(userId)) return { ok: false, failure: { key: "invalidUserIds", value: userId } };
      if (!store.identifierFree("userId", userId, user)) return { ok: false, failure: attribute("conflict", identity) };
    }
  }
  return { ok: true, user };
}
function writeUser(store, identity, found, dataFields, mergeNestedObjects) {
  const user = store.upsertUser(identity, found);
  if (dataFields) {
    if (typeof dataFields.email === "string" && dataFields.email !== user.email) store.changeIdentifier(user, "email", dataFields.email);
    if (typeof dataFields.userId === "string" && dataFields.userId !== user.userId) store.changeIdentifier(user, "userId", dataFields.userId);
    store.mergeDataFields(user, dataFields, mergeNestedObjects);
  }
  return user;
}
function notFound(identity) {
  return attribute("notFound", identity);
}
function singleFailureReply(failure2) {
  const { key, value } = failure2;
  switch (key) {
    case "invalidEmails":
      return apiReply(400, "InvalidEmailAddressError", `Invalid email: ${value}`);
    case "invalidUserIds":
      return apiReply(400, "InvalidUserIdError", `Invalid userId: ${value}`);
    case "forgottenEmails":
    case "forgottenUserIds":
      return apiReply(409, "ForgottenUserError", `Contact is GDPR forgotten: ${value}`);
    case "conflictEmails":
      return apiReply(409, "EmailAlreadyExists", `Email/userId conflict: another user already has the identifier given for ${value}`);
    case "conflictUserIds":
      return apiReply(409, "UserIdAlreadyExists", `Email/userId conflict: another user already has the identifier given for ${value}`);
    case "invalidDataEmails":
    case "invalidDataUserIds":
      return apiReply(400, "BadParams", `Invalid data for user ${value}`);
    case "notFoundEmails":
      return apiReply(400, "UnknownEmailError", `User does not exist: ${value}`);
    case "notFoundUserIds":
      return apiReply(400, "UnknownUserIdError", `User does not exist: ${value}`);
    default:
      return apiReply(400, "BadParams", `Record failed (${String(key)}): ${value}`);
  }
}

// src/emulator/bulk-reply.ts
var EVENT_FAILURE_KEYS = [
  "forgottenEmails",
  "forgottenUserIds",
  "invalidEmails",
  "invalidUserIds",
  "notFoundEmails",
  "notFoundUserIds"
];
var BulkTally = class {
  successCount = 0;
  failCount = 0;
  failed = /* @__PURE__ */ new Map();
  createdFields = [];
  filteredOutFields = /* @__PURE__ */ new Set();
  disallowedEventNames = /* @__PURE__ */ new Set();
  succeed() {
    this.successCount += 1;
  }
  fail(failure2) {
    this.failCount += 1;
    const list = this.failed.get(failure2.key) ?? [];
    if (!list.includes(failure2.value)) list.push(failure2.value);
    this.failed.set(failure2.key, list);
  }
  /** A record refused without an identifier-level reason (trackBulk's disallowed event names). */
  failDisallowed(eventName) {
    this.failCount += 1;
    this.disallowedEventNames.add(eventName);
  }
  reply(kind) {
    const keys = kind === "users" ? FAILED_UPDATE_KEYS : EVENT_FAILURE_KEYS;
    const failedUpdates = {};
    for (const key of keys) failedUpdates[key] = this.failed.get(key) ?? [];
    for (const [key, list] of this.failed) failedUpdates[key] = list;
    const body = {
      successCount: this.successCount,
      failCount: this.failCount,
      createdFields: this.createdFields,
      filteredOutFields: [...this.filteredOutFields],
      invalidEmails: this.failed.get("invalidEmails") ?? [],
      invalidUserIds: this.failed.get("invalidUserIds") ?? [],
      failedUpdates
    };
    if (kind === "events") body.disallowedEventNames = [...this.disallowedEventNames];
    return json(200, body);
  }
};

// src/emulator/handlers/users.ts
function identityOf(record) {
  return {
    email: typeof record.email === "string" ? record.email : void 0,
    userId: typeof record.userId === "string" ? record.userId : void 0
  };
}
var updateUser = (ctx) => {
  const invalid3 = validateBody(UpdateUserBody, ctx.body, ctx.strictBodies) ?? requireIdentity2(ctx.body, "body");
  if (invalid3) return invalid3;
  const body = ctx.body;
  const identity = identityOf(body);
  const fields = body.createNewFields === false ? dropUnknownFields(ctx.store, body.dataFields, /* @__PURE__ */ new Set()) : body.dataFields;
  const failure2 = gateRecord(identity, ctx.store, ctx.faults);
  if (failure2) return singleFailureReply(failure2);
  const types = checkUserFieldTypes(ctx.store, [fields]);
  if (!types.ok) return types.reply;
  const lookup2 = lookupForWrite(identity, fields, ctx.store);
  if (!lookup2.ok) return singleFailureReply(lookup2.failure);
  types.commit();
  writeUser(ctx.store, identity, lookup2.user, fields, body.mergeNestedObjects ?? false);
  return success();
};
var bulkUpdateUsers = (ctx) => {
  const invalid3 = validateBody(BulkUpdateUsersBody, ctx.body, ctx.strictBodies);
  if (invalid3) return invalid3;
  const body = ctx.body;
  for (const [i, user] of body.users.entries()) {
    const missing = requireIdentity2(user, `users[${i}]`);
    if (missing) return missing;
  }
  const tally = new BulkTally();
  const records = body.users.map((user) => ({
    user,
    identity: identityOf(user),
    fields: (user.createNewFields ?? body.createNewFields) === false ? dropUnknownFields(ctx.store, user.dataFields, tally.filteredOutFields) : user.dataFields
  }));
  const types = checkUserFieldTypes(
    ctx.store,
    records.map((record) => record.fields)
  );
  if (!types.ok) return types.reply;
  tally.createdFields.push(...types.commit());
  for (const { user, identity, fields } of records) {
    const failure2 = gateRecord(identity, ctx.store, ctx.faults);
    if (failure2) {
      tally.fail(failure2);
      continue;
    }
    const lookup2 = lookupForWrite(identity, fields, ctx.store);
    if (!lookup2.ok) {
      tally.fail(lookup2.failure);
      continue;
    }
    if (!lookup2.user && body.updateOnly === true) {
      tally.fail(notFound(identity));
      continue;
    }
    writeUser(ctx.store, identity, lookup2.user, fields, user.mergeNestedObjects ?? false);
    tally.succeed();
  }
  return tally.reply("users");
};
var updateEmail = (ctx) => {
  const invalid3 = validateBody(UpdateEmailBody, ctx.body, ctx.strictBodies);
  if (invalid3) return invalid3;
  const body = ctx.body;
  if (body.currentEmail === void 0 && body.currentUserId === void 0) {
    return badParams("Invalid request: one of currentEmail or currentUserId is required", { field: "currentEmail" });
  }
  if (!isValidEmail(body.newEmail)) return apiReply(400, "InvalidEmailAddressError", `Invalid email: ${body.newEmail}`);
  const identity = body.currentEmail !== void 0 ? { email: body.currentEmail } : { userId: body.currentUserId };
  const failure2 = gateRecord(identity, ctx.store, ctx.faults);
  if (failure2) return singleFailureReply(failure2);
  if (ctx.store.isForgotten(body.newEmail)) return singleFailureReply({ key: "forgottenEmails", value: body.newEmail });
  const resolution = ctx.store.resolve(identity);
  if (resolution.kind !== "found") return singleFailureReply(notFound(identity));
  if (!ctx.store.identifierFree("email", body.newEmail, resolution.user)) {
    return apiReply(400, "EmailAlreadyExists", `Email already exists: ${body.newEmail}`, { newEmail: body.newEmail });
  }
  ctx.store.migrateEmail(resolution.user, body.newEmail);
  return success();
};

// src/emulator/handlers/commerce.ts
function withPurchaser(ctx, user, act) {
  const identity = identityOf(user);
  const failure2 = gateRecord(identity, ctx.store, ctx.faults);
  if (failure2) return singleFailureReply(failure2);
  const types = checkUserFieldTypes(ctx.store, [user.dataFields]);
  if (!types.ok) return types.reply;
  const lookup2 = lookupForWrite(identity, user.dataFields, ctx.store);
  if (!lookup2.ok) return singleFailureReply(lookup2.failure);
  types.commit();
  return act(writeUser(ctx.store, identity, lookup2.user, user.dataFields, user.mergeNestedObjects ?? false));
}
var trackPurchase = (ctx) => {
  const invalid3 = validateBody(TrackPurchaseBody, ctx.body, ctx.strictBodies) ?? requireIdentity2(ctx.body.user, "user");
  if (invalid3) return invalid3;
  const body = ctx.body;
  return withPurchaser(ctx, body.user, (user) => {
    ctx.store.setCart(user, []);
    const id = ctx.store.recordPurchase({
      id: body.id,
      ...user.email === void 0 ? {} : { email: user.email },
      ...user.userId === void 0 ? {} : { userId: user.userId },
      items: body.items,
      total: body.total,
      ...body.createdAt === void 0 ? {} : { createdAt: body.createdAt },
      ...body.dataFields === void 0 ? {} : { dataFields: body.dataFields },
      ...body.campaignId === void 0 ? {} : { campaignId: body.campaignId },
      ...body.templateId === void 0 ? {} : { templateId: body.templateId }
    });
    return success(`Purchase with id: ${id} tracked.`, { id });
  });
};
var updateCart = (ctx) => {
  const invalid3 = validateBody(UpdateCartBody, ctx.body, ctx.strictBodies) ?? requireIdentity2(ctx.body.user, "user");
  if (invalid3) return invalid3;
  const body = ctx.body;
  return withPurchaser(ctx, body.user, (user) => {
    ctx.store.setCart(user, body.items);
    return success();
  });
};

// src/emulator/handlers/events.ts
function track(ctx, event, via) {
  const identity = identityOf(event);
  const failure2 = gateRecord(identity, ctx.store, ctx.faults);
  if (failure2) return { failure: failure2 };
  const lookup2 = lookupForWrite(identity, void 0, ctx.store);
  if (!lookup2.ok) return { failure: lookup2.failure };
  writeUser(ctx.store, identity, lookup2.user, void 0, false);
  const id = ctx.store.recordEvent({
    id: event.id,
    eventName: event.eventName,
    ...identity.email === void 0 ? {} : { email: identity.email },
    ...identity.userId === void 0 ? {} : { userId: identity.userId },
    ...event.createdAt === void 0 ? {} : { createdAt: event.createdAt },
    ...event.dataFields === void 0 ? {} : { dataFields: event.dataFields },
    ...event.campaignId === void 0 ? {} : { campaignId: event.campaignId },
    ...event.templateId === void 0 ? {} : { templateId: event.templateId },
    via
  });
  return { id };
}
var trackEvent = (ctx) => {
  const invalid3 = validateBody(TrackEventBody, ctx.body, ctx.strictBodies) ?? requireIdentity2(ctx.body, "body");
  if (invalid3) return invalid3;
  const event = ctx.body;
  if (ctx.disallowedEventNames.has(event.eventName)) {
    return badParams(`Event name ${event.eventName} is disallowed from tracking`, { eventName: event.eventName });
  }
  const result = track(ctx, event, "track");
  if ("failure" in result) return singleFailureReply(result.failure);
  return success(`Event with id: ${result.id} tracked.`, { id: result.id });
};
var trackBulk = (ctx) => {
  const invalid3 = validateBody(TrackBulkBody, ctx.body, ctx.strictBodies);
  if (invalid3) return invalid3;
  const body = ctx.body;
  for (const [i, event] of body.events.entries()) {
    const missing = requireIdentity2(event, `events[${i}]`);
    if (missing) return missing;
  }
  const tally = new BulkTally();
  for (const event of body.events) {
    if (ctx.disallowedEventNames.has(event.eventName)) {
      tally.failDisallowed(event.eventName);
      continue;
    }
    const result = track(ctx, event, "trackBulk");
    if ("failure" in result) tally.fail(result.failure);
    else tally.succeed();
  }
  return tally.reply("events");
};

// src/emulator/handlers/lists.ts
function findList(ctx, listId) {
  return ctx.store.state.lists.get(listId) ?? apiReply(400, "Success", `error.lists.invalidListId(${listId})`, { listId });
}
function requireIdentities(subscribers) {
  for (const [i, subscriber] of subscribers.entries()) {
    const missing = requireIdentity2(subscriber, `subscribers[${i}]`);
    if (missing) return missing;
  }
  return void 0;
}
function listRequest(ctx, schema) {
  const invalid3 = validateBody(schema, ctx.body, ctx.strictBodies);
  if (invalid3) return invalid3;
  const body = ctx.body;
  const list = findList(ctx, body.listId);
  if ("status" in list) return list;
  return requireIdentities(body.subscribers) ?? { body, list };
}
var subscribeToList = (ctx) => {
  const request2 = listRequest(ctx, SubscribeBody);
  if ("status" in request2) return request2;
  const { body, list } = request2;
  const types = checkUserFieldTypes(
    ctx.store,
    body.subscribers.map((subscriber) => subscriber.dataFields)
  );
  if (!types.ok) return types.reply;
  const tally = new BulkTally();
  tally.createdFields.push(...types.commit());
  for (const subscriber of body.subscribers) {
    const identity = identityOf(subscriber);
    const failure2 = gateRecord(identity, ctx.store, ctx.faults);
    if (failure2) {
      tally.fail(failure2);
      continue;
    }
    const lookup2 = lookupForWrite(identity, subscriber.dataFields, ctx.store);
    if (!lookup2.ok) {
      tally.fail(lookup2.failure);
      continue;
    }
    if (!lookup2.user && body.updateExistingUsersOnly === true) {
      tally.fail(notFound(identity));
      continue;
    }
    const user = writeUser(ctx.store, identity, lookup2.user, subscriber.dataFields, subscriber.mergeNestedObjects ?? false);
    list.members.add(user);
    tally.succeed();
  }
  return tally.reply("users");
};
var unsubscribeFromList = (ctx) => {
  const request2 = listRequest(ctx, UnsubscribeBody);
  if ("status" in request2) return request2;
  const { body, list } = request2;
  const tally = new BulkTally();
  for (const subscriber of body.subscribers) {
    const identity = identityOf(subscriber);
    const failure2 = gateRecord(identity, ctx.store, ctx.faults);
    if (failure2) {
      tally.fail(failure2);
      continue;
    }
    const resolution = ctx.store.resolve(identity);
    if (resolution.kind !== "found" || !list.members.has(resolution.user)) {
      tally.fail(notFound(identity));
      continue;
    }
    list.members.delete(resolution.user);
    tally.succeed();
  }
  return tally.reply("users");
};

// src/emulator/handlers/lookups.ts
function profileDate(ms) {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} +00:00`;
}
function renderUser(store, user) {
  const listIds = [...store.state.lists.values()].filter((list) => list.members.has(user)).map((list) => list.id);
  const dataFields = {
    ...user.dataFields,
    ...user.email === void 0 ? {} : { email: user.email },
    ...user.userId === void 0 ? {} : { userId: user.userId },
    signupDate: profileDate(user.createdAt),
    profileUpdatedAt: profileDate(user.updatedAt)
  };
  if (listIds.length > 0) dataFields.emailListIds = listIds;
  if (user.devices.length > 0) dataFields.devices = user.devices;
  if (user.browserTokens.length > 0) dataFields.browserTokens = user.browserTokens;
  if (user.cart.length > 0) dataFields.shoppingCartItems = user.cart;
  return {
    ...user.email === void 0 ? {} : { email: user.email },
    ...user.userId === void 0 ? {} : { userId: user.userId },
    dataFields
  };
}
function lookup(store, user) {
  return json(200, user ? { user: renderUser(store, user) } : {});
}
var getUserByEmail = (ctx) => {
  const email = ctx.query.get("email");
  if (!email) return badParams("Invalid request: email: the email query parameter is required", { field: "email" });
  return lookup(ctx.store, ctx.store.state.users.byEmail.get(email));
};
var getUserByUserId = (ctx) => {
  const userId = ctx.params.userId ?? "";
  return lookup(ctx.store, ctx.store.state.users.byUserId.get(userId));
};
var deleteUser = (ctx) => {
  const userId = ctx.params.userId ?? "";
  if (ctx.store.deleteUsersByUserId(userId) === 0) {
    return apiReply(404, "NotFound", "error.users.noUserWithIdExists", { userId });
  }
  return success(`User with userId ${userId} deleted.`);
};

// src/emulator/handlers/tokens.ts
var MAX_TOKENS_PER_USER = 500;
function withUser(ctx, body, act) {
  const identity = identityOf(body);
  const failure2 = gateRecord(identity, ctx.store, ctx.faults);
  if (failure2) return singleFailureReply(failure2);
  const lookup2 = lookupForWrite(identity, void 0, ctx.store);
  if (!lookup2.ok) return singleFailureReply(lookup2.failure);
  return act(writeUser(ctx.store, identity, lookup2.user, void 0, false));
}
var registerDeviceToken = (ctx) => {
  const invalid3 = validateBody(RegisterDeviceTokenBody, ctx.body, ctx.strictBodies) ?? requireIdentity2(ctx.body, "body");
  if (invalid3) return invalid3;
  const body = ctx.body;
  return withUser(ctx, body, (user) => {
    const { token, platform, applicationName, dataFields } = body.device;
    const existing = user.devices.find((device) => device.token === token);
    if (existing) {
      Object.assign(existing, { platform, applicationName });
      if (dataFields) existing.dataFields = { ...existing.dataFields, ...dataFields };
      return success();
    }
    if (user.devices.length >= MAX_TOKENS_PER_USER) {
      return badParams(`Too many devices: a user can have at most ${MAX_TOKENS_PER_USER}`, { field: "device.token" });
    }
    user.devices.push({ token, platform, applicationName, ...dataFields ? { dataFields } : {} });
    return success();
  });
};
var registerBrowserToken = (ctx) => {
  const invalid3 = validateBody(RegisterBrowserTokenBody, ctx.body, ctx.strictBodies) ?? requireIdentity2(ctx.body, "body");
  if (invalid3) return invalid3;
  const body = ctx.body;
  return withUser(ctx, body, (user) => {
    if (user.browserTokens.includes(body.browserToken)) return success();
    if (user.browserTokens.length >= MAX_TOKENS_PER_USER) {
      return badParams(`Too many browser tokens: a user can have at most ${MAX_TOKENS_PER_USER}`, { field: "browserToken" });
    }
    user.browserTokens.push(body.browserToken);
    return success();
  });
};

// src/emulator/handlers/index.ts
var HANDLERS = {
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
  getUserByUserId
};

// src/emulator/options.ts
function invalid2(field, value, expected) {
  return new ConfigurationError(`Expected \`${field}\` to be ${expected}, got ${describeValue(value)}`, {
    field,
    code: "INVALID_EMULATOR_OPTIONS"
  });
}
function positiveInteger2(field, value, fallback) {
  if (value === void 0) return fallback;
  if (!(Number.isInteger(value) && value > 0)) throw invalid2(field, value, "a positive integer");
  return value;
}
function stringList(field, value) {
  if (value === void 0) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) throw invalid2(field, value, "an array of strings");
  return value;
}
function resolveRateLimits(value) {
  if (value === false) return () => Infinity;
  const overrides = value ?? {};
  for (const [name, limit] of Object.entries(overrides)) {
    if (!Object.hasOwn(ENDPOINTS, name)) throw invalid2("rateLimits", name, "keyed by catalogue endpoint names");
    if (!(typeof limit === "number" && limit > 0)) throw invalid2(`rateLimits.${name}`, limit, "a positive number (Infinity: unlimited)");
  }
  return (endpoint) => overrides[endpoint] ?? ENDPOINTS[endpoint].ratePerSecond;
}
function resolveOptions2(options = {}) {
  const port = options.port ?? 0;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw invalid2("port", port, "an integer from 0 to 65535");
  const apiKeys = options.apiKeys === void 0 ? void 0 : stringList("apiKeys", options.apiKeys);
  if (apiKeys?.some((key) => key === "")) throw invalid2("apiKeys", "", "non-empty keys");
  const lists = options.lists ?? [];
  if (!Array.isArray(lists) || !lists.every((list) => Number.isInteger(list?.id) && list.id > 0)) {
    throw invalid2("lists", lists, "an array of { id: positive integer, name? }");
  }
  if (options.clock !== void 0 && typeof options.clock !== "function") throw invalid2("clock", options.clock, "a function returning milliseconds");
  if (options.oversizeStatus !== void 0 && options.oversizeStatus !== 400 && options.oversizeStatus !== 413) {
    throw invalid2("oversizeStatus", options.oversizeStatus, "400 or 413");
  }
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw invalid2("seed", seed, "an integer");
  return {
    port,
    host: options.host ?? "127.0.0.1",
    apiKeys: apiKeys === void 0 ? void 0 : new Set(apiKeys),
    rateLimit: resolveRateLimits(options.rateLimits),
    lists: lists.map((list) => ({ id: list.id, ...list.name === void 0 ? {} : { name: list.name } })),
    forgotten: stringList("forgotten", options.forgotten),
    disallowedEventNames: new Set(stringList("disallowedEventNames", options.disallowedEventNames)),
    clock: options.clock ?? Date.now,
    seed,
    maxBodyBytes: positiveInteger2("maxBodyBytes", options.maxBodyBytes, MAX_BODY_BYTES),
    oversizeStatus: options.oversizeStatus ?? 400,
    strictBodies: options.strictBodies ?? false,
    storeEvents: options.storeEvents ?? true,
    maxLoggedRequests: positiveInteger2("maxLoggedRequests", options.maxLoggedRequests, 5e4),
    onRequest: options.onRequest
  };
}

// src/emulator/rate-limiter.ts
var WINDOW_MS = 1e3;
var SlidingWindowLimiter = class {
  constructor(clock2) {
    this.clock = clock2;
  }
  clock;
  windows = /* @__PURE__ */ new Map();
  /** True when the request is admitted (and counted); false when it must get a 429. */
  tryAcquire(key, limit) {
    if (!Number.isFinite(limit)) return true;
    const now = this.clock();
    let window = this.windows.get(key);
    if (!window) {
      window = { times: [], head: 0 };
      this.windows.set(key, window);
    }
    while (window.head < window.times.length && window.times[window.head] <= now - WINDOW_MS) {
      window.head += 1;
    }
    if (window.head > 1024 && window.head * 2 > window.times.length) {
      window.times = window.times.slice(window.head);
      window.head = 0;
    }
    if (window.times.length - window.head >= limit) return false;
    window.times.push(now);
    return true;
  }
};

// src/emulator/server.ts
function apiKeyOf(req) {
  const value = req.headers["api-key"] ?? req.headers["api_key"];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}
function countRecords(endpoint, body) {
  const spec = ENDPOINTS[endpoint];
  if (spec.method === "GET") return 0;
  if (!("itemsKey" in spec)) return 1;
  const items = body?.[spec.itemsKey];
  if (Array.isArray(items)) return items.length;
  return typeof items === "object" && items !== null ? Object.keys(items).length : 0;
}
function parseJson2(text3) {
  if (text3.trim() === "") return { ok: false, reply: badJsonBody("the body is empty") };
  try {
    return { ok: true, value: JSON.parse(text3) };
  } catch (error) {
    return { ok: false, reply: badJsonBody(error.message) };
  }
}
function malformed(fault, real) {
  const status = fault.status ?? 200;
  if (fault.shape === "html") {
    return { status, contentType: "text/html; charset=utf-8", body: "<html><body><h1>Bad Gateway</h1><p>The upstream replied in an unexpected way.</p></body></html>" };
  }
  if (fault.shape === "empty") return { status, contentType: "application/json", body: "" };
  const text3 = renderBody(real ?? success()).text;
  return { status, contentType: "application/json", body: text3.slice(0, Math.max(1, Math.floor(text3.length / 2))) };
}
var Emulator = class {
  constructor(options) {
    this.options = options;
    this.store = new Store({
      lists: options.lists,
      forgotten: options.forgotten,
      storeEvents: options.storeEvents,
      maxLoggedRequests: options.maxLoggedRequests,
      clock: options.clock
    });
    this.faults = new FaultBook(seededRandom(options.seed));
    this.limiter = new SlidingWindowLimiter(options.clock);
  }
  options;
  store;
  faults;
  limiter;
  sleeps = /* @__PURE__ */ new Map();
  closed = false;
  async handle(req, res) {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const route = matchRoute(method, url.pathname);
    const body = await readBody(req, this.options.maxBodyBytes);
    const entry = { at: this.options.clock(), method, path: url.pathname, status: 0, bytes: body.bytes, records: 0 };
    if (!route) return this.finish(res, entry, actionNotFound());
    const endpoint = route.endpoint;
    entry.endpoint = endpoint;
    const delay = this.faults.takeLatency(endpoint);
    if (delay > 0) {
      entry.fault = "latency";
      await this.sleep(delay);
      if (this.closed) return this.drop(req, entry);
    }
    const fault = this.faults.takeBefore(endpoint);
    if (fault) return this.applyFault(fault, req, res, entry, void 0);
    const key = apiKeyOf(req);
    const accepted = key !== "" && (this.options.apiKeys === void 0 || this.options.apiKeys.has(key));
    if (!accepted) return this.finish(res, entry, badApiKey(url.pathname));
    const bucket = ENDPOINTS[endpoint].rateScope === "apiKey" ? `${endpoint}\0${key}` : endpoint;
    if (!this.limiter.tryAcquire(bucket, this.options.rateLimit(endpoint))) {
      return this.finish(res, entry, rateLimited());
    }
    if (body.text === void 0) return this.finish(res, entry, bodyTooLarge(this.options.oversizeStatus, body.bytes, this.options.maxBodyBytes));
    let parsed;
    if (method === "POST") {
      const json2 = parseJson2(body.text);
      if (!json2.ok) return this.finish(res, entry, json2.reply);
      parsed = json2.value;
    }
    entry.records = countRecords(endpoint, parsed);
    const reply = HANDLERS[endpoint]({
      body: parsed,
      params: route.params,
      query: url.searchParams,
      store: this.store,
      faults: this.faults,
      strictBodies: this.options.strictBodies,
      disallowedEventNames: this.options.disallowedEventNames
    });
    const after = this.faults.takeAfter(endpoint);
    if (after) return this.applyFault(after, req, res, entry, reply);
    this.finish(res, entry, reply);
  }
  /** Last resort for a bug in a handler: answer like Iterable's own 500 and keep serving. */
  fail(res, req) {
    if (res.headersSent || res.destroyed) return;
    const entry = { at: this.options.clock(), method: req.method ?? "GET", path: (req.url ?? "/").split("?")[0] ?? "/", status: 0, bytes: 0, records: 0 };
    this.finish(res, entry, apiReply(500, "GenericError", "Internal emulator error"));
  }
  closeAll() {
    this.closed = true;
    for (const [timer, wake] of this.sleeps) {
      clearTimeout(timer);
      wake();
    }
    this.sleeps.clear();
  }
  sleep(ms) {
    return new Promise((resolve2) => {
      const timer = setTimeout(() => {
        this.sleeps.delete(timer);
        resolve2();
      }, ms);
      this.sleeps.set(timer, resolve2);
    });
  }
  applyFault(fault, req, res, entry, handled) {
    entry.fault = fault.kind;
    switch (fault.kind) {
      case "dropConnection":
        return this.drop(req, entry);
      case "serverError":
        return this.finish(res, entry, serverError(fault.status));
      case "rateLimitBurst":
        return this.finish(res, entry, rateLimited(fault.retryAfterSeconds));
      case "malformedReply":
        return this.finish(res, entry, malformed(fault, handled));
    }
  }
  drop(req, entry) {
    req.socket.destroy();
    this.record(entry);
  }
  finish(res, entry, reply) {
    const { text: text3, contentType } = renderBody(reply);
    res.writeHead(reply.status, {
      "content-type": contentType,
      "content-length": Buffer.byteLength(text3),
      ...reply.headers
    });
    res.end(text3);
    entry.status = reply.status;
    this.record(entry);
  }
  record(entry) {
    this.store.log(entry);
    this.options.onRequest?.(entry);
  }
};
async function startEmulator(options) {
  const resolved = resolveOptions2(options);
  const emulator = new Emulator(resolved);
  const server = createServer((req, res) => {
    emulator.handle(req, res).catch(() => emulator.fail(res, req));
  });
  await new Promise((resolve2, reject) => {
    const onError = (error) => {
      reject(
        new IterableDestinationError(`The emulator could not listen on ${resolved.host}:${resolved.port}: ${error.message}`, {
          code: "EMULATOR_LISTEN_FAILED",
          statusCode: 500,
          cause: error
        })
      );
    };
    server.once("error", onError);
    server.listen(resolved.port, resolved.host, () => {
      server.off("error", onError);
      resolve2();
    });
  });
  const port = server.address().port;
  const host = resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host;
  let closing;
  return {
    url: `http://${host}:${port}`,
    port,
    state: emulator.store.state,
    inject: emulator.faults.api(),
    close: () => {
      closing ??= new Promise((resolve2) => {
        emulator.closeAll();
        server.close(() => resolve2());
        server.closeAllConnections();
      });
      return closing;
    }
  };
}
export {
  BODY_SCHEMAS,
  CALL_OPS,
  ConfigurationError,
  DATA_CENTERS,
  EMULATOR_PROJECT_ID,
  ENDPOINTS,
  InstrumentationError,
  IterableApiError,
  IterableDestinationError,
  MAX_BODY_BYTES,
  NetworkError,
  PROFILES,
  SettingsSchema,
  TransformationError,
  attributeBulkReply,
  classify,
  createDestination,
  events_exports as events,
  parseSettings,
  payloads_exports as payloads,
  planRequests,
  resolveSettings,
  startEmulator,
  transform,
  transformWith
};
