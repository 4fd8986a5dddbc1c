/**
 * The part of the ARM template expression language that can be evaluated before deployment.
 *
 * Resolved: `parameters()` (a value supplied to the template, else the parameter's
 * `defaultValue`), `variables()` (including variable `copy` loops), `copyIndex()` (inside a loop
 * with a known count), string, array, object, logical and numeric functions of known arguments
 * (`concat`, `format`, `toLower`, `if`, `equals`, `length`, `range`, `createObject`, `union`, …),
 * property and index access on known values (`parameters('cfg').name`, `variables('d')[copyIndex()]`)
 * and `reference()` of a nested deployment of the same file (its outputs). `[[…` is an escaped literal.
 *
 * Anything that only exists at deployment time (`resourceGroup()`, `subscription()`,
 * `uniqueString()`, `reference()` of other resources, `listKeys()`, parameters with neither a
 * supplied value nor a default, lambdas) is an {@link Unresolved} value: the reader records the
 * field as unknown and the rules report `unknown` rather than pass. A partly known string keeps its
 * known parts ({@link Unresolved.parts}), so a name like `format('{0}/{1}', parameters('acct'), 'chat')`
 * still splits into the account and the child at the `/` it was written with.
 */

/** A value that cannot be known before deployment; `text` renders it stably (`<parameters('x')>`). */
export class Unresolved {
  readonly text: string;
  /** The known literal pieces and the unknown pieces of a partly known string, in order. */
  readonly parts: ReadonlyArray<string | Unresolved>;
  constructor(text: string, parts?: ReadonlyArray<string | Unresolved>) {
    this.text = text;
    this.parts = parts ?? [this];
  }
}

/** `resourceId(type, name…)`: kept structured so `reference(resourceId('Microsoft.Resources/deployments', n))` can be followed. */
export class ResourceIdValue {
  readonly type: string;
  readonly names: readonly string[];
  constructor(type: string, names: readonly string[]) {
    this.type = type;
    this.names = names;
  }
  get text(): string {
    return `<resourceId('${this.type}', ${this.names.map((name) => `'${name}'`).join(', ')})>`;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unresolved) && !(value instanceof ResourceIdValue);
}

/** A template's parameters and variables, evaluated at most once each. */
export interface TemplateScope {
  /** Declared parameters (`parameters` section). */
  readonly declared: Readonly<Record<string, unknown>>;
  /** Values supplied for parameters (overrides at the top, a nested deployment's `parameters` inside), already evaluated. */
  readonly supplied: ReadonlyMap<string, unknown>;
  readonly variables: Readonly<Record<string, unknown>>;
  /** Follows `reference(<deployment>)` to a nested deployment of this template: its `{ outputs }`, or undefined. */
  readonly reference: (target: string, symbolic: boolean) => unknown;
  readonly cache: Map<string, unknown>;
  readonly resolving: Set<string>;
}

export function templateScope(
  template: Record<string, unknown>,
  supplied: ReadonlyMap<string, unknown>,
  reference: TemplateScope['reference'] = () => undefined,
): TemplateScope {
  return {
    declared: isPlainObject(template.parameters) ? template.parameters : {},
    supplied,
    variables: isPlainObject(template.variables) ? template.variables : {},
    reference,
    cache: new Map(),
    resolving: new Set(),
  };
}

/** Where an expression is evaluated: a template scope and the copy loops it is inside of. */
export interface EvalContext {
  readonly scope: TemplateScope;
  /** Loop name → index; '' is the innermost loop (`copyIndex()` without a name). */
  readonly loops: ReadonlyMap<string, number | Unresolved>;
}

export const noLoops: ReadonlyMap<string, number | Unresolved> = new Map();

/** ARM caps copy loops at 800 instances; more is an invalid template, treated as an unknown count. */
export const maxCopyCount = 800;

// ---------------------------------------------------------------------------------------------
// Tokens and parsing

type Token = { kind: 'string' | 'number' | 'name' | 'punct'; value: string };

