import { compileWorkspacePattern } from './workspace-pattern.js';

/** What a grant allows on the workspaces it matches. */
export type ServeAccess = 'read-only' | 'read-write';

/** Access to the workspaces whose names match one of `workspaces` (globs). */
export interface ServeGrant {
  workspaces: readonly string[];
  access: ServeAccess;
}

/** One account of `tfstate serve`. */
export interface ServeUser {
  name: string;
  /** bcrypt hash (`$2a$`, `$2b$` or htpasswd's `$2y$`); the password itself is never stored. */
  passwordHash: string;
  grants: readonly ServeGrant[];
}

/** What an authenticated caller may do, per workspace. */
export interface AccessPolicy {
  readonly user: string | undefined;
  canRead(workspace: string): boolean;
  canWrite(workspace: string): boolean;
}

/** Everything allowed: no authentication configured (loopback only) or a client-certificate user. */
export function unrestrictedPolicy(user: string | undefined): AccessPolicy {
  return { user, canRead: () => true, canWrite: () => true };
}

/** The policy of a user: a workspace is readable when any grant matches, writable when a read-write grant does. */
export function policyOf(user: ServeUser): AccessPolicy {
  const compiled = user.grants.map((grant) => ({
    write: grant.access === 'read-write',
    matchers: grant.workspaces.map(compileWorkspacePattern),
  }));
  const matches = (workspace: string, needWrite: boolean) =>
    compiled.some((grant) => (!needWrite || grant.write) && grant.matchers.some((match) => match(workspace)));
  return { user: user.name, canRead: (workspace) => matches(workspace, false), canWrite: (workspace) => matches(workspace, true) };
}
