import { looksLikeArn, parseArn } from './arn.js';
import { configError, formatProblem } from './config-error.js';
import { formatGoDuration, parseGoDuration } from './go-duration.js';

/**
 * Terraform's string validators (`validate.go`). Each throws `INVALID_CONFIG` with Terraform's
 * summary and detail for `argument`; none of them is used on secret values that they would quote.
 */

export function checkNotEmpty(value: string, argument: string): void {
  if (value.trim() === '') {
    throw configError({ summary: 'Invalid Value', detail: 'The value cannot be empty or all whitespace', argument });
  }
}

/** Length in bytes, as Go's `len`. */
export function checkLengthBetween(value: string, minimum: number, maximum: number, argument: string): void {
  const length = Buffer.byteLength(value, 'utf8');
  if (length < minimum || length > maximum) {
    throw configError({
      summary: 'Invalid Value Length',
      detail: `Length must be between ${minimum} and ${maximum}, had ${length}`,
      argument,
    });
  }
}

export function checkMatches(value: string, pattern: RegExp, description: string, argument: string): void {
  if (!pattern.test(value)) throw configError({ summary: 'Invalid Value', detail: description, argument });
}

/** Object keys and prefixes must not start or end with `/` (S3 strips a leading one; a trailing one is a "folder"). */
export function checkS3Path(value: string, argument: string): void {
  if (value.startsWith('/') || value.endsWith('/')) {
    throw configError({ summary: 'Invalid Value', detail: 'The value must not start or end with "/"', argument });
  }
}

export function checkDoesNotContain(value: string, part: string, argument: string): void {
  if (value.includes(part)) {
    throw configError({ summary: 'Invalid Value', detail: `Value must not contain "${part}"`, argument });
  }
}

/** An ARN whose resource starts with `resourcePrefix` (`role/`, `policy/`). */
export function checkArn(value: string, resourcePrefix: string, kind: string, argument: string): void {
  let resource: string;
  try {
    resource = parseArn(value).resource;
  } catch (error) {
    throw configError({
      summary: 'Invalid ARN',
      detail: `The value ${JSON.stringify(value)} cannot be parsed as an ARN: ${(error as Error).message}`,
      argument,
    });
  }
  if (!resource.startsWith(resourcePrefix)) {
    throw configError({
      summary: `Invalid IAM ${kind} ARN`,
      detail: `Value must be a valid IAM ${kind} ARN, got ${JSON.stringify(value)}`,
      argument,
    });
  }
}

/** A Go duration between `minimum` and `maximum`; returns whole seconds, as the STS call takes them. */
export function checkDurationBetween(value: string, minimum: bigint, maximum: bigint, argument: string): number {
  let nanoseconds: bigint;
  try {
    nanoseconds = parseGoDuration(value);
  } catch (error) {
    throw configError({
      summary: 'Invalid Duration',
      detail: `The value ${JSON.stringify(value)} cannot be parsed as a duration: ${(error as Error).message}`,
      argument,
    });
  }
  if (nanoseconds < minimum || nanoseconds > maximum) {
    throw configError({
      summary: 'Invalid Duration',
      detail: `Duration must be between ${formatGoDuration(minimum)} and ${formatGoDuration(maximum)}, had ${formatGoDuration(nanoseconds)}`,
      argument,
    });
  }
  return Number(nanoseconds / 1_000_000_000n);
}

/** An IAM policy document: a JSON object, with Terraform's hints for strings and double encoding. */
export function checkIamPolicyDocument(value: string, argument: string): void {
  const text = value.trim();
  const invalid = (detail: string) => configError({ summary: 'Invalid IAM Policy Document', detail, argument });
  if (text.startsWith('{')) {
    try {
      JSON.parse(text);
    } catch (error) {
      throw configError({
        summary: 'Invalid JSON Document',
        detail: `The JSON document contains an error: ${(error as Error).message}`,
        argument,
      });
    }
    return;
  }
  if (!text.startsWith('"')) throw invalid('Expected a JSON object describing the policy');
  const stringOnly = 'Expected a JSON object describing the policy, had a JSON-encoded string.';
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    throw invalid(stringOnly);
  }
  if (typeof content === 'string' && content.endsWith('.json')) {
    throw invalid(
      `${stringOnly}\n\nThe string ${JSON.stringify(content)} looks like a filename, please pass the contents of the file instead of the filename.`,
    );
  }
  if (typeof content === 'string' && parsesAsJson(content)) {
    throw invalid(`${stringOnly}\n\nThe string content was valid JSON, your policy document may have been double-encoded.`);
  }
  throw invalid(stringOnly);
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Terraform's loose endpoint check: unparseable is an error, missing scheme or host only a warning. */
export function checkLegacyUrl(value: string, argument: string, warnings: string[]): void {
  if (!hasSchemeAndHost(value)) {
    warnings.push(
      formatProblem({
        summary: 'Complete URL Expected',
        detail:
          `The value should be a valid URL containing at least a scheme and hostname. Had ${JSON.stringify(value)}.\n\n` +
          'Using an incomplete URL, such as a hostname only, may work, but may have unexpected behavior.',
        argument,
      }),
    );
  }
}

/** A URL with scheme and host, or an error. */
export function checkValidUrl(value: string, argument: string): void {
  if (!hasSchemeAndHost(value)) {
    throw configError({
      summary: 'Invalid Value',
      detail: `The value must be a valid URL containing at least a scheme and hostname. Had ${JSON.stringify(value)}`,
      argument,
    });
  }
}

function hasSchemeAndHost(value: string): boolean {
  // Go's url.Parse accepts "host:port" as scheme "host" with an opaque part; it has no host then, as here.
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]+)/.exec(value);
  return match !== null && match[2] !== '';
}

const uuidPattern = '[a-f0-9]{8}-[a-f0-9]{4}-[1-5][a-f0-9]{3}-[ab89][a-f0-9]{3}-[a-f0-9]{12}';
const multiRegionKeyPattern = 'mrk-[a-f0-9]{32}';
const aliasPattern = 'alias/[a-zA-Z0-9/_-]+';
// Terraform's pattern anchors only its first and last alternatives; kept as is so the same ids pass.
const keyIdPattern = new RegExp(`^${uuidPattern}|${multiRegionKeyPattern}|${aliasPattern}$`);
const keyArnResourcePattern = new RegExp(`^key/(${uuidPattern}|${multiRegionKeyPattern})$`);
const aliasArnResourcePattern = new RegExp(`^(${aliasPattern})$`);

/** `kms_key_id`: a key or alias ARN, a key UUID, a multi-Region key id or an alias name. */
export function checkKmsKeyId(value: string, argument: string): void {
  if (!looksLikeArn(value)) {
    if (!keyIdPattern.test(value)) {
      throw configError({
        summary: 'Invalid KMS Key ID',
        detail: `Value must be a valid KMS Key ID, got ${JSON.stringify(value)}`,
        argument,
        hint: 'Use a key ARN, an alias ARN, a key id (UUID or mrk-…) or an alias name such as alias/terraform-state.',
      });
    }
    return;
  }
  let resource: string | undefined;
  try {
    resource = parseArn(value).resource;
  } catch {
    resource = undefined;
  }
  if (resource === undefined || !(keyArnResourcePattern.test(resource) || aliasArnResourcePattern.test(resource))) {
    throw configError({
      summary: 'Invalid KMS Key ARN',
      detail: `Value must be a valid KMS Key ARN, got ${JSON.stringify(value)}`,
      argument,
      hint: 'A KMS ARN ends in key/<key id> or alias/<alias name>.',
    });
  }
}