function tokenize(expression: string): Token[] | undefined {
  const tokens: Token[] = [];
  let index = 0;
  const length = expression.length;
  while (index < length) {
    const char = expression[index] as string;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') index += 1;
    else if (char === "'") {
      let value = '';
      index += 1;
      for (;;) {
        if (index >= length) return undefined;
        const next = expression.indexOf("'", index);
        if (next === -1) return undefined;
        value += expression.slice(index, next);
        if (expression[next + 1] === "'") {
          value += "'";
          index = next + 2;
          continue;
        }
        index = next + 1;
        break;
      }
      tokens.push({ kind: 'string', value });
    } else if ('(),.[]'.includes(char)) {
      tokens.push({ kind: 'punct', value: char });
      index += 1;
    } else {
      const match = /^(-?\d+(?:\.\d+)?|[A-Za-z_$][A-Za-z0-9_$]*)/.exec(expression.slice(index, index + 200));
      if (!match?.[1]) return undefined;
      tokens.push({ kind: /^-?\d/.test(match[1]) ? 'number' : 'name', value: match[1] });
      index += match[1].length;
    }
  }
  return tokens;
}

type Node =
  | { kind: 'literal'; value: unknown }
  | { kind: 'call'; name: string; written: string; args: Node[] }
  | { kind: 'member'; target: Node; key: Node | string }
  | { kind: 'name'; value: string };

function parse(tokens: Token[]): Node | undefined {
  let position = 0;
  const peek = () => tokens[position];
  const expect = (value: string) => {
    if (peek()?.value !== value || peek()?.kind !== 'punct') throw new Error(`expected ${value}`);
    position += 1;
  };
  const primary = (): Node => {
    const token = tokens[position];
    position += 1;
    if (!token) throw new Error('unexpected end');
    let node: Node;
    if (token.kind === 'string') node = { kind: 'literal', value: token.value };
    else if (token.kind === 'number') node = { kind: 'literal', value: Number(token.value) };
    else if (token.kind === 'name') {
      if (peek()?.value === '(' && peek()?.kind === 'punct') {
        position += 1;
        const args: Node[] = [];
        while (!(peek()?.value === ')' && peek()?.kind === 'punct')) {
          args.push(primary());
          if (peek()?.value === ',' && peek()?.kind === 'punct') position += 1;
          else if (!(peek()?.value === ')' && peek()?.kind === 'punct')) throw new Error('expected , or )');
        }
        position += 1;
        node = { kind: 'call', name: token.value.toLowerCase(), written: token.value, args };
      } else if (token.value === 'true' || token.value === 'false') node = { kind: 'literal', value: token.value === 'true' };
      else if (token.value === 'null') node = { kind: 'literal', value: null };
      else node = { kind: 'name', value: token.value };
    } else throw new Error(`unexpected ${token.value}`);
    for (;;) {
      const next = peek();
      if (next?.kind === 'punct' && next.value === '.') {
        position += 1;
        const key = tokens[position];
        position += 1;
        if (!key || key.kind !== 'name') throw new Error('expected a property name');
        node = { kind: 'member', target: node, key: key.value };
      } else if (next?.kind === 'punct' && next.value === '[') {
        position += 1;
        const key = primary();
        expect(']');
        node = { kind: 'member', target: node, key };
      } else return node;
    }
  };
  try {
    const node = primary();
    return position === tokens.length ? node : undefined;
  } catch {
    return undefined;
  }
}

const parsedExpressions = new Map<string, Node | null>();

