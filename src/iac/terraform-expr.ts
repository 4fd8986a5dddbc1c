/**
 * HCL expressions and string templates (HashiCorp's HCL native syntax specification, "Expressions"
 * and "Templates"), parsed and evaluated as far as the files determine them.
 *
 * `@cdktf/hcl2json` turns a `.tf` file into JSON but keeps every non-constant expression as its
 * source text in a template string (`"${var.x == \"a\" ? 1 : 2}"`); Terraform's JSON syntax
 * (`.tf.json`) writes expressions the same way. This module parses those strings and evaluates
 * them: literals, collections, operators, conditionals, `for` expressions, splats, the
 * Terraform functions in {@link functions} and references. A reference is resolved through a
 * {@link Resolver} (the module being read); what the files do not determine — a variable without
 * a value, an attribute known only after apply, an unsupported function or template directive —
 * evaluates to an `Unresolved` marker, never to a guess. An unresolved value written as a plain
 * reference to a resource attribute keeps the reference, which makes it a link.
 */
import { isObject, isUnresolved, unresolved, type Unresolved, type Value } from './terraform-model.ts';

// ---------------------------------------------------------------------------------------------
// Syntax tree

/** One step of a traversal: `.name` or `[key]`. */
export type Step = { kind: 'attr'; name: string } | { kind: 'index'; key: Node };

export type Node =
  | { kind: 'literal'; value: Value }
  | { kind: 'template'; parts: Array<string | Node> }
  | { kind: 'variable'; name: string }
  | { kind: 'step'; target: Node; step: Step }
  | { kind: 'splat'; target: Node; each: Step[] }
  | { kind: 'tuple'; items: Node[] }
  | { kind: 'object'; entries: Array<{ key: Node; value: Node }> }
  | { kind: 'call'; name: string; args: Node[]; expand: boolean }
  | { kind: 'unary'; op: '-' | '!'; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'conditional'; condition: Node; then: Node; else: Node }
  | {
      kind: 'for';
      object: boolean;
      keyVar: string | undefined;
      valueVar: string;
      collection: Node;
      key: Node | undefined;
      value: Node;
      condition: Node | undefined;
      group: boolean;
    }
  | { kind: 'unsupported'; what: string };

class SyntaxProblem extends Error {}

// ---------------------------------------------------------------------------------------------
// Parser (recursive descent over the source text)

const identifierStart = /[A-Za-z_]/;
const identifierPart = /[A-Za-z0-9_-]/;

class Parser {
  position = 0;
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  fail(what: string): never {
    throw new SyntaxProblem(`${what} at offset ${this.position}`);
  }

  /** Skips white space, newlines and comments. */
  skip(): void {
    const text = this.text;
    for (;;) {
      const char = text[this.position];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') this.position++;
      else if (char === '#' || (char === '/' && text[this.position + 1] === '/')) {
        while (this.position < text.length && text[this.position] !== '\n') this.position++;
      } else if (char === '/' && text[this.position + 1] === '*') {
        const end = text.indexOf('*/', this.position + 2);
        this.position = end < 0 ? text.length : end + 2;
      } else return;
    }
  }

  peek(token: string): boolean {
    this.skip();
    return this.text.startsWith(token, this.position);
  }

  accept(token: string): boolean {
    if (!this.peek(token)) return false;
    // `=` must not swallow `==` / `=>`, `!` not `!=`, `<` not `<=`, `>` not `>=`.
    const next = this.text[this.position + token.length];
    if ((token === '=' && (next === '=' || next === '>')) || ((token === '!' || token === '<' || token === '>') && next === '=')) return false;
    this.position += token.length;
    return true;
  }

  expect(token: string): void {
    if (!this.accept(token)) this.fail(`expected "${token}"`);
  }

  identifier(): string | undefined {
    this.skip();
    const start = this.position;
    if (!identifierStart.test(this.text[start] ?? '')) return undefined;
    let end = start + 1;
    while (end < this.text.length && identifierPart.test(this.text[end] as string)) end++;
    this.position = end;
    return this.text.slice(start, end);
  }

