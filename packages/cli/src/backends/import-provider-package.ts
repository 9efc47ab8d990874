import { BackendError } from '@x/backend-core/errors';
import { PROVIDER_FACTORY_EXPORT } from './backend-registry.js';

/**
 * Imports an optional provider package at run time. A missing package becomes an
 * `INVALID_CONFIG` error that names the package to install; a package that is present but
 * fails to load keeps its own error as the cause.
 */
export async function importProviderPackage(packageName: string, backendName: string): Promise<Record<string, unknown>> {
  try {
    // A computed specifier keeps bundlers and the type checker from requiring the package at build time.
    const specifier: string = packageName;
    return (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    if (isMissingPackage(error, packageName)) {
      throw new BackendError('INVALID_CONFIG', `the ${backendName} backend needs the package ${packageName}, which is not installed`, {
        hint: `Install it next to tfstate: npm install ${packageName} (or pnpm add ${packageName}).`,
        cause: error,
      });
    }
    throw new BackendError('BACKEND_ERROR', `failed to load ${packageName}: ${(error as Error).message}`, { cause: error });
  }
}

/** The provider factory a package exports under {@link PROVIDER_FACTORY_EXPORT}. */
export function providerFactoryOf<T>(module: Record<string, unknown>, packageName: string): T {
  const factory = module[PROVIDER_FACTORY_EXPORT];
  if (typeof factory !== 'function') {
    throw new BackendError('BACKEND_ERROR', `${packageName} does not export ${PROVIDER_FACTORY_EXPORT}()`, {
      hint: `Install a version of ${packageName} that matches this tfstate.`,
    });
  }
  return factory as T;
}

function isMissingPackage(error: unknown, packageName: string): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = (error as Error | undefined)?.message ?? '';
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${packageName}'`);
}
