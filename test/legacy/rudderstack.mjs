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
    const text2 = JSON.stringify(value);
    if (text2 === void 0) return typeof value;
    return text2.length > 80 ? `${text2.slice(0, 77)}...` : text2;
  } catch {
    return typeof value;
  }
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
var DATA_CENTERS = {
  USDC: "https://api.iterable.com",
  EUDC: "https://api.eu.iterable.com"
};

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
  const text2 = safeString(raw);
  return isUsable(text2) ? text2 : void 0;
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
    const invalid = validateEvent(message, type, trackName !== void 0 && ECOMMERCE_EVENT_NAMES.has(trackName));
    if (invalid) throw invalid;
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

// src/rudderstack/request.ts
function rudderStackBase(settings) {
  return `${settings.host}/api/`;
}
function belowApi(path) {
  return path.replace(/^\/api\//, "");
}
function rudderStackPath(call) {
  if (call.op === "upsertCatalogItem") {
    return { path: `catalogs/${String(call.catalog)}/items`, endpointPath: "catalogs" };
  }
  const path = belowApi(ENDPOINTS[call.op].path);
  return { path, endpointPath: path };
}
function rudderStackRequest(call, settings) {
  const { path, endpointPath } = rudderStackPath(call);
  const isTokenCall = "key" in call && call.key === "token";
  const apiKey = isTokenCall ? settings.registerDeviceOrBrowserApiKey : settings.apiKey;
  return restRequest(`${rudderStackBase(settings)}${path}`, endpointPath, apiKey, call.body);
}
function restRequest(endpoint, endpointPath, apiKey, json) {
  return {
    version: "1",
    type: "REST",
    method: "POST",
    endpoint,
    endpointPath,
    headers: { "Content-Type": "application/json", api_key: apiKey },
    params: {},
    body: { JSON: json, JSON_ARRAY: {}, XML: {}, FORM: {} },
    files: {}
  };
}
var rudderStackSettings = /* @__PURE__ */ new WeakMap();
function settingsForConfig(config) {
  if (config === null || typeof config !== "object" || Array.isArray(config)) return config;
  let settings = rudderStackSettings.get(config);
  if (!settings) {
    settings = { ...config, profile: "rudderstack" };
    rudderStackSettings.set(config, settings);
  }
  return settings;
}
function resolveConfig(config) {
  return resolveSettings(settingsForConfig(config));
}

// src/rudderstack/stable-json.ts
function stableJson(value) {
  return JSON.stringify(sortKeys(value)) ?? "undefined";
}
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const source = value;
  const sorted = {};
  for (const key of Object.keys(source).sort()) sorted[key] = sortKeys(source[key]);
  return sorted;
}

// src/rudderstack/config-cache.ts
function configResolver() {
  const byContent = /* @__PURE__ */ new Map();
  return (config, contentKey) => {
    if (!isObject(config)) return resolveConfig(config);
    const key = contentKey ?? stableJson(config);
    let resolved = byContent.get(key);
    if (!resolved) {
      resolved = resolveConfig(config);
      byContent.set(key, resolved);
    }
    return resolved;
  };
}

// src/rudderstack/stat-tags.ts
function errorClassTags(error) {
  if (error instanceof InstrumentationError) return { errorCategory: "dataValidation", errorType: "instrumentation" };
  if (error instanceof ConfigurationError) return { errorCategory: "dataValidation", errorType: "configuration" };
  return { errorCategory: "transformation" };
}
function destinationTags(feature, metadata) {
  const meta = metadata !== null && typeof metadata === "object" ? metadata : {};
  return {
    destType: "ITERABLE",
    module: "destination",
    implementation: "native",
    feature,
    destinationId: meta.destinationId,
    workspaceId: meta.workspaceId
  };
}
function processorStatTags(error, metadata) {
  const own = errorClassTags(error);
  if (own.errorType === void 0) return own;
  return { ...own, ...destinationTags("processor", metadata) };
}