  /** Peeks at the next identifier without consuming it. */
  peekIdentifier(): string | undefined {
    const saved = this.position;
    const name = this.identifier();
    this.position = saved;
    return name;
  }

  expression(): Node {
    const condition = this.binary(0);
    if (this.accept('?')) {
      const then = this.expression();
      this.expect(':');
      return { kind: 'conditional', condition, then, else: this.expression() };
    }
    return condition;
  }

  static readonly levels: string[][] = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']];

  binary(level: number): Node {
    if (level >= Parser.levels.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = (Parser.levels[level] as string[]).find((candidate) => this.accept(candidate));
      if (op === undefined) return left;
      left = { kind: 'binary', op, left, right: this.binary(level + 1) };
    }
  }

  unary(): Node {
    if (this.accept('!')) return { kind: 'unary', op: '!', operand: this.unary() };
    this.skip();
    if (this.text[this.position] === '-' && !/[0-9]/.test(this.text[this.position + 1] ?? '')) {
      this.position++;
      return { kind: 'unary', op: '-', operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  postfix(node: Node): Node {
    for (;;) {
      this.skip();
      if (this.text.startsWith('[*]', this.position) || this.text.startsWith('.*', this.position)) {
        this.position += this.text.startsWith('[*]', this.position) ? 3 : 2;
        const each: Step[] = [];
        for (;;) {
          this.skip();
          if (this.text[this.position] === '.' && identifierStart.test(this.text[this.position + 1] ?? '')) {
            this.position++;
            each.push({ kind: 'attr', name: this.identifier() as string });
          } else if (this.text[this.position] === '[' && this.text[this.position + 1] !== '*') {
            this.position++;
            const key = this.expression();
            this.expect(']');
            each.push({ kind: 'index', key });
          } else break;
        }
        node = { kind: 'splat', target: node, each };
      } else if (this.text[this.position] === '.') {
        this.position++;
        this.skip();
        const digits = /^[0-9]+/.exec(this.text.slice(this.position));
        if (digits) {
          // Legacy index syntax: `list.0`.
          this.position += digits[0].length;
          node = { kind: 'step', target: node, step: { kind: 'index', key: { kind: 'literal', value: Number(digits[0]) } } };
        } else {
          const name = this.identifier();
          if (name === undefined) this.fail('expected an attribute name');
          node = { kind: 'step', target: node, step: { kind: 'attr', name } };
        }
      } else if (this.text[this.position] === '[') {
        this.position++;
        const key = this.expression();
        this.expect(']');
        node = { kind: 'step', target: node, step: { kind: 'index', key } };
      } else return node;
    }
  }

  primary(): Node {
    this.skip();
    const char = this.text[this.position];
    if (char === undefined) this.fail('unexpected end of expression');
    if (char === '(') {
      this.position++;
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (char === '"') return this.quoted();
    if (char === '<' && this.text[this.position + 1] === '<') return this.heredoc();
    if (/[0-9]/.test(char) || (char === '-' && /[0-9]/.test(this.text[this.position + 1] ?? ''))) return this.number();
    if (char === '[') return this.tuple();
    if (char === '{') return this.object();
    const name = this.identifier();
    if (name === undefined) this.fail(`unexpected "${char}"`);
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
    if (name === 'null') return { kind: 'literal', value: null };
    this.skip();
    if (this.text[this.position] === '(' || this.text.startsWith('::', this.position)) return this.call(name);
    return { kind: 'variable', name };
  }

  number(): Node {
    const match = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.position));
    if (!match) this.fail('expected a number');
    this.position += match[0].length;
    return { kind: 'literal', value: Number(match[0]) };
  }

  call(name: string): Node {
    let full = name;
    // Provider-defined functions: `provider::aws::arn_parse(…)`.
    while (this.text.startsWith('::', this.position)) {
      this.position += 2;
      full += `::${this.identifier() ?? ''}`;
      this.skip();
    }
    this.expect('(');
    const args: Node[] = [];
    let expand = false;
    while (!this.accept(')')) {
      args.push(this.expression());
      if (this.accept('...')) expand = true;
      if (!this.accept(',')) {
        this.expect(')');
        break;
      }
    }
    return { kind: 'call', name: full, args, expand };
  }

  /** `[for …]` or a tuple. */
  tuple(): Node {
    this.position++;
    if (this.peekIdentifier() === 'for' && this.isFor()) return this.forExpression(false);
    const items: Node[] = [];
    while (!this.accept(']')) {
      items.push(this.expression());
      if (!this.accept(',')) {
        this.expect(']');
        break;
      }
    }
    return { kind: 'tuple', items };
  }

  /** `for` followed by an identifier and `in` or `,`: a for expression (not a variable named `for`). */
  isFor(): boolean {
    const saved = this.position;
    this.identifier();
    const variable = this.identifier();
    const result = variable !== undefined && (this.peek(',') || this.peekIdentifier() === 'in');
    this.position = saved;
    return result;
  }

  forExpression(object: boolean): Node {
    this.identifier();
    let keyVar: string | undefined;
    let valueVar = this.identifier();
    if (valueVar === undefined) this.fail('expected a for variable');
    if (this.accept(',')) {
      keyVar = valueVar;
      valueVar = this.identifier();
      if (valueVar === undefined) this.fail('expected a for variable');
    }
    if (this.identifier() !== 'in') this.fail('expected "in"');
    const collection = this.expression();
    this.expect(':');
    let key: Node | undefined;
    let value = this.expression();
    let group = false;
    if (object) {
      this.expect('=>');
      key = value;
      value = this.expression();
      group = this.accept('...');
    }
    let condition: Node | undefined;
    if (this.peekIdentifier() === 'if') {
      this.identifier();
      condition = this.expression();
    }
    this.expect(object ? '}' : ']');
    return { kind: 'for', object, keyVar, valueVar, collection, key, value, condition, group };
  }

  /** `{for …}` or an object constructor; keys are bare identifiers (literal), strings, numbers or `(expressions)`. */
  object(): Node {
    this.position++;
    if (this.peekIdentifier() === 'for' && this.isFor()) return this.forExpression(true);
    const entries: Array<{ key: Node; value: Node }> = [];
    while (!this.accept('}')) {
      this.skip();
      let key: Node;
      const saved = this.position;
      const name = this.identifier();
      this.skip();
      if (name !== undefined && (this.text[this.position] === '=' || this.text[this.position] === ':') && this.text[this.position + 1] !== '=')
        key = { kind: 'literal', value: name };
      else {
        this.position = saved;
        key = this.expression();
      }
      if (!this.accept('=') && !this.accept(':')) this.fail('expected "=" in an object');
      entries.push({ key, value: this.expression() });
      this.accept(',');
    }
    return { kind: 'object', entries };
  }

  /** A quoted template `"…"` (escapes decoded, `${…}` parsed, `%{…}` directives unsupported). */
  quoted(): Node {
    this.position++;
    const parts: Array<string | Node> = [];
    let literal = '';
    const text = this.text;
    for (;;) {
      const char = text[this.position];
      if (char === undefined) this.fail('unterminated string');
      if (char === '"') {
        this.position++;
        break;
      }
      if (char === '\\') {
        const next = text[this.position + 1];
        const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
        if (next !== undefined && simple[next] !== undefined) {
          literal += simple[next];
          this.position += 2;
        } else if (next === 'u' || next === 'U') {
          const length = next === 'u' ? 4 : 8;
          const hex = text.slice(this.position + 2, this.position + 2 + length);
          if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== length) this.fail('bad unicode escape');
          literal += String.fromCodePoint(parseInt(hex, 16));
          this.position += 2 + length;
        } else this.fail('bad escape');
        continue;
      }
      const handled = this.templateSequence(parts, literal);
      if (handled !== undefined) {
        literal = handled;
        continue;
      }
      literal += char;
      this.position++;
    }
    if (literal !== '') parts.push(literal);
    return { kind: 'template', parts };
  }

  /**
   * At `$${`, `%%{`, `${` or `%{`: consumes the sequence and returns the literal text so far
   * (flushed into `parts` when an interpolation starts); undefined when not at one.
   */
  templateSequence(parts: Array<string | Node>, literal: string): string | undefined {
    const text = this.text;
    if ((text.startsWith('$${', this.position) || text.startsWith('%%{', this.position)) && text[this.position] === text[this.position + 1]) {
      this.position += 3;
      return `${literal}${text[this.position - 3] as string}{`;
    }
    if (text.startsWith('${', this.position)) {
      this.position += 2;
      this.accept('~');
      if (literal !== '') parts.push(literal);
      parts.push(this.expression());
      this.accept('~');
      this.expect('}');
      return '';
    }
    if (text.startsWith('%{', this.position)) {
      // Template directives (%{if}, %{for}) are not evaluated: the whole template is unknown.
      const end = text.indexOf('}', this.position);
      this.position = end < 0 ? text.length : end + 1;
      if (literal !== '') parts.push(literal);
      parts.push({ kind: 'unsupported', what: 'a template directive (%{…})' });
      return '';
    }
    return undefined;
  }

  heredoc(): Node {
    const match = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(this.text.slice(this.position));
    if (!match) this.fail('bad heredoc');
    const marker = match[2] as string;
    const bodyStart = this.position + match[0].length;
    const end = new RegExp(`\\n[ \\t]*${marker}[ \\t]*(?:\\r?\\n|$)`).exec(this.text.slice(bodyStart - 1));
    if (!end) this.fail('unterminated heredoc');
    let body = this.text.slice(bodyStart, bodyStart - 1 + end.index + 1);
    if (match[1] === '-') {
      const lines = body.split('\n');
      const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0));
      body = lines.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
    }
    this.position = bodyStart - 1 + end.index + end[0].length;
    return parseTemplate(body);
  }
}

