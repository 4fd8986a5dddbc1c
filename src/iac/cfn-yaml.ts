/**
 * CloudFormation YAML as the AWS tools read it.
 *
 * CloudFormation "supports the YAML Version 1.1 specification with a few exceptions" (no binary,
 * omap, pairs, set or timestamp tags; AWS CloudFormation User Guide, "Template formats"), and the
 * AWS CLI (`aws cloudformation package/deploy`), the SAM CLI and cfn-lint all load templates with
 * PyYAML. So the document is parsed as YAML 1.1 (`yes`/`no`/`on`/`off` are booleans, as for
 * PyYAML) without the timestamp type (`until: 2026-12-31` stays a string), and with PyYAML's
 * tolerance for continuation lines: PyYAML does not check the indentation of the lines that continue
 * a quoted scalar (`"…`/`'…` spanning lines) or a flow collection (`[…`/`{…` spanning lines), nor
 * refuse tabs there, while the `yaml` package (YAML 1.2, stricter) requires them to be indented
 * more than their parent. Such a document is re-indented — only the leading white space of those
 * continuation lines, which folding discards anyway, so no value and no line number changes — and
 * parsed again. Anything still malformed (an unclosed bracket, a bad block indentation, a tab
 * indenting a block) is refused with the first error of the original text.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Tags } from 'yaml';
import type { ScalarTag } from 'yaml';

/** The constructs PyYAML accepts and the `yaml` package refuses show up first as these error codes (the rest cascade). */
const tolerableCodes = new Set(['MISSING_CHAR', 'BAD_INDENT', 'TAB_AS_INDENT', 'MULTILINE_IMPLICIT_KEY']);

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * Re-indents the continuation lines of multi-line quoted scalars and flow collections to one column
 * past the character that opened them. Undefined when there is nothing to re-indent (or a construct
 * is never closed, which no indentation fixes).
 */
