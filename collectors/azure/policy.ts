/**
 * Recognises which AI controls an Azure Policy definition governs and with which effect, from
 * the definition's policy rule (so custom definitions count as well as built-ins).
 */
import type { AzureAiControl } from '../../src/model/azure.ts';

export interface DefinitionLike {
  policyRule?: unknown;
  parameters?: Record<string, { defaultValue?: unknown } | undefined>;
}

export interface SetDefinitionLike {
  parameters?: Record<string, { defaultValue?: unknown } | undefined>;
  policyDefinitions?: Array<{ policyDefinitionId?: string; parameters?: Record<string, { value?: unknown } | undefined> }>;
}

export type ParameterValues = Record<string, { value?: unknown } | undefined>;

const controlPatterns: ReadonlyArray<[AzureAiControl, RegExp]> = [
  ['local-auth', /disableLocalAuth/i],
  ['network', /publicNetworkAccess|networkAcls/i],
  ['diagnostics', /Microsoft\.Insights\/diagnosticSettings/i],
  ['content-filtering', /raiPolicyName|raiPolicies|contentFilters/i],
  ['cmk', /encryption\.keySource|keyVaultProperties/i],
  ['managed-identity', /identity\.type/i],
];

const parameterReference = /^\[parameters\('([^']+)'\)\]$/;

/** Resolves `[parameters('x')]` against the values given, then the definition's defaults. */
export function resolveParameter(value: unknown, given: ParameterValues | undefined, defaults: DefinitionLike['parameters']): unknown {
  if (typeof value !== 'string') return value;
  const reference = parameterReference.exec(value)?.[1];
  if (!reference) return value;
  const key = (record: Record<string, unknown> | undefined) =>
    record ? Object.keys(record).find((name) => name.toLowerCase() === reference.toLowerCase()) : undefined;
  const givenKey = key(given);
  if (givenKey !== undefined && given?.[givenKey]?.value !== undefined) return given[givenKey]?.value;
  const defaultKey = key(defaults);
  return defaultKey !== undefined ? defaults?.[defaultKey]?.defaultValue : undefined;
}

/** The AI controls a definition's rule governs (only rules about Cognitive Services count). */
export function controlsOf(definition: DefinitionLike, parameters: ParameterValues | undefined): Array<{ control: AzureAiControl; effect: string | null }> {
  const rule = JSON.stringify(definition.policyRule ?? {});
  if (!/Microsoft\.CognitiveServices/i.test(rule)) return [];
  const then = (definition.policyRule as { then?: { effect?: unknown } } | undefined)?.then;
  const effect = resolveParameter(then?.effect, parameters, definition.parameters);
  return controlPatterns.filter(([, pattern]) => pattern.test(rule)).map(([control]) => ({ control, effect: typeof effect === 'string' ? effect : null }));
}

/** Parameter values a set definition passes to one member, with the set's own parameters resolved. */
export function memberParameters(
  set: SetDefinitionLike,
  member: NonNullable<SetDefinitionLike['policyDefinitions']>[number],
  assignment: ParameterValues | undefined,
): ParameterValues {
  return Object.fromEntries(
    Object.entries(member.parameters ?? {}).map(([name, entry]) => [name, { value: resolveParameter(entry?.value, assignment, set.parameters) }]),
  );
}

/** How a definition id is fetched: built-in, subscription or management-group level. */
export function definitionLocation(definitionId: string): {
  kind: 'builtIn' | 'subscription' | 'managementGroup';
  name: string;
  managementGroup?: string;
  set: boolean;
} {
  const set = /\/policySetDefinitions\//i.test(definitionId);
  const name = definitionId.split('/').pop() ?? definitionId;
  const managementGroup = /\/managementGroups\/([^/]+)\//i.exec(definitionId)?.[1];
  if (managementGroup) return { kind: 'managementGroup', name, managementGroup, set };
  if (/^\/subscriptions\//i.test(definitionId)) return { kind: 'subscription', name, set };
  return { kind: 'builtIn', name, set };
}