/** Parses an unquoted template (the content of a string as hcl2json writes it). */
export function parseTemplate(text: string): Node {
  if (!text.includes('${') && !text.includes('%{')) return { kind: 'literal', value: text };
  const parser = new Parser(text);
  const parts: Array<string | Node> = [];
  let literal = '';
  try {
    while (parser.position < text.length) {
      const handled = parser.templateSequence(parts, literal);
      if (handled !== undefined) {
        literal = handled;
        continue;
      }
      literal += text[parser.position] as string;
      parser.position++;
    }
  } catch (error) {
    if (error instanceof SyntaxProblem) return { kind: 'unsupported', what: `an expression that could not be parsed (${error.message})` };
    throw error;
  }
  if (literal !== '') parts.push(literal);
  if (parts.length === 1 && typeof parts[0] === 'string') return { kind: 'literal', value: parts[0] };
  return { kind: 'template', parts };
}

/** Parses a bare expression (`var.x`, a `.tfvars` value); unsupported when it does not parse. */
export function parseExpression(text: string): Node {
  const parser = new Parser(text);
  try {
    const node = parser.expression();
    parser.skip();
    if (parser.position < text.length) parser.fail('unexpected text after the expression');
    return node;
  } catch (error) {
    if (error instanceof SyntaxProblem) return { kind: 'unsupported', what: `an expression that could not be parsed (${error.message})` };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** Resolves the start of a traversal (`var`, `local`, `each`, `count`, `module`, `data`, a resource type, …). */
export interface Resolver {
  /**
   * The value of `root` followed by `steps` (the leading attribute and index steps already
   * evaluated); returns the value and how many steps it consumed (the rest are applied to it).
   */
  traverse(root: string, steps: ReadonlyArray<{ attr: string } | { index: Value }>): { value: Value; used: number };
}

/** An unresolvable value (no link). */
const unknown = (): Unresolved => unresolved();

/** Appends a traversal step to a link's reference text (`aws_kms_key.k` → `aws_kms_key.k.arn`). */
export function extendReference(reference: string, step: { attr: string } | { index: Value }): string {
  if ('attr' in step) return `${reference}.${step.attr}`;
  return `${reference}[${JSON.stringify(step.index)}]`;
}

/** One step into a value: an object attribute or key, a list element. Anything else is unknown. */
export function stepInto(value: Value, step: { attr: string } | { index: Value }): Value {
  if (isUnresolved(value)) {
    if (value.references.length === 0) return value;
    return unresolved(value.references.map((reference) => extendReference(reference, step)));
  }
  const key = 'attr' in step ? step.attr : step.index;
  if (isUnresolved(key)) return unknown();
  if (Array.isArray(value)) {
    const index = typeof key === 'number' ? key : typeof key === 'string' && /^[0-9]+$/.test(key) ? Number(key) : undefined;
    return index !== undefined && Number.isInteger(index) && index >= 0 && index < value.length ? (value[index] as Value) : unknown();
  }
  if (isObject(value)) {
    const name = typeof key === 'string' ? key : typeof key === 'number' ? String(key) : undefined;
    return name !== undefined && Object.hasOwn(value, name) ? (value[name] as Value) : unknown();
  }
  return unknown();
}

interface Environment {
  resolver: Resolver;
  /** Names bound by `for` expressions and dynamic-block iterators. */
  locals: ReadonlyMap<string, Value>;
}

/** Whether a value contains an unknown anywhere. */
export function hasUnknown(value: Value): boolean {
  if (isUnresolved(value)) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (isObject(value)) return Object.values(value).some((entry) => hasUnknown(entry as Value));
  return false;
}

/** A string in a template or a function: strings, numbers and booleans convert; anything else does not. */
function asString(value: Value): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function asNumber(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function asBool(value: Value): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

function equal(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((entry, index) => equal(entry, b[index] as Value));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && equal(a[key] as Value, b[key] as Value));
  }
  return a === b;
}

/** The links of an unknown value (empty when it cannot be resolved at all). */
function linksOf(values: readonly Value[]): Unresolved {
  const unknowns = values.filter((value): value is Unresolved => isUnresolved(value));
  if (unknowns.some((value) => value.references.length === 0)) return unknown();
  return unresolved(unknowns.flatMap((value) => value.references));
}

export function evaluate(node: Node, environment: Environment): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'unsupported':
      return unknown();
    case 'template': {
      if (node.parts.length === 1 && typeof node.parts[0] !== 'string') return evaluate(node.parts[0] as Node, environment);
      const values = node.parts.map((part) => (typeof part === 'string' ? part : evaluate(part, environment)));
      if (values.some(isUnresolved)) return linksOf(values);
      const texts = values.map(asString);
      return texts.every((text) => text !== undefined) ? texts.join('') : unknown();
    }
    case 'variable':
    case 'step':
      return traversal(node, environment);
    case 'splat': {
      const target = evaluate(node.target, environment);
      if (isUnresolved(target)) return unknown();
      // A splat of a single value (not a list) treats it as a one-element list; null as empty.
      const list = Array.isArray(target) ? target : target === null ? [] : [target];
      return list.map((entry) => {
        let value = entry;
        for (const step of node.each) value = stepInto(value, step.kind === 'attr' ? { attr: step.name } : { index: evaluate(step.key, environment) });
        return value;
      });
    }
    case 'tuple':
      return node.items.map((item) => evaluate(item, environment));
    case 'object': {
      const result: Record<string, Value> = {};
      for (const entry of node.entries) {
        const key = asString(evaluate(entry.key, environment));
        if (key === undefined) return unknown();
        result[key] = evaluate(entry.value, environment);
      }
      return result;
    }
    case 'call':
      return call(node, environment);
    case 'unary': {
      const operand = evaluate(node.operand, environment);
      if (isUnresolved(operand)) return unknown();
      if (node.op === '!') {
        const flag = asBool(operand);
        return flag === undefined ? unknown() : !flag;
      }
      const number = asNumber(operand);
      return number === undefined ? unknown() : -number;
    }
    case 'binary':
      return binary(node.op, node.left, node.right, environment);
    case 'conditional': {
      const condition = asBool(evaluate(node.condition, environment));
      if (condition === undefined) return unknown();
      return evaluate(condition ? node.then : node.else, environment);
    }
    case 'for':
      return forExpression(node, environment);
  }
}

