import { UsageError } from '../cli-errors.js';
import type { ServeAccess, ServeGrant, ServeUser } from './serve-user.js';

const bcryptHash = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;
const userName = /^[^\s:]+$/;

/**
 * Parses the accounts of `tfstate serve` from `--auth-file` or `TFSTATE_SERVE_AUTH`. Two forms:
 *
 * - htpasswd lines `user:$2y$...` (bcrypt only; `#` comments): read-write on every workspace.
 * - JSON: `{"users":[{"name":"ci","password":"$2b$...","grants":[{"workspaces":["dev-*"],"access":"read-write"}]}]}`;
 *   instead of `grants` a user may give `workspaces` and `access` directly. `access` is
 *   `read-only` or `read-write`; `workspaces` are globs (`*`, `?`).
 *
 * Plain-text passwords are refused, so the file never holds a usable secret.
 */
export function parseAuthFile(text: string, source: string): ServeUser[] {
  const users = text.trimStart().startsWith('{') ? parseJsonUsers(text, source) : parseHtpasswd(text, source);
  if (users.length === 0) {
    throw new UsageError(`${source} defines no users`, { hint: 'Add a line "user:HASH"; make the hash with: tfstate serve hash-password' });
  }
  const seen = new Set<string>();
  for (const user of users) {
    if (seen.has(user.name)) throw new UsageError(`${source} defines user "${user.name}" twice`, { hint: 'Keep one entry per user.' });
    seen.add(user.name);
  }
  return users;
}

function parseHtpasswd(text: string, source: string): ServeUser[] {
  const users: ServeUser[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const separator = line.indexOf(':');
    const name = separator === -1 ? '' : line.slice(0, separator);
    const hash = separator === -1 ? '' : line.slice(separator + 1);
    users.push(checkedUser(name, hash, [{ workspaces: ['*'], access: 'read-write' }], `${source} line ${index + 1}`));
  });
  return users;
}

function parseJsonUsers(text: string, source: string): ServeUser[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`, { hint: authFormatHint });
  }
  const list = (parsed as { users?: unknown }).users;
  if (!Array.isArray(list)) throw new UsageError(`${source} needs a "users" array`, { hint: authFormatHint });
  return list.map((entry: unknown, index) => {
    const where = `${source} users[${index}]`;
    if (typeof entry !== 'object' || entry === null) throw new UsageError(`${where} is not an object`, { hint: authFormatHint });
    const record = entry as Record<string, unknown>;
    const grants =
      record.grants === undefined
        ? [checkedGrant({ workspaces: record.workspaces ?? ['*'], access: record.access ?? 'read-write' }, where)]
        : Array.isArray(record.grants)
          ? record.grants.map((grant, grantIndex) => checkedGrant(grant, `${where}.grants[${grantIndex}]`))
          : [];
    if (grants.length === 0) throw new UsageError(`${where} has no grants`, { hint: authFormatHint });
    return checkedUser(record.name, record.password, grants, where);
  });
}

function checkedUser(name: unknown, hash: unknown, grants: ServeGrant[], where: string): ServeUser {
  if (typeof name !== 'string' || !userName.test(name)) {
    throw new UsageError(`${where}: the user name is missing or holds spaces or ":"`, { hint: authFormatHint });
  }
  if (typeof hash !== 'string' || !bcryptHash.test(hash)) {
    // Never echo the value: it may be a plain-text password.
    throw new UsageError(`${where}: the password of "${name}" is not a bcrypt hash`, {
      hint: 'Store bcrypt hashes only; make one with: tfstate serve hash-password < password.txt',
    });
  }
  return { name, passwordHash: hash, grants };
}

function checkedGrant(value: unknown, where: string): ServeGrant {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const workspaces = typeof record.workspaces === 'string' ? [record.workspaces] : record.workspaces;
  if (!Array.isArray(workspaces) || workspaces.length === 0 || !workspaces.every((item) => typeof item === 'string' && item !== '')) {
    throw new UsageError(`${where}: "workspaces" must be a non-empty list of globs`, { hint: authFormatHint });
  }
  if (record.access !== 'read-only' && record.access !== 'read-write') {
    throw new UsageError(`${where}: "access" must be "read-only" or "read-write"`, { hint: authFormatHint });
  }
  return { workspaces: workspaces as string[], access: record.access as ServeAccess };
}

const authFormatHint =
  'Use htpasswd lines "user:$2y$..." or JSON {"users":[{"name":"ci","password":"$2b$...","workspaces":["dev-*"],"access":"read-write"}]}.';
