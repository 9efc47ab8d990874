import type { TerraformState } from '@x/backend-core';

/** Longest value text the dashboard shows; longer values are cut, with a note. */
const maximumValueLength = 4000;

/**
 * One root output as the dashboard may show it. A sensitive output has no `value` at all: the
 * masking happens here, on the server, so the secret never reaches the page, the JSON API or
 * the browser's cache.
 */
export interface OutputView {
  name: string;
  /** The cty type as compact JSON text, e.g. `"string"` or `["list","number"]`. */
  type: string;
  sensitive: boolean;
  /** Compact JSON of the value; absent when sensitive. */
  value?: string;
  /** True when `value` was shortened to fit the page. */
  truncated?: boolean;
}

/** The state's outputs in file order, sensitive values removed. */
export function outputViews(state: TerraformState): OutputView[] {
  return Object.entries(state.outputs).map(([name, output]) => {
    const type = JSON.stringify(output.type) ?? 'null';
    if (output.sensitive) return { name, type, sensitive: true };
    const { text, truncated } = compactJson(output.value);
    return truncated ? { name, type, sensitive: false, value: text, truncated } : { name, type, sensitive: false, value: text };
  });
}

/** A value as compact JSON, cut to a length a page can show. */
export function compactJson(value: unknown): { text: string; truncated: boolean } {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > maximumValueLength ? { text: text.slice(0, maximumValueLength), truncated: true } : { text, truncated: false };
}
