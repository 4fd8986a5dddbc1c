/**
 * Walks an ARM template (and every nested deployment with an inline template in it) into a flat
 * list of resource declarations, each with the context its expressions are evaluated in.
 *
 * - Resources: the classic `resources` array and the languageVersion 2.0 object keyed by symbolic
 *   name; children nested in a parent's `resources` (short type and name), flat with a full
 *   `acct/child` name, or (2.0) with `parent: '<symbolic name>'`.
 * - `copy` loops: a count that evaluates to a number (a literal, `length(parameters('x'))` of a
 *   known default, …) gives one declaration per instance with `copyIndex()` set; an unknown count
 *   gives one declaration standing for every instance, with `copyIndex()` unknown (never none).
 * - `condition`: a condition that evaluates to false drops the resource; an unknown one keeps it,
 *   marked conditional.
 * - `Microsoft.Resources/deployments` with an inline `properties.template` (what `bicep build`
 *   emits for every module): read recursively. With `expressionEvaluationOptions.scope: inner`
 *   (Bicep's choice) the nested template has its own parameters, given by the deployment's
 *   `parameters` evaluated in the outer template (with the deployment's own `copyIndex()`);
 *   otherwise (`outer`, the ARM default) its expressions use the outer template's parameters and
 *   variables. `resourceGroup` / `subscriptionId` on the deployment move its resources to another
 *   target. A linked template (`templateLink`) is not in the file and is not read.
 * - `reference()` of a nested deployment (`reference('mod')` in 2.0,
 *   `reference(resourceId('Microsoft.Resources/deployments', 'mod'))` classic) gives its outputs,
 *   so a module's `outputs.name.value` passed to another module resolves.
 * - `existing: true` (2.0): the template references the resource but does not create it.
 *
 * Addresses: the symbolic name (2.0) or the name as written (classic); `[i]` for the instance of a
 * copy loop (`[*]` when the count is unknown); ` > ` for each level of nesting
 * (`openai[0] > account`).
 */
import {
  Unresolved,
  isPlainObject,
  maxCopyCount,
  nameSegments,
  nameText,
  noLoops,
  render,
  resolveValue,
  templateScope,
  type EvalContext,
  type TemplateScope,
} from './arm-expressions.ts';
import type { JsonLines } from './arm-json.ts';
import { IacInputError } from './reader.ts';

export interface ArmDeclaration {
  /** Full type as written (`Microsoft.CognitiveServices/accounts/deployments`). */
  type: string;
  /** Lower-case full type. */
  typeKey: string;
  /** The resolved name, segment by segment (an unknown piece stays in its segment). */
  segments: string[];
  address: string;
  line: number | undefined;
  raw: Record<string, unknown>;
  context: EvalContext;
  /** `existing: true`: referenced, not created by this template. */
  existing: boolean;
  /** The condition when it could not be evaluated (the resource may or may not be deployed). */
  condition: Unresolved | undefined;
  /** Where the resource is deployed relative to the file's own target: '' or `resourceGroups/<rg>` (with `subscriptions/<id>/` first when given). */
  target: string;
  /** Nesting depth (0: the file's template) and document order, for the order declarations take effect. */
  depth: number;
  order: number;
  /** The parent declaration: nested in its `resources`, or named by `parent` (2.0). */
  parent: ArmDeclaration | undefined;
  /** Set when the name depends on a copy loop whose count is unknown. */
  unknownCopy: string | undefined;
}

interface Frame {
  template: Record<string, unknown>;
  scope: TemplateScope;
  /** Copy-loop indexes visible to the template's expressions (outer-scope nested templates see their deployment's). */
  loops: EvalContext['loops'];
  target: string;
  addressPrefix: string;
  depth: number;
  /** Symbolic name → its declarations (one per copy instance), for `parent:` links. */
  symbols: Map<string, ArmDeclaration[]>;
  pendingParents: Array<{ declaration: ArmDeclaration; symbol: string }>;
}

interface Walk {
  file: string;
  lines: JsonLines;
  declarations: ArmDeclaration[];
  order: number;
  /** Resource instances walked (copy loops of modules multiply): bounded, so a template cannot expand without limit. */
  instances: number;
}

/** Far beyond any real template (ARM itself allows 800 resources per template and 800 per copy loop). */
export const maxArmInstances = 100_000;

const deploymentsType = 'microsoft.resources/deployments';
/** Nested deployments deeper than this are not followed (real Bicep module trees are a few levels deep). */
const maxDeploymentDepth = 32;

function lower(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : '';
}

function resourceEntries(template: Record<string, unknown>): Array<{ symbolic: string | undefined; raw: unknown }> {
  const resources = template.resources;
  if (Array.isArray(resources)) return resources.map((raw) => ({ symbolic: undefined, raw }));
  if (isPlainObject(resources)) return Object.entries(resources).map(([symbolic, raw]) => ({ symbolic, raw }));
  return [];
}

