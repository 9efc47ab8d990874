import { BackendError } from '../../errors/backend-error.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { createLockInfo, generateLockId, type LockInfo } from '../../lock/lock-info.js';
import { check, describeError, expectEqual, fail } from '../assertions.js';
import { defineCase, skipCase, type CaseContext } from '../conformance-case.js';
import { utf8 } from '../payloads.js';

/** Runs `call`, which must reject, and returns what it rejected with. */
async function rejectionOf(label: string, call: () => Promise<unknown>): Promise<[string, unknown]> {
  try {
    await Promise.resolve().then(call);
  } catch (error) {
    return [label, error];
  }
  fail(`${label}: expected a rejection, but it resolved`);
}

/**
 * Provokes every refusal the capabilities allow, through the facade and on the raw provider
 * (which must throw `BackendError`s itself rather than rely on the facade's wrapping).
 */
async function provokeErrors(context: CaseContext): Promise<Array<[string, unknown]>> {
  const { a, capabilities } = context;
  const provider = a.provider;
  const errors: Array<[string, unknown]> = [];
  errors.push(await rejectionOf('readState with an invalid name', () => a.readState('a/b')));
  errors.push(await rejectionOf('an empty write', () => a.writeState('errors', new Uint8Array())));
  errors.push(await rejectionOf('deleting default', () => a.deleteWorkspace('default')));
  if (!capabilities.locking) {
    errors.push(await rejectionOf('lock without locking', () => a.lock('errors')));
    errors.push(await rejectionOf('provider.lock without locking', () => provider.lock('errors', createLockInfo())));
  } else {
    const b = await context.client();
    const id = await a.lock('errors', { Operation: 'OperationTypeApply' });
    errors.push(await rejectionOf('a lock conflict', () => b.lock('errors')));
    errors.push(await rejectionOf('provider.lock conflict', () => b.provider.lock('errors', createLockInfo())));
    errors.push(await rejectionOf('unlock with a wrong id', () => a.unlock('errors', generateLockId())));
    errors.push(await rejectionOf('provider.unlock with a wrong id', () => provider.unlock('errors', generateLockId())));
    await a.unlock('errors', id);
    errors.push(await rejectionOf('unlock of an unlocked workspace', () => a.unlock('errors', id)));
    errors.push(await rejectionOf('provider.unlock of an unlocked workspace', () => provider.unlock('errors', id)));
  }
  if (capabilities.versions) {
    await a.writeState('errors', utf8('errors'));
    errors.push(await rejectionOf('an unknown version', () => a.readVersion('errors', 'no-such-version')));
  } else {
    errors.push(await rejectionOf('listVersions without versions', () => a.listVersions('errors')));
  }
  if (capabilities.conditionalWrite) {
    await a.writeState('errors', utf8('errors'));
    errors.push(await rejectionOf('a create-only write on an existing state', () =>
      a.writeState('errors', utf8('again'), { ifNoneMatch: true }),
    ));
  } else {
    errors.push(await rejectionOf('a conditional write without conditionalWrite', () =>
      a.writeState('errors', utf8('again'), { ifNoneMatch: true }),
    ));
  }
  return errors;
}

/** Every string reachable from an error: message, hint, stack, JSON, own fields, the cause chain. */
function textsOf(error: unknown, seen = new Set<unknown>()): string[] {
  if (error === null || error === undefined || seen.has(error)) return [];
  seen.add(error);
  if (typeof error !== 'object') return [String(error)];
  const texts: string[] = [String(error)];
  try {
    texts.push(JSON.stringify(error) ?? '');
  } catch {
    // A cyclic error body cannot be serialised; its fields are still walked below.
  }
  for (const key of [...Object.getOwnPropertyNames(error), 'message', 'stack', 'hint']) {
    const value = (error as Record<string, unknown>)[key];
    if (typeof value === 'string') texts.push(value);
    else if (key === 'cause' || (typeof value === 'object' && value !== null)) texts.push(...textsOf(value, seen));
  }
  return texts;
}

const knownCodes = new Set<string>(Object.values(ErrorCode));