export function reindentContinuations(text: string): string | undefined {
  const lines = text.split('\n');
  /** Line index → the indentation it needs (a continuation line of a construct opened earlier). */
  const needs = new Map<number, number>();
  let quote: { char: string; column: number } | undefined;
  let flow: { depth: number; column: number } | undefined;
  let blockScalarParent: number | undefined;

  for (let lineIndex = 0; lineIndex < lines.length; lineIndex += 1) {
    const line = lines[lineIndex] as string;
    let index = 0;
    while (index < line.length && isSpace(line.charCodeAt(index))) index += 1;
    const indent = index;
    const blank = index >= line.length || line[index] === '\r';
    if (quote || flow) {
      const column = (quote ?? flow)?.column ?? 0;
      if (!blank) needs.set(lineIndex, column + 1);
    } else if (blockScalarParent !== undefined) {
      if (blank || indent > blockScalarParent) continue;
      blockScalarParent = undefined;
    }
    // `atStart`: a scalar, collection or block indicator may begin here.
    let atStart = !quote;
    while (index < line.length) {
      const char = line[index] as string;
      if (quote) {
        if (quote.char === '"') {
          if (char === '\\') {
            index += 2;
            continue;
          }
          if (char === '"') quote = undefined;
        } else if (char === "'") {
          if (line[index + 1] === "'") {
            index += 2;
            continue;
          }
          quote = undefined;
        }
        index += 1;
        atStart = false;
        continue;
      }
      if (isSpace(char.charCodeAt(0)) || char === '\r') {
        index += 1;
        continue;
      }
      if (char === '#' && (index === 0 || isSpace(line.charCodeAt(index - 1)))) break;
      if (flow) {
        if (char === '[' || char === '{') flow.depth += 1;
        else if (char === ']' || char === '}') {
          flow.depth -= 1;
          if (flow.depth === 0) flow = undefined;
        } else if ((char === '"' || char === "'") && atStart) {
          quote = { char, column: flow.column };
          index += 1;
          continue;
        }
        atStart = char === '[' || char === '{' || char === ',' || char === ':' || char === '?';
        index += 1;
        if (!atStart) {
          // A plain scalar inside the collection runs to the next indicator.
          while (index < line.length && !',[]{}#'.includes(line[index] as string) && !(line[index] === ':' && isSpace(line.charCodeAt(index + 1)))) index += 1;
          if (line[index] === '#' && !isSpace(line.charCodeAt(index - 1))) index += 1;
        }
        continue;
      }
      if (atStart && (char === '"' || char === "'")) {
        quote = { char, column: index };
        index += 1;
        continue;
      }
      if (atStart && (char === '[' || char === '{')) {
        flow = { depth: 1, column: index };
        atStart = true;
        index += 1;
        continue;
      }
      if (atStart && (char === '|' || char === '>') && /^[|>][-+0-9]*\s*(#.*)?\r?$/.test(line.slice(index))) {
        blockScalarParent = indent;
        break;
      }
      if (atStart && (char === '-' || char === '?') && (index + 1 >= line.length || isSpace(line.charCodeAt(index + 1)))) {
        index += 1;
        continue;
      }
      if (atStart && (char === '!' || char === '&' || char === '*')) {
        while (index < line.length && !isSpace(line.charCodeAt(index))) index += 1;
        atStart = char !== '*';
        continue;
      }
      // A plain scalar (or key): up to `: ` (a value starts after it), ` #` or the end of the line.
      atStart = false;
      while (index < line.length) {
        if (line[index] === ':' && (index + 1 >= line.length || isSpace(line.charCodeAt(index + 1)) || line[index + 1] === '\r')) {
          index += 1;
          atStart = true;
          break;
        }
        if (line[index] === '#' && isSpace(line.charCodeAt(index - 1))) break;
        index += 1;
      }
      if (line[index] === '#') break;
    }
  }
  if (quote || flow || needs.size === 0) return undefined;
  let changed = false;
  const out = lines.map((line, lineIndex) => {
    const need = needs.get(lineIndex);
    if (need === undefined) return line;
    let index = 0;
    while (index < line.length && isSpace(line.charCodeAt(index))) index += 1;
    const leading = line.slice(0, index);
    if (!leading.includes('\t') && index >= need) return line;
    changed = true;
    return ' '.repeat(need) + line.slice(index);
  });
  return changed ? out.join('\n') : undefined;
}

/** YAML 1.1's tags without `!!timestamp`, which CloudFormation does not support (dates stay strings). */
function withoutTimestamp(extra: Tags): (tags: Tags) => Tags {
  return (tags) => [...tags.filter((tag) => (tag as ScalarTag).tag !== 'tag:yaml.org,2002:timestamp'), ...extra];
}

export interface TolerantParse {
  document: Document.Parsed;
  lines: LineCounter;
  /** Set when continuation lines had to be re-indented (the text the document was parsed from). */
  repaired?: string;
  /** The first key repeated in a mapping (PyYAML keeps the last silently; CloudFormation and cfn-lint refuse it). */
  duplicate?: { key: string; offset: number };
}

/**
 * The first key that repeats within one mapping, found with one pass over the document. The `yaml`
 * package's own check compares every key with every earlier key of its mapping, which is quadratic
 * in a `Resources` mapping of thousands of logical ids.
 */
function firstDuplicateKey(document: Document.Parsed): { key: string; offset: number } | undefined {
  const stack: unknown[] = [document.contents];
  let found: { key: string; offset: number } | undefined;
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        if (isScalar(key)) {
          const text = String(key.value);
          const offset = key.range?.[0] ?? 0;
          if (seen.has(text) && (found === undefined || offset < found.offset)) found = { key: text, offset };
          seen.add(text);
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return found;
}

/**
 * Parses a CloudFormation template as the AWS tools do (see the module comment). Returns the first
 * error of the original text when the document cannot be read even with PyYAML's tolerance.
 */
export function parseTemplateYaml(text: string, customTags: Tags): TolerantParse {
  const options = { version: '1.1' as const, customTags: withoutTimestamp(customTags), prettyErrors: true, merge: true, uniqueKeys: false };
  const lines = new LineCounter();
  const document = parseDocument(text, { ...options, lineCounter: lines });
  const first = document.errors[0];
  if (first === undefined) {
    const duplicate = firstDuplicateKey(document);
    return { document, lines, ...(duplicate ? { duplicate } : {}) };
  }
  if (!tolerableCodes.has(first.code)) return { document, lines };
  const repaired = reindentContinuations(text);
  if (repaired === undefined) return { document, lines };
  const repairedLines = new LineCounter();
  const second = parseDocument(repaired, { ...options, lineCounter: repairedLines });
  if (second.errors.length > 0) return { document, lines };
  const duplicate = firstDuplicateKey(second);
  return { document: second, lines: repairedLines, repaired, ...(duplicate ? { duplicate } : {}) };
}
