/**
 * An event's top-level fields, read once into an object of one fixed shape. Events come from
 * JSON.parse in many shapes, so each read of a field on the event itself is a slow, megamorphic
 * load; the mappers read the same dozen fields many times, and from the view those reads are cheap.
 *
 * Every field has `getPath`'s meaning: the event's own property, else undefined, so a key such as
 * `constructor` or `__proto__` never leaks in. `contextTraits` is `context.traits` read the same way.
 */
import type { JsonObject } from './values.js';

const hasOwn = Object.prototype.hasOwnProperty;

export class EventView {
  /** The event the fields were read from (for the reads the view does not hold). */
  readonly message: JsonObject;
  readonly type: unknown;
  readonly userId: unknown;
  readonly anonymousId: unknown;
  readonly messageId: unknown;
  readonly timestamp: unknown;
  readonly originalTimestamp: unknown;
  readonly sentAt: unknown;
  readonly channel: unknown;
  readonly event: unknown;
  readonly name: unknown;
  readonly category: unknown;
  readonly previousId: unknown;
  readonly context: unknown;
  readonly traits: unknown;
  readonly properties: unknown;
  readonly integrations: unknown;
  readonly contextTraits: unknown;
  /**
   * Whether a field could have come through the event's prototype chain (then left undefined
   * here). The schema check reads fields as zod does, inherited ones included, so it reads the
   * event itself when this is set.
   */
  readonly inherits: boolean;

  constructor(message: JsonObject) {
    this.message = message;
    // A parsed event's prototype is Object.prototype, which normally has none of these keys: then
    // every value read by name is the event's own (or undefined), and no own-key test is needed.
    const plain = Object.getPrototypeOf(message) === Object.prototype && objectPrototypeLacksFields();
    this.type = plain ? message.type : ownField(message, 'type');
    this.userId = plain ? message.userId : ownField(message, 'userId');
    this.anonymousId = plain ? message.anonymousId : ownField(message, 'anonymousId');
    this.messageId = plain ? message.messageId : ownField(message, 'messageId');
    this.timestamp = plain ? message.timestamp : ownField(message, 'timestamp');
    this.originalTimestamp = plain ? message.originalTimestamp : ownField(message, 'originalTimestamp');
    this.sentAt = plain ? message.sentAt : ownField(message, 'sentAt');
    this.channel = plain ? message.channel : ownField(message, 'channel');
    this.event = plain ? message.event : ownField(message, 'event');
    this.name = plain ? message.name : ownField(message, 'name');
    this.category = plain ? message.category : ownField(message, 'category');
    this.previousId = plain ? message.previousId : ownField(message, 'previousId');
    this.context = plain ? message.context : ownField(message, 'context');
    this.traits = plain ? message.traits : ownField(message, 'traits');
    this.properties = plain ? message.properties : ownField(message, 'properties');
    this.integrations = plain ? message.integrations : ownField(message, 'integrations');
    // Not plain: the schema check must see what a plain read sees, inherited values included.
    this.inherits = !plain;
    this.contextTraits = ownField(this.context, 'traits');
  }
}

/**
 * Whether Object.prototype (itself without a prototype) lacks a value for every field of the view.
 * Asked per event, as the prototype can change between events; reads of one object, so cheap.
 */
function objectPrototypeLacksFields(): boolean {
  const shared = Object.prototype as Record<string, unknown>;
  return (
    shared.type === undefined &&
    shared.userId === undefined &&
    shared.anonymousId === undefined &&
    shared.messageId === undefined &&
    shared.timestamp === undefined &&
    shared.originalTimestamp === undefined &&
    shared.sentAt === undefined &&
    shared.channel === undefined &&
    shared.event === undefined &&
    shared.name === undefined &&
    shared.category === undefined &&
    shared.previousId === undefined &&
    shared.context === undefined &&
    shared.traits === undefined &&
    shared.properties === undefined &&
    shared.integrations === undefined
  );
}

/** `getPath(source, [key])`: the own property `key` of an object (arrays included), else undefined. */
export function ownField(source: unknown, key: string): unknown {
  if (source === null || typeof source !== 'object' || !hasOwn.call(source, key)) return undefined;
  return (source as JsonObject)[key];
}
