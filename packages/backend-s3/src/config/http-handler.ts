import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent as AgentBase, type AgentConnectOpts } from 'agent-base';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { configError } from './config-error.js';
import { bypassesProxy } from './no-proxy.js';
import type { S3ClientOptions } from './s3-settings.js';

/** TLS settings shared by every connection: the CA bundle (added to Node's roots) and `insecure`. */
interface TlsOptions {
  ca?: string[];
  rejectUnauthorized?: boolean;
}

const agentDefaults = { keepAlive: true, maxSockets: 50 };

/**
 * One request handler for one SDK client: TLS trust from `custom_ca_bundle`/`insecure`, and
 * proxy routing per request host (`http_proxy`, `https_proxy`, `no_proxy`, Terraform's rules).
 * Returns undefined when nothing differs from the SDK's own handler. Each client gets its own
 * handler because destroying a client destroys its handler's sockets.
 */
export function createRequestHandler(options: S3ClientOptions, tls: TlsOptions | undefined): NodeHttpHandler | undefined {
  const { httpProxy, httpsProxy, noProxy } = options.proxy;
  if (tls === undefined && httpProxy === undefined && httpsProxy === undefined) return undefined;
  const tlsOptions = tls ?? {};
  const directHttp = new http.Agent(agentDefaults);
  const directHttps = new https.Agent({ ...agentDefaults, ...tlsOptions });
  const httpAgent =
    httpProxy === undefined
      ? directHttp
      : new ProxyRoutingAgent(new HttpProxyAgent(httpProxy, agentDefaults), directHttp, noProxy);
  const httpsAgent =
    httpsProxy === undefined
      ? directHttps
      : new ProxyRoutingAgent(new HttpsProxyAgent(httpsProxy, { ...agentDefaults, ...tlsOptions }), directHttps, noProxy, tlsOptions);
  return new NodeHttpHandler({ httpAgent, httpsAgent });
}

/** Reads `custom_ca_bundle` and turns `insecure` into TLS options; undefined when neither is set. */
export function readTlsOptions(options: S3ClientOptions): TlsOptions | undefined {
  if (options.customCaBundle === undefined && !options.insecure) return undefined;
  const tls: TlsOptions = {};
  if (options.insecure) tls.rejectUnauthorized = false;
  if (options.customCaBundle !== undefined) {
    let pem: string;
    try {
      pem = readFileSync(options.customCaBundle, 'utf8');
    } catch (error) {
      throw configError({
        summary: 'Invalid custom CA bundle',
        detail: `reading custom CA bundle: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'} ${options.customCaBundle}`,
        argument: 'custom_ca_bundle',
        hint: 'Point custom_ca_bundle (or AWS_CA_BUNDLE) at a readable PEM file of CA certificates.',
      });
    }
    const certificates = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    if (certificates === null) {
      throw configError({
        summary: 'Invalid custom CA bundle',
        detail: `failed to load custom CA bundle PEM file ${options.customCaBundle}: no certificates found`,
        argument: 'custom_ca_bundle',
        hint: 'The file must hold one or more "-----BEGIN CERTIFICATE-----" blocks.',
      });
    }
    // Node's `ca` replaces the default roots; the bundle adds to them, as in the AWS SDKs.
    tls.ca = [...rootCertificates, ...certificates];
  }
  return tls;
}

/** Sends each request through the proxy, or directly when `no_proxy` (or loopback) says so. */
class ProxyRoutingAgent extends AgentBase {
  constructor(
    private readonly proxied: http.Agent,
    private readonly direct: http.Agent,
    private readonly noProxy: string | undefined,
    tlsOptions: TlsOptions = {},
  ) {
    super({ ...agentDefaults, ...tlsOptions });
  }

  override connect(_request: http.ClientRequest, options: AgentConnectOpts): http.Agent {
    const port = options.port ?? (options.secureEndpoint ? 443 : 80);
    return bypassesProxy(options.host ?? 'localhost', Number(port), this.noProxy) ? this.direct : this.proxied;
  }

  override destroy(): void {
    this.proxied.destroy();
    this.direct.destroy();
    super.destroy();
  }
}