// src/rudderstack/processor.ts
function processorTransform(body) {
  const events = Array.isArray(body) ? body : [];
  const out = [];
  const resolve2 = configResolver();
  for (const event of events) {
    const metadata = isObject(event) ? event.metadata : void 0;
    try {
      out.push(...processOne(event, resolve2));
    } catch (cause) {
      out.push(failure(new TransformationError(cause instanceof Error ? cause.message : String(cause), { cause }), metadata));
    }
  }
  return out;
}
function processOne(event, resolve2) {
  if (!isObject(event)) {
    return [failure(new TransformationError(`Cannot read properties of ${event === null ? "null" : typeof event} (reading 'message')`), void 0)];
  }
  const { metadata } = event;
  const destination = event.destination;
  if (!isObject(destination)) {
    return [failure(new TransformationError("Cannot read properties of undefined (reading 'Config')"), metadata)];
  }
  const settings = resolve2(destination.Config);
  if (!settings.ok) return [failure(settings.error, metadata)];
  const result = transformWith(event.message, settings.settings);
  if (!result.ok) return [failure(result.error, metadata)];
  return result.calls.map((call) => ({
    output: { ...rudderStackRequest(call, settings.settings), userId: "" },
    metadata,
    statusCode: 200
  }));
}
function failure(error, metadata) {
  return { metadata, statusCode: error.statusCode, error: error.message, statTags: processorStatTags(error, metadata) };
}

// src/rudderstack/router-paths.ts
var ROUTER_PATHS = {
  updateUser: belowApi(ENDPOINTS.updateUser.path),
  registerDeviceToken: belowApi(ENDPOINTS.registerDeviceToken.path),
  registerBrowserToken: belowApi(ENDPOINTS.registerBrowserToken.path),
  bulkUpdate: belowApi(ENDPOINTS.bulkUpdateUsers.path),
  trackBulk: belowApi(ENDPOINTS.trackBulk.path)
};
var CATALOG_MARKER = ENDPOINTS.upsertCatalogItem.path.slice(1).split("/{")[0];
var TRACK_MARKER = ENDPOINTS.trackEvent.path.slice(1);
function routerBase(config) {
  const dataCenter = config.dataCenter;
  return rudderStackBase({ host: dataCenter === "EUDC" ? DATA_CENTERS.EUDC : DATA_CENTERS.USDC });
}

