/**
 * Terraform plan JSON (`terraform show -json plan.out`) → the resource model.
 *
 * Values come from `planned_values` (root module and every child module). Values "known after
 * apply" (flagged in `resource_changes[].change.after_unknown`) are resolved from the plan's
 * `configuration` section: an attribute written as a reference to another resource
 * (`aws_kms_key.example.arn`, `azurerm_cognitive_account.main.id`) counts as set, and links
 * children to their parent account. References through `var.`/`local.` (like Checkov) and
 * computed values without any expression stay unresolved, and the rules then report `unknown`.
 * Plan JSON carries no line numbers, so findings point at the file and resource address.
 *
 * Every plan format 0.x and 1.x is read: the fields used here (`planned_values`,
 * `resource_changes[].change.after_unknown`, `configuration` expressions with `references`,
 * `prior_state`) are the same since format 0.1 (Terraform 0.12); later versions only added
 * fields (`errored`, `relevant_attributes`, `resource_drift`, `checks`, …).
 *
 * The resource-type → model mapping is the one Terraform vocabulary in `terraform-model.ts`,
 * shared with the HCL reader.
 */
import type { Resource } from '../model/inventory.ts';
import { IacInputError, type IacReadResult, type IacReader } from './reader.ts';
import { configAddress, isObject, mapTerraformResources, unresolved, type TerraformResource, type Value, type ValueObject } from './terraform-model.ts';

/** References that name a resource (or data source / module output) whose value exists after apply. */
function usableReferences(expression: unknown): string[] {
  if (!isObject(expression) || !Array.isArray(expression.references)) return [];
  return expression.references.filter((entry): entry is string => typeof entry === 'string' && !/^(var|local|each|count|path|terraform|self)\./.test(entry));
}

/** Converts a configuration expression (or nested block of expressions) into a value. */
function fromExpression(expression: unknown): Value {
  if (Array.isArray(expression)) return expression.map((entry) => fromExpression(entry));
  if (!isObject(expression)) return unresolved();
  if ('constant_value' in expression) return expression.constant_value as Value;
  if ('references' in expression) return unresolved(usableReferences(expression));
  const block: ValueObject = {};
  for (const [key, entry] of Object.entries(expression)) block[key] = fromExpression(entry);
  return block;
}

/** The configuration expression at the same place as a planned value (blocks are lists in both). */
function expressionChild(expression: unknown, key: string | number): unknown {
  if (expression === undefined) return undefined;
  if (typeof key === 'number') {
    if (Array.isArray(expression)) return expression[key] ?? (expression.length === 1 ? expression[0] : undefined);
    return isObject(expression) && !('references' in expression) && !('constant_value' in expression) ? expression : undefined;
  }
  if (Array.isArray(expression)) return expression.length === 1 ? expressionChild(expression[0], key) : undefined;
  return isObject(expression) ? expression[key] : undefined;
}

/**
 * Merges planned values with `after_unknown`: every value flagged unknown is taken from the
 * configuration expression at the same path (a reference, a constant or a nested block), or
 * marked unresolved.
 */
function merge(planned: unknown, unknown: unknown, expression: unknown): Value {
  if (unknown === true) {
    // Nothing in the configuration: the provider computes it.
    if (expression === undefined) return { unresolved: true, references: [], computed: true };
    if (isObject(expression) && 'references' in expression) return unresolved(usableReferences(expression));
    return fromExpression(expression);
  }
  if (Array.isArray(planned) || Array.isArray(unknown)) {
    const plannedList = Array.isArray(planned) ? planned : [];
    const unknownList = Array.isArray(unknown) ? unknown : [];
    const length = Math.max(plannedList.length, unknownList.length);
    return Array.from({ length }, (_, index) => merge(plannedList[index], unknownList[index], expressionChild(expression, index)));
  }
  if (isObject(planned) || isObject(unknown)) {
    const plannedObject = isObject(planned) ? planned : {};
    const unknownObject = isObject(unknown) ? unknown : {};
    const result: ValueObject = {};
    for (const key of new Set([...Object.keys(plannedObject), ...Object.keys(unknownObject)])) {
      result[key] = merge(plannedObject[key], unknownObject[key], expressionChild(expression, key));
    }
    return result;
  }
  if (planned === undefined) return null;
  return planned as Value;
}

// ---------------------------------------------------------------------------------------------
// Reading the plan

function collectConfiguration(module: unknown, prefix: string, into: Map<string, unknown>): void {
  if (!isObject(module)) return;
  if (Array.isArray(module.resources)) {
    for (const resource of module.resources) {
      if (isObject(resource) && typeof resource.address === 'string') into.set(`${prefix}${resource.address}`, resource.expressions);
    }
  }
  if (isObject(module.module_calls)) {
    for (const [name, call] of Object.entries(module.module_calls)) {
      if (isObject(call)) collectConfiguration(call.module, `${prefix}module.${name}.`, into);
    }
  }
}

type Planned = { raw: Record<string, unknown>; moduleAddress: string };

/** Every resource of a module tree of `planned_values` or `prior_state` (data sources only when `data` is set). */
function collectPlanned(module: unknown, moduleAddress: string, into: Planned[], data: boolean): void {
  if (!isObject(module)) return;
  if (Array.isArray(module.resources)) {
    for (const resource of module.resources) {
      if (isObject(resource) && (resource.mode === 'data') === data) into.push({ raw: resource, moduleAddress });
    }
  }
  if (Array.isArray(module.child_modules)) {
    for (const child of module.child_modules) {
      if (isObject(child)) collectPlanned(child, typeof child.address === 'string' ? child.address : moduleAddress, into, data);
    }
  }
}

