import { BackendError } from '../errors/backend-error.js';

/**
 * A JSON value that keeps its source text: numbers keep their digits (big integers, `1e400`,
 * `0.10`), strings keep their escapes, objects keep member order and duplicate keys. State files
 * carry provider data that JavaScript numbers and objects would silently change, so everything
 * this library does not need to understand travels as a `JsonNode`.
 */
export type JsonNode = JsonObjectNode | JsonArrayNode | JsonStringNode | JsonNumberNode | JsonLiteralNode;

export interface JsonObjectNode {
  readonly kind: 'object';
  readonly members: JsonMember[];
}

export interface JsonMember {
  /** The decoded key. */
  readonly key: string;
  /** The key's source text, quotes included. */
  readonly rawKey: string;
  readonly value: JsonNode;
}

export interface JsonArrayNode {
  readonly kind: 'array';
  readonly items: JsonNode[];
}

export interface JsonStringNode {
  readonly kind: 'string';
  /** Source text, quotes and escapes included. */
  readonly raw: string;
}

export interface JsonNumberNode {
  readonly kind: 'number';
  /** Source text of the number, exactly as written. */
  readonly raw: string;
}

export interface JsonLiteralNode {
  readonly kind: 'literal';
  readonly raw: 'true' | 'false' | 'null';
}

/**
 * Deepest nesting accepted. Go allows 10000, but the recursive descent here (and in the writer)
 * would exhaust the JavaScript stack long before; real states stay far below this.
 */
export const MAX_JSON_DEPTH = 2_000;

/**
 * Parses strict RFC 8259 JSON into a raw-preserving tree. Throws `INVALID_STATE` with the line
 * and column of the first problem (what `JSON.parse` reports is engine-specific and often
 * lacks a position).
 */
export function parseJsonTree(text: string, what = 'the state'): JsonNode {
  return new TreeParser(text, what).parseDocument();
}

/** The decoded string of a string node. */
export function stringValue(node: JsonStringNode): string {
  return node.raw.includes('\\') ? (JSON.parse(node.raw) as string) : node.raw.slice(1, -1);
}

/** The member value under `key` (the last one, as Go and `JSON.parse` resolve duplicates). */
export function memberValue(node: JsonObjectNode, key: string): JsonNode | undefined {
  for (let index = node.members.length - 1; index >= 0; index--) {
    const member = node.members[index]!;
    if (member.key === key) return member.value;
  }
  return undefined;
}

