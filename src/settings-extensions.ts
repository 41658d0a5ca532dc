/**
 * Our settings beyond RudderStack's: lists and audiences, field mapping, sync
 * modes, identity choices. All optional and off unless set, so a RudderStack config behaves exactly
 * as in RudderStack when they are absent. Every mistake is caught here, when settings are
 * resolved, so that a bad config fails once instead of on every event.
 */
import { z } from 'zod';
import { describeValue } from './errors.js';
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
  if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { expected: problem } });
});

/** An Iterable field name we write into dataFields: non-empty, no part that names a prototype. */
const FieldName = z
  .string()
  .min(1)
  .superRefine((name, ctx) => {
    const part = forbiddenFieldPart(name);
    if (part) problem(ctx, [], `a field name without the part ${JSON.stringify(part)} (it would reach an object prototype)`);
  });

/** A custom issue in the shared message style: what the key should be (and the value to show). */
function problem(ctx: z.RefinementCtx, path: Array<string | number>, expected: string, got?: { value: unknown }): void {
  ctx.addIssue({ code: 'custom', path, message: expected, params: got === undefined ? { expected } : { expected, got: got.value } });
}

function idSetting(what: string) {
  return z.unknown().transform((value, ctx) => {
    const id = positiveId(value);
    if (id !== undefined) return id;
    problem(ctx, [], `a positive whole number (${what})`);
    return z.NEVER;
  });
}
const ListId = idSetting('an iterable list id');

const StaticFields = z.record(z.string(), z.unknown()).superRefine((fields, ctx) => {
  for (const [key, value] of Object.entries(fields)) {
    const part = forbiddenFieldPart(key);
    if (part) problem(ctx, [key], `a field name without the part ${JSON.stringify(part)} (it would reach an object prototype)`);
    else if (!isJsonValue(value)) problem(ctx, [key], 'a JSON value (string, finite number, boolean, null, array or plain object)');
  }
});