function parsedExpression(expression: string): Node | undefined {
  let node = parsedExpressions.get(expression);
  if (node === undefined) {
    const tokens = tokenize(expression);
    node = (tokens && parse(tokens)) ?? null;
    // Expressions repeat across resources and loop instances; the cache is bounded all the same.
    if (parsedExpressions.size >= 50_000) parsedExpressions.clear();
    parsedExpressions.set(expression, node);
  }
  return node ?? undefined;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

const maxDepth = 64;

/** Renders a value the way it was (or would be) written, for stable texts of unresolved values. */
export function render(value: unknown): string {
  if (value instanceof Unresolved || value instanceof ResourceIdValue) return value.text;
  if (typeof value === 'string') return `'${value}'`;
  return JSON.stringify(value) ?? 'null';
}

function renderNode(node: Node): string {
  switch (node.kind) {
    case 'literal':
      return typeof node.value === 'string' ? `'${node.value.replace(/'/g, "''")}'` : JSON.stringify(node.value);
    case 'name':
      return node.value;
    case 'call':
      return `${node.written}(${node.args.map(renderNode).join(', ')})`;
    case 'member':
      return typeof node.key === 'string' ? `${renderNode(node.target)}.${node.key}` : `${renderNode(node.target)}[${renderNode(node.key)}]`;
  }
}

function isUnknown(value: unknown): value is Unresolved | ResourceIdValue {
  return value instanceof Unresolved || value instanceof ResourceIdValue;
}

/** Concatenates known strings and unknown pieces into a string or a partly known {@link Unresolved}. */
function joinParts(pieces: ReadonlyArray<string | Unresolved>): string | Unresolved {
  if (pieces.every((piece) => typeof piece === 'string')) return pieces.join('');
  const parts: Array<string | Unresolved> = [];
  for (const piece of pieces) {
    if (typeof piece === 'string') parts.push(piece);
    else for (const part of piece.parts) parts.push(part);
  }
  return new Unresolved(parts.map((part) => (typeof part === 'string' ? part : part.text)).join(''), parts);
}

/** A value as a string piece: strings and scalars as text, unknown values as themselves. */
function stringPiece(value: unknown): string | Unresolved | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Unresolved) return value;
  if (value instanceof ResourceIdValue) return new Unresolved(value.text);
  return undefined;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((entry, index) => deepEqual(entry, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

function containsUnknown(value: unknown, depth = 0): boolean {
  if (isUnknown(value)) return true;
  if (depth > maxDepth) return true;
  if (Array.isArray(value)) return value.some((entry) => containsUnknown(entry, depth + 1));
  if (isPlainObject(value)) return Object.values(value).some((entry) => containsUnknown(entry, depth + 1));
  return false;
}

function propertyOf(target: unknown, key: unknown): unknown {
  if (Array.isArray(target)) {
    if (typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < target.length) return target[key];
    return undefined;
  }
  if (isPlainObject(target) && typeof key === 'string') {
    if (Object.hasOwn(target, key)) return target[key];
    // ARM property names compare without regard to case.
    const lower = key.toLowerCase();
    const match = Object.keys(target).find((candidate) => candidate.toLowerCase() === lower);
    return match === undefined ? undefined : target[match];
  }
  return undefined;
}

function parameterValue(name: string, context: EvalContext, depth: number): unknown {
  const scope = context.scope;
  const key = `p\u0000${name.toLowerCase()}`;
  if (scope.cache.has(key)) return scope.cache.get(key);
  let value: unknown = new Unresolved(`<parameters('${name}')>`);
  const suppliedKey = [...scope.supplied.keys()].find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const declaredKey = Object.keys(scope.declared).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (suppliedKey !== undefined) value = scope.supplied.get(suppliedKey);
  else if (declaredKey !== undefined && !scope.resolving.has(key)) {
    const declared = scope.declared[declaredKey];
    if (isPlainObject(declared) && 'defaultValue' in declared) {
      scope.resolving.add(key);
      // A default that depends on the deployment (`[resourceGroup().location]`) stays unresolved, rendered as written.
      value = resolveValue(declared.defaultValue, { scope, loops: noLoops }, depth + 1);
      scope.resolving.delete(key);
    }
  }
  scope.cache.set(key, value);
  return value;
}

function variableValue(name: string, context: EvalContext, depth: number): unknown {
  const scope = context.scope;
  const key = `v\u0000${name.toLowerCase()}`;
  if (scope.cache.has(key)) return scope.cache.get(key);
  if (scope.resolving.has(key)) return new Unresolved(`<variables('${name}')>`);
  scope.resolving.add(key);
  let value: unknown = new Unresolved(`<variables('${name}')>`);
  const declaredKey = Object.keys(scope.variables).find((candidate) => candidate !== 'copy' && candidate.toLowerCase() === name.toLowerCase());
  if (declaredKey !== undefined) {
    const resolved = resolveValue(scope.variables[declaredKey], { scope, loops: noLoops }, depth + 1);
    value = resolved;
  } else if (Array.isArray(scope.variables.copy)) {
    // Variable iteration: { name, count, input } builds an array.
    const loop = scope.variables.copy.find(
      (entry) => isPlainObject(entry) && typeof entry.name === 'string' && entry.name.toLowerCase() === name.toLowerCase(),
    );
    if (isPlainObject(loop)) value = expandCopy(loop, { scope, loops: noLoops }, depth + 1);
  }
  scope.resolving.delete(key);
  scope.cache.set(key, value);
  return value;
}

/** `{ name, count, input }` (variable or property iteration) → the array it builds, or unresolved. */
export function expandCopy(loop: Record<string, unknown>, context: EvalContext, depth: number): unknown {
  const name = typeof loop.name === 'string' ? loop.name : '';
  const count = resolveValue(loop.count, context, depth + 1);
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > maxCopyCount) {
    return new Unresolved(`<copy loop '${name}' with count ${render(count)}>`);
  }
  const items: unknown[] = [];
  for (let index = 0; index < count; index += 1) {
    const loops = new Map(context.loops);
    loops.set(name.toLowerCase(), index);
    items.push(resolveValue(loop.input, { scope: context.scope, loops }, depth + 1));
  }
  return items;
}

function formatString(format: string, args: unknown[]): string | Unresolved | undefined {
  const pieces: Array<string | Unresolved> = [];
  let index = 0;
  const pattern = /\{\{|\}\}|\{(\d+)(?:,[^}:]*)?(?::[^}]*)?\}/g;
  for (let match = pattern.exec(format); match; match = pattern.exec(format)) {
    pieces.push(format.slice(index, match.index));
    if (match[0] === '{{') pieces.push('{');
    else if (match[0] === '}}') pieces.push('}');
    else {
      const piece = stringPiece(args[Number(match[1])]);
      if (piece === undefined) return undefined;
      pieces.push(piece);
    }
    index = match.index + match[0].length;
  }
  pieces.push(format.slice(index));
  return joinParts(pieces);
}

