/**
 * Line positions for a JSON document that is already parsed: one linear pass over the text in
 * lockstep with the parsed value (which `aiposture iac` parses once, with `JSON.parse`, to
 * recognise the format), recording for each object that looks like a resource (it has a string
 * `type`) the line it starts on and the line of the key it is the value of. No second parse, no
 * per-resource search: a 50 MB template costs one scan.
 */
import { IacInputError } from './reader.ts';

export interface JsonLines {
  /** The line of an object's `{`. */
  start: WeakMap<object, number>;
  /** The line of the key an object is the value of (`"account": {` in a languageVersion 2.0 template). */
  key: WeakMap<object, number>;
}

class Mismatch extends Error {}

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;

/** Scans `text` alongside `value`; throws {@link Mismatch} when they do not describe the same document. */
function scan(text: string, value: unknown): JsonLines {
  const lines: JsonLines = { start: new WeakMap(), key: new WeakMap() };
  let index = 0;
  let line = 1;
  const length = text.length;
  if (text.charCodeAt(0) === 0xfeff) index = 1;

  const skipSpace = () => {
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code === NEWLINE) line += 1;
      else if (code !== 32 && code !== 9 && code !== 13) return;
      index += 1;
    }
  };
  /** Skips a string starting at the opening quote; returns the raw text between the quotes. */
  const skipString = (): string => {
    if (text.charCodeAt(index) !== QUOTE) throw new Mismatch();
    const start = index + 1;
    let cursor = start;
    for (;;) {
      const close = text.indexOf('"', cursor);
      if (close === -1) throw new Mismatch();
      let backslashes = 0;
      for (let back = close - 1; back >= start && text.charCodeAt(back) === BACKSLASH; back -= 1) backslashes += 1;
      if (backslashes % 2 === 0) {
        index = close + 1;
        return text.slice(start, close);
      }
      cursor = close + 1;
    }
  };
  const skipScalar = () => {
    while (index < length) {
      const code = text.charCodeAt(index);
      // , ] } and whitespace end a number or literal.
      if (code === 44 || code === 93 || code === 125 || code === 32 || code === 9 || code === 13 || code === NEWLINE) return;
      index += 1;
    }
  };
  const walk = (current: unknown, keyLine: number | undefined): void => {
    skipSpace();
    const code = text.charCodeAt(index);
    if (code === 123 /* { */) {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) throw new Mismatch();
      const record = current as Record<string, unknown>;
      if (typeof record.type === 'string') {
        lines.start.set(record, line);
        if (keyLine !== undefined) lines.key.set(record, keyLine);
      }
      index += 1;
      skipSpace();
      if (text.charCodeAt(index) === 125) {
        index += 1;
        return;
      }
      for (;;) {
        skipSpace();
        const at = line;
        const raw = skipString();
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        skipSpace();
        if (text.charCodeAt(index) !== 58 /* : */) throw new Mismatch();
        index += 1;
        if (!Object.hasOwn(record, key)) throw new Mismatch();
        walk(record[key], at);
        skipSpace();
        const next = text.charCodeAt(index);
        index += 1;
        if (next === 125) return;
        if (next !== 44) throw new Mismatch();
      }
    }
    if (code === 91 /* [ */) {
      if (!Array.isArray(current)) throw new Mismatch();
      index += 1;
      skipSpace();
      if (text.charCodeAt(index) === 93) {
        index += 1;
        return;
      }
      for (let item = 0; ; item += 1) {
        if (item >= current.length) throw new Mismatch();
        walk(current[item], undefined);
        skipSpace();
        const next = text.charCodeAt(index);
        index += 1;
        if (next === 93) {
          if (item + 1 !== current.length) throw new Mismatch();
          return;
        }
        if (next !== 44) throw new Mismatch();
      }
    }
    if (code === QUOTE) {
      if (typeof current !== 'string') throw new Mismatch();
      skipString();
      return;
    }
    if (typeof current === 'object' && current !== null) throw new Mismatch();
    skipScalar();
  };
  walk(value, undefined);
  return lines;
}

/** The 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}

/**
 * The parsed document and its resource lines. `parsed` is the value the caller already has (the
 * recognition parse); when it is missing or does not match the text (it came from a YAML parse that
 * read duplicate keys differently), the text is parsed here. Malformed JSON is an
 * {@link IacInputError} naming the line.
 */
export function jsonWithLines(file: string, text: string, parsed: unknown): { value: unknown; lines: JsonLines } {
  if (parsed !== undefined) {
    try {
      return { value: parsed, lines: scan(text, parsed) };
    } catch (error) {
      if (!(error instanceof Mismatch)) throw error;
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = String((error as Error).message);
    const position = /position (\d+)/.exec(message)?.[1];
    throw new IacInputError(file, `malformed JSON: ${message.split('\n')[0] ?? ''}`, position === undefined ? undefined : lineAt(text, Number(position)));
  }
  return { value, lines: scan(text, value) };
}
