import { DelegatingProvider } from './delegating-provider.js';

/** Lists every `env:/<name>/...` key as a workspace, so a lock object alone makes one. */
export class LockLeakingListProvider extends DelegatingProvider {
  override async listWorkspaces(): Promise<string[]> {
    const names = new Set(['default']);
    for (const key of this.store.listKeys()) {
      const match = /^env:\/([^/]+)\//.exec(key);
      if (match?.[1] !== undefined) names.add(match[1]);
    }
    return [...names];
  }
}

/** Reports every workspace twice, as a paginated listing that repeats a page would. */
export class DuplicatingListProvider extends DelegatingProvider {
  override async listWorkspaces(): Promise<string[]> {
    const names = await this.base.listWorkspaces();
    return [...names, ...names.filter((name) => name !== 'default')];
  }
}