function truthy(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

const deploymentTimeFunctions = new Set([
  'resourcegroup',
  'subscription',
  'tenant',
  'managementgroup',
  'deployment',
  'environment',
  'uniquestring',
  'guid',
  'newguid',
  'utcnow',
  'listkeys',
  'listaccountsas',
  'list',
  'providers',
  'subscriptionresourceid',
  'tenantresourceid',
  'extensionresourceid',
  'managementgroupresourceid',
  'pickzones',
  'lambda',
  'map',
  'filter',
  'reduce',
  'sort',
  'tobject',
  'items',
]);

function call(name: string, args: unknown[], node: Node & { kind: 'call' }, context: EvalContext, depth: number): unknown {
  const unresolved = () => new Unresolved(`<${renderNode(node)}>`);
  const known = args.every((arg) => !containsUnknown(arg));
  switch (name) {
    case 'parameters':
    case 'variables': {
      const key = args[0];
      if (typeof key !== 'string') return unresolved();
      return name === 'parameters' ? parameterValue(key, context, depth) : variableValue(key, context, depth);
    }
    case 'copyindex': {
      let loop = '';
      let offset = 0;
      for (const arg of args) {
        if (typeof arg === 'string') loop = arg.toLowerCase();
        else if (typeof arg === 'number') offset = arg;
        else return unresolved();
      }
      const index = context.loops.get(loop);
      if (index === undefined) return new Unresolved(`<${renderNode(node)}>`);
      if (index instanceof Unresolved) return new Unresolved(`<${renderNode(node)}>`);
      return index + offset;
    }
    case 'concat': {
      if (args.length > 0 && args.every(Array.isArray)) return (args as unknown[][]).flat();
      const pieces = args.map(stringPiece);
      if (pieces.some((piece) => piece === undefined)) return unresolved();
      return joinParts(pieces as Array<string | Unresolved>);
    }
    case 'format': {
      if (typeof args[0] !== 'string') return unresolved();
      return formatString(args[0], args.slice(1)) ?? unresolved();
    }
    case 'reference': {
      const target = args[0];
      if (typeof target === 'string') return context.scope.reference(target, !target.includes('/')) ?? unresolved();
      if (target instanceof ResourceIdValue && target.type.toLowerCase() === 'microsoft.resources/deployments' && target.names.length === 1)
        return context.scope.reference(target.names[0] as string, false) ?? unresolved();
      return unresolved();
    }
    case 'resourceid': {
      if (!known || !args.every((arg) => typeof arg === 'string')) return unresolved();
      const strings = args as string[];
      const typeIndex = strings.findIndex((arg) => /^[A-Za-z0-9.]+\/[A-Za-z0-9]+/.test(arg) && arg.includes('.'));
      if (typeIndex < 0) return unresolved();
      return new ResourceIdValue(strings[typeIndex] as string, strings.slice(typeIndex + 1));
    }
    case 'if': {
      const condition = truthy(args[0]);
      if (condition === undefined) return deepEqual(args[1], args[2]) ? args[1] : unresolved();
      return condition ? args[1] : args[2];
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    case 'coalesce': {
      for (const arg of args) {
        if (isUnknown(arg)) return unresolved();
        if (arg !== null && arg !== undefined) return arg;
      }
      return null;
    }
    case 'trygetproperty':
    case 'tryget': {
      let value = args[0];
      for (const key of args.slice(1)) {
        if (isUnknown(value) || isUnknown(key)) return unresolved();
        if (value === null || value === undefined) return null;
        value = propertyOf(value, key) ?? null;
      }
      return value;
    }
  }
  if (deploymentTimeFunctions.has(name) || !known) {
    // Functions of unknown arguments stay unknown; the logical ones can still decide.
    if (name === 'and' && args.some((arg) => truthy(arg) === false)) return false;
    if (name === 'or' && args.some((arg) => truthy(arg) === true)) return true;
    return unresolved();
  }
  const [a, b, c] = args;
  switch (name) {
    case 'tolower':
      return typeof a === 'string' ? a.toLowerCase() : unresolved();
    case 'toupper':
      return typeof a === 'string' ? a.toUpperCase() : unresolved();
    case 'trim':
      return typeof a === 'string' ? a.trim() : unresolved();
    case 'string':
      return typeof a === 'string' ? a : JSON.stringify(a);
    case 'int':
      return typeof a === 'number' ? Math.trunc(a) : typeof a === 'string' && /^-?\d+$/.test(a) ? Number(a) : unresolved();
    case 'bool':
      return truthy(a) ?? (typeof a === 'number' ? a !== 0 : unresolved());
    case 'json':
      try {
        return typeof a === 'string' ? (JSON.parse(a) as unknown) : unresolved();
      } catch {
        return unresolved();
      }
    case 'replace':
      return typeof a === 'string' && typeof b === 'string' && typeof c === 'string' ? a.split(b).join(c) : unresolved();
    case 'substring':
      return typeof a === 'string' && typeof b === 'number' ? a.substr(b, typeof c === 'number' ? c : undefined) : unresolved();
    case 'split':
      return typeof a === 'string' && typeof b === 'string' ? a.split(b) : unresolved();
    case 'join':
      return Array.isArray(a) && typeof b === 'string' && a.every((entry) => typeof entry === 'string') ? a.join(b) : unresolved();
    case 'startswith':
      return typeof a === 'string' && typeof b === 'string' ? a.toLowerCase().startsWith(b.toLowerCase()) : unresolved();
    case 'endswith':
      return typeof a === 'string' && typeof b === 'string' ? a.toLowerCase().endsWith(b.toLowerCase()) : unresolved();
    case 'length':
      return typeof a === 'string' || Array.isArray(a) ? a.length : isPlainObject(a) ? Object.keys(a).length : unresolved();
    case 'empty':
      return a === null || a === '' || (Array.isArray(a) && a.length === 0) || (isPlainObject(a) && Object.keys(a).length === 0);
    case 'range':
      return typeof a === 'number' && typeof b === 'number' && b >= 0 && b <= 10_000 ? Array.from({ length: b }, (_, index) => a + index) : unresolved();
    case 'createarray':
    case 'array':
      return name === 'array' && Array.isArray(a) ? a : args;
    case 'createobject': {
      const result: Record<string, unknown> = {};
      for (let index = 0; index + 1 < args.length; index += 2) {
        if (typeof args[index] !== 'string') return unresolved();
        result[args[index] as string] = args[index + 1];
      }
      return result;
    }
    case 'union': {
      if (args.every(Array.isArray)) return [...new Set((args as unknown[][]).flat())];
      if (args.every(isPlainObject)) return Object.assign({}, ...(args as Array<Record<string, unknown>>)) as Record<string, unknown>;
      return unresolved();
    }
    case 'first':
      return Array.isArray(a) ? (a[0] ?? null) : typeof a === 'string' ? (a[0] ?? '') : unresolved();
    case 'last':
      return Array.isArray(a) ? (a[a.length - 1] ?? null) : typeof a === 'string' ? (a[a.length - 1] ?? '') : unresolved();
    case 'contains':
      if (typeof a === 'string' && typeof b === 'string') return a.includes(b);
      if (Array.isArray(a)) return a.some((entry) => deepEqual(entry, b));
      if (isPlainObject(a) && typeof b === 'string') return propertyOf(a, b) !== undefined;
      return unresolved();
    case 'equals':
      return deepEqual(a, b);
    case 'not':
      return truthy(a) === undefined ? unresolved() : !truthy(a);
    case 'and':
      return args.every((arg) => truthy(arg) !== undefined) ? args.every((arg) => truthy(arg)) : unresolved();
    case 'or':
      return args.every((arg) => truthy(arg) !== undefined) ? args.some((arg) => truthy(arg)) : unresolved();
    case 'greater':
    case 'greaterorequals':
    case 'less':
    case 'lessorequals': {
      if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) return unresolved();
      const order = (a as number | string) < (b as number | string) ? -1 : a === b ? 0 : 1;
      return name === 'greater' ? order > 0 : name === 'greaterorequals' ? order >= 0 : name === 'less' ? order < 0 : order <= 0;
    }
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'mod': {
      if (typeof a !== 'number' || typeof b !== 'number') return unresolved();
      if ((name === 'div' || name === 'mod') && b === 0) return unresolved();
      return name === 'add' ? a + b : name === 'sub' ? a - b : name === 'mul' ? a * b : name === 'div' ? Math.trunc(a / b) : a % b;
    }
    case 'min':
    case 'max': {
      const numbers = (args.length === 1 && Array.isArray(a) ? a : args) as unknown[];
      if (!numbers.every((entry) => typeof entry === 'number') || numbers.length === 0) return unresolved();
      return name === 'min' ? Math.min(...(numbers as number[])) : Math.max(...(numbers as number[]));
    }
    default:
      return unresolved();
  }
}

function evaluateNode(node: Node, context: EvalContext, depth: number): unknown {
  if (depth > maxDepth) return new Unresolved(`<${renderNode(node)}>`);
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'name':
      return new Unresolved(`<${node.value}>`);
    case 'call': {
      const args = node.args.map((arg) => evaluateNode(arg, context, depth + 1));
      return call(node.name, args, node, context, depth + 1);
    }
    case 'member': {
      const target = evaluateNode(node.target, context, depth + 1);
      const key = typeof node.key === 'string' ? node.key : evaluateNode(node.key, context, depth + 1);
      if (isUnknown(target) || isUnknown(key)) return new Unresolved(`<${renderNode(node)}>`);
      const value = propertyOf(target, key);
      return value === undefined ? new Unresolved(`<${renderNode(node)}>`) : value;
    }
  }
}

