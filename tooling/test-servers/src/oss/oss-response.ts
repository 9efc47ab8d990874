/** What an operation answers; the server adds x-oss-request-id, Date, Server and Content-Length. */
export interface OssResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
}

export function xmlResponse(status: number, xml: string, headers: Record<string, string> = {}): OssResponse {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body: xml };
}

/** OSS writes ETags as quoted upper-case hex; radosgw (like S3) writes lower-case. */
export function ossETag(s3ETag: string | undefined): string | undefined {
  return s3ETag?.toUpperCase();
}

/** ETags in conditional headers from OSS clients are upper-case; radosgw compares them case-sensitively. */
export function s3ETag(ossETagValue: string | undefined): string | undefined {
  return ossETagValue?.toLowerCase();
}

/** ISO 8601 with milliseconds, as OSS writes LastModified in XML. */
export function isoTime(date: Date | undefined): string | undefined {
  return date?.toISOString();
}
