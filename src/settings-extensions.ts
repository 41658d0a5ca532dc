/**
 * Our settings beyond RudderStack's (product.md §9): lists and audiences, field mapping, sync
 * modes, identity choices. All optional and off unless set, so a RudderStack config behaves exactly
 * as in RudderStack when they are absent.
 */
import { z } from 'zod';
import { ConfigurationError, describeValue } from './errors.js';

/** A dot path into an event: `traits.firstName`, `context.traits.address.city`, `properties.items.0`. */
export const EVENT_PATH = /^[A-Za-z_$][\w$-]*(\.[\w$-]+)*$/;

const EventPath = z.string().regex(EVENT_PATH, 'a dot path such as "traits.firstName"');
const ListId = z.number().int().positive();

export const ExtensionSettingsShape = {
  /** Every identify also subscribes its user to this list. */
  listId: ListId.optional(),
  /** Audience key → Iterable list id, for audience enter / exit tracks. */
  audienceLists: z.record(z.string(), ListId).optional(),
  audienceEnteredEvent: z.string().min(1).default('Audience Entered'),
  audienceExitedEvent: z.string().min(1).default('Audience Exited'),
  /** On unsubscribes: also unsubscribe from the list's channel (a global unsubscribe). */
  channelUnsubscribe: z.boolean().default(false),
  /** On unsubscribes: the campaign to attribute them to. */
  campaignId: z.number().int().optional(),
  /** Event paths copied into Iterable user fields. */
  fieldMapping: z.array(z.object({ from: EventPath, to: z.string().min(1) }).strict()).optional(),
  /** true: send only mapped and static fields as dataFields. */
  mappedFieldsOnly: z.boolean().default(false),
  /** Fixed values added to every user's dataFields. */
  staticFields: z.record(z.string(), z.json()).optional(),
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

export function resolveExtensions(
  parsed: ParsedExtensions,
): { ok: true; value: ExtensionSettings } | { ok: false; error: ConfigurationError } {
  if (parsed.mappedFieldsOnly && !parsed.fieldMapping?.length && !parsed.staticFields) {
    return {
      ok: false,
      error: new ConfigurationError(
        'Invalid setting `mappedFieldsOnly`: true needs `fieldMapping` or `staticFields`, otherwise every user would be sent without data',
        { field: 'mappedFieldsOnly' },
      ),
    };
  }
  if (parsed.existenceCheck === 'lookup' && parsed.syncMode === 'upsert') {
    return {
      ok: false,
      error: new ConfigurationError(
        `Invalid setting \`existenceCheck\`: "lookup" only applies to syncMode "updateOnly" or "createOnly", got syncMode ${describeValue(parsed.syncMode)}`,
        { field: 'existenceCheck' },
      ),
    };
  }
  return {
    ok: true,
    value: {
      listId: parsed.listId,
      audienceLists: parsed.audienceLists,
      audienceEnteredEvent: parsed.audienceEnteredEvent,
      audienceExitedEvent: parsed.audienceExitedEvent,
      channelUnsubscribe: parsed.channelUnsubscribe,
      campaignId: parsed.campaignId,
      fieldMapping: parsed.fieldMapping,
      mappedFieldsOnly: parsed.mappedFieldsOnly,
      staticFields: parsed.staticFields as Record<string, unknown> | undefined,
      systemFields: parsed.systemFields,
      syncMode: parsed.syncMode,
      existenceCheck: parsed.existenceCheck,
      userIdPath: parsed.userIdPath,
      anonymousIdFallback: parsed.anonymousIdFallback,
      placeholderEmail: parsed.placeholderEmail,
    },
  };
}
