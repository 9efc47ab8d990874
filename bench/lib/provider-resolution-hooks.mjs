/**
 * Resolves provider packages the CLI imports at run time (`@x/backend-s3`, `@x/backend-oss`) from
 * bench/, where they are dependencies. In this monorepo @x/cli does not depend on them (users
 * install them next to the CLI), so without this the CLI would report them as not installed.
 */
const benchUrl = new URL('../package.json', import.meta.url).href;
const providerPackages = new Set(['@x/backend-s3', '@x/backend-oss']);

export async function resolve(specifier, context, nextResolve) {
  if (providerPackages.has(specifier)) {
    try {
      return await nextResolve(specifier, context);
    } catch {
      return nextResolve(specifier, { ...context, parentURL: benchUrl });
    }
  }
  return nextResolve(specifier, context);
}
