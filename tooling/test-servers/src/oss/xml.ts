import { XMLBuilder, XMLParser } from 'fast-xml-parser';

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false });
const parser = new XMLParser({ parseTagValue: false, trimValues: false, ignoreAttributes: true });

/** An XML element tree: nested objects become elements, arrays repeat an element, undefined is left out. */
export type XmlTree = { [element: string]: XmlValue };
export type XmlValue = string | number | boolean | undefined | XmlTree | XmlTree[] | string[];

/** Renders `<?xml ...?><root>...</root>` the way OSS writes its response bodies (UTF-8, no indentation). */
export function renderXml(root: string, content: XmlTree | string): string {
  const tree = typeof content === 'string' ? content : dropUndefined(content);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: tree })}`;
}

/**
 * Parses a small request body (DeleteMultipleObjects, PutBucketVersioning, PutBucket). Element text is kept
 * verbatim (no trimming) because object keys may start or end with spaces.
 */
export function parseXml(text: string): Record<string, unknown> {
  return parser.parse(text) as Record<string, unknown>;
}

/** Reads an element that may occur once or many times as an array of its occurrences. */
export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function dropUndefined(tree: XmlTree): XmlTree {
  const result: XmlTree = {};
  for (const [name, value] of Object.entries(tree)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      result[name] = (value as Array<XmlTree | string>).map((item) => (typeof item === 'string' ? item : dropUndefined(item))) as XmlTree[];
    } else if (typeof value === 'object') {
      result[name] = dropUndefined(value);
    } else {
      result[name] = value;
    }
  }
  return result;
}