/** Data sources declared in the configuration (module path and address), for those the plan read nowhere else. */
function configuredDataSources(module: unknown, moduleAddress: string, into: Planned[]): void {
  if (!isObject(module)) return;
  if (Array.isArray(module.resources)) {
    for (const resource of module.resources) {
      if (!isObject(resource) || resource.mode !== 'data' || typeof resource.address !== 'string') continue;
      into.push({ raw: { ...resource, address: `${moduleAddress ? `${moduleAddress}.` : ''}${resource.address}`, values: {} }, moduleAddress });
    }
  }
  if (isObject(module.module_calls)) {
    for (const [name, call] of Object.entries(module.module_calls)) {
      if (isObject(call)) configuredDataSources(call.module, `${moduleAddress ? `${moduleAddress}.` : ''}module.${name}`, into);
    }
  }
}

function planResources(plan: Record<string, unknown>): TerraformResource[] {
  const configuration = new Map<string, unknown>();
  const configurationRoot = isObject(plan.configuration) ? plan.configuration.root_module : undefined;
  collectConfiguration(configurationRoot, '', configuration);
  const afterUnknown = new Map<string, unknown>();
  const changes = Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  for (const change of changes) {
    if (isObject(change) && typeof change.address === 'string' && isObject(change.change)) afterUnknown.set(change.address, change.change.after_unknown);
  }
  const planned: Planned[] = [];
  collectPlanned(isObject(plan.planned_values) ? plan.planned_values.root_module : undefined, '', planned, false);
  const seen = new Set(planned.map((entry) => entry.raw.address));
  // A plan that only has resource_changes (e.g. every value unknown) still lists the resources there.
  for (const change of changes) {
    if (!isObject(change) || seen.has(change.address) || change.mode === 'data' || !isObject(change.change)) continue;
    const actions = Array.isArray(change.change.actions) ? change.change.actions : [];
    if (actions.length === 1 && actions[0] === 'delete') continue;
    planned.push({ raw: { ...change, values: change.change.after }, moduleAddress: typeof change.module_address === 'string' ? change.module_address : '' });
  }
  // Data sources: read at plan time (prior_state, planned_values), deferred to apply (resource_changes), or only declared.
  const data: Planned[] = [];
  const priorState = isObject(plan.prior_state) && isObject(plan.prior_state.values) ? plan.prior_state.values.root_module : undefined;
  collectPlanned(priorState, '', data, true);
  collectPlanned(isObject(plan.planned_values) ? plan.planned_values.root_module : undefined, '', data, true);
  for (const change of changes) {
    if (isObject(change) && change.mode === 'data' && isObject(change.change))
      data.push({ raw: { ...change, values: change.change.after }, moduleAddress: typeof change.module_address === 'string' ? change.module_address : '' });
  }
  configuredDataSources(configurationRoot, '', data);
  const seenData = new Set<unknown>();
  const resources: TerraformResource[] = [];
  for (const [entries, mode] of [
    [planned, 'managed'],
    [data, 'data'],
  ] as const) {
    for (const { raw, moduleAddress } of entries) {
      if (typeof raw.address !== 'string' || typeof raw.type !== 'string') continue;
      if (mode === 'data') {
        if (seenData.has(raw.address)) continue;
        seenData.add(raw.address);
      }
      const merged = merge(isObject(raw.values) ? raw.values : {}, afterUnknown.get(raw.address), configuration.get(configAddress(raw.address)));
      resources.push({
        address: raw.address,
        type: raw.type,
        name: typeof raw.name === 'string' ? raw.name : raw.address,
        moduleAddress,
        mode,
        values: isObject(merged) ? (merged as ValueObject) : {},
      });
    }
  }
  return resources;
}

export const terraformPlanReader: IacReader = {
  format: 'terraform-plan',
  recognise(parsed) {
    // `errored` marks the output of a failed `terraform plan`: recognised, so that it is refused rather than skipped.
    return isObject(parsed) && typeof parsed.format_version === 'string' && ('planned_values' in parsed || 'resource_changes' in parsed || 'errored' in parsed);
  },
  read(file, _text, parsed): IacReadResult {
    if (!isObject(parsed)) throw new IacInputError(file, 'not a Terraform plan JSON object');
    const version = parsed.format_version;
    const major = typeof version === 'string' ? version.split('.')[0] : undefined;
    if (major !== '0' && major !== '1') {
      throw new IacInputError(file, `unsupported Terraform plan format_version ${JSON.stringify(version)} (supported: 0.x and 1.x, from terraform show -json)`);
    }
    // Terraform still writes a plan file when planning fails part-way; its resources are incomplete.
    if (parsed.errored === true)
      throw new IacInputError(file, 'the plan errored ("errored": true): terraform plan failed, so the plan is incomplete; fix the errors and plan again');
    const resources: Resource[] = mapTerraformResources({ scopeId: file, file, resources: planResources(parsed), origin: 'plan' });
    // Plan JSON carries no comments, so inline suppressions cannot be read from it.
    return { resources, suppressions: [] };
  },
};
