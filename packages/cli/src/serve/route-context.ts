import type { IncomingMessage } from 'node:http';
import type { StateBackend } from '@x/backend-core';
import type { LockBodies } from './lock-bodies.js';
import type { ServeMetrics } from './serve-metrics.js';

/** What every route of one server shares. */
export interface RouteContext {
  backend: StateBackend;
  lockBodies: LockBodies;
  maxBodyBytes: number;
  /** Accept a write without `?ID=` while the workspace is locked (Terraform's `-lock=false`). */
  allowWritesWithoutLockId: boolean;
  metrics: ServeMetrics;
}

/** One request on a workspace route, and what it reports for the audit log and metrics. */
export interface WorkspaceExchange {
  request: IncomingMessage;
  searchParams: URLSearchParams;
  workspace: string;
  /** Set by the route: the state-changing action it performed or attempted. */
  action?: string;
  lockId?: string;
  serial?: number;
  bytesIn: number;
}