/** A traversal from a variable: the leading literal steps go to the resolver (or a bound name), the rest apply to its value. */
function traversal(node: Node, environment: Environment): Value {
  const chain: Step[] = [];
  let root = node;
  while (root.kind === 'step') {
    chain.unshift(root.step);
    root = root.target;
  }
  if (root.kind !== 'variable') {
    let value = evaluate(root, environment);
    for (const step of chain) value = stepInto(value, step.kind === 'attr' ? { attr: step.name } : { index: evaluate(step.key, environment) });
    return value;
  }
  const steps = chain.map((step) => (step.kind === 'attr' ? { attr: step.name } : { index: evaluate(step.key, environment) }));
  let value: Value;
  let used = 0;
  if (environment.locals.has(root.name)) value = environment.locals.get(root.name) as Value;
  else ({ value, used } = environment.resolver.traverse(root.name, steps));
  for (const step of steps.slice(used)) value = stepInto(value, step);
  return value;
}

function binary(op: string, leftNode: Node, rightNode: Node, environment: Environment): Value {
  const left = evaluate(leftNode, environment);
  if (op === '&&' || op === '||') {
    const a = asBool(left);
    // A known false (&&) or true (||) decides, whatever the other side is.
    if (a === (op === '||')) return a;
    const right = evaluate(rightNode, environment);
    const b = asBool(right);
    if (b === (op === '||')) return b;
    return a === undefined || b === undefined ? unknown() : op === '&&' ? a && b : a || b;
  }
  const right = evaluate(rightNode, environment);
  if (isUnresolved(left) || isUnresolved(right) || hasUnknown(left) || hasUnknown(right)) return unknown();
  if (op === '==') return equal(left, right);
  if (op === '!=') return !equal(left, right);
  const a = asNumber(left);
  const b = asNumber(right);
  if (a === undefined || b === undefined) return unknown();
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? unknown() : a / b;
    case '%':
      return b === 0 ? unknown() : a % b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    default:
      return unknown();
  }
}

