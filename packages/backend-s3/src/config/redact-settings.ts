import { inspect } from 'node:util';
import type { ResolvedS3Settings } from './s3-settings.js';

/** What stands in for a secret, as Terraform prints sensitive values. */
export const SENSITIVE = '(sensitive value)';

/**
 * A copy of `resolved` safe to print (for `tfstate config`): the secret key, session token,
 * SSE-C key and web identity token are replaced by {@link SENSITIVE}, and user:password parts
 * of proxy URLs are removed. Access key ids, ARNs and paths stay readable.
 */
export function redactSettings(resolved: ResolvedS3Settings): ResolvedS3Settings {
  const { settings, clientOptions, warnings } = resolved;
  const credentials = clientOptions.credentials;
  return {
    settings: {
      ...settings,
      ...(settings.sseCustomerKey === undefined ? {} : { sseCustomerKey: SENSITIVE }),
    },
    clientOptions: {
      ...clientOptions,
      endpoints: { ...clientOptions.endpoints },
      allowedAccountIds: [...clientOptions.allowedAccountIds],
      forbiddenAccountIds: [...clientOptions.forbiddenAccountIds],
      proxy: {
        ...clientOptions.proxy,
        ...(clientOptions.proxy.httpProxy === undefined ? {} : { httpProxy: withoutUserInfo(clientOptions.proxy.httpProxy) }),
        ...(clientOptions.proxy.httpsProxy === undefined ? {} : { httpsProxy: withoutUserInfo(clientOptions.proxy.httpsProxy) }),
      },
      credentials: {
        ...credentials,
        ...(credentials.staticKeys === undefined
          ? {}
          : {
              staticKeys: {
                accessKeyId: credentials.staticKeys.accessKeyId,
                secretAccessKey: SENSITIVE,
                ...(credentials.staticKeys.sessionToken === undefined ? {} : { sessionToken: SENSITIVE }),
              },
            }),
        ...(credentials.webIdentity === undefined
          ? {}
          : {
              webIdentity: {
                ...credentials.webIdentity,
                ...(credentials.webIdentity.webIdentityToken === undefined ? {} : { webIdentityToken: SENSITIVE }),
              },
            }),
      },
    },
    warnings: [...warnings],
  };
}

/** `url` without a `user:password@` part; text that is not a URL is returned unchanged. */
export function withoutUserInfo(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * Makes `JSON.stringify`, `String()` and `console.log`/`util.inspect` of `resolved` show the
 * redacted form. The methods are non-enumerable, so spreading or reading fields is unaffected.
 */
export function protectSecrets(resolved: ResolvedS3Settings): ResolvedS3Settings {
  const redacted = () => redactSettings(resolved);
  const hide = (target: object, view: () => unknown) => {
    Object.defineProperty(target, 'toJSON', { value: view, enumerable: false });
    Object.defineProperty(target, 'toString', { value: () => JSON.stringify(view()), enumerable: false });
    Object.defineProperty(target, inspect.custom, {
      value: (_depth: number, options: object) => inspect(view(), options),
      enumerable: false,
    });
  };
  hide(resolved, redacted);
  hide(resolved.settings, () => redacted().settings);
  hide(resolved.clientOptions, () => redacted().clientOptions);
  hide(resolved.clientOptions.credentials, () => redacted().clientOptions.credentials);
  const { staticKeys, webIdentity } = resolved.clientOptions.credentials;
  if (staticKeys !== undefined) hide(staticKeys, () => redacted().clientOptions.credentials.staticKeys);
  if (webIdentity !== undefined) hide(webIdentity, () => redacted().clientOptions.credentials.webIdentity);
  return resolved;
}
