/**
 * users/update, users/bulkUpdate and users/updateEmail (iterable-api.md §1.1–§1.3).
 */
import { ENDPOINTS } from '../../iterable/endpoints.js';
import { BulkUpdateUsersBody, UpdateEmailBody, UpdateUserBody } from '../../iterable/payloads.js';
import { BulkTally } from '../bulk-reply.js';
import { gateRecord, isValidEmail, lookupForWrite, notFound, singleFailureReply, writeUser } from '../records.js';
import { apiReply, badParams, success } from '../replies.js';
import type { Identity } from '../store.js';
import { checkUserFieldTypes, dropUnknownFields, requireIdentity, validateBody, type Handler } from '../validate.js';

export function identityOf(record: { email?: unknown; userId?: unknown }): Identity {
  return {
    email: typeof record.email === 'string' ? record.email : undefined,
    userId: typeof record.userId === 'string' ? record.userId : undefined,
  };
}

/** What an update can change on a profile, as one comparable string. */
function profileOf(user: { email?: string | undefined; userId?: string | undefined; dataFields: Record<string, unknown> }): string {
  return JSON.stringify([user.email ?? null, user.userId ?? null, user.dataFields]);
}

export const updateUser: Handler = (ctx) => {
  const invalid = validateBody(UpdateUserBody, ctx.body, ctx.strictBodies) ?? requireIdentity(ctx.body, 'body');
  if (invalid) return invalid;
  const body = ctx.body as UpdateUserBody;
  const identity = identityOf(body);
  const fields = body.createNewFields === false ? dropUnknownFields(ctx.store, body.dataFields, new Set()) : body.dataFields;
  const failure = gateRecord(identity, ctx.store, ctx.faults);
  if (failure) return singleFailureReply(failure);
  const types = checkUserFieldTypes(ctx.store, [fields]);
  if (!types.ok) return types.reply;
  const lookup = lookupForWrite(identity, fields, ctx.store);
  if (!lookup.ok) return singleFailureReply(lookup.failure);
  types.commit();
  writeUser(ctx.store, identity, lookup.user, fields, body.mergeNestedObjects ?? false);
  return success();
};

export const bulkUpdateUsers: Handler = (ctx) => {
  const invalid = validateBody(BulkUpdateUsersBody, ctx.body, ctx.strictBodies, ENDPOINTS.bulkUpdateUsers.path);
  if (invalid) return invalid;
  const body = ctx.body as BulkUpdateUsersBody;
  for (const [i, user] of body.users.entries()) {
    const missing = requireIdentity(user, `users[${i}]`);
    if (missing) return missing;
  }
  const tally = new BulkTally();
  const records = body.users.map((user) => ({
    user,
    identity: identityOf(user),
    fields:
      (user.createNewFields ?? body.createNewFields) === false
        ? dropUnknownFields(ctx.store, user.dataFields, tally.filteredOutFields)
        : user.dataFields,
  }));
  // One mismatched field anywhere fails the whole batch, before anything is stored.
  const types = checkUserFieldTypes(
    ctx.store,
    records.map((record) => record.fields),
  );
  if (!types.ok) return types.reply;
  tally.createdFields.push(...types.commit());
  for (const { user, identity, fields } of records) {
    const failure = gateRecord(identity, ctx.store, ctx.faults);
    if (failure) {
      tally.fail(failure);
      continue;
    }
    const lookup = lookupForWrite(identity, fields, ctx.store);
    if (!lookup.ok) {
      tally.fail(lookup.failure);
      continue;
    }
    if (!lookup.user && body.updateOnly === true) {
      tally.fail(notFound(identity));
      continue;
    }
    const before = lookup.user ? profileOf(lookup.user) : undefined;
    const written = writeUser(ctx.store, identity, lookup.user, fields, user.mergeNestedObjects ?? false);
    if (before !== undefined && before === profileOf(written)) tally.succeedWithoutChange(identity);
    else tally.succeed();
  }
  return tally.reply('bulkUpdate');
};

export const updateEmail: Handler = (ctx) => {
  const invalid = validateBody(UpdateEmailBody, ctx.body, ctx.strictBodies);
  if (invalid) return invalid;
  const body = ctx.body as UpdateEmailBody;
  if (body.currentEmail === undefined && body.currentUserId === undefined) {
    return badParams('Invalid request: one of currentEmail or currentUserId is required', { field: 'currentEmail' });
  }
  if (!isValidEmail(body.newEmail)) return apiReply(400, 'InvalidEmailAddressError', `Invalid email: ${body.newEmail}`);
  // currentEmail wins when both are given (iterable-api.md §1.3).
  const identity: Identity = body.currentEmail !== undefined ? { email: body.currentEmail } : { userId: body.currentUserId };
  const failure = gateRecord(identity, ctx.store, ctx.faults);
  if (failure) return singleFailureReply(failure);
  if (ctx.store.isForgotten(body.newEmail)) return singleFailureReply({ key: 'forgottenEmails', value: body.newEmail });
  const resolution = ctx.store.resolve(identity);
  if (resolution.kind !== 'found') return singleFailureReply(notFound(identity));
  if (!ctx.store.identifierFree('email', body.newEmail, resolution.user)) {
    return apiReply(400, 'EmailAlreadyExists', `Email already exists: ${body.newEmail}`, { newEmail: body.newEmail });
  }
  ctx.store.migrateEmail(resolution.user, body.newEmail);
  return success();
};
