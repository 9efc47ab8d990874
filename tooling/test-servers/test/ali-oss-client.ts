import OSS from 'ali-oss';
import type { OssCredential, OssServer } from '../src/oss/index.js';

export interface AliOssClientOptions {
  /** Defaults to the server's own AccessKey. A `securityToken` makes the client send it as an STS token. */
  credential?: OssCredential;
  /** The bucket for object calls; bucket calls name theirs. */
  bucket?: string;
  /** Signature V4 instead of V1. */
  authorizationV4?: boolean;
  /** Defaults to the server's endpoint. */
  endpoint?: string;
  /** Region without the `oss-` prefix; defaults to the server's. */
  region?: string;
}

/**
 * An unmodified ali-oss 6.23.0 client that talks to the OSS test server. `Client` is the calling test's description
 * of the calls it makes, as @types/ali-oss 6.23.3 leaves several out or types them narrowly.
 */
export function aliOssClient<Client>(server: OssServer, options: AliOssClientOptions = {}): Client {
  const credential = options.credential ?? { accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret };
  const token = credential.securityToken;
  return new OSS({
    endpoint: options.endpoint ?? server.endpoint,
    region: `oss-${options.region ?? server.region}`,
    accessKeyId: credential.accessKeyId,
    accessKeySecret: credential.accessKeySecret,
    ...(options.bucket === undefined ? {} : { bucket: options.bucket }),
    authorizationV4: options.authorizationV4 ?? false,
    // Keeps the bucket in the path: the test endpoints (127.0.0.1, localhost) cannot carry a bucket sub-domain. The
    // option is missing from @types/ali-oss.
    ...({ sldEnable: true } as object),
    ...(token === undefined
      ? {}
      : { stsToken: token, refreshSTSToken: async () => ({ accessKeyId: credential.accessKeyId, accessKeySecret: credential.accessKeySecret, stsToken: token }) }),
  }) as unknown as Client;
}