/** Group K: what errors look like. */
export const errorCases = [
  defineCase('typed-errors', {
    title: 'every refusal is a BackendError with a documented code (and the original error as cause)',
    async run(context) {
      for (const [label, error] of await provokeErrors(context)) {
        check(BackendError.isInstance(error), `${label}: rejected with ${describeError(error)}, not a BackendError`);
        check(knownCodes.has(error.code), `${label}: code "${error.code}" is not a documented ErrorCode`);
        check(error.code !== 'BACKEND_ERROR', `${label}: classified as BACKEND_ERROR (${error.message}); expected refusals need their own code`);
        check(error.hint === undefined || typeof error.hint === 'string', `${label}: hint is not a string`);
        if (error.code === 'LOCK_CONFLICT' || error.code === 'LOCK_ID_MISMATCH') {
          const holder = (error as { lock?: LockInfo }).lock;
          check(holder !== undefined && holder.ID !== '', `${label}: ${error.code} carries no holder LockInfo`);
        }
      }
    },
  }),

  defineCase('isinstance-across-copies', {
    title: 'errors pass BackendError.isInstance of a second loaded copy of core, and the other way round',
    async run({ a }) {
      const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve;
      let specifier: string | undefined;
      try {
        specifier = resolve?.('@x/backend-core/errors');
      } catch {
        specifier = undefined;
      }
      if (specifier === undefined) skipCase('cannot resolve @x/backend-core/errors to load a second copy of it');
      let copy: { BackendError: typeof BackendError };
      try {
        copy = await import(/* @vite-ignore */ `${specifier}?conformance-copy=${generateLockId()}`);
      } catch (error) {
        skipCase(`cannot load a second copy of ${specifier}: ${describeError(error)}`);
      }
      if (copy.BackendError === BackendError) {
        skipCase('the loaded copy shares this BackendError class (one installed copy only), so there is nothing to compare');
      }
      const error = await a.readState('a/b').then(
        () => fail('readState("a/b") resolved'),
        (rejection: unknown) => rejection,
      );
      check(copy.BackendError.isInstance(error), "an error from the provider fails the second copy's BackendError.isInstance");
      check(copy.BackendError.hasCode(error, 'INVALID_WORKSPACE_NAME'), "the second copy's hasCode does not see the code");
      const foreign = new copy.BackendError('LOCK_NOT_HELD', 'made by the second copy');
      check(BackendError.isInstance(foreign), "an error of the second copy fails this copy's BackendError.isInstance");
    },
  }),

  defineCase('conflict-message', {
    title: "a lock conflict's message names the holder's ID, Who, Operation and Created",
    requires: ['locking'],
    async run({ a, client }) {
      const info = { Operation: 'OperationTypeApply', Who: 'carol@ci-runner-12', Created: '2026-11-21T10:20:30.5Z' };
      const id = await a.lock('default', info);
      const b = await client();
      let message = '';
      try {
        await b.lock('default');
        fail('B locked a workspace A holds');
      } catch (error) {
        check(BackendError.hasCode(error, 'LOCK_CONFLICT'), `B's lock failed with ${describeError(error)}`);
        message = error.message;
      }
      for (const [field, value] of [['ID', id], ['Who', info.Who], ['Operation', info.Operation], ['Created', '2026-11-21']]) {
        check(message.includes(value as string), `the conflict message does not name the holder's ${field} (${value}): ${message}`);
      }
      await a.unlock('default', id);
    },
  }),

  defineCase('no-secrets-in-errors', {
    title: 'no harness secret appears in any error message, hint, JSON or cause chain',
    requires: ['secrets'],
    async run(context) {
      const secrets = context.harness.secrets ?? [];
      const errors = await provokeErrors(context);
      errors.push(await rejectionOf('reading an invalid workspace', () => context.a.readState('%41')));
      for (const [label, error] of errors) {
        const texts = textsOf(error);
        for (const secret of secrets) {
          const leaked = texts.some((text) => text.includes(secret));
          check(!leaked, `${label}: a secret (${secret.length} characters) appears in the error or its causes`);
        }
      }
      expectEqual(errors.length > 0, true, 'errors provoked');
    },
  }),
];