export const SYNC_MODES = ['upsert', 'updateOnly', 'createOnly', 'mirror'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export const DEFAULT_TOMBSTONE_EVENT = 'Record Removed';

/** The identify traits read as subscription preferences, by the body field each one fills. */
export const SUBSCRIPTION_FIELDS = ['emailListIds', 'unsubscribedChannelIds', 'unsubscribedMessageTypeIds', 'subscribedMessageTypeIds'] as const;
export type SubscriptionField = (typeof SUBSCRIPTION_FIELDS)[number];

const SubscriptionTraits = z
  .object(Object.fromEntries(SUBSCRIPTION_FIELDS.map((field) => [field, z.string().min(1).optional()])) as Record<SubscriptionField, z.ZodOptional<z.ZodString>>)
  .strict();

/**
 * Our keys. Each carries its description (`.describe`), which the README table and the CLI's
 * `--help` are generated from; the README test fails when the table and this shape disagree.
 */
export const ExtensionSettingsShape = {
  listId: ListId.optional().describe('every identify also subscribes its user to this Iterable list'),
  audienceLists: z.record(z.string(), ListId).optional().describe('audience key → Iterable list id, for audience enter / exit tracks'),
  audienceEnteredEvent: z
    .string()
    .min(1)
    .optional()
    .describe('track name meaning "joined an audience" (setting it, `audienceExitedEvent` or `audienceLists` turns audience tracks on; default "Audience Entered")'),
  audienceExitedEvent: z.string().min(1).optional().describe('track name meaning "left an audience" (default "Audience Exited")'),
  channelUnsubscribe: z.boolean().default(false).describe('list unsubscribes also unsubscribe from the list\'s channel (a global unsubscribe)'),
  campaignId: idSetting('an iterable campaign id').optional().describe('the campaign list unsubscribes are attributed to'),
  fieldMapping: z
    .array(z.object({ from: EventPath, to: FieldName }).strict())
    .optional()
    .describe('`[{ from, to }]`: event paths copied into Iterable user fields'),
  mappedFieldsOnly: z.boolean().default(false).describe('send only mapped, static and system fields as dataFields (the traits object is left out)'),
  staticFields: StaticFields.optional().describe('fixed values added to every user\'s dataFields'),
  systemFields: z.boolean().default(false).describe('add the visitor\'s locale, browser, OS, device type and geo from the event\'s context'),
  syncMode: z
    .enum(SYNC_MODES)
    .default('upsert')
    .describe('`upsert` creates or updates, `updateOnly` never creates users, `createOnly` never changes existing users, `mirror` is upsert plus deletion on a tombstone ([sync modes](docs/sync-modes.md))'),
  existenceCheck: z.enum(['flag', 'lookup']).default('flag').describe('how `updateOnly` / `createOnly` learn whether a user exists: Iterable\'s flags or a lookup first'),
  tombstoneEvent: z.string().min(1).default(DEFAULT_TOMBSTONE_EVENT).describe('the track name that means "this record was removed" (deletes the user in syncMode `mirror`)'),
  subscriptionPreferences: z
    .boolean()
    .default(false)
    .describe('identify traits holding subscription preferences become an `updateSubscriptions` call (it overwrites the user\'s subscriptions)'),
  subscriptionTraits: SubscriptionTraits.optional().describe(
    'the trait names read as preferences, by body field (default: the field names `emailListIds`, `unsubscribedChannelIds`, `unsubscribedMessageTypeIds`, `subscribedMessageTypeIds`)',
  ),
  userIdPath: EventPath.optional().describe('the event path whose value becomes Iterable\'s `userId`, instead of the usual chain'),
  anonymousIdFallback: z.boolean().default(true).describe('use `anonymousId` as the userId when nothing else is found (RudderStack does)'),
  placeholderEmail: z.boolean().default(false).describe('send users with a userId and no email as `<userId>@placeholder.email` (email-based projects)'),
};

const ExtensionObject = z.object(ExtensionSettingsShape);
export type ParsedExtensions = z.output<typeof ExtensionObject>;

/** What the extension keys resolve to; every transform reads these. The type is inferred from this function. */
export function resolveExtensions(parsed: ParsedExtensions) {
  const traits = parsed.subscriptionTraits ?? {};
  return {
    listId: parsed.listId,
    // Looked up by the event's audience key: no prototype, so only configured keys are found.
    audienceLists: (parsed.audienceLists === undefined ? undefined : Object.assign(nullPrototype<number>(), parsed.audienceLists)) as Readonly<Record<string, number>> | undefined,
    /** True when `audienceLists` or an audience event name is configured; audience tracks are plain tracks otherwise. */
    audiencesEnabled:
      parsed.audienceLists !== undefined || parsed.audienceEnteredEvent !== undefined || parsed.audienceExitedEvent !== undefined,
    audienceEnteredEvent: parsed.audienceEnteredEvent ?? DEFAULT_AUDIENCE_ENTERED_EVENT,
    audienceExitedEvent: parsed.audienceExitedEvent ?? DEFAULT_AUDIENCE_EXITED_EVENT,
    channelUnsubscribe: parsed.channelUnsubscribe,
    campaignId: parsed.campaignId,
    fieldMapping: parsed.fieldMapping as ReadonlyArray<{ readonly from: string; readonly to: string }> | undefined,
    mappedFieldsOnly: parsed.mappedFieldsOnly,
    // A private copy: bodies share these values, so later edits to the caller's object cannot leak in.
    staticFields: parsed.staticFields === undefined ? undefined : (structuredClone(parsed.staticFields) as Readonly<Record<string, unknown>>),
    systemFields: parsed.systemFields,
    syncMode: parsed.syncMode,
    existenceCheck: parsed.existenceCheck,
    tombstoneEvent: parsed.tombstoneEvent,
    /** Body field → trait name, or undefined when subscription preferences are off. */
    subscriptionTraits: parsed.subscriptionPreferences
      ? (Object.fromEntries(SUBSCRIPTION_FIELDS.map((field) => [field, traits[field] ?? field])) as Readonly<Record<SubscriptionField, string>>)
      : undefined,
    userIdPath: parsed.userIdPath,
    anonymousIdFallback: parsed.anonymousIdFallback,
    placeholderEmail: parsed.placeholderEmail,
  };
}

export type ExtensionSettings = Readonly<ReturnType<typeof resolveExtensions>>;

/** Rules that span keys (or keys of a record), which the per-key schema cannot express. */
export function checkExtensions(parsed: ParsedExtensions, ctx: z.RefinementCtx): void {
  if (parsed.mappedFieldsOnly && !parsed.fieldMapping?.length && !parsed.staticFields && !parsed.systemFields) {
    return problem(ctx, ['mappedFieldsOnly'], 'false unless `fieldMapping`, `staticFields` or `systemFields` is set (every user would be sent without data)');
  }
  if (parsed.existenceCheck === 'lookup' && parsed.syncMode !== 'updateOnly' && parsed.syncMode !== 'createOnly') {
    return problem(ctx, ['existenceCheck'], `"flag" with syncMode ${describeValue(parsed.syncMode)} ("lookup" only applies to syncMode "updateOnly" or "createOnly")`);
  }
  if (parsed.audienceLists && Object.hasOwn(parsed.audienceLists, '')) {
    return problem(ctx, ['audienceLists'], 'an object with non-empty audience keys', { value: '' });
  }
  if (parsed.staticFields && Object.hasOwn(parsed.staticFields, '')) {
    return problem(ctx, ['staticFields'], 'an object with non-empty field names', { value: '' });
  }
  const subscriptionTraits = Object.values(parsed.subscriptionTraits ?? {});
  const repeated = subscriptionTraits.find((name, index) => subscriptionTraits.indexOf(name) !== index);
  if (repeated !== undefined) {
    return problem(ctx, ['subscriptionTraits'], 'one trait name per field (a trait cannot fill two fields)', { value: repeated });
  }
  const entered = (parsed.audienceEnteredEvent ?? DEFAULT_AUDIENCE_ENTERED_EVENT).toLowerCase();
  const exited = (parsed.audienceExitedEvent ?? DEFAULT_AUDIENCE_EXITED_EVENT).toLowerCase();
  if (entered === exited) {
    return problem(ctx, ['audienceExitedEvent'], 'a name other than `audienceEnteredEvent`', { value: parsed.audienceExitedEvent ?? parsed.audienceEnteredEvent });
  }
  const tombstone = parsed.tombstoneEvent.toLowerCase();
  if (tombstone === entered || tombstone === exited) {
    return problem(ctx, ['tombstoneEvent'], 'a name other than the audience events', { value: parsed.tombstoneEvent });
  }
  const taken = [entered, exited, tombstone].find((name) => ECOMMERCE_EVENT_NAMES.has(name));
  if (taken !== undefined) {
    const key = taken === entered ? 'audienceEnteredEvent' : taken === exited ? 'audienceExitedEvent' : 'tombstoneEvent';
    return problem(ctx, [key], 'a name that is not an e-commerce event (those are always sent as a purchase or cart update)');
  }
  duplicateTarget(parsed, ctx);
}

/** Two sources for one Iterable field would make the result depend on key order: refuse it. */
function duplicateTarget(parsed: ParsedExtensions, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  for (const [index, { to }] of (parsed.fieldMapping ?? []).entries()) {
    if (seen.has(to)) return problem(ctx, ['fieldMapping', index, 'to'], 'a field that is not mapped already');
    if (parsed.staticFields && Object.hasOwn(parsed.staticFields, to)) {
      return problem(ctx, ['fieldMapping', index, 'to'], 'a field that is not also in `staticFields` (keep one of them)');
    }
    seen.add(to);
  }
}