/** Where a deployment (or a 2.0 resource with a scope) puts its resources. */
function targetOf(raw: Record<string, unknown>, context: EvalContext, inherited: string): string {
  if (raw.resourceGroup === undefined && raw.subscriptionId === undefined) return inherited;
  const text = (value: unknown) => nameText(resolveValue(value, context));
  const group = raw.resourceGroup === undefined ? undefined : text(raw.resourceGroup);
  const subscription = raw.subscriptionId === undefined ? undefined : text(raw.subscriptionId);
  const parts: string[] = [];
  if (subscription !== undefined) parts.push(`subscriptions/${subscription}`);
  if (group !== undefined) parts.push(`resourceGroups/${group}`);
  return parts.join('/');
}

function truthy(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

/**
 * The scope of a template whose `reference()` follows its own nested deployments: their outputs,
 * computed on demand (a module declared after the one that uses its outputs still resolves).
 */
function scopeWithReferences(template: Record<string, unknown>, supplied: ReadonlyMap<string, unknown>, depth: number): TemplateScope {
  const outputs = new Map<Record<string, unknown>, unknown>();
  const computing = new Set<Record<string, unknown>>();
  const scope: TemplateScope = templateScope(template, supplied, (target, symbolic) => {
    if (depth >= maxDeploymentDepth) return undefined;
    const wanted = target.toLowerCase();
    for (const { symbolic: symbol, raw } of resourceEntries(template)) {
      if (!isPlainObject(raw) || lower(raw.type) !== deploymentsType || raw.copy !== undefined) continue;
      const matches =
        (symbolic && symbol !== undefined && symbol.toLowerCase() === wanted) || lower(nameText(resolveValue(raw.name, { scope, loops: noLoops }))) === wanted;
      if (!matches) continue;
      if (outputs.has(raw)) return outputs.get(raw);
      if (computing.has(raw)) return undefined;
      computing.add(raw);
      const nested = nestedScope(raw, { scope, loops: noLoops }, depth + 1);
      let result: unknown;
      if (nested) {
        const values: Record<string, unknown> = {};
        const declared = isPlainObject(nested.template.outputs) ? nested.template.outputs : {};
        for (const [name, output] of Object.entries(declared)) {
          if (!isPlainObject(output)) continue;
          values[name] = { type: output.type, value: resolveValue(output.value, { scope: nested.scope, loops: nested.loops }) };
        }
        result = { outputs: values };
      }
      computing.delete(raw);
      outputs.set(raw, result);
      return result;
    }
    return undefined;
  });
  return scope;
}

/** The template and scope a nested deployment evaluates in, or undefined when it has no inline template. */
function nestedScope(
  raw: Record<string, unknown>,
  context: EvalContext,
  depth: number,
): { template: Record<string, unknown>; scope: TemplateScope; loops: EvalContext['loops'] } | undefined {
  const properties = isPlainObject(raw.properties) ? raw.properties : {};
  const template = properties.template;
  if (!isPlainObject(template)) return undefined;
  const options = isPlainObject(properties.expressionEvaluationOptions) ? properties.expressionEvaluationOptions : {};
  const inner = lower(resolveValue(options.scope, context)) === 'inner';
  if (!inner) return { template, scope: context.scope, loops: context.loops };
  const supplied = new Map<string, unknown>();
  const parameters = isPlainObject(properties.parameters) ? properties.parameters : {};
  for (const [name, entry] of Object.entries(parameters)) {
    if (isPlainObject(entry) && 'value' in entry) supplied.set(name, resolveValue(entry.value, context));
    else if (isPlainObject(entry) && 'reference' in entry) supplied.set(name, new Unresolved(`<Key Vault reference for parameter '${name}'>`));
  }
  return { template, scope: scopeWithReferences(template, supplied, depth), loops: noLoops };
}

function walkResource(
  walk: Walk,
  frame: Frame,
  raw: unknown,
  symbolic: string | undefined,
  parent: ArmDeclaration | undefined,
  loops: EvalContext['loops'],
): void {
  if (!isPlainObject(raw)) return;
  const shortType = typeof raw.type === 'string' ? raw.type : '';
  const type = parent && (!shortType.includes('/') || !shortType.startsWith('Microsoft.')) ? `${parent.type}/${shortType}` : shortType;
  const typeKey = type.toLowerCase();
  const copy = isPlainObject(raw.copy) ? raw.copy : undefined;
  const copyName = copy && typeof copy.name === 'string' ? copy.name.toLowerCase() : '';
  let instances: Array<number | Unresolved | undefined> = [undefined];
  let unknownCopy: string | undefined;
  if (copy) {
    const count = resolveValue(copy.count, { scope: frame.scope, loops });
    if (typeof count === 'number' && Number.isInteger(count) && count >= 0 && count <= maxCopyCount)
      instances = Array.from({ length: count }, (_, index) => index);
    else {
      unknownCopy = `copy loop '${copyName}' count ${render(count)}`;
      instances = [new Unresolved(`<copyIndex('${copyName}')>`)];
    }
  }
  const written = symbolic ?? (typeof raw.name === 'string' ? raw.name : undefined);
  for (const instance of instances) {
    walk.instances += 1;
    if (walk.instances > maxArmInstances) {
      throw new IacInputError(walk.file, `copy loops and nested deployments expand to more than ${maxArmInstances} resources; check the template in parts`);
    }
    const instanceLoops = instance === undefined ? loops : new Map(loops).set(copyName, instance).set('', instance);
    const context: EvalContext = { scope: frame.scope, loops: instanceLoops };
    const conditionValue = raw.condition === undefined ? true : resolveValue(raw.condition, context);
    const condition = truthy(conditionValue);
    if (condition === false) continue;
    const nameValue = resolveValue(raw.name, context);
    const own = nameSegments(nameValue);
    const typeDepth = type.split('/').length - 1;
    const segments = parent && own.length < typeDepth ? [...parent.segments, ...own] : own;
    const suffix = instance === undefined ? '' : typeof instance === 'number' ? `[${instance}]` : '[*]';
    if (typeKey === deploymentsType) {
      // A module is named by its symbolic name, else by its deployment name when known (one per loop instance).
      const known = typeof nameValue === 'string' ? nameValue : undefined;
      walkDeployment(
        walk,
        frame,
        raw,
        context,
        `${frame.addressPrefix}${symbolic !== undefined ? `${symbolic}${suffix}` : (known ?? `${written ?? segments.join('/')}${suffix}`)}`,
      );
      continue;
    }
    const address = `${frame.addressPrefix}${written ?? segments.join('/')}${suffix}`;
    const declaration: ArmDeclaration = {
      type,
      typeKey,
      segments,
      address,
      line: walk.lines.key.get(raw) ?? walk.lines.start.get(raw),
      raw,
      context,
      existing: raw.existing === true,
      condition: condition === undefined ? new Unresolved(`<condition ${render(conditionValue)}>`) : undefined,
      target: targetOf(raw, context, frame.target),
      depth: frame.depth,
      order: (walk.order += 1),
      parent,
      unknownCopy,
    };
    walk.declarations.push(declaration);
    if (symbolic !== undefined) {
      const list = frame.symbols.get(symbolic) ?? [];
      list.push(declaration);
      frame.symbols.set(symbolic, list);
    }
    if (typeof raw.parent === 'string' && !parent) frame.pendingParents.push({ declaration, symbol: raw.parent });
    const children = raw.resources;
    if (Array.isArray(children)) for (const entry of children) walkResource(walk, frame, entry, undefined, declaration, instanceLoops);
  }
}

function walkDeployment(walk: Walk, frame: Frame, raw: Record<string, unknown>, context: EvalContext, address: string): void {
  if (frame.depth + 1 > maxDeploymentDepth) return;
  const nested = nestedScope(raw, context, frame.depth + 1);
  if (!nested) return;
  walkTemplate(walk, {
    template: nested.template,
    scope: nested.scope,
    loops: nested.loops,
    target: targetOf(raw, context, frame.target),
    addressPrefix: `${address} > `,
    depth: frame.depth + 1,
    symbols: new Map(),
    pendingParents: [],
  });
}

function walkTemplate(walk: Walk, frame: Frame): void {
  for (const { symbolic, raw } of resourceEntries(frame.template)) walkResource(walk, frame, raw, symbolic, undefined, frame.loops);
  // `parent: '<symbol>'` (2.0): the parent's name prefixes the child's; a looped parent links by matching copy index.
  for (const { declaration, symbol } of frame.pendingParents) {
    const candidates = frame.symbols.get(symbol);
    if (!candidates || candidates.length === 0) continue;
    const index = declaration.context.loops.get('');
    const parent = (typeof index === 'number' && candidates.length > 1 ? candidates[index] : undefined) ?? candidates[0];
    if (!parent) continue;
    declaration.parent = parent;
    const typeDepth = declaration.type.split('/').length - 1;
    if (declaration.segments.length < typeDepth) declaration.segments = [...parent.segments, ...declaration.segments];
  }
}

/**
 * Every resource declaration in the template and its nested deployments. `supplied` are parameter
 * values given from outside (a parameters file), keyed by parameter name.
 */
export function armDeclarations(
  file: string,
  template: Record<string, unknown>,
  lines: JsonLines,
  supplied: ReadonlyMap<string, unknown> = new Map(),
): ArmDeclaration[] {
  const walk: Walk = { file, lines, declarations: [], order: 0, instances: 0 };
  walkTemplate(walk, {
    template,
    scope: scopeWithReferences(template, supplied, 0),
    loops: noLoops,
    target: '',
    addressPrefix: '',
    depth: 0,
    symbols: new Map(),
    pendingParents: [],
  });
  return walk.declarations;
}
