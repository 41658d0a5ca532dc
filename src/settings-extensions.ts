/**
 * Our settings beyond RudderStack's (product.md §9): lists and audiences, field mapping, sync
 * modes, identity choices. All optional and off unless set, so a RudderStack config behaves exactly
 * as in RudderStack when they are absent. Every mistake is caught here, when settings are
 * resolved, so that a bad config fails once instead of on every event.
 */
import { z } from 'zod';
import { ConfigurationError, describeValue } from './errors.js';
import { ECOMMERCE_EVENT_NAMES } from './events/schemas.js';
import { MAX_PATH_LENGTH, MAX_PATH_SEGMENTS, forbiddenFieldPart, isWellFormedPath, nullPrototype, parseUserPath } from './guard/index.js';

export const DEFAULT_AUDIENCE_ENTERED_EVENT = 'Audience Entered';
export const DEFAULT_AUDIENCE_EXITED_EVENT = 'Audience Exited';

/**
 * An Iterable list or campaign id: a positive whole number, or a string of digits (config UIs,
 * mParticle's included, hold ids as strings). Anything else is undefined.
 */
export function positiveId(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string' || !/^\s*\d+\s*$/.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) && parsed > 0 ? parsed : undefined;
}

/** True for what JSON can carry: strings, finite numbers, booleans, null, arrays and plain objects of those. */
export function isJsonValue(value: unknown, seen: Set<object> = new Set()): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || seen.has(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return false;
  seen.add(value);
  const ok = Object.values(value).every((item) => isJsonValue(item, seen));
  seen.delete(value);
  return ok;
}

/**
 * What is wrong with a user-supplied event path (`traits.firstName`, `properties.items[0].sku`,
 * `traits["first name"]`), in words that follow "expected"; undefined when it is fine.
 */
export function eventPathProblem(path: string): string | undefined {
  if (path.length > MAX_PATH_LENGTH) return `a path of at most ${MAX_PATH_LENGTH} characters`;
  if (!isWellFormedPath(path)) return 'a dot path such as "traits.email"';
  const parsed = parseUserPath(path);
  if (parsed.ok) return undefined;
  if (parsed.problem.kind === 'forbidden') {
    return `a path without the segment ${JSON.stringify(parsed.problem.segment)} (it would reach an object prototype)`;
  }
  return `a path of at most ${MAX_PATH_SEGMENTS} segments`;
}

const EventPath = z.string().superRefine((path, ctx) => {
  const problem = eventPathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** An Iterable field name we write into dataFields: non-empty, no part that names a prototype. */
const FieldName = z
  .string()
  .min(1)
  .superRefine((name, ctx) => {
    const part = forbiddenFieldPart(name);
    if (part) ctx.addIssue({ code: 'custom', message: `a field name without the part ${JSON.stringify(part)} (it would reach an object prototype)` });
  });

function idSetting(what: string) {
  return z.unknown().transform((value, ctx) => {
    const id = positiveId(value);
    if (id !== undefined) return id;
    ctx.addIssue({ code: 'custom', message: `a positive whole number (${what})` });
    return z.NEVER;
  });
}
const ListId = idSetting('an iterable list id');

const StaticFields = z.record(z.string(), z.unknown()).superRefine((fields, ctx) => {
  for (const [key, value] of Object.entries(fields)) {
    const part = forbiddenFieldPart(key);
    if (part) {
      ctx.addIssue({ code: 'custom', path: [key], message: `a field name without the part ${JSON.stringify(part)} (it would reach an object prototype)` });
    } else if (!isJsonValue(value)) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'a JSON value (string, finite number, boolean, null, array or plain object)' });
    }
  }
});

