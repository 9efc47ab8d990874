import { jsonHttpError } from './http-error.js';
import { bytesReply, jsonReply, type Reply } from './reply.js';
import type { RouteContext, WorkspaceExchange } from './route-context.js';
import { md5Base64 } from './state-routes.js';

/** GET `/<workspace>/versions`: earlier states, newest first, as a JSON list. 501 when the store keeps no versions. */
export async function listVersionsRoute(context: RouteContext, exchange: WorkspaceExchange): Promise<Reply> {
  requireVersions(context);
  const versions = await context.backend.listVersions(exchange.workspace);
  return jsonReply(
    200,
    versions.map((version) => ({
      id: version.versionId,
      lastModified: version.lastModified.toISOString(),
      size: version.size,
      latest: version.isLatest,
      deleteMarker: version.isDeleteMarker,
    })),
  );
}

/** GET `/<workspace>/versions/<id>`: the bytes of one version; 404 (JSON) for an unknown id. */
export async function readVersionRoute(context: RouteContext, exchange: WorkspaceExchange, versionId: string): Promise<Reply> {
  requireVersions(context);
  const stored = await context.backend.readVersion(exchange.workspace, versionId);
  return bytesReply(stored.bytes, md5Base64(stored.bytes));
}

function requireVersions(context: RouteContext): void {
  if (!context.backend.capabilities.versions) {
    throw jsonHttpError(501, `the ${context.backend.name} backend keeps no state versions (enable bucket versioning to keep them)`);
  }
}