class TreeParser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly what: string,
  ) {}

  parseDocument(): JsonNode {
    if (this.text.charCodeAt(0) === 0xfeff) {
      throw this.fail('starts with a byte order mark (U+FEFF)', 'Save the file as UTF-8 without a byte order mark.');
    }
    this.skipWhitespace();
    if (this.position >= this.text.length) throw this.fail('is empty');
    const node = this.parseValue();
    this.skipWhitespace();
    if (this.position < this.text.length) throw this.fail(`has ${this.describeHere()} after the JSON value`);
    return node;
  }

  private parseValue(): JsonNode {
    const code = this.text.charCodeAt(this.position);
    switch (code) {
      case 0x7b:
        return this.parseObject();
      case 0x5b:
        return this.parseArray();
      case 0x22:
        return { kind: 'string', raw: this.scanString() };
      case 0x74:
        return this.parseLiteral('true');
      case 0x66:
        return this.parseLiteral('false');
      case 0x6e:
        return this.parseLiteral('null');
      default:
        if (code === 0x2d || (code >= 0x30 && code <= 0x39)) return this.parseNumber();
        throw this.fail(`has ${this.describeHere()} where a value should start`);
    }
  }

  private parseObject(): JsonObjectNode {
    this.enter();
    this.position++;
    const members: JsonMember[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.position) === 0x7d) {
      this.position++;
      this.depth--;
      return { kind: 'object', members };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text.charCodeAt(this.position) !== 0x22) {
        throw this.fail(`has ${this.describeHere()} where an object key (a string) should be`);
      }
      const rawKey = this.scanString();
      const key = rawKey.includes('\\') ? (JSON.parse(rawKey) as string) : rawKey.slice(1, -1);
      this.skipWhitespace();
      this.expect(0x3a, 'a colon after an object key');
      this.skipWhitespace();
      members.push({ key, rawKey, value: this.parseValue() });
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.position);
      if (next === 0x2c) {
        this.position++;
        continue;
      }
      if (next === 0x7d) {
        this.position++;
        this.depth--;
        return { kind: 'object', members };
      }
      throw this.fail(`has ${this.describeHere()} where a comma or } should be`);
    }
  }

  private parseArray(): JsonArrayNode {
    this.enter();
    this.position++;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.position) === 0x5d) {
      this.position++;
      this.depth--;
      return { kind: 'array', items };
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.parseValue());
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.position);
      if (next === 0x2c) {
        this.position++;
        continue;
      }
      if (next === 0x5d) {
        this.position++;
        this.depth--;
        return { kind: 'array', items };
      }
      throw this.fail(`has ${this.describeHere()} where a comma or ] should be`);
    }
  }

  private parseLiteral(word: 'true' | 'false' | 'null'): JsonLiteralNode {
    if (!this.text.startsWith(word, this.position)) throw this.fail(`has ${this.describeHere()} where a value should start`);
    this.position += word.length;
    return { kind: 'literal', raw: word };
  }

  private parseNumber(): JsonNumberNode {
    const start = this.position;
    if (this.peek() === 0x2d) this.position++;
    if (this.peek() === 0x30) {
      this.position++;
    } else if (isDigit(this.peek())) {
      this.skipDigits();
    } else {
      throw this.fail('has a "-" that is not followed by a digit');
    }
    if (this.peek() === 0x2e) {
      this.position++;
      if (!isDigit(this.peek())) throw this.fail('has a number with no digits after the decimal point');
      this.skipDigits();
    }
    if (this.peek() === 0x65 || this.peek() === 0x45) {
      this.position++;
      if (this.peek() === 0x2b || this.peek() === 0x2d) this.position++;
      if (!isDigit(this.peek())) throw this.fail('has a number with no digits in its exponent');
      this.skipDigits();
    }
    return { kind: 'number', raw: this.text.slice(start, this.position) };
  }

  /** Scans a string starting at the opening quote; returns its source text. */
  private scanString(): string {
    const start = this.position;
    this.position++;
    for (;;) {
      const code = this.text.charCodeAt(this.position);
      if (Number.isNaN(code)) {
        this.position = start;
        throw this.fail('has a string that is never closed');
      }
      if (code === 0x22) {
        this.position++;
        return this.text.slice(start, this.position);
      }
      if (code < 0x20) throw this.fail('has a raw control character inside a string (it must be escaped)');
      if (code === 0x5c) {
        const escape = this.text.charCodeAt(this.position + 1);
        if (escape === 0x75) {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.position + 2, this.position + 6))) {
            throw this.fail('has a \\u escape without four hex digits');
          }
          this.position += 6;
          continue;
        }
        // " \ / b f n r t
        if (![0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74].includes(escape)) {
          throw this.fail('has an invalid escape sequence in a string');
        }
        this.position += 2;
        continue;
      }
      this.position++;
    }
  }

  private enter(): void {
    this.depth++;
    if (this.depth > MAX_JSON_DEPTH) throw this.fail(`nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`);
  }

  private expect(code: number, what: string): void {
    if (this.text.charCodeAt(this.position) !== code) throw this.fail(`has ${this.describeHere()} where ${what} should be`);
    this.position++;
  }

  private peek(): number {
    return this.text.charCodeAt(this.position);
  }

  private skipDigits(): void {
    while (isDigit(this.peek())) this.position++;
  }

  private skipWhitespace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.position);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) this.position++;
      else return;
    }
  }

  private describeHere(): string {
    if (this.position >= this.text.length) return 'the end of the input';
    const character = String.fromCodePoint(this.text.codePointAt(this.position)!);
    return `unexpected ${JSON.stringify(character)}`;
  }

  private fail(problem: string, hint?: string): BackendError {
    const { line, column } = lineAndColumn(this.text, Math.min(this.position, this.text.length));
    return new BackendError('INVALID_STATE', `${this.what} is not valid JSON: it ${problem} (line ${line}, column ${column})`, {
      hint:
        hint ??
        'The file was damaged or is not a Terraform state. Restore an earlier version (`tfstate versions`) or fix the JSON at that position.',
    });
  }
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** 1-based line and column (in UTF-16 code units, counting a tab as one) of `offset`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index++) {
    if (text.charCodeAt(index) === 0x0a) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
