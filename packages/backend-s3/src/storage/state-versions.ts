import { ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StateVersionEntry } from '@x/backend-core';
import { toBackendError } from '../s3-errors.js';

/**
 * Versions and delete markers of exactly `key`, newest first. ListObjectVersions filters by
 * prefix, so `key.tflock`, `keyX` and the like are dropped here; S3 lists each key's entries
 * newest first, and the two lists are merged keeping that order.
 */
export async function listStateVersions(s3: S3Client, bucket: string, key: string): Promise<StateVersionEntry[]> {
  const versions: StateVersionEntry[] = [];
  const markers: StateVersionEntry[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    let page;
    try {
      page = await s3.send(
        new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
      );
    } catch (error) {
      throw toBackendError(error, { action: 'list versions of', bucket, key });
    }
    for (const version of page.Versions ?? []) {
      if (version.Key !== key || version.VersionId === undefined) continue;
      versions.push(entry(version.VersionId, version.LastModified, version.Size ?? 0, version.IsLatest === true, false));
    }
    for (const marker of page.DeleteMarkers ?? []) {
      if (marker.Key !== key || marker.VersionId === undefined) continue;
      markers.push(entry(marker.VersionId, marker.LastModified, 0, marker.IsLatest === true, true));
    }
    if (!page.IsTruncated) break;
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
    // Past the exact key, nothing more can match.
    if (keyMarker !== undefined && keyMarker > key) break;
  }
  return mergeNewestFirst(versions, markers);
}

function entry(versionId: string, lastModified: Date | undefined, size: number, isLatest: boolean, isDeleteMarker: boolean): StateVersionEntry {
  return { versionId, lastModified: lastModified ?? new Date(0), size, isLatest, isDeleteMarker };
}

function mergeNewestFirst(left: StateVersionEntry[], right: StateVersionEntry[]): StateVersionEntry[] {
  const merged: StateVersionEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    const a = left[i];
    const b = right[j];
    if (b === undefined || (a !== undefined && (a.isLatest || (!b.isLatest && a.lastModified >= b.lastModified)))) {
      merged.push(a as StateVersionEntry);
      i += 1;
    } else {
      merged.push(b);
      j += 1;
    }
  }
  return merged;
}
