import { createHmac, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { policyOf, type AccessPolicy, type ServeUser } from './serve-user.js';

/** Outcome of checking a request's credentials. */
export type AuthOutcome = { kind: 'missing' } | { kind: 'invalid' } | { kind: 'ok'; policy: AccessPolicy };

const cacheLimit = 1000;
const cacheLifetimeMs = 5 * 60_000;

/**
 * Checks `Authorization: Basic` against bcrypt hashes. bcrypt is slow on purpose (tens of
 * milliseconds), and Terraform sends several requests per command, so a verified header is
 * remembered for five minutes under a keyed HMAC (the plain password is not kept). Unknown users
 * cost a bcrypt comparison too, so timing does not reveal which names exist.
 */
export function createBasicAuth(users: readonly ServeUser[]): (header: string | undefined) => Promise<AuthOutcome> {
  const byName = new Map(users.map((user) => [user.name, { user, policy: policyOf(user) }]));
  const cacheKey = randomBytes(32);
  const verified = new Map<string, { policy: AccessPolicy; expires: number }>();
  const decoyHash = bcrypt.hashSync(randomBytes(16).toString('hex'), users[0] ? bcrypt.getRounds(normalizedHash(users[0].passwordHash)) : 10);

  return async (header) => {
    if (header === undefined || !/^basic /i.test(header)) return { kind: 'missing' };
    const key = createHmac('sha256', cacheKey).update(header).digest('base64');
    const cached = verified.get(key);
    if (cached && cached.expires > Date.now()) return { kind: 'ok', policy: cached.policy };
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    if (separator === -1) return { kind: 'invalid' };
    const entry = byName.get(decoded.slice(0, separator));
    const password = decoded.slice(separator + 1);
    const matches = await bcrypt.compare(password, entry ? normalizedHash(entry.user.passwordHash) : decoyHash);
    if (!entry || !matches) return { kind: 'invalid' };
    if (verified.size >= cacheLimit) verified.clear();
    verified.set(key, { policy: entry.policy, expires: Date.now() + cacheLifetimeMs });
    return { kind: 'ok', policy: entry.policy };
  };
}

/** htpasswd writes `$2y$`, which is the same algorithm as `$2b$`. */
function normalizedHash(hash: string): string {
  return hash.startsWith('$2y$') ? `$2b$${hash.slice(4)}` : hash;
}
