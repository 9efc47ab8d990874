import { configError } from './config-error.js';

/**
 * Checks an SSE-C key the way Terraform does: 44 characters of standard base64 (a 256-bit key).
 * The key itself never appears in the error.
 */
export function checkCustomerKey(key: string, source: 'argument' | 'environment'): void {
  const fromArgument = source === 'argument';
  const summary = fromArgument ? 'Invalid sse_customer_key value' : 'Invalid AWS_SSE_CUSTOMER_KEY value';
  const subject = fromArgument ? 'sse_customer_key' : 'The environment variable "AWS_SSE_CUSTOMER_KEY"';
  const hint = 'Generate a key with: openssl rand -base64 32';
  if (key.length !== 44) {
    throw configError({ summary, detail: `${subject} must be 44 characters in length`, argument: fromArgument ? 'sse_customer_key' : undefined, hint });
  }
  const problem = base64Problem(key);
  if (problem !== undefined) {
    throw configError({ summary, detail: `${subject} must be base64 encoded: ${problem}`, argument: fromArgument ? 'sse_customer_key' : undefined, hint });
  }
}

/** Go's `base64.StdEncoding` error for `text`, or undefined when it decodes. */
function base64Problem(text: string): string | undefined {
  const firstBad = text.search(/[^A-Za-z0-9+/=]/);
  if (firstBad !== -1) return `illegal base64 data at input byte ${firstBad}`;
  const padding = text.indexOf('=');
  if (padding !== -1 && (padding < text.length - 2 || /[^=]/.test(text.slice(padding)))) {
    return `illegal base64 data at input byte ${padding}`;
  }
  return undefined;
}