// src/rudderstack/router-batches.ts
function chunks(items, size) {
  const out = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
function recordBytes(event) {
  return Buffer.byteLength(JSON.stringify(bodyJson(event.message)), "utf8");
}
function bodyJson(request2) {
  return request2.body.JSON;
}
function splitBySize(chunk, maxBytes) {
  const batches = [];
  let current = [];
  let sum = 0;
  for (const event of chunk) {
    const size = recordBytes(event);
    if (sum + size > maxBytes) {
      batches.push(current);
      current = [event];
      sum = size;
    } else {
      current.push(event);
      sum += size;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
function configOf(event) {
  return (event?.destination).Config;
}
function bulkOutputs(bucket, kind, limits, registrations) {
  const path = kind === "users" ? ROUTER_PATHS.bulkUpdate : ROUTER_PATHS.trackBulk;
  const out = [];
  for (const chunk of chunks(bucket, limits.chunkSize)) {
    for (const batch of splitBySize(chunk, limits.maxBytes)) {
      const first = batch[0] ?? chunk[0];
      const config = configOf(first);
      const bulk = restRequest(`${routerBase(config)}${path}`, path, config.apiKey, {
        [kind]: batch.map((event) => bodyJson(event.message))
      });
      const attached = registrations ? attachedRegistrations(batch, registrations) : [];
      out.push({
        batchedRequest: attached.length > 0 ? [bulk, ...attached] : bulk,
        metadata: batch.map((event) => event.metadata),
        batched: true,
        statusCode: 200,
        destination: first?.destination
      });
    }
  }
  return out;
}
function attachedRegistrations(batch, registrations) {
  const out = [];
  for (const event of batch) {
    const registration = registrations.get(jobIdOf(event.metadata));
    if (registration) out.push(registration);
  }
  return out;
}
function jobIdOf(metadata) {
  return metadata !== null && typeof metadata === "object" ? metadata.jobId : void 0;
}
function catalogOutputs(bucket, chunkSize) {
  return chunks(bucket, chunkSize).map((chunk) => {
    const first = chunk[0];
    const documents = {};
    for (const event of chunk) {
      const { catalogId, update } = bodyJson(event.message) ?? {};
      if (update === void 0) delete documents[String(catalogId)];
      else documents[String(catalogId)] = update;
    }
    const request2 = restRequest(
      first.message.endpoint,
      first.message.endpointPath,
      configOf(first).apiKey,
      { documents, replaceUploadedFieldsOnly: true }
    );
    return {
      batchedRequest: request2,
      metadata: chunk.map((event) => event.metadata),
      batched: true,
      statusCode: 200,
      destination: first.destination
    };
  });
}

// src/rudderstack/router.ts
function routerTransform(body, options = {}) {
  const input = isObject(body) && Array.isArray(body.input) ? body.input : [];
  const limits = {
    chunkSize: options.chunkSize ?? DEFAULT_MAX_BATCH_ITEMS,
    maxBytes: options.maxBytes ?? MAX_BODY_BYTES,
    catalogChunkSize: options.catalogChunkSize ?? DEFAULT_MAX_BATCH_ITEMS
  };
  const resolve2 = configResolver();
  const output = [];
  for (const group of groupEvents(input)) {
    const resolveGroup = (config) => resolve2(config, group.configKey);
    output.push(...routeGroup(group.events, limits, resolveGroup));
  }
  return { output };
}
function groupEvents(input) {
  const groups = /* @__PURE__ */ new Map();
  for (const raw of input) {
    const event = isObject(raw) ? raw : { message: raw };
    const destination = isObject(event.destination) ? event.destination : {};
    const configKey = destination.hasDynamicConfig !== false ? stableJson(destination.Config) : void 0;
    const key = JSON.stringify([destination.ID || "default", "default", configKey ?? "default"]);
    const group = groups.get(key);
    if (group) group.events.push(event);
    else groups.set(key, { events: [event], configKey });
  }
  return [...groups.values()];
}
function routeGroup(group, limits, resolve2) {
  const firstMetadata = group[0]?.metadata;
  try {
    return routeGroupOrThrow(group, limits, firstMetadata, resolve2);
  } catch (cause) {
    const error = cause instanceof IterableDestinationError ? cause : new TransformationError(cause instanceof Error ? cause.message : String(cause), { cause });
    return [
      failureEntry(
        error,
        group.map((event) => event.metadata),
        group[0]?.destination,
        firstMetadata
      )
    ];
  }
}
function routeGroupOrThrow(group, limits, firstMetadata, resolve2) {
  const updateUsers = [];
  const catalogs = [];
  const tracks = [];
  const registrations = /* @__PURE__ */ new Map();
  const singles = [];
  const errors = [];
  for (const event of group) {
    const transformed = transformEvent(event, resolve2);
    if (transformed instanceof IterableDestinationError) {
      errors.push(failureEntry(transformed, [event.metadata], event.destination, firstMetadata));
      continue;
    }
    for (const item of transformed) {
      const endpoint = item.message.endpoint;
      const base = routerBase(item.destination.Config);
      if (endpoint === `${base}${ROUTER_PATHS.updateUser}`) updateUsers.push(item);
      else if (endpoint.includes(CATALOG_MARKER)) catalogs.push(item);
      else if (endpoint === `${base}${ROUTER_PATHS.registerBrowserToken}` || endpoint === `${base}${ROUTER_PATHS.registerDeviceToken}`) {
        registrations.set(jobIdOf(item.metadata), item.message);
      } else if (endpoint.includes(TRACK_MARKER)) tracks.push(item);
      else {
        singles.push({
          batchedRequest: item.message,
          metadata: [item.metadata],
          batched: false,
          statusCode: 200,
          destination: item.destination
        });
      }
    }
  }
  return [
    ...bulkOutputs(updateUsers, "users", limits, registrations),
    ...catalogOutputs(catalogs, limits.catalogChunkSize),
    ...bulkOutputs(tracks, "events", limits),
    ...singles,
    ...errors
  ];
}
function transformEvent(event, resolve2) {
  const { message, metadata, destination } = event;
  if (isObject(message) && message.statusCode) return [{ message, metadata, destination }];
  if (!isObject(destination)) {
    return new TransformationError("Cannot read properties of undefined (reading 'Config')");
  }
  const settings = resolve2(destination.Config);
  if (!settings.ok) return settings.error;
  const result = transformWith(message, settings.settings);
  if (!result.ok) return result.error;
  return result.calls.map((call) => ({
    message: rudderStackRequest(call, settings.settings),
    metadata,
    destination
  }));
}
function failureEntry(error, metadata, destination, firstMetadata) {
  return {
    metadata,
    batched: false,
    statusCode: error.statusCode,
    error: error.message,
    statTags: { ...errorClassTags(error), ...destinationTags("router", firstMetadata) },
    destination
  };
}

// src/rudderstack/http.ts
import { request } from "undici";
var DEFAULT_TIMEOUT_MS = 3e4;
function targetUrl(endpoint, baseUrl) {
  if (baseUrl === void 0) return endpoint;
  const url = new URL(endpoint);
  return `${baseUrl.replace(/\/+$/, "")}${url.pathname}${url.search}`;
}
function headerValues(headers) {
  const out = {};
  if (headers === null || typeof headers !== "object") return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value !== void 0 && value !== null) out[name] = String(value);
  }
  return out;
}
function parseReplyText(text2) {
  if (text2 === "") return "";
  try {
    return JSON.parse(text2);
  } catch {
    return text2;
  }
}
async function sendToIterable(endpoint, init, options = {}) {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const reply = await request(targetUrl(endpoint, options.baseUrl), {
      method: init.method,
      headers: headerValues(init.headers),
      body: init.json === void 0 ? null : JSON.stringify(init.json),
      headersTimeout: timeout,
      bodyTimeout: timeout,
      ...options.dispatcher ? { dispatcher: options.dispatcher } : {}
    });
    const text2 = await reply.body.text();
    return { ok: true, status: reply.statusCode, body: parseReplyText(text2) };
  } catch (error) {
    const code = error.code;
    return { ok: false, code: typeof code === "string" ? code : error instanceof Error ? error.name : "NETWORK_ERROR" };
  }
}

// src/rudderstack/proxy-response.ts
var BULK_MARKERS = [ENDPOINTS.bulkUpdateUsers.path, ENDPOINTS.trackBulk.path];
var SUCCESS_MESSAGE = "[ITERABLE Response Handler] - Request Processed Successfully";
var ERROR_PREFIX = "ITERABLE: Error transformer proxy during ITERABLE response transformation. ";
var USER_ID_PATHS = [
  "invalidUserIds",
  "failedUpdates.invalidUserIds",
  "failedUpdates.notFoundUserIds",
  "failedUpdates.forgottenUserIds",
  "failedUpdates.conflictUserIds",
  "failedUpdates.invalidDataUserIds"
];
var EMAIL_PATHS = [
  "invalidEmails",
  "failedUpdates.invalidEmails",
  "failedUpdates.notFoundEmails",
  "failedUpdates.forgottenEmails",
  "failedUpdates.conflictEmails",
  "failedUpdates.invalidDataEmails"
];
function jobsOf(request2) {
  const { metadata } = request2;
  if (Array.isArray(metadata)) return metadata;
  return metadata === void 0 ? [] : [metadata];
}
function proxyResponse(request2, reply) {
  const jobs = jobsOf(request2);
  const { status, body } = reply;
  if (status < 200 || status > 299) return failure2(jobs, reply);
  const destinationResponse = { response: body, status };
  const endpoint = typeof request2.endpoint === "string" ? request2.endpoint : "";
  const response = BULK_MARKERS.some((marker) => endpoint.includes(marker)) ? bulkJobResponses(request2, jobs, body) : jobs.map((metadata) => ({ statusCode: status, metadata, error: "success" }));
  return { status, message: SUCCESS_MESSAGE, destinationResponse, response };
}
function failure2(jobs, { status, body }) {
  const fields = isObject(body) ? body : {};
  const detail = JSON.stringify(fields.params || fields.msg || fields.message) || "unknown error format";
  const errorType = status >= 500 && status <= 599 ? "retryable" : status === 429 ? "throttled" : "aborted";
  const rawBody = JSON.stringify(body) ?? "";
  return {
    response: jobs.map((metadata) => ({ error: rawBody, statusCode: status, metadata })),
    statTags: { errorCategory: "network", errorType, ...destinationTags("dataDelivery", jobs[0]) },
    message: `${ERROR_PREFIX}${detail}`,
    status
  };
}
function bulkJobResponses(request2, jobs, body) {
  const json = isObject(request2.body?.JSON) ? request2.body.JSON : {};
  const items = json.events || json.users;
  if (!Array.isArray(items) || items.length === 0) return [];
  const reply = isObject(body) ? body : {};
  const failures = failureSets(reply);
  return items.map((item, index) => {
    const error = reply.failCount === 0 ? "" : recordError(isObject(item) ? item : {}, failures);
    return error ? { statusCode: 400, metadata: jobs[index], error } : { statusCode: 200, metadata: jobs[index], error: "success" };
  });
}
function failureSets(reply) {
  const sets = /* @__PURE__ */ new Map();
  for (const path of [...USER_ID_PATHS, ...EMAIL_PATHS, "disallowedEventNames"]) sets.set(path, new Set(listAt(reply, path)));
  return sets;
}
function recordError(item, failures) {
  let message = "";
  const userIdPaths = USER_ID_PATHS.filter((path) => failures.get(path)?.has(item.userId));
  if (userIdPaths.length > 0) message += `userId error:"${String(item.userId)}" in "${userIdPaths.join(",")}".`;
  const emailPaths = EMAIL_PATHS.filter((path) => failures.get(path)?.has(item.email));
  if (emailPaths.length > 0) message += `email error:"${String(item.email)}" in "${emailPaths.join(",")}".`;
  if (failures.get("disallowedEventNames")?.has(item.eventName)) {
    message += `eventName error:"${String(item.eventName)}" in "disallowedEventNames".`;
  }
  return message;
}
function listAt(source, path) {
  let current = source;
  for (const segment of path.split(".")) current = isObject(current) ? current[segment] : void 0;
  return Array.isArray(current) ? current : [];
}

// src/rudderstack/proxy.ts
async function proxy(request2, options = {}) {
  const outcome = await sendToIterable(
    typeof request2.endpoint === "string" ? request2.endpoint : "",
    { method: typeof request2.method === "string" ? request2.method : "POST", headers: request2.headers, json: request2.body?.JSON },
    options
  );
  const reply = outcome.ok ? { status: outcome.status, body: outcome.body } : { status: 500, body: outcome.code };
  return proxyResponse(request2, reply);
}

// src/rudderstack/delete-users.ts
var DELETE_CONCURRENCY = 10;
var DELETE_PATH = belowApi(ENDPOINTS.deleteUser.path).replace("{userId}", "");
function deletionEndpoint(userId, config) {
  return `${routerBase(config)}${DELETE_PATH}${String(userId)}`;
}
async function deleteUsers(body, options = {}) {
  const requests = Array.isArray(body) ? body : [body];
  return Promise.all(requests.map((request2) => deleteForRequest(request2, options)));
}
var DeletionFailure = class extends Error {
  constructor(message, statusCode) {
    super(message);
    this.statusCode = statusCode;
  }
  statusCode;
};
async function deleteForRequest(request2, options) {
  try {
    const { userAttributes, config } = request2 ?? {};
    if (!config) throw new DeletionFailure("Config for deletion not present", 400);
    if (!config.apiKey) throw new DeletionFailure("api key for deletion not present", 400);
    if (!Array.isArray(userAttributes)) throw new DeletionFailure("userAttributes for deletion not present", 400);
    const userIds = userAttributes.filter((attributes) => attributes?.userId).map((attributes) => attributes.userId);
    const failed = [];
    for (let start = 0; start < userIds.length; start += DELETE_CONCURRENCY) {
      const batch = userIds.slice(start, start + DELETE_CONCURRENCY);
      const settled = await Promise.allSettled(batch.map((userId) => deleteOne(userId, config, options)));
      const hard = settled.find((outcome) => outcome.status === "rejected");
      if (hard) throw hard.reason;
      for (const outcome of settled) if (outcome.status === "fulfilled" && outcome.value) failed.push(outcome.value);
    }
    if (failed.length > 0) {
      throw new DeletionFailure(`User deletion request failed for userIds : ${JSON.stringify(failed)}`, 400);
    }
    return { statusCode: 200, status: "successful" };
  } catch (error) {
    if (error instanceof DeletionFailure) return { statusCode: error.statusCode, error: error.message };
    return { statusCode: 500, error: error instanceof Error ? error.message : String(error) };
  }
}
async function deleteOne(userId, config, options) {
  const outcome = await sendToIterable(
    deletionEndpoint(userId, config),
    { method: "DELETE", headers: { "Content-Type": "application/json", api_key: config.apiKey } },
    options
  );
  if (!outcome.ok) throw new DeletionFailure(`User deletion request failed : ${outcome.code}`, 500);
  const { status, body } = outcome;
  if (status >= 200 && status <= 299 || status === 404) return void 0;
  const msg = body !== null && typeof body === "object" ? body.msg : void 0;
  if (status !== 400) throw new DeletionFailure(`User deletion request failed : ${String(msg)}`, status);
  return { userId, Reason: msg };
}

// src/rudderstack/server.ts
import { createServer as createHttpServer } from "http";

// src/rudderstack/server-body.ts
function readJsonBody(req, limitBytes) {
  const tooLarge = { ok: false, status: 413, error: `Request body exceeds the limit of ${limitBytes} bytes` };
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve(tooLarge);
  return new Promise((resolve2) => {
    const parts = [];
    let received = 0;
    const onData = (chunk) => {
      received += chunk.length;
      if (received > limitBytes) {
        req.off("data", onData);
        req.off("end", onEnd);
        parts.length = 0;
        resolve2(tooLarge);
        return;
      }
      parts.push(chunk);
    };
    const onEnd = () => resolve2(parseJson(Buffer.concat(parts).toString("utf8")));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", () => resolve2({ ok: false, status: 400, error: "Request body could not be read" }));
  });
}
function parseJson(text2) {
  try {
    return { ok: true, value: JSON.parse(text2) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, status: 400, error: `Request body is not valid JSON: ${reason}` };
  }
}

// src/rudderstack/server.ts
var DEFAULT_BODY_LIMIT_BYTES = 100 * 1024 * 1024;
function routes(options) {
  const http = {
    ...options.baseUrl === void 0 ? {} : { baseUrl: options.baseUrl },
    ...options.dispatcher === void 0 ? {} : { dispatcher: options.dispatcher }
  };
  return {
    "/health": { method: "GET", handle: () => ({ status: 200, body: { status: "ok" } }) },
    "/v0/destinations/iterable": {
      method: "POST",
      handle: (body) => Array.isArray(body) ? { status: 200, body: processorTransform(body) } : badRequest("Expected an array of { message, metadata, destination }")
    },
    "/routerTransform": {
      method: "POST",
      handle: (body) => isObject(body) && Array.isArray(body.input) ? { status: 200, body: routerTransform(body) } : badRequest("Expected { input: [{ message, metadata, destination }, ...], destType }")
    },
    "/v1/destinations/iterable/proxy": {
      method: "POST",
      // RudderStack's v1 proxy route always answers 200 with the delivery result under `output`.
      handle: async (body) => isObject(body) ? { status: 200, body: { output: await proxy(body, http) } } : badRequest("Expected a delivery request object")
    },
    "/deleteUsers": {
      method: "POST",
      handle: async (body) => {
        if (!Array.isArray(body)) return badRequest("Expected an array of { destType, userAttributes, config }");
        const results = await deleteUsers(body, http);
        return { status: results[0]?.statusCode ?? 200, body: results };
      }
    }
  };
}
function createServer(options = {}) {
  const table = routes(options);
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const server = createHttpServer((req, res) => {
    handle(req, res, table, limit, server).catch((error) => {
      send(res, server, { status: 500, body: { error: error instanceof Error ? error.message : "Internal error" } });
    });
  });
  return server;
}
async function handle(req, res, table, limit, server) {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  const route = Object.prototype.hasOwnProperty.call(table, path) ? table[path] : void 0;
  if (!route) return send(res, server, { status: 404, body: { error: `No route for ${req.method ?? ""} ${path}` } });
  if (req.method !== route.method) {
    res.setHeader("Allow", route.method);
    return send(res, server, { status: 405, body: { error: `Method ${req.method ?? ""} not allowed on ${path}; use ${route.method}` } });
  }
  if (route.method === "GET") return send(res, server, await route.handle(void 0));
  const body = await readJsonBody(req, limit);
  if (!body.ok) {
    if (body.status === 413) res.setHeader("Connection", "close");
    return send(res, server, { status: body.status, body: { error: body.error } });
  }
  return send(res, server, await route.handle(body.value));
}
function send(res, server, reply) {
  if (res.headersSent) return;
  const text2 = JSON.stringify(reply.body);
  if (!server.listening) res.setHeader("Connection", "close");
  res.writeHead(reply.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text2) });
  res.end(text2);
}
function badRequest(error) {
  return { status: 400, body: { error } };
}
export {
  DEFAULT_BODY_LIMIT_BYTES,
  createServer,
  deleteUsers,
  processorTransform,
  proxy,
  proxyResponse,
  routerTransform,
  rudderStackRequest,
  settingsForConfig
};
