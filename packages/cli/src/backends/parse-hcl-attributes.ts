import { BackendError } from '@x/backend-core/errors';
import type { BackendConfigValue } from './backend-config-value.js';

/**
 * Parses the attribute-only HCL of a Terraform backend config file (`*.tfbackend`):
 * `key = value` lines where a value is a string, number, bool, null, list or object, with
 * `#`, `//` and `/* *\/` comments. Templates (`${...}`), heredocs and blocks are refused with
 * the line they are on, as Terraform refuses them in `-backend-config` files too.
 */
export function parseHclAttributes(text: string, source: string): Record<string, BackendConfigValue> {
  return new HclAttributeParser(text, source).parseBody();
}

class HclAttributeParser {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly source: string,
  ) {}

  parseBody(): Record<string, BackendConfigValue> {
    const result: Record<string, BackendConfigValue> = {};
    this.skipSpace(true);
    while (this.position < this.text.length) {
      const keyLine = this.line();
      const key = this.readIdentifier();
      this.skipSpace(false);
      if (this.peek() === '{') throw this.fail(`blocks are not supported in a backend config file ("${key} {")`);
      this.expect('=');
      this.skipSpace(false);
      const value = this.parseValue();
      if (Object.hasOwn(result, key)) {
        throw this.fail(`the argument "${key}" is set twice`, keyLine);
      }
      result[key] = value;
      this.skipSpace(false);
      if (this.position < this.text.length && this.peek() !== '\n') throw this.fail('expected a new line after the value');
      this.skipSpace(true);
    }
    return result;
  }

  private parseValue(): BackendConfigValue {
    const character = this.peek();
    if (character === '"') return this.readString();
    if (character === '[') return this.readList();
    if (character === '{') return this.readObject();
    if (character === '<' && this.text.startsWith('<<', this.position)) throw this.fail('heredoc strings are not supported');
    if (/[-\d]/.test(character)) return this.readNumber();
    const word = /^[\p{L}\p{N}_-]*/u.exec(this.text.slice(this.position))![0];
    this.position += word.length;
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    // The word itself is not shown: an unquoted value may be a credential.
    throw this.fail(`expected a value after "=" (strings must be quoted: key = "value")`);
  }

  private readList(): BackendConfigValue[] {
    this.expect('[');
    const items: BackendConfigValue[] = [];
    this.skipSpace(true);
    while (this.peek() !== ']') {
      items.push(this.parseValue());
      this.skipSpace(true);
      if (this.peek() === ',') {
        this.position++;
        this.skipSpace(true);
      } else if (this.peek() !== ']') {
        throw this.fail('expected "," or "]" in a list');
      }
    }
    this.position++;
    return items;
  }

  private readObject(): Record<string, BackendConfigValue> {
    this.expect('{');
    const result: Record<string, BackendConfigValue> = {};
    this.skipSpace(true);
    while (this.peek() !== '}') {
      const key = this.peek() === '"' ? this.readString() : this.readIdentifier();
      this.skipSpace(false);
      if (this.peek() === ':') this.position++;
      else this.expect('=');
      this.skipSpace(true);
      result[key] = this.parseValue();
      this.skipSpace(false);
      if (this.peek() === ',') this.position++;
      else if (this.peek() !== '\n' && this.peek() !== '}' && !this.atComment()) {
        throw this.fail('expected ",", a new line or "}" in an object');
      }
      this.skipSpace(true);
    }
    this.position++;
    return result;
  }

  private readString(): string {
    this.expect('"');
    let value = '';
    for (;;) {
      const character = this.text[this.position];
      if (character === undefined || character === '\n') throw this.fail('unterminated string');
      this.position++;
      if (character === '"') return value;
      if (character === '$' && this.peek() === '{') throw this.fail('templates ("${...}") are not supported');
      if (character !== '\\') {
        value += character;
        continue;
      }
      const escape = this.text[this.position++];
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
      if (escape !== undefined && escape in simple) {
        value += simple[escape];
      } else if (escape === 'u' || escape === 'U') {
        const length = escape === 'u' ? 4 : 8;
        const hex = this.text.slice(this.position, this.position + length);
        if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) throw this.fail(`invalid \\${escape} escape`);
        value += String.fromCodePoint(Number.parseInt(hex, 16));
        this.position += length;
      } else {
        throw this.fail(`invalid escape "\\${escape ?? ''}" in a string`);
      }
    }
  }

  private readNumber(): number {
    const match = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.text.slice(this.position));
    if (!match) throw this.fail('invalid number');
    this.position += match[0].length;
    return Number(match[0]);
  }

  private readIdentifier(): string {
    const match = /^[\p{L}_][\p{L}\p{N}_-]*/u.exec(this.text.slice(this.position));
    if (!match) throw this.fail(`expected an argument name, found "${this.peek() || 'end of file'}"`);
    this.position += match[0].length;
    return match[0];
  }

  private expect(character: string): void {
    if (this.peek() !== character) throw this.fail(`expected "${character}", found "${this.peek() || 'end of file'}"`);
    this.position++;
  }

  private atComment(): boolean {
    return this.peek() === '#' || this.text.startsWith('//', this.position) || this.text.startsWith('/*', this.position);
  }

  /** Skips blanks and comments; new lines too when `newLines` is true. */
  private skipSpace(newLines: boolean): void {
    while (this.position < this.text.length) {
      const character = this.text[this.position]!;
      if (character === ' ' || character === '\t' || character === '\r' || (newLines && character === '\n')) {
        this.position++;
      } else if (character === '#' || this.text.startsWith('//', this.position)) {
        const end = this.text.indexOf('\n', this.position);
        this.position = end === -1 ? this.text.length : end;
      } else if (this.text.startsWith('/*', this.position)) {
        const end = this.text.indexOf('*/', this.position + 2);
        if (end === -1) throw this.fail('unterminated comment');
        this.position = end + 2;
      } else {
        return;
      }
    }
  }

  private peek(): string {
    return this.text[this.position] ?? '';
  }

  private line(): number {
    let line = 1;
    for (let index = 0; index < this.position; index++) if (this.text[index] === '\n') line++;
    return line;
  }

  private fail(message: string, line = this.line()): BackendError {
    return new BackendError('INVALID_CONFIG', `${this.source}:${line}: ${message}`, {
      hint: 'A backend config file holds lines like: bucket = "my-bucket" (or a JSON object).',
    });
  }
}