/** The entries a `for` expression (or `for_each`) iterates: lists by index, maps by key in lexical order. */
export function entriesOf(collection: Value): Array<[Value, Value]> | undefined {
  if (Array.isArray(collection)) return collection.map((value, index) => [index, value]);
  if (isObject(collection) && !isUnresolved(collection))
    return Object.keys(collection)
      .sort()
      .map((key) => [key, collection[key] as Value]);
  return undefined;
}

function forExpression(node: Extract<Node, { kind: 'for' }>, environment: Environment): Value {
  const collection = evaluate(node.collection, environment);
  const entries = entriesOf(collection);
  if (entries === undefined) return unknown();
  const list: Value[] = [];
  const object: Record<string, Value> = {};
  const groups: Record<string, Value[]> = {};
  for (const [key, value] of entries) {
    const locals = new Map(environment.locals);
    if (node.keyVar !== undefined) locals.set(node.keyVar, key);
    locals.set(node.valueVar, value);
    const inner = { ...environment, locals };
    if (node.condition) {
      const keep = asBool(evaluate(node.condition, inner));
      if (keep === undefined) return unknown();
      if (!keep) continue;
    }
    if (!node.object) {
      list.push(evaluate(node.value, inner));
      continue;
    }
    const name = asString(evaluate(node.key as Node, inner));
    if (name === undefined) return unknown();
    const result = evaluate(node.value, inner);
    if (node.group) (groups[name] ??= []).push(result);
    else object[name] = result;
  }
  if (!node.object) return list;
  return node.group ? groups : object;
}