export const ExtensionSettingsShape = {
  /** Every identify also subscribes its user to this list. */
  listId: ListId.optional(),
  /** Audience key → Iterable list id, for audience enter / exit tracks. */
  audienceLists: z.record(z.string(), ListId).optional(),
  /** Track names that mean "joined" / "left" an audience. Setting either (or `audienceLists`) turns audience tracks on. */
  audienceEnteredEvent: z.string().min(1).optional(),
  audienceExitedEvent: z.string().min(1).optional(),
  /** On unsubscribes: also unsubscribe from the list's channel (a global unsubscribe). */
  channelUnsubscribe: z.boolean().default(false),
  /** On unsubscribes: the campaign to attribute them to. */
  campaignId: idSetting('an iterable campaign id').optional(),
  /** Event paths copied into Iterable user fields. */
  fieldMapping: z.array(z.object({ from: EventPath, to: FieldName }).strict()).optional(),
  /** true: send only mapped, static and system fields as dataFields (the traits object is left out). */
  mappedFieldsOnly: z.boolean().default(false),
  /** Fixed values added to every user's dataFields. */
  staticFields: StaticFields.optional(),
  /** Add the visitor's locale, browser, OS, device type and geo from the event's context. */
  systemFields: z.boolean().default(false),
  /** `upsert` (default), `updateOnly` (never create users), `createOnly` (never change existing users). */
  syncMode: z.enum(['upsert', 'updateOnly', 'createOnly']).default('upsert'),
  /** How `updateOnly` learns whether a user exists: Iterable's flags (default) or a lookup first. */
  existenceCheck: z.enum(['flag', 'lookup']).default('flag'),
  /** The event path whose value becomes Iterable's `userId`, instead of the usual chain. */
  userIdPath: EventPath.optional(),
  /** Use `anonymousId` as the userId when nothing else is found (RudderStack does). */
  anonymousIdFallback: z.boolean().default(true),
  /** Send users with a userId and no email as `<userId>@placeholder.email` (email-based projects). */
  placeholderEmail: z.boolean().default(false),
};

const ExtensionObject = z.object(ExtensionSettingsShape);
type ParsedExtensions = z.output<typeof ExtensionObject>;

export interface ExtensionSettings {
  readonly listId: number | undefined;
  readonly audienceLists: Readonly<Record<string, number>> | undefined;
  /** True when `audienceLists` or an audience event name is configured; audience tracks are plain tracks otherwise. */
  readonly audiencesEnabled: boolean;
  readonly audienceEnteredEvent: string;
  readonly audienceExitedEvent: string;
  readonly channelUnsubscribe: boolean;
  readonly campaignId: number | undefined;
  readonly fieldMapping: ReadonlyArray<{ readonly from: string; readonly to: string }> | undefined;
  readonly mappedFieldsOnly: boolean;
  readonly staticFields: Readonly<Record<string, unknown>> | undefined;
  readonly systemFields: boolean;
  readonly syncMode: 'upsert' | 'updateOnly' | 'createOnly';
  readonly existenceCheck: 'flag' | 'lookup';
  readonly userIdPath: string | undefined;
  readonly anonymousIdFallback: boolean;
  readonly placeholderEmail: boolean;
}

type Checked = { ok: true; value: ExtensionSettings } | { ok: false; error: ConfigurationError };

export function resolveExtensions(parsed: ParsedExtensions): Checked {
  const problem = crossFieldProblem(parsed);
  if (problem) return { ok: false, error: new ConfigurationError(problem.message, { field: problem.field }) };
  return {
    ok: true,
    value: {
      listId: parsed.listId,
      // Looked up by the event's audience key: no prototype, so only configured keys are found.
      audienceLists: parsed.audienceLists === undefined ? undefined : Object.assign(nullPrototype<number>(), parsed.audienceLists),
      audiencesEnabled:
        parsed.audienceLists !== undefined || parsed.audienceEnteredEvent !== undefined || parsed.audienceExitedEvent !== undefined,
      audienceEnteredEvent: parsed.audienceEnteredEvent ?? DEFAULT_AUDIENCE_ENTERED_EVENT,
      audienceExitedEvent: parsed.audienceExitedEvent ?? DEFAULT_AUDIENCE_EXITED_EVENT,
      channelUnsubscribe: parsed.channelUnsubscribe,
      campaignId: parsed.campaignId,
      fieldMapping: parsed.fieldMapping,
      mappedFieldsOnly: parsed.mappedFieldsOnly,
      // A private copy: bodies share these values, so later edits to the caller's object cannot leak in.
      staticFields: parsed.staticFields === undefined ? undefined : (structuredClone(parsed.staticFields) as Record<string, unknown>),
      systemFields: parsed.systemFields,
      syncMode: parsed.syncMode,
      existenceCheck: parsed.existenceCheck,
      userIdPath: parsed.userIdPath,
      anonymousIdFallback: parsed.anonymousIdFallback,
      placeholderEmail: parsed.placeholderEmail,
    },
  };
}

