import type { StateBackend } from '@x/backend-core';

/** What the server hands the dashboard for one request, after authentication. */
export interface DashboardContext {
  backend: StateBackend;
  /** Whether the requesting user may read this workspace; the dashboard shows nothing else. */
  canRead(workspace: string): boolean;
  /** The authenticated user's name, shown in the page header; absent when serve runs without auth. */
  user?: string;
}