// ---------------------------------------------------------------------------------------------
// Functions

type Fn = (args: Value[]) => Value;

const known =
  (fn: Fn): Fn =>
  (args) =>
    args.some(hasUnknown) ? unknown() : fn(args);

function flatten(value: Value): Value[] {
  return Array.isArray(value) ? value.flatMap((entry) => flatten(entry)) : [value];
}

function distinct(values: Value[]): Value[] {
  const result: Value[] = [];
  for (const value of values) if (!result.some((entry) => equal(entry, value))) result.push(value);
  return result;
}

function format(args: Value[]): Value {
  const [spec, ...rest] = args;
  if (typeof spec !== 'string') return unknown();
  let index = 0;
  let failed = false;
  const text = spec.replace(/%(%|[-+ #0-9.]*([sdvqftbxXoeEgG]))/g, (_all, body: string, verb: string | undefined) => {
    if (body === '%') return '%';
    const value = rest[index++];
    if (value === undefined) {
      failed = true;
      return '';
    }
    if (verb === 's' || verb === 'v') return asString(value) ?? ((failed = true), '');
    if (verb === 'd') return Number.isInteger(value) ? String(value) : ((failed = true), '');
    if (verb === 'q') return JSON.stringify(asString(value) ?? '');
    failed = true;
    return '';
  });
  return failed ? unknown() : text;
}

/** Terraform's built-in functions the reader evaluates (pure, deterministic ones); any other is unknown. */
const functions: Record<string, Fn> = {
  lower: known(([value]) => (typeof value === 'string' ? value.toLowerCase() : unknown())),
  upper: known(([value]) => (typeof value === 'string' ? value.toUpperCase() : unknown())),
  title: known(([value]) => (typeof value === 'string' ? value.replace(/\b\w/g, (char) => char.toUpperCase()) : unknown())),
  trimspace: known(([value]) => (typeof value === 'string' ? value.trim() : unknown())),
  trimprefix: known(([value, prefix]) =>
    typeof value === 'string' && typeof prefix === 'string' ? (value.startsWith(prefix) ? value.slice(prefix.length) : value) : unknown(),
  ),
  trimsuffix: known(([value, suffix]) =>
    typeof value === 'string' && typeof suffix === 'string' ? (suffix !== '' && value.endsWith(suffix) ? value.slice(0, -suffix.length) : value) : unknown(),
  ),
  replace: known(([value, search, replacement]) =>
    typeof value === 'string' && typeof search === 'string' && typeof replacement === 'string' && !/^\/.*\/$/.test(search)
      ? value.split(search).join(replacement)
      : unknown(),
  ),
  format: known(format),
  join: known(([separator, ...lists]) =>
    typeof separator === 'string' && lists.every(Array.isArray)
      ? (() => {
          const items = (lists as Value[][]).flat().map(asString);
          return items.every((item) => item !== undefined) ? items.join(separator) : unknown();
        })()
      : unknown(),
  ),
  split: known(([separator, value]) => (typeof separator === 'string' && typeof value === 'string' ? value.split(separator) : unknown())),
  tostring: (args) => {
    const value = args[0] as Value;
    if (isUnresolved(value) || value === null) return value;
    return asString(value) ?? unknown();
  },
  tonumber: known(([value]) => (value === null ? null : (asNumber(value as Value) ?? unknown()))),
  tobool: known(([value]) => (value === null ? null : (asBool(value as Value) ?? unknown()))),
  tolist: (args) => (Array.isArray(args[0]) || isUnresolved(args[0]) ? (args[0] as Value) : unknown()),
  toset: known(([value]) => (Array.isArray(value) ? distinct(value) : unknown())),
  tomap: (args) => (isObject(args[0]) ? (args[0] as Value) : unknown()),
  concat: known((lists) => (lists.every(Array.isArray) ? (lists as Value[][]).flat() : unknown())),
  merge: known((maps) => {
    if (!maps.every((map) => map === null || isObject(map))) return unknown();
    return Object.assign({}, ...maps.filter((map) => map !== null)) as Value;
  }),
  lookup: (args) => {
    const [map, key, fallback] = args;
    if (isUnresolved(map) || isUnresolved(key) || !isObject(map) || typeof key !== 'string') return unknown();
    if (Object.hasOwn(map, key)) return map[key] as Value;
    return fallback === undefined ? unknown() : fallback;
  },
  element: known(([list, index]) =>
    Array.isArray(list) && typeof index === 'number' && list.length > 0 ? (list[((index % list.length) + list.length) % list.length] as Value) : unknown(),
  ),
  length: known(([value]) =>
    Array.isArray(value) ? value.length : isObject(value) ? Object.keys(value).length : typeof value === 'string' ? [...value].length : unknown(),
  ),
  keys: known(([map]) => (isObject(map) ? Object.keys(map).sort() : unknown())),
  values: known(([map]) =>
    isObject(map)
      ? Object.keys(map)
          .sort()
          .map((key) => map[key] as Value)
      : unknown(),
  ),
  contains: known(([list, value]) => (Array.isArray(list) ? list.some((entry) => equal(entry, value as Value)) : unknown())),
  flatten: known(([list]) => (Array.isArray(list) ? flatten(list) : unknown())),
  distinct: known(([list]) => (Array.isArray(list) ? distinct(list) : unknown())),
  compact: known(([list]) => (Array.isArray(list) ? list.filter((entry) => entry !== null && entry !== '') : unknown())),
  zipmap: known(([keys, values]) =>
    Array.isArray(keys) && Array.isArray(values) && keys.every((key) => typeof key === 'string')
      ? Object.fromEntries((keys as string[]).map((key, index) => [key, values[index] ?? null]))
      : unknown(),
  ),
  range: known((args) => {
    const numbers = args.map(asNumber);
    if (numbers.some((number) => number === undefined)) return unknown();
    const [a, b, c] = numbers as number[];
    const [start, end, step] = numbers.length === 1 ? [0, a as number, 1] : [a as number, b as number, c ?? ((a as number) <= (b as number) ? 1 : -1)];
    if (step === 0 || Math.abs((end - start) / step) > 1024) return unknown();
    const result: number[] = [];
    for (let value = start; step > 0 ? value < end : value > end; value += step) result.push(value);
    return result;
  }),
  coalesce: (args) => {
    for (const value of args) {
      if (isUnresolved(value)) return unknown();
      if (value !== null && value !== '') return value;
    }
    return unknown();
  },
  coalescelist: known((lists) => lists.find((list) => Array.isArray(list) && list.length > 0) ?? unknown()),
  try: (args) => {
    // The first argument that evaluates without an error; an unknown one could be either, so unknown.
    for (const value of args) {
      if (isUnresolved(value)) return unknown();
      return value;
    }
    return unknown();
  },
  can: (args) => (isUnresolved(args[0]) ? unknown() : true),
  jsonencode: known(([value]) => JSON.stringify(value)),
  jsondecode: known(([text]) => {
    if (typeof text !== 'string') return unknown();
    try {
      return JSON.parse(text) as Value;
    } catch {
      return unknown();
    }
  }),
  abs: known(([value]) => (typeof value === 'number' ? Math.abs(value) : unknown())),
  max: known((args) => (args.every((value) => typeof value === 'number') ? Math.max(...(args as number[])) : unknown())),
  min: known((args) => (args.every((value) => typeof value === 'number') ? Math.min(...(args as number[])) : unknown())),
  one: known(([list]) => (Array.isArray(list) && list.length <= 1 ? (list[0] ?? null) : unknown())),
  startswith: known(([value, prefix]) => (typeof value === 'string' && typeof prefix === 'string' ? value.startsWith(prefix) : unknown())),
  endswith: known(([value, suffix]) => (typeof value === 'string' && typeof suffix === 'string' ? value.endsWith(suffix) : unknown())),
  substr: known(([value, offset, length]) =>
    typeof value === 'string' && typeof offset === 'number' && typeof length === 'number'
      ? [...value].slice(offset, length < 0 ? undefined : offset + length).join('')
      : unknown(),
  ),
};

function call(node: Extract<Node, { kind: 'call' }>, environment: Environment): Value {
  const fn = Object.hasOwn(functions, node.name) ? functions[node.name] : undefined;
  if (!fn) return unknown();
  let args = node.args.map((arg) => evaluate(arg, environment));
  if (node.expand) {
    const last = args.at(-1);
    if (!Array.isArray(last)) return unknown();
    args = [...args.slice(0, -1), ...last];
  }
  return fn(args);
}

/** Names bound by `for` expressions and dynamic-block iterators, as an environment over a resolver. */
export function environment(resolver: Resolver, locals: ReadonlyMap<string, Value> = new Map()): Environment {
  return { resolver, locals };
}