/** Rules that span keys (or keys of a record), which the per-key schema cannot express. */
function crossFieldProblem(parsed: ParsedExtensions): { message: string; field: string } | undefined {
  if (parsed.mappedFieldsOnly && !parsed.fieldMapping?.length && !parsed.staticFields && !parsed.systemFields) {
    return {
      field: 'mappedFieldsOnly',
      message:
        'Invalid setting `mappedFieldsOnly`: true needs `fieldMapping`, `staticFields` or `systemFields`, otherwise every user would be sent without data',
    };
  }
  if (parsed.existenceCheck === 'lookup' && parsed.syncMode === 'upsert') {
    return {
      field: 'existenceCheck',
      message: `Invalid setting \`existenceCheck\`: "lookup" only applies to syncMode "updateOnly" or "createOnly", got syncMode ${describeValue(parsed.syncMode)}`,
    };
  }
  if (parsed.audienceLists && Object.hasOwn(parsed.audienceLists, '')) {
    return { field: 'audienceLists', message: 'Invalid setting `audienceLists`: expected non-empty audience keys, got ""' };
  }
  if (parsed.staticFields && Object.hasOwn(parsed.staticFields, '')) {
    return { field: 'staticFields', message: 'Invalid setting `staticFields`: expected non-empty field names, got ""' };
  }
  const entered = (parsed.audienceEnteredEvent ?? DEFAULT_AUDIENCE_ENTERED_EVENT).toLowerCase();
  const exited = (parsed.audienceExitedEvent ?? DEFAULT_AUDIENCE_EXITED_EVENT).toLowerCase();
  if (entered === exited) {
    return {
      field: 'audienceExitedEvent',
      message: `Invalid setting \`audienceExitedEvent\`: it must differ from \`audienceEnteredEvent\`, both are ${describeValue(parsed.audienceExitedEvent ?? parsed.audienceEnteredEvent)}`,
    };
  }
  const taken = [entered, exited].find((name) => ECOMMERCE_EVENT_NAMES.has(name));
  if (taken !== undefined) {
    const key = taken === entered ? 'audienceEnteredEvent' : 'audienceExitedEvent';
    return {
      field: key,
      message: `Invalid setting \`${key}\`: ${describeValue(parsed[key])} is an e-commerce event, which is always sent as a purchase or cart update`,
    };
  }
  return duplicateTarget(parsed);
}

/** Tracks that the e-commerce mappings take before any audience rule could see them. */

/** Two sources for one Iterable field would make the result depend on key order: refuse it. */
function duplicateTarget(parsed: ParsedExtensions): { message: string; field: string } | undefined {
  const seen = new Set<string>();
  for (const [index, { to }] of (parsed.fieldMapping ?? []).entries()) {
    if (seen.has(to)) {
      return { field: `fieldMapping.${index}.to`, message: `Invalid setting \`fieldMapping.${index}.to\`: field ${describeValue(to)} is already mapped` };
    }
    if (parsed.staticFields && Object.hasOwn(parsed.staticFields, to)) {
      return {
        field: `fieldMapping.${index}.to`,
        message: `Invalid setting \`fieldMapping.${index}.to\`: field ${describeValue(to)} is also in \`staticFields\`; keep one of them`,
      };
    }
    seen.add(to);
  }
  return undefined;
}
