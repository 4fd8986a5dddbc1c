/**
 * Terraform HCL (`.tf`, `.tf.json`) → the resource model, before any plan exists.
 *
 * A directory's `.tf` and `.tf.json` files are one module. Every directory of the input that no
 * other directory of the input calls as a local module is a root module, read with its variable
 * values: `variable` defaults, then `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars`
 * and `*.auto.tfvars.json` of its directory (lexical order), then each `-var-file` in order —
 * Terraform's precedence (environment variables and `-var` are not read). Local module calls
 * (`source = "./…"` or `"../…"`) are read with their inputs, once per instance; remote sources
 * (registry, git, …) are not fetched and are listed as skipped.
 *
 * What can be known before apply is evaluated (`terraform-expr.ts`): literals, variables, locals,
 * `count`/`for_each` over known collections (instances `aws_x.y[0]`, `aws_x.y["key"]`), dynamic
 * blocks, module outputs, interpolation and common functions, and attributes of other resources
 * that the files set. An attribute of another resource known only after apply
 * (`aws_bedrock_guardrail.main.guardrail_id`) becomes a link, written from the root module
 * (`module.m.aws_kms_key.k.arn`), as the plan reader's configuration references do; everything
 * else is unknown and the rules report `unknown`, never a guess. A resource whose `count` or
 * `for_each` is unknown is read once, at its block address, and marked unreadable.
 *
 * hcl2json drops positions, so lines come from an index of block headers (`resource "T" "N" {`)
 * built once per file. Findings carry the file and line of the block and the instance address.
 * The HCL parser (`@cdktf/hcl2json`, WebAssembly) is loaded only when a `.tf` or `.tfvars` file
 * is read; `.tf.json` files need no parser.
 *
 * The resource-type → model mapping is the one Terraform vocabulary in `terraform-model.ts`,
 * shared with the plan reader. Each root module is one scope (its directory), so links and the
 * rules' joins stay within it.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Resource } from '../model/inventory.ts';
import { readTextFile } from '../read-file.ts';
import {
  IacInputError,
  parseSuppression,
  type ClaimedFile,
  type IacDirectoryReadOptions,
  type IacDirectoryReadResult,
  type IacDirectoryReader,
  type Suppression,
} from './reader.ts';
import { environment, evaluate, entriesOf, hasUnknown, parseTemplate, type Node, type Resolver } from './terraform-expr.ts';
import {
  isMappedType,
  isObject,
  isUnresolved,
  mapTerraformResources,
  unresolved,
  type TerraformResource,
  type Value,
  type ValueObject,
} from './terraform-model.ts';

const sizeLimit = { bytes: 50 * 1024 * 1024, name: 'the 50 MB limit for IaC files' };
/** Directories read at the same time. */
const loadConcurrency = 8;
/** Module calls nest a few levels in practice; deeper (or a module calling itself) is refused. */
const maxModuleDepth = 32;

/** Arguments of a resource or data block that are Terraform's, not the provider's. */
const resourceMeta = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection', 'dynamic']);
const moduleMeta = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

type Raw = unknown;
type RawObject = Record<string, unknown>;

function isTfFile(name: string): boolean {
  return /\.tf$/i.test(name) || /\.tf\.json$/i.test(name);
}

function isVarFile(name: string): boolean {
  return /\.tfvars$/i.test(name) || /\.tfvars\.json$/i.test(name);
}

/** Variable files Terraform applies by itself in the root module's directory, in its order. */
function automaticVarFiles(names: readonly string[]): string[] {
  const auto = names.filter((name) => /\.auto\.tfvars(\.json)?$/.test(name)).sort();
  return [...['terraform.tfvars', 'terraform.tfvars.json'].filter((name) => names.includes(name)), ...auto];
}

// ---------------------------------------------------------------------------------------------
// The HCL parser, loaded on first use

type Hcl2Json = { parse: (filename: string, contents: string) => Promise<Record<string, unknown>> };
let parser: Promise<Hcl2Json> | undefined;

/** How long one parse may take before the parser is given up on (it never answers when its WebAssembly fails to start). */
const parseTimeoutMs = 60_000;

function hcl(): Promise<Hcl2Json> {
  parser ??= import('@cdktf/hcl2json').then((module) => {
    const exported = module as unknown as Partial<Hcl2Json> & { default?: Partial<Hcl2Json> };
    const parse = exported.parse ?? exported.default?.parse;
    if (typeof parse !== 'function') throw new Error('@cdktf/hcl2json has no parse function');
    return { parse };
  });
  return parser;
}