/** Evaluates one expression (the text between `[` and `]`). */
export function evaluateExpression(expression: string, context: EvalContext, depth = 0): unknown {
  const node = parsedExpression(expression);
  if (!node) return new Unresolved(`<${expression}>`);
  return evaluateNode(node, context, depth);
}

/**
 * Resolves every expression inside a template value; what cannot be known before deployment
 * becomes {@link Unresolved}. Property iteration (`copy: [{ name, count, input }]` inside an
 * object) is expanded into the arrays it builds.
 */
export function resolveValue(value: unknown, context: EvalContext, depth = 0): unknown {
  if (depth > maxDepth) return new Unresolved('<nested too deeply to evaluate>');
  if (typeof value === 'string') {
    if (value.length >= 2 && value.charCodeAt(0) === 91 /* [ */) {
      if (value.charCodeAt(1) === 91) return value.slice(1);
      if (value.charCodeAt(value.length - 1) === 93 /* ] */) return evaluateExpression(value.slice(1, -1), context, depth + 1);
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((entry) => resolveValue(entry, context, depth + 1));
  if (isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      if (key === 'copy' && Array.isArray(entry) && entry.every((loop) => isPlainObject(loop) && typeof loop.name === 'string' && 'input' in loop)) {
        for (const loop of entry as Array<Record<string, unknown>>) result[loop.name as string] = expandCopy(loop, context, depth + 1);
        continue;
      }
      result[key] = resolveValue(entry, context, depth + 1);
    }
    return result;
  }
  return value;
}

/** The rendering of a name: its value when known, else the stable text of the unknown parts. */
export function nameText(value: unknown): string {
  if (value instanceof Unresolved || value instanceof ResourceIdValue) return value.text;
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value as number | boolean);
}

/**
 * The `/`-separated segments of a resource name, split only where a known part has a `/`: an
 * unknown piece (`<parameters('acct')>`) stays whole, so children stay linked to their parent.
 */
export function nameSegments(value: unknown): string[] {
  if (!(value instanceof Unresolved)) return nameText(value).split('/');
  const segments: string[] = [''];
  for (const part of value.parts) {
    if (typeof part !== 'string') {
      segments[segments.length - 1] += part.text;
      continue;
    }
    const pieces = part.split('/');
    segments[segments.length - 1] += pieces[0] ?? '';
    for (const piece of pieces.slice(1)) segments.push(piece);
  }
  return segments;
}

export { deepEqual as armValuesEqual, containsUnknown };
