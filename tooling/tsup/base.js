/**
 * Shared tsup settings for every published package: ESM only, Node 20, declarations,
 * and no bundling of dependencies (each package declares its own).
 * @param {import('tsup').Options} overrides
 * @returns {import('tsup').Options}
 */
export function packageBuild(overrides) {
  return {
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    ...overrides,
  };
}