/** hcl2json's parse, bounded in time. */
async function parseHcl(filename: string, contents: string): Promise<Record<string, unknown>> {
  const { parse } = await hcl();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the HCL parser did not answer within ${parseTimeoutMs / 1000} s`)), parseTimeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([parse(filename, contents), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `t.tf:2,6-3,1: Invalid expression; …` → line 2 and the message. */
function parseProblem(message: string): { problem: string; line?: number } {
  const match = /:(\d+),\d+(?:-\d+(?:,\d+)?)?: (.*?)\]?$/s.exec(message.replace(/^parse config: \[/, ''));
  if (!match) return { problem: `malformed HCL: ${message.split('\n')[0]}` };
  return { problem: `malformed HCL: ${(match[2] as string).split('\n')[0]}`, line: Number(match[1]) };
}

// ---------------------------------------------------------------------------------------------
// Modules as read from files

interface SourceFile {
  path: string;
  /** As reports name it. */
  name: string;
  text: string;
  json: boolean;
}

interface Block {
  kind: 'resource' | 'data' | 'module';
  type: string;
  name: string;
  body: RawObject;
  file: SourceFile;
  line: number | undefined;
  /** Inline suppressions in or just above the block. */
  suppressions: Array<{ ruleId: string; reason: string; until?: string; line: number }>;
}

interface ParsedModule {
  dir: string;
  name: string;
  files: SourceFile[];
  variables: Map<string, { body: RawObject; json: boolean }>;
  locals: Map<string, Raw>;
  outputs: Map<string, RawObject>;
  resources: Block[];
  /** Resource and data blocks by `resource.T.N` / `data.T.N`. */
  blocks: Map<string, Block>;
  calls: Map<string, Block>;
  /** A file of the module could not be read: the module is not judged (what is missing could change every value). */
  failed: boolean;
  /** The names of the files in the directory (for the automatic variable files of a root module). */
  entries: string[];
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Lines of block headers in a `.tf` file: `resource.T.N`, `data.T.N`, `module.N` → line. */
function headerLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const pattern = /^[ \t]*(resource|data|module)[ \t]+("?)([A-Za-z0-9_-]+)\2(?:[ \t]+("?)([A-Za-z0-9_-]+)\4)?[ \t]*\{/gm;
  for (const match of text.matchAll(pattern)) {
    const key = match[1] === 'module' ? `module.${match[3]}` : `${match[1]}.${match[3]}.${match[5] ?? ''}`;
    if (!lines.has(key)) lines.set(key, text.slice(0, match.index).split('\n').length);
  }
  return lines;
}

/** The line of a block in a `.tf.json` file: the first `"N":` after `"T":` after `"resource":`. */
function jsonLine(text: string, kind: string, labels: string[]): number | undefined {
  let at = text.indexOf(`"${kind}"`);
  for (const label of labels) {
    if (at < 0) return undefined;
    at = text.indexOf(`"${label}"`, at + 1);
  }
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

/** Inline suppressions in comments (`# aiposture:ignore rule reason="…"`), by line. */
function commentSuppressions(text: string): Array<{ ruleId: string; reason: string; until?: string; line: number }> {
  const found: Array<{ ruleId: string; reason: string; until?: string; line: number }> = [];
  text.split('\n').forEach((content, index) => {
    if (!/(#|\/\/|\/\*)[^\n]*aiposture:ignore/.test(content)) return;
    const parsed = parseSuppression(content);
    if (parsed) found.push({ ...parsed, line: index + 1 });
  });
  return found;
}

/** Attaches each suppression to the block it is in, or to the block that follows it. */
function attachSuppressions(blocks: Block[], file: SourceFile): void {
  const suppressions = commentSuppressions(file.text);
  if (suppressions.length === 0) return;
  const inFile = blocks.filter((entry) => entry.file === file && entry.line !== undefined).sort((a, b) => (a.line as number) - (b.line as number));
  const lines = file.text.split('\n');
  for (const suppression of suppressions) {
    // The next code line after a comment block directly above a header belongs to that header.
    let next = suppression.line;
    while (next < lines.length && /^\s*(#|\/\/|$)/.test(lines[next] as string)) next++;
    const below = inFile.find((entry) => entry.line === next + 1);
    const above = [...inFile].reverse().find((entry) => (entry.line as number) <= suppression.line);
    const owner = below ?? above;
    if (owner) owner.suppressions.push(suppression);
  }
}

function removeComments(body: RawObject): RawObject {
  if (!Object.hasOwn(body, '//')) return body;
  const copy = { ...body };
  delete copy['//'];
  return copy;
}

/** Adds one parsed file (hcl2json output, or `.tf.json` as written) to a module. */
function addFile(module: ParsedModule, file: SourceFile, parsed: RawObject): void {
  const lines = file.json ? undefined : headerLines(file.text);
  const line = (kind: string, labels: string[]) =>
    file.json ? jsonLine(file.text, kind, labels) : lines?.get(kind === 'module' ? `module.${labels[0]}` : `${kind}.${labels[0]}.${labels[1]}`);
  const added: Block[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const group of asList(parsed[kind])) {
      if (!isObject(group)) continue;
      for (const [type, named] of Object.entries(group)) {
        if (!isObject(named)) continue;
        for (const [name, bodies] of Object.entries(named)) {
          const body = asList(bodies)[0];
          const key = `${kind}.${type}.${name}`;
          if (!isObject(body) || module.blocks.has(key)) continue;
          const entry: Block = { kind, type, name, body: removeComments(body), file, line: line(kind, [type, name]), suppressions: [] };
          module.blocks.set(key, entry);
          module.resources.push(entry);
          added.push(entry);
        }
      }
    }
  }
  for (const group of asList(parsed.module)) {
    if (!isObject(group)) continue;
    for (const [name, bodies] of Object.entries(group)) {
      const body = asList(bodies)[0];
      if (!isObject(body) || module.calls.has(name)) continue;
      const entry: Block = { kind: 'module', type: 'module', name, body: removeComments(body), file, line: line('module', [name]), suppressions: [] };
      module.calls.set(name, entry);
      added.push(entry);
    }
  }
  for (const group of asList(parsed.variable)) {
    if (!isObject(group)) continue;
    for (const [name, bodies] of Object.entries(group)) {
      const body = asList(bodies)[0];
      if (isObject(body) && !module.variables.has(name)) module.variables.set(name, { body, json: file.json });
    }
  }
  for (const group of asList(parsed.locals)) {
    if (!isObject(group)) continue;
    for (const [name, value] of Object.entries(removeComments(group))) if (!module.locals.has(name)) module.locals.set(name, value);
  }
  for (const group of asList(parsed.output)) {
    if (!isObject(group)) continue;
    for (const [name, bodies] of Object.entries(group)) {
      const body = asList(bodies)[0];
      if (isObject(body) && !module.outputs.has(name)) module.outputs.set(name, body);
    }
  }
  attachSuppressions(added, file);
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** The template of a string as hcl2json (or Terraform JSON) writes it, parsed once per distinct string. */
const templates = new Map<string, Node>();

function templateOf(text: string): Node {
  let node = templates.get(text);
  if (node === undefined) {
    node = parseTemplate(text);
    if (templates.size > 100_000) templates.clear();
    templates.set(text, node);
  }
  return node;
}

interface InstanceContext {
  each?: { key: Value; value: Value };
  countIndex?: Value;
}

interface Instance {
  /** The key in `[…]`: a number (count), a string (for_each); undefined when the block is not expanded. */
  key: number | string | undefined;
  address: string;
  context: InstanceContext;
  /** Set when the instances are not known before apply (this stands for all of them). */
  unreadable?: string;
}

interface Expansion {
  expanded: boolean;
  instances: Instance[];
}

/** `["key"]` / `[0]` as Terraform writes instance keys. */
function keyText(key: number | string): string {
  return `[${JSON.stringify(key)}]`;
}

/** Expands `count` / `for_each` into instances (addresses under `base`). */
function expand(body: RawObject, base: string, evalRaw: (raw: Raw) => Value, what: string): Expansion {
  if (Object.hasOwn(body, 'count')) {
    const raw = evalRaw(body.count);
    const count = typeof raw === 'string' && /^[0-9]+$/.test(raw) ? Number(raw) : raw;
    if (typeof count === 'number' && Number.isInteger(count) && count >= 0 && count <= 100_000)
      return {
        expanded: true,
        instances: Array.from({ length: count }, (_, index) => ({ key: index, address: `${base}${keyText(index)}`, context: { countIndex: index } })),
      };
    return {
      expanded: true,
      instances: [
        {
          key: undefined,
          address: base,
          context: { countIndex: unresolved() },
          unreadable:
            typeof count === 'number' && count > 100_000
              ? `the count of ${what} (${count}) is too large to expand`
              : `the count of ${what} is not known before apply`,
        },
      ],
    };
  }
  if (Object.hasOwn(body, 'for_each')) {
    const collection = evalRaw(body.for_each);
    const entries = entriesOf(collection);
    const usable =
      entries !== undefined &&
      !isUnresolved(collection) &&
      (Array.isArray(collection) ? collection.every((entry) => typeof entry === 'string') : true) &&
      entries.length <= 100_000;
    if (usable) {
      const seen = new Set<string>();
      const instances: Instance[] = [];
      for (const [key, value] of entries) {
        const name = Array.isArray(collection) ? (value as string) : (key as string);
        if (seen.has(name)) continue;
        seen.add(name);
        instances.push({ key: name, address: `${base}${keyText(name)}`, context: { each: { key: name, value: Array.isArray(collection) ? name : value } } });
      }
      return { expanded: true, instances };
    }
    return {
      expanded: true,
      instances: [
        {
          key: undefined,
          address: base,
          context: { each: { key: unresolved(), value: unresolved() } },
          unreadable: `the for_each of ${what} is not known before apply`,
        },
      ],
    };
  }
  return { expanded: false, instances: [{ key: undefined, address: base, context: {} }] };
}

/** Converts a variable's value to its declared primitive type, as Terraform does (`"true"` → true for `bool`). */
function convert(value: Value, type: Raw): Value {
  if (typeof type !== 'string' || isUnresolved(value) || value === null) return value;
  const name = type.replace(/^\$\{(.*)\}$/, '$1').trim();
  if (name === 'bool' && typeof value === 'string') return value === 'true' ? true : value === 'false' ? false : unresolved();
  if (name === 'number' && typeof value === 'string') return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : unresolved();
  if (name === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  return value;
}

/** A JSON value taken literally (variable defaults and `.tfvars.json` in Terraform's JSON syntax are not templates). */
function literal(raw: Raw): Value {
  if (raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map(literal);
  if (isObject(raw)) return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, literal(value)]));
  return unresolved();
}

interface Run {
  options: IacDirectoryReadOptions;
  modules: Map<string, ParsedModule>;
  skipped: Array<{ file: string; reason: string }>;
  /** Remote module sources already reported, by file and module name. */
  reportedRemote: Set<string>;
  /** Resource instances expanded so far (bounded: a count of a million is input to refuse, not to expand). */
  instances: number;
}

/** Resource instances one run expands at most (far above the AI resources one run reports on). */
const maxInstances = 200_000;

/** One instance of a module (the root module, or a call's instance) with its variable values. */
class ModuleInstance {
  readonly localValues = new Map<string, Value>();
  readonly evaluating = new Set<string>();
  readonly expansions = new Map<string, Expansion>();
  readonly attributes = new Map<string, Value>();
  readonly calls = new Map<string, Array<{ key: number | string | undefined; child: ModuleInstance | undefined }> & { expanded?: boolean }>();
  readonly outputValues = new Map<string, Value>();
  readonly run: Run;
  readonly module: ParsedModule;
  /** `module.a["k"].module.b`, '' for the root. */
  readonly address: string;
  readonly variables: Map<string, Value>;
  readonly depth: number;
  /** Why every resource of this instance is unreadable (its module's count/for_each is unknown). */
  readonly unreadable: string | undefined;
  readonly rootName: string;
  /** The modules from the root module down to this one. */
  readonly chain: readonly ParsedModule[];

  constructor(
    run: Run,
    module: ParsedModule,
    address: string,
    variables: Map<string, Value>,
    depth: number,
    unreadable: string | undefined,
    rootName: string,
    chain: readonly ParsedModule[] = [],
  ) {
    this.chain = [...chain, module];
    this.run = run;
    this.module = module;
    this.address = address;
    this.variables = variables;
    this.depth = depth;
    this.unreadable = unreadable;
    this.rootName = rootName;
  }

  prefix(): string {
    return this.address ? `${this.address}.` : '';
  }

  resolver(context: InstanceContext): Resolver {
    return { traverse: (root, steps) => this.traverse(root, steps, context) };
  }

  evalRaw(raw: Raw, context: InstanceContext, locals: ReadonlyMap<string, Value> = new Map()): Value {
    if (typeof raw === 'string') return evaluate(templateOf(raw), environment(this.resolver(context), locals));
    if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return raw;
    if (Array.isArray(raw)) return raw.map((entry) => this.evalRaw(entry, context, locals));
    if (isObject(raw)) return this.evalBody(raw, context, locals, false);
    return unresolved();
  }

  /** A block body or object: attributes and nested blocks evaluated, `dynamic` blocks expanded, meta-arguments left out at the top. */
  evalBody(body: RawObject, context: InstanceContext, locals: ReadonlyMap<string, Value>, top: boolean): ValueObject {
    const result: ValueObject = {};
    for (const [key, raw] of Object.entries(body)) {
      if (key === 'dynamic' && isObject(raw)) continue;
      if (top && resourceMeta.has(key)) continue;
      const name = key.includes('${') ? evaluate(templateOf(key), environment(this.resolver(context), locals)) : key;
      // A key computed from something unknown: which entries the object has is unknown.
      if (typeof name !== 'string') return { '(unknown key)': unresolved() };
      result[name] = this.evalRaw(raw, context, locals);
    }
    if (isObject(body.dynamic)) {
      for (const [label, specs] of Object.entries(body.dynamic)) {
        const generated: Value[] = Array.isArray(result[label]) ? [...(result[label] as Value[])] : [];
        let known = true;
        for (const spec of asList(specs)) {
          if (!isObject(spec)) continue;
          const collection = this.evalRaw(spec.for_each, context, locals);
          const entries = entriesOf(collection);
          if (entries === undefined || hasUnknown(collection)) {
            known = false;
            break;
          }
          const iteratorName = typeof spec.iterator === 'string' ? spec.iterator.replace(/^\$\{(.*)\}$/, '$1').trim() : label;
          const content = asList(spec.content)[0];
          for (const [key, value] of entries) {
            const inner = new Map(locals);
            // A list's key is its index (a set's would be the value: hcl2json's JSON cannot tell them apart).
            inner.set(iteratorName, { key, value });
            generated.push(isObject(content) ? this.evalBody(content, context, inner, false) : {});
          }
        }
        result[label] = known ? generated : unresolved();
      }
    }
    return result;
  }

  variable(name: string): Value {
    return this.variables.has(name) ? (this.variables.get(name) as Value) : unresolved();
  }

  local(name: string): Value {
    const cached = this.localValues.get(name);
    if (cached !== undefined) return cached;
    if (!this.module.locals.has(name) || this.evaluating.has(`local.${name}`)) return unresolved();
    this.evaluating.add(`local.${name}`);
    const value = this.evalRaw(this.module.locals.get(name), {});
    this.evaluating.delete(`local.${name}`);
    this.localValues.set(name, value);
    return value;
  }

  expansion(block: Block): Expansion {
    const key = `${block.kind}.${block.type}.${block.name}`;
    let expansion = this.expansions.get(key);
    if (expansion === undefined) {
      const base = `${this.prefix()}${block.kind === 'data' ? 'data.' : ''}${block.type}.${block.name}`;
      if (this.evaluating.has(`expand.${key}`)) return { expanded: true, instances: [] };
      this.evaluating.add(`expand.${key}`);
      expansion = expand(block.body, base, (raw) => this.evalRaw(raw, {}), base);
      this.evaluating.delete(`expand.${key}`);
      this.expansions.set(key, expansion);
    }
    return expansion;
  }

  /** The value of a resource attribute the files set, evaluated in that instance; undefined when not set. */
  attribute(block: Block, instance: Instance, name: string): Value | undefined {
    if (resourceMeta.has(name) || !Object.hasOwn(block.body, name)) return undefined;
    const key = `${instance.address}\u0000${name}`;
    const cached = this.attributes.get(key);
    if (cached !== undefined) return cached;
    if (this.evaluating.has(key)) return unresolved();
    this.evaluating.add(key);
    const value = this.evalRaw(block.body[name], instance.context);
    this.evaluating.delete(key);
    this.attributes.set(key, value);
    return value;
  }

  traverse(root: string, steps: ReadonlyArray<{ attr: string } | { index: Value }>, context: InstanceContext): { value: Value; used: number } {
    const attr = (index: number) => {
      const step = steps[index];
      return step && 'attr' in step ? step.attr : undefined;
    };
    const all = { value: unresolved(), used: steps.length };
    switch (root) {
      case 'var': {
        const name = attr(0);
        return name === undefined ? all : { value: this.variable(name), used: 1 };
      }
      case 'local': {
        const name = attr(0);
        return name === undefined ? all : { value: this.local(name), used: 1 };
      }
      case 'each': {
        const name = attr(0);
        if (!context.each || (name !== 'key' && name !== 'value')) return all;
        return { value: context.each[name], used: 1 };
      }
      case 'count':
        return attr(0) === 'index' && context.countIndex !== undefined ? { value: context.countIndex, used: 1 } : all;
      case 'path': {
        const name = attr(0);
        const value = name === 'module' ? this.module.name : name === 'root' ? this.rootName : name === 'cwd' ? '.' : undefined;
        return value === undefined ? all : { value, used: 1 };
      }
      case 'terraform':
      case 'self':
        return all;
      case 'module': {
        const name = attr(0);
        if (name === undefined) return all;
        const result = this.moduleOutput(name, steps.slice(1));
        return { value: result.value, used: 1 + result.used };
      }
      case 'data': {
        const type = attr(0);
        const name = attr(1);
        if (type === undefined || name === undefined) return all;
        const result = this.resourceReference('data', type, name, steps.slice(2));
        return { value: result.value, used: 2 + result.used };
      }
      default: {
        const name = attr(0);
        if (name === undefined) return all;
        const result = this.resourceReference('resource', root, name, steps.slice(1));
        return { value: result.value, used: 1 + result.used };
      }
    }
  }

  /** `T.N[key].attr`: the attribute the files set, else a link to it (written from the root module). */
  resourceReference(
    kind: 'resource' | 'data',
    type: string,
    name: string,
    rest: ReadonlyArray<{ attr: string } | { index: Value }>,
  ): { value: Value; used: number } {
    const block = this.module.blocks.get(`${kind}.${type}.${name}`);
    if (!block) return { value: unresolved(), used: rest.length };
    const reference = `${this.prefix()}${kind === 'data' ? 'data.' : ''}${type}.${name}`;
    const expansion = this.expansion(block);
    let used = 0;
    let instance: Instance | undefined;
    let indexText = '';
    if (expansion.expanded) {
      const step = rest[0];
      if (!step || !('index' in step)) return { value: unresolved([reference]), used: 0 };
      used = 1;
      const key = step.index;
      if (typeof key !== 'number' && typeof key !== 'string') return { value: unresolved(), used: 1 };
      instance = expansion.instances.find((entry) => entry.key !== undefined && String(entry.key) === String(key));
      if (!instance) return { value: unresolved(), used: 1 };
      indexText = keyText(instance.key as number | string);
    } else instance = expansion.instances[0];
    const next = rest[used];
    if (!instance || !next || !('attr' in next)) return { value: unresolved([`${reference}${indexText}`]), used };
    const value = this.attribute(block, instance, next.attr);
    return { value: value ?? unresolved([`${reference}${indexText}.${next.attr}`]), used: used + 1 };
  }

  /** The instances of a module call (read once per instance). */
  callInstances(name: string): (Array<{ key: number | string | undefined; child: ModuleInstance | undefined }> & { expanded?: boolean }) | undefined {
    const cached = this.calls.get(name);
    if (cached !== undefined) return cached;
    const block = this.module.calls.get(name);
    if (!block) return undefined;
    const key = `call.${name}`;
    if (this.evaluating.has(key)) return undefined;
    this.evaluating.add(key);
    const base = `${this.prefix()}module.${name}`;
    const expansion = expand(block.body, base, (raw) => this.evalRaw(raw, {}), base);
    const source = block.body.source;
    const local = typeof source === 'string' && (source.startsWith('./') || source.startsWith('../'));
    const dir = local ? join(this.module.dir, source) : undefined;
    let parsed = dir !== undefined ? this.run.modules.get(resolve(dir)) : undefined;
    if (!parsed) this.reportUnread(block, typeof source === 'string' ? source : '(no source)', local);
    else if (this.chain.includes(parsed) || this.depth + 1 > maxModuleDepth) {
      this.reportUnread(
        block,
        source as string,
        true,
        this.chain.includes(parsed) ? 'calls a module that calls it (a cycle)' : `nests modules deeper than ${maxModuleDepth} levels`,
      );
      parsed = undefined;
    }
    const list = expansion.instances.map((instance) => {
      if (!parsed) return { key: instance.key, child: undefined };
      const inputs = new Map<string, Value>();
      for (const [input, raw] of Object.entries(block.body)) if (!moduleMeta.has(input)) inputs.set(input, this.evalRaw(raw, instance.context));
      const variables = variableValues(parsed, inputs, []);
      const unreadable = [this.unreadable, instance.unreadable].filter((entry) => entry !== undefined).join('; ') || undefined;
      return {
        key: instance.key,
        child: new ModuleInstance(this.run, parsed as ParsedModule, instance.address, variables, this.depth + 1, unreadable, this.rootName, this.chain),
      };
    }) as Array<{ key: number | string | undefined; child: ModuleInstance | undefined }> & { expanded?: boolean };
    list.expanded = expansion.expanded;
    this.evaluating.delete(key);
    this.calls.set(name, list);
    return list;
  }

  reportUnread(block: Block, source: string, local: boolean, problem?: string): void {
    const id = `${block.file.name}\u0000${block.name}`;
    if (this.run.reportedRemote.has(id)) return;
    this.run.reportedRemote.add(id);
    const at = block.line !== undefined ? ` (line ${block.line})` : '';
    this.run.skipped.push({
      file: block.file.name,
      reason: problem
        ? `module "${block.name}"${at}: ${problem}; not read`
        : local
          ? `module "${block.name}"${at}: local source ${source} has no .tf files to read`
          : `module "${block.name}"${at}: source ${source} is not local and is not fetched, so its resources are not checked (use a plan to check them)`,
    });
  }

  moduleOutput(name: string, rest: ReadonlyArray<{ attr: string } | { index: Value }>): { value: Value; used: number } {
    const instances = this.callInstances(name);
    if (!instances) return { value: unresolved(), used: rest.length };
    let used = 0;
    let instance = instances[0];
    if (instances.expanded) {
      const step = rest[0];
      if (!step || !('index' in step)) return { value: unresolved(), used: 0 };
      used = 1;
      instance = instances.find((entry) => entry.key !== undefined && String(entry.key) === String(step.index));
    }
    const next = rest[used];
    if (!instance?.child || !next || !('attr' in next)) return { value: unresolved(), used: rest.length };
    return { value: instance.child.output(next.attr), used: used + 1 };
  }

  output(name: string): Value {
    const cached = this.outputValues.get(name);
    if (cached !== undefined) return cached;
    const body = this.module.outputs.get(name);
    if (!body || this.evaluating.has(`output.${name}`)) return unresolved();
    this.evaluating.add(`output.${name}`);
    const value = this.evalRaw(body.value, {});
    this.evaluating.delete(`output.${name}`);
    this.outputValues.set(name, value);
    return value;
  }

  /** Every resource instance of this module instance and the ones it calls, with the blocks they come from. */
  collect(into: Array<{ resource: TerraformResource; block: Block; rootBlock: Block }>, rootBlock?: Block): void {
    for (const block of this.module.resources) {
      const mapped = isMappedType(block.type) || block.type === 'azurerm_cognitive_account_customer_managed_key';
      const { instances } = this.expansion(block);
      this.run.instances += instances.length;
      if (this.run.instances > maxInstances)
        throw new IacInputError(block.file.name, `more than ${maxInstances} resource instances (count / for_each): too many to read`, block.line);
      for (const instance of instances) {
        const unreadable = [this.unreadable, instance.unreadable].filter((entry) => entry !== undefined).join('; ') || undefined;
        into.push({
          block,
          rootBlock: rootBlock ?? block,
          resource: {
            address: instance.address,
            type: block.type,
            name: block.name,
            moduleAddress: this.address,
            mode: block.kind === 'data' ? 'data' : 'managed',
            values: mapped ? this.evalBody(block.body, instance.context, new Map(), true) : {},
            file: block.file.name,
            ...(block.line !== undefined ? { line: block.line } : {}),
            ...(unreadable !== undefined ? { unreadable } : {}),
          },
        });
      }
    }
    for (const [name, block] of this.module.calls) {
      for (const entry of this.callInstances(name) ?? []) entry.child?.collect(into, rootBlock ?? block);
    }
  }
}

/** A module's variable values: defaults, then each source of values in order (later wins). */
function variableValues(module: ParsedModule, inputs: ReadonlyMap<string, Value>, files: ReadonlyArray<Map<string, Value>>): Map<string, Value> {
  const values = new Map<string, Value>();
  for (const [name, { body, json }] of module.variables) {
    let value: Value | undefined;
    if (Object.hasOwn(body, 'default')) value = json ? literal(body.default) : constant(body.default);
    for (const file of files) if (file.has(name)) value = file.get(name);
    if (inputs.has(name)) value = inputs.get(name);
    if (value !== undefined) values.set(name, convert(value, body.type));
  }
  return values;
}

/** A value that may not refer to anything (a variable default, a `.tfvars` value): references are unknown. */
function constant(raw: Raw): Value {
  const resolver: Resolver = { traverse: (_root, steps) => ({ value: unresolved(), used: steps.length }) };
  const walk = (value: Raw): Value => {
    if (typeof value === 'string') return evaluate(templateOf(value), environment(resolver));
    if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
    if (Array.isArray(value)) return value.map(walk);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    return unresolved();
  };
  return walk(raw);
}

// ---------------------------------------------------------------------------------------------
// Reading

interface Failure {
  file: string;
  line?: number;
  problem: string;
  explicit: boolean;
}

/** Parses a `.tf`/`.tf.json`/`.tfvars`/`.tfvars.json` text into JSON (hcl2json for HCL). */
async function parseText(file: SourceFile): Promise<{ parsed: RawObject } | { problem: string; line?: number }> {
  if (file.json) {
    try {
      const parsed: unknown = JSON.parse(file.text);
      return isObject(parsed) ? { parsed } : { problem: 'not a JSON object' };
    } catch (error) {
      return { problem: `malformed JSON: ${String((error as Error).message).split('\n')[0]}` };
    }
  }
  try {
    const parsed = await parseHcl(basename(file.path), file.text);
    return { parsed: isObject(parsed) ? parsed : {} };
  } catch (error) {
    return parseProblem(String((error as Error).message));
  }
}

/** Reads the module in `dir` (every `.tf` / `.tf.json` file in it); failures of single files are collected. */
async function loadModule(dir: string, run: Run, failures: Failure[], explicitFiles: ReadonlySet<string>): Promise<ParsedModule | undefined> {
  const key = resolve(dir);
  const cached = run.modules.get(key);
  if (cached) return cached;
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => entry.name);
  } catch {
    return undefined;
  }
  const tfNames = names.filter(isTfFile).sort();
  if (tfNames.length === 0) return undefined;
  const module: ParsedModule = {
    dir,
    name: run.options.display(dir) || '.',
    files: [],
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    resources: [],
    blocks: new Map(),
    calls: new Map(),
    failed: false,
    entries: names,
  };
  run.modules.set(key, module);
  for (const name of tfNames) {
    const path = join(dir, name);
    const display = run.options.display(path);
    const read = await readTextFile(path, sizeLimit);
    if ('problem' in read) {
      failures.push({ file: display, problem: read.problem, explicit: explicitFiles.has(resolve(path)) });
      module.failed = true;
      continue;
    }
    const file: SourceFile = { path, name: display, text: read.text, json: /\.json$/i.test(name) };
    const parsed = await parseText(file);
    if ('problem' in parsed) {
      failures.push({
        file: display,
        ...(parsed.line !== undefined ? { line: parsed.line } : {}),
        problem: parsed.problem,
        explicit: explicitFiles.has(resolve(path)),
      });
      module.failed = true;
      continue;
    }
    module.files.push(file);
    addFile(module, file, parsed.parsed);
  }
  return module;
}

/** Loads every local module a module calls, recursively (each directory once). */
async function loadCalled(module: ParsedModule, run: Run, failures: Failure[], explicitFiles: ReadonlySet<string>, depth: number): Promise<void> {
  if (depth > maxModuleDepth) return;
  for (const block of module.calls.values()) {
    const source = block.body.source;
    if (typeof source !== 'string' || !(source.startsWith('./') || source.startsWith('../'))) continue;
    const dir = join(module.dir, source);
    if (run.modules.has(resolve(dir))) continue;
    const child = await loadModule(dir, run, failures, explicitFiles);
    if (child) await loadCalled(child, run, failures, explicitFiles, depth + 1);
  }
}

/** Whether `other` is `module` or a module it calls, directly or not. */
function isCalledFrom(module: ParsedModule, other: ParsedModule, run: Run, seen = new Set<ParsedModule>()): boolean {
  if (module === other) return true;
  if (seen.has(module)) return false;
  seen.add(module);
  for (const block of module.calls.values()) {
    const source = block.body.source;
    if (typeof source !== 'string' || !(source.startsWith('./') || source.startsWith('../'))) continue;
    const child = run.modules.get(resolve(join(module.dir, source)));
    if (child && isCalledFrom(child, other, run, seen)) return true;
  }
  return false;
}

/** Variable values of a variable file, for the variables a root module declares. */
async function readVarFile(path: string, run: Run, failures: Failure[], explicit: boolean): Promise<Map<string, Value> | undefined> {
  const display = run.options.display(path);
  const read = await readTextFile(path, sizeLimit);
  if ('problem' in read) {
    failures.push({ file: display, problem: read.problem, explicit });
    return undefined;
  }
  const file: SourceFile = { path, name: display, text: read.text, json: /\.json$/i.test(path) };
  const parsed = await parseText(file);
  if ('problem' in parsed) {
    failures.push({ file: display, ...(parsed.line !== undefined ? { line: parsed.line } : {}), problem: parsed.problem, explicit });
    return undefined;
  }
  const values = new Map<string, Value>();
  for (const [name, raw] of Object.entries(parsed.parsed)) values.set(name, file.json ? literal(raw) : constant(raw));
  return values;
}

export const terraformHclReader: IacDirectoryReader = {
  format: 'terraform-hcl',
  claims(path) {
    const name = basename(path);
    return isTfFile(name) || isVarFile(name);
  },
  async read(claimed: readonly ClaimedFile[], options: IacDirectoryReadOptions): Promise<IacDirectoryReadResult> {
    const run: Run = { options, modules: new Map(), skipped: [], reportedRemote: new Set(), instances: 0 };
    const failures: Failure[] = [];
    const explicitFiles = new Set(claimed.filter((entry) => entry.explicit).map((entry) => resolve(entry.path)));
    const varFilePaths = new Set((options.varFiles ?? []).map((path) => resolve(path)));
    // Directories in input order; a directory is walked (all its files count) when any file of it was found by the walk.
    const directories = new Map<string, { dir: string; walked: boolean; named: Set<string> }>();
    for (const entry of claimed) {
      const name = basename(entry.path);
      if (isVarFile(name)) {
        if (entry.explicit)
          throw new IacInputError(
            options.display(entry.path),
            'a Terraform variable file: pass it with --var-file, and name the module directory (or its .tf files)',
          );
        if (!/^terraform\.tfvars(\.json)?$|\.auto\.tfvars(\.json)?$/.test(name) && !varFilePaths.has(resolve(entry.path)))
          run.skipped.push({ file: options.display(entry.path), reason: 'Terraform variable file applied only when named with --var-file' });
        continue;
      }
      const dir = dirname(entry.path);
      const key = resolve(dir);
      let group = directories.get(key);
      if (!group) {
        group = { dir, walked: false, named: new Set() };
        directories.set(key, group);
      }
      if (entry.explicit) group.named.add(resolve(entry.path));
      else group.walked = true;
    }
    // A few directories at a time: file reads and the parser's callbacks wait on the event loop, and overlap.
    const queue = [...directories.values()];
    await Promise.all(
      Array.from({ length: Math.min(loadConcurrency, queue.length) }, async () => {
        for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
          const module = await loadModule(group.dir, run, failures, explicitFiles);
          if (module) await loadCalled(module, run, failures, explicitFiles, 0);
        }
      }),
    );
    failures.sort((a, b) => a.file.localeCompare(b.file));
    // Root modules: the directories of the input that no other module of the input calls.
    const called = new Set<string>();
    for (const module of run.modules.values()) {
      for (const block of module.calls.values()) {
        const source = block.body.source;
        if (typeof source === 'string' && (source.startsWith('./') || source.startsWith('../'))) {
          const target = resolve(join(module.dir, source));
          if (target !== resolve(module.dir)) called.add(target);
        }
      }
    }
    const files: IacDirectoryReadResult['files'] = [];
    const varFiles: Array<Map<string, Value>> = [];
    for (const path of options.varFiles ?? []) {
      const values = await readVarFile(path, run, failures, true);
      if (values) varFiles.push(values);
      if (values) files.push({ file: options.display(path), format: 'terraform-hcl' });
    }
    const resources: Resource[] = [];
    const suppressions: Suppression[] = [];
    const errors: IacDirectoryReadResult['errors'] = [];
    for (const [key, group] of directories) {
      const module = run.modules.get(key);
      if (!module || (called.has(key) && group.named.size === 0)) continue;
      // A module with a file that could not be read is not judged: what is missing could change every value.
      const broken = module.failed
        ? module
        : module.calls.size > 0
          ? [...run.modules.values()].find((other) => other.failed && isCalledFrom(module, other, run))
          : undefined;
      const notJudged = (why: string) => run.skipped.push({ file: module.name, reason: `Terraform module not judged: ${why} (listed in errors)` });
      if (broken) {
        notJudged(broken === module ? 'one of its files could not be read' : `the module it calls in ${broken.name} has a file that could not be read`);
        continue;
      }
      const automatic: Array<Map<string, Value>> = [];
      let unreadableVarFile = false;
      for (const name of automaticVarFiles(module.entries)) {
        const values = await readVarFile(join(group.dir, name), run, failures, false);
        if (values) {
          automatic.push(values);
          files.push({ file: options.display(join(group.dir, name)), format: 'terraform-hcl' });
        } else unreadableVarFile = true;
      }
      if (unreadableVarFile) {
        notJudged('one of its variable files could not be read');
        continue;
      }
      const root = new ModuleInstance(run, module, '', variableValues(module, new Map(), [...automatic, ...varFiles]), 0, undefined, module.name);
      const collected: Array<{ resource: TerraformResource; block: Block; rootBlock: Block }> = [];
      try {
        root.collect(collected);
      } catch (error) {
        if (error instanceof IacInputError) throw error;
        // Whatever evaluation trips over in hostile content (a stack overflow on deep nesting) names the module.
        const message = String((error as Error).message).split('\n')[0];
        throw new IacInputError(module.name, error instanceof RangeError ? `too large or too deeply nested to read (${message})` : `cannot read: ${message}`);
      }
      // Files named on the command line (and not their whole directory): only what their blocks declare is reported.
      const report = group.walked
        ? collected
        : collected.filter((entry) => group.named.has(resolve(entry.rootBlock.file.path)) || group.named.has(resolve(entry.block.file.path)));
      const mapped = mapTerraformResources({
        scopeId: module.name,
        file: module.files[0]?.name ?? module.name,
        resources: report.map((entry) => entry.resource),
        origin: 'hcl',
      });
      for (const resource of mapped) resources.push(resource);
      const reported = new Set(mapped.map((resource) => resource.id));
      for (const { resource, block, rootBlock } of report) {
        if (!reported.has(resource.address)) continue;
        for (const owner of new Set([block, rootBlock])) {
          for (const entry of owner.suppressions)
            suppressions.push({
              ruleId: entry.ruleId,
              reason: entry.reason,
              ...(entry.until !== undefined ? { until: entry.until } : {}),
              file: owner.file.name,
              line: entry.line,
              address: resource.address,
            });
        }
      }
      for (const file of module.files) if (group.walked || group.named.has(resolve(file.path))) files.push({ file: file.name, format: 'terraform-hcl' });
    }
    for (const failure of failures) {
      if (failure.explicit) throw new IacInputError(failure.file, failure.problem, failure.line);
      errors.push({ file: failure.file, ...(failure.line !== undefined ? { line: failure.line } : {}), problem: failure.problem });
    }
    // Modules read only as called modules (their directory was not a root, or not in the input).
    const listed = new Set(files.map((entry) => entry.file));
    for (const module of run.modules.values()) {
      for (const file of module.files) {
        if (listed.has(file.name)) continue;
        const group = directories.get(resolve(module.dir));
        if (group && !group.walked && !group.named.has(resolve(file.path)) && !called.has(resolve(module.dir))) continue;
        listed.add(file.name);
        files.push({ file: file.name, format: 'terraform-hcl' });
      }
    }
    return { resources, suppressions, files, skipped: run.skipped, errors };
  },
};
