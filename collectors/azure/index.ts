import type { PolicyClient } from '@azure/arm-policy';
import type { TokenCredential } from '@azure/core-auth';
import { createPipelineRequest, type HttpClient } from '@azure/core-rest-pipeline';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { ScopeRef } from '../../src/model/common.ts';
import type { AzureAccount, AzurePolicyAssignment, AzureResource } from '../../src/model/azure.ts';
import { AzureResourceSchema, azureUsageMetricNames, azureUsageMetrics } from '../../src/model/azure.ts';
import { MetricSeriesSchema, metricSeriesType, type MetricSeries } from '../../src/model/metrics.ts';
import type { ResourceType } from '../../src/model/inventory.ts';
import type { CollectResult } from '../../src/collect/collector.ts';
import { Collection, callPriority, type ReadFailure } from '../../src/collect/listing.ts';
import type { SchedulerOptions } from '../../src/collect/scheduler.ts';
import { InputError, ScanAbortedError } from '../../src/errors.ts';
import type { CollectProgress } from '../../src/collect/progress.ts';
import { inShard, type Shard } from '../../src/collect/shard.ts';
import { AzureClientFactory, azureListAll, azureNextLink, azurePages, type AzurePager } from './clients.ts';
import { azureCredential, azureEndpoint, type AzureCredentialKind } from './credentials.ts';
import { azureThrottle, classifyAzureError } from './errors.ts';
import * as normalise from './normalise.ts';
import { azureOperationFor } from './operations.ts';
import { documentedDefaultPolicy, isBuiltInPolicyName } from './default-policies.ts';
import { controlsOf, definitionLocation, memberParameters, type DefinitionLike, type ParameterValues, type SetDefinitionLike } from './policy.ts';
import type { RawResponseRecorder } from '../../src/collect/raw-responses.ts';

export interface AzureCollectOptions {
  /** The metrics window (`--metrics-window`): each AI account's usage and content-safety metrics are read over it; absent: not read. */
  metricsWindow?: { from: Date; to: Date };
  credentialKind?: AzureCredentialKind;
  /** A ready credential (tests); overrides `credentialKind`. */
  credential?: TokenCredential;
  /** `--azure-endpoint`. */
  endpoint?: string;
  /** `--subscriptions`; default: every enabled subscription the credential sees (or, with `managementGroup`, every one below it). */
  subscriptions?: readonly string[];
  /** `--management-group`: every subscription below this group, nested groups included; with `subscriptions`, only those (each must be below it). */
  managementGroup?: string;
  scheduler?: SchedulerOptions;
  /** Each request's connect-and-answer timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** Epoch ms (`--max-duration`): from then on no call is sent; the reads left are "not reached (--max-duration)". */
  deadline?: number;
  /** `--evidence`: every raw response is recorded here (redacted). */
  rawResponses?: RawResponseRecorder;
  /** `--shard I/N`: only the subscriptions `inShard` assigns to this shard are read. */
  shard?: Shard;
  /** Told of the subscriptions planned and done, and of every request sent. */
  progress?: CollectProgress;
  logger?: Logger;
  /** Replaces the network transport; for tests that feed recorded ARM payloads to the real SDK clients. */
  httpClient?: HttpClient;
}

/** ARM throttles tenant-level reads (subscriptions, management groups, built-in definitions) on one tenant bucket. */
const tenantKey = 'azure:tenant';

/** Collects Azure OpenAI / AI Services posture for every subscription in scope. */
export async function collectAzure(options: AzureCollectOptions = {}): Promise<CollectResult> {
  const endpoint = azureEndpoint(options.endpoint);
  const collection = new Collection({
    provider: 'azure',
    throttle: azureThrottle,
    classify: classifyAzureError,
    scheduler: options.scheduler,
    timeoutMs: options.timeoutMs,
    deadline: options.deadline,
    logger: options.logger,
    progress: options.progress,
  });
  const factory = new AzureClientFactory(
    options.credential ?? azureCredential(options.credentialKind ?? 'default', { timeoutMs: options.timeoutMs }),
    endpoint,
    {
      httpClient: options.httpClient,
      onCall: collection.recordCall,
      timeoutMs: options.timeoutMs,
      ...(options.rawResponses ? { rawResponses: options.rawResponses } : {}),
    },
  );
  const resources: AzureResource[] = [];
  const series: MetricSeries[] = [];

  await factory.checkCredential().catch((error: unknown) => {
    throw new ScanAbortedError(`Azure credential could not get a token (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`);
  });

  const progress = options.progress;
  const definitions = new DefinitionReads(collection);
  // Each subscription is read as soon as its listing page names it (discovery is not a barrier),
  // and its clients are let go once it is done.
  const scopes: ScopeRef[] = [];
  const scans: Promise<void>[] = [];
  const start = (scope: ScopeRef) => {
    // `--shard`: a stable 1/N of the subscriptions (ids fold case: ARM ids are case-insensitive).
    if (!inShard('azure', scope.id.toLowerCase(), options.shard)) return;
    scopes.push(scope);
    progress?.planned('azure', 'scope', 1);
    const scan = collectSubscription(subscriptionContext(scope, factory, collection, resources, series, definitions, options.metricsWindow)).finally(() => {
      factory.release(scope.id);
      progress?.done('azure', 'scope');
    });
    // Awaited after discovery; until then a failure must not count as unhandled.
    scan.catch(() => undefined);
    scans.push(scan);
  };
  try {
    await discoverSubscriptions(options, factory, collection, start);
  } catch (error) {
    // Discovery broke off: the scan cannot run; the subscriptions already started finish first.
    await Promise.allSettled(scans);
    throw error;
  }
  await Promise.all(scans);
  for (const resource of resources) AzureResourceSchema.parse(resource);
  for (const entry of series) MetricSeriesSchema.parse(entry);
  return collection.result({ providers: ['azure'], scopes, regions: [], resources: [...resources, ...series] });
}

/**
 * The subscriptions in scope, each handed to `found` as soon as it is known: `--subscriptions`,
 * those below `--management-group`, or every enabled one the credential sees (page by page).
 */
async function discoverSubscriptions(
  options: AzureCollectOptions,
  factory: AzureClientFactory,
  collection: Collection,
  found: (scope: ScopeRef) => void,
): Promise<void> {
  const given = (options.subscriptions ?? []).map((id) => ({ provider: 'azure' as const, type: 'subscription' as const, id }));
  if (options.managementGroup !== undefined) {
    for (const scope of await managementGroupSubscriptions(options.managementGroup, given, factory, collection)) found(scope);
    return;
  }
  if (given.length > 0) {
    for (const scope of given) found(scope);
    return;
  }
  try {
    await collection.each(
      azurePages(collection, tenantKey, () => factory.subscriptions().subscriptions.list(checked(normalise.armShapes.listPage)), callPriority.discovery),
      (page) => {
        for (const subscription of page) {
          if (!subscription.subscriptionId || (subscription.state && subscription.state !== 'Enabled')) continue;
          found({
            provider: 'azure',
            type: 'subscription',
            id: subscription.subscriptionId,
            ...(subscription.displayName ? { name: subscription.displayName } : {}),
          });
        }
      },
      azureNextLink,
    );
  } catch (error) {
    // As before streaming: a subscription list that cannot be read to its end aborts the scan.
    throw new ScanAbortedError(`Azure subscriptions could not be listed (${classifyAzureError(error).message})`);
  }
}

/**
 * Every subscription below management group `group` (nested groups included): its descendants,
 * paged, as one listing. A listing that fails part-way keeps the subscriptions already listed
 * and is a coverage gap of the group (the accounts below it are unknown, never "none"); one that
 * lists nothing aborts the scan, as an unreadable subscription listing does. With `--subscriptions`
 * (`given`), only those are scanned, and each must be below the group.
 */
async function managementGroupSubscriptions(group: string, given: ScopeRef[], factory: AzureClientFactory, collection: Collection): Promise<ScopeRef[]> {
  const below = new Map<string, ScopeRef>();
  const client = factory.managementGroups();
  let failure: ReadFailure | undefined;
  try {
    await collection.each(
      azurePages(collection, tenantKey, () => client.managementGroups.listDescendants(group, checked(normalise.armShapes.listPage))),
      (page) => {
        for (const descendant of page) {
          const isSubscription = /\/subscriptions$/i.test(descendant.type ?? '') || /^\/subscriptions\/[^/]+$/i.test(descendant.id ?? '');
          const id = descendant.name ?? descendant.id?.split('/').pop();
          if (!isSubscription || !id) continue;
          below.set(id.toLowerCase(), { provider: 'azure', type: 'subscription', id, ...(descendant.displayName ? { name: descendant.displayName } : {}) });
        }
      },
      azureNextLink,
    );
  } catch (error) {
    failure = collection.classify(error);
  }
  if (failure !== undefined && below.size === 0) throw new ScanAbortedError(`Azure management group ${group} could not be listed (${failure.message})`);
  const outside = given.filter((scope) => !below.has(scope.id.toLowerCase()));
  if (failure === undefined && outside.length > 0)
    throw new InputError(
      `--subscriptions: ${outside.map((scope) => scope.id).join(', ')} ${outside.length === 1 ? 'is' : 'are'} not below management group ${group} (--management-group)`,
    );
  if (failure !== undefined) {
    const unlisted = outside.length > 0 ? `; not scanned, as not listed below it: ${outside.map((scope) => scope.id).join(', ')}` : '';
    collection.record(
      {
        scope: { provider: 'azure', type: 'managementGroup', id: group },
        region: null,
        resourceType: 'azure.cognitive-account',
        collector: 'ManagementGroups_GetDescendants',
      },
      {
        status: failure.status,
        message: `the subscriptions below management group ${group} could be listed only in part (${below.size} found): ${failure.message}${unlisted}`,
      },
    );
  }
  if (given.length === 0) return enabledOnly(group, [...below.values()], factory, collection);
  return given.flatMap((scope) => {
    const listed = below.get(scope.id.toLowerCase());
    return listed === undefined ? [] : [listed];
  });
}

/**
 * The subscriptions of a management group that are Enabled. Descendants carry no state, so the
 * tenant's subscription list (one paged listing) says which are Disabled, Warned, PastDue or
 * Deleted: those are coverage entries, as the subscription listing of a plain scan skips them. A
 * subscription the list does not show (another tenant's, or the list failed) is scanned — a read
 * that fails there is a gap, never a silent skip.
 */
async function enabledOnly(group: string, scopes: ScopeRef[], factory: AzureClientFactory, collection: Collection): Promise<ScopeRef[]> {
  const states = new Map<string, string>();
  try {
    await collection.each(
      azurePages(collection, tenantKey, () => factory.subscriptions().subscriptions.list(checked(normalise.armShapes.listPage)), callPriority.discovery),
      (page) => {
        for (const subscription of page)
          if (subscription.subscriptionId && subscription.state) states.set(subscription.subscriptionId.toLowerCase(), subscription.state);
      },
      azureNextLink,
    );
  } catch {
    return scopes;
  }
  return scopes.filter((scope) => {
    const state = states.get(scope.id.toLowerCase());
    if (state === undefined || state === 'Enabled') return true;
    collection.record(
      { scope, region: null, resourceType: 'azure.cognitive-account', collector: 'Subscriptions_List' },
      { status: 'unsupported', message: `subscription ${scope.id} below management group ${group} is ${state}: only Enabled subscriptions are scanned` },
    );
    return false;
  });
}

/** SDK call options whose `onResponse` checks each answer at the boundary, before the SDK's result is read. */
interface CheckedOptions {
  onResponse: (answer: unknown, ...rest: unknown[]) => void;
}

/**
 * Options that check every 2xx answer of a call against `shape` (`normalise.checkArmAnswer`): an
 * HTML page, an empty body or a body without the member read fails the call, where the classic
 * SDK (Cognitive Services) would read it as an empty list. Both SDK generations call `onResponse`,
 * with the failure (an Error) among its other arguments when the call already failed. The classic
 * pagers pass the options to every page; the modular ones (Monitor, Policy, Subscriptions) to the
 * first, and refuse a later page without a `value` list themselves.
 */
function checked(shape: z.ZodType): CheckedOptions {
  return {
    onResponse: (answer, ...rest) => {
      if (rest.some((entry) => entry instanceof Error)) return;
      const { request } = answer as { request: { method: string; url: string } };
      const operation = azureOperationFor(request.method, new URL(request.url).pathname)?.name ?? `${request.method} ${new URL(request.url).pathname}`;
      normalise.checkArmAnswer(operation, shape, answer as normalise.ArmAnswer);
    },
  };
}

interface SubscriptionContext {
  scope: ScopeRef;
  factory: AzureClientFactory;
  resources: AzureResource[];
  /** The metric series read (every subscription's). */
  series: MetricSeries[];
  /** `--metrics-window`; undefined: metrics are not read. */
  metricsWindow: { from: Date; to: Date } | undefined;
  /** Policy (set) definition reads shared by every subscription of the scan. */
  definitions: DefinitionReads;
  /** One request under the subscription's throttling key. */
  call: <T>(send: () => Promise<T>) => Promise<T>;
  /** Every item of a list operation, page by page under the subscription's throttling key; `list` passes `checks` to the SDK so each page is checked. */
  listAll: <T>(list: (checks: CheckedOptions) => AzurePager<T>) => Promise<T[]>;
  /** Files a failed read of one resource (`resource` names it) in coverage; returns the failure message. */
  failedRead: (resourceType: string, region: string | null, collector: string, resource: string, error: unknown) => string;
  /**
   * A read filed in coverage under this subscription; `onFailure` hears the failure message. A read
   * of one resource's children names that resource (`resource`) in its coverage message.
   */
  listing: <T>(
    resourceType: ResourceType,
    region: string | null,
    collector: string,
    read: () => Promise<T>,
    onFailure?: (message: string) => void,
    resource?: string,
  ) => Promise<T | undefined>;
}

/** Failures made by `aboutResource`, each with the original it wraps. */
const resourceFailures = new WeakMap<object, unknown>();

/** The same failure (it classifies as `error` does) with `resource` named at the start of its message. */
function aboutResource(error: unknown, resource: string): unknown {
  const message = typeof error === 'object' && error !== null ? String((error as { message?: unknown }).message ?? '') : String(error);
  const about: object =
    typeof error === 'object' && error !== null
      ? (Object.create(error, { message: { value: `${resource}: ${message}` } }) as object)
      : new Error(`${resource}: ${message}`);
  resourceFailures.set(about, error);
  return about;
}

/** The failure `aboutResource` wrapped, or `error` itself. */
function originalFailure(error: unknown): unknown {
  return typeof error === 'object' && error !== null && resourceFailures.has(error) ? resourceFailures.get(error) : error;
}

function subscriptionContext(
  scope: ScopeRef,
  factory: AzureClientFactory,
  collection: Collection,
  resources: AzureResource[],
  series: MetricSeries[],
  definitions: DefinitionReads,
  metricsWindow: { from: Date; to: Date } | undefined,
): SubscriptionContext {
  // ARM throttles per subscription and principal: one limiter key per subscription.
  const key = `azure:${scope.id}`;
  return {
    scope,
    factory,
    resources,
    series,
    metricsWindow,
    definitions,
    call: (send) => collection.call(key, send),
    listAll: (list) => azureListAll(collection, key, () => list(checked(normalise.armShapes.listPage))),
    failedRead: (resourceType, region, collector, resource, error) => {
      const { status, message } = collection.classify(error);
      collection.record({ scope, region, resourceType, collector }, { status, message: `${resource}: ${message}` });
      return message;
    },
    listing: (resourceType, region, collector, read, onFailure, resource) =>
      collection.listing(
        { scope, region, resourceType, collector },
        resource === undefined ? read : () => read().catch((error: unknown) => Promise.reject(aboutResource(error, resource))),
        onFailure &&
          ((failure: ReadFailure, error: unknown) => onFailure(resource === undefined ? failure.message : collection.classify(originalFailure(error)).message)),
      ),
  };
}

async function collectSubscription(context: SubscriptionContext): Promise<void> {
  const { scope, factory, resources, call, listAll, listing } = context;
  const cognitive = factory.cognitiveServices(scope.id);
  const monitor = factory.monitor(scope.id);
  const accountsTask = listing('azure.cognitive-account', null, 'Accounts_List', () => listAll((checks) => cognitive.accounts.list(checks))).then(
    async (accounts) => {
      await Promise.all((accounts ?? []).map((value) => collectAccount(context, value)));
    },
  );
  const alertsTask = listing('azure.metric-alert', null, 'MetricAlerts_ListBySubscription', () =>
    listAll((checks) => monitor.metricAlerts.listBySubscription(checks)),
  ).then((alerts) => {
    for (const alert of alerts ?? [])
      resources.push(normalise.metricAlert(alert, { scope, region: alert.location ?? null, api: 'MetricAlerts_ListBySubscription' }));
  });
  const policyTask = collectPolicyAssignments(context);
  const security = factory.security(scope.id);
  const url = `${factory.resourceManagerUrl}/subscriptions/${encodeURIComponent(scope.id)}/providers/Microsoft.Security/pricings/AI?api-version=2024-01-01`;
  // A raw request: its error status is turned into an error inside the call, so a 429 is retried like any other.
  const pricingTask = listing('azure.defender-ai-plan', null, 'Pricings_Get', () =>
    call(async () => {
      const response = await security.sendRequest(createPipelineRequest({ url, method: 'GET', allowInsecureConnection: factory.insecureLoopback }));
      if (response.status === 404) return null;
      const body = parseJson(response.bodyAsText) as { properties?: { pricingTier?: string }; error?: { code?: string; message?: string } } | undefined;
      if (response.status >= 400)
        throw Object.assign(new Error(body?.error?.message ?? `HTTP ${response.status}`), { statusCode: response.status, code: body?.error?.code, response });
      normalise.checkArmAnswer('Pricings_Get', normalise.armShapes.pricing, {
        status: response.status,
        bodyAsText: response.bodyAsText,
        parsedBody: body,
        headers: response.headers,
      });
      return body?.properties?.pricingTier ?? null;
    }),
  ).then((pricingTier) => {
    if (pricingTier === undefined) return;
    resources.push({
      provider: 'azure',
      scope,
      region: null,
      source: { kind: 'api', api: 'Pricings_Get' },
      type: 'azure.defender-ai-plan',
      id: `/subscriptions/${scope.id}/providers/Microsoft.Security/pricings/AI`,
      name: 'AI',
      pricingTier,
    });
  });
  await Promise.all([accountsTask, alertsTask, policyTask, pricingTask]);
}

/** The JSON value of a body, or undefined when it is empty or not JSON. */
function parseJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function collectAccount(context: SubscriptionContext, value: Parameters<typeof normalise.account>[0]): Promise<void> {
  const { scope, factory, resources, listAll, listing } = context;
  const region = value.location ?? null;
  const where = (api: string) => ({ scope, region, api });
  const account: AzureAccount = normalise.account(value, where('Accounts_List'));
  const resourceGroup = account.resourceGroup;
  const name = value.name ?? '';
  const cognitive = factory.cognitiveServices(scope.id);

  /** A child listing whose failure is recorded on the account as well as in coverage (naming the account). */
  const child = <T>(key: string, resourceType: ResourceType, collector: string, read: () => Promise<T>): Promise<T | undefined> =>
    listing(
      resourceType,
      region,
      collector,
      read,
      (message) => {
        account.readErrors[key] = message;
      },
      `account ${account.id}`,
    );

  const deploymentsRead = child('deployments', 'azure.deployment', 'Deployments_List', () =>
    listAll((checks) => cognitive.deployments.list(resourceGroup, name, checks)),
  );
  // An OpenAI / AI Services account's metrics are read alongside its children; another kind's
  // only once its deployment listing shows it serves models (the accounts the Azure rules judge).
  const metricsRead = aiAccountKinds.has(account.kind.toLowerCase())
    ? collectAccountMetrics(context, account, child)
    : deploymentsRead.then((listed) => ((listed ?? []).length > 0 ? collectAccountMetrics(context, account, child) : undefined));
  const [deployments, policies, blocklists, defender, diagnostics] = await Promise.all([
    deploymentsRead,
    child('raiPolicies', 'azure.rai-policy', 'RaiPolicies_List', () => listAll((checks) => cognitive.raiPolicies.list(resourceGroup, name, checks))),
    child('raiBlocklists', 'azure.cognitive-account', 'RaiBlocklists_List', () =>
      listAll((checks) => cognitive.raiBlocklists.list(resourceGroup, name, checks)),
    ),
    child('defenderForAISettings', 'azure.cognitive-account', 'DefenderForAISettings_List', () =>
      listAll((checks) => cognitive.defenderForAISettings.list(resourceGroup, name, checks)),
    ),
    // The monitor SDK expects the resource id without its leading slash.
    child('diagnosticSettings', 'azure.diagnostic-setting', 'DiagnosticSettings_List', () =>
      listAll((checks) => factory.monitor(scope.id).diagnosticSettings.list(account.id.replace(/^\//, ''), checks)),
    ),
  ]);

  if (defender !== undefined) account.defenderForAiState = defender[0]?.state ?? null;
  if (blocklists !== undefined) account.blocklistNames = blocklists.flatMap((entry) => (entry.name ? [entry.name] : []));
  resources.push(account);
  const deploymentModels = (deployments ?? []).map((entry) => normalise.deployment(entry, account.id, where('Deployments_List')));
  resources.push(...deploymentModels);
  const policyModels = (policies ?? []).map((entry) => normalise.raiPolicy(entry, account.id, where('RaiPolicies_List')));
  resources.push(...policyModels);
  if (policies !== undefined) {
    // Deployments on a built-in policy the listing did not include are evaluated on Microsoft's documented defaults.
    const builtInNames = new Set(
      deploymentModels
        .map((entry) => entry.raiPolicyName ?? 'Microsoft.DefaultV2')
        .filter(isBuiltInPolicyName)
        .map((entry) => entry.toLowerCase()),
    );
    for (const builtIn of builtInNames) {
      if (policyModels.some((policy) => policy.name?.toLowerCase() === builtIn)) continue;
      const documented = documentedDefaultPolicy(builtIn, account.id, where('documented default policy'));
      if (documented) resources.push(documented);
    }
  }
  for (const setting of diagnostics ?? []) resources.push(normalise.diagnosticSetting(setting, account.id, where('DiagnosticSettings_List')));
  await metricsRead;
}

/** Account kinds that serve Azure OpenAI / Foundry model deployments. */
const aiAccountKinds = new Set(['openai', 'aiservices']);

/**
 * Azure Monitor returns at most `top` series per metric when a `$filter` splits by a dimension
 * (10 when `top` is not given: learn.microsoft.com/rest/api/monitor/metrics/list): room for every
 * deployment of an account.
 */
const seriesPerMetric = 1000;

/**
 * One account's usage and content-safety metrics over the metrics window: ONE Metrics_List call
 * asking for every metric of `azureUsageMetricNames` at once (comma-separated `metricnames`),
 * daily totals split by ModelDeploymentName, filed in coverage as the account's `metric.series`
 * listing (a failure is also kept in `readErrors.metrics`). Nothing is read without a window.
 */
async function collectAccountMetrics(
  context: SubscriptionContext,
  account: AzureAccount,
  child: <T>(key: string, resourceType: ResourceType, collector: string, read: () => Promise<T>) => Promise<T | undefined>,
): Promise<void> {
  const window = context.metricsWindow;
  if (window === undefined) return;
  const { scope, factory, call, series } = context;
  const span = { from: window.from.toISOString(), to: window.to.toISOString() };
  const monitor = factory.monitor(scope.id);
  const answer = await child('metrics', metricSeriesType, 'Metrics_List', () =>
    call(() =>
      // The monitor SDK expects the resource id without its leading slash.
      monitor.metrics.list(account.id.replace(/^\//, ''), {
        metricnames: azureUsageMetricNames.join(','),
        timespan: `${span.from}/${span.to}`,
        interval: 'P1D',
        aggregation: azureUsageMetrics.aggregation,
        filter: `${azureUsageMetrics.deploymentDimension} eq '*'`,
        top: seriesPerMetric,
        ...checked(normalise.armShapes.metrics),
      }),
    ),
  );
  if (answer === undefined) return;
  account.metricsReadOver = span;
  series.push(...normalise.metricSeries(answer, account.id, span, { scope, region: account.region, api: 'Metrics_List' }));
}

async function collectPolicyAssignments(context: SubscriptionContext): Promise<void> {
  const { scope, factory, resources, listAll, listing, failedRead, definitions } = context;
  const client = factory.policy(scope.id);
  const assignments = await listing('azure.policy-assignment', null, 'PolicyAssignments_List', () =>
    listAll((checks) => client.policyAssignments.list(checks)),
  );
  if (!assignments) return;
  // Each definition is read once per scan (built-ins and management-group ones are tenant-wide);
  // a failed read is filed once in each subscription that uses it, naming the definition.
  const filed = new Map<string, Promise<DefinitionLike & SetDefinitionLike>>();
  const fetchDefinition = (definitionId: string) => {
    const key = definitionId.toLowerCase();
    let pending = filed.get(key);
    if (!pending) {
      pending = definitions.read(definitionId, client, scope).catch((error: unknown) => {
        const collector = definitionLocation(definitionId).set ? 'PolicySetDefinitions_Get' : 'PolicyDefinitions_Get';
        failedRead('azure.policy-assignment.detail', null, collector, `definition ${definitionId}`, error);
        throw error;
      });
      filed.set(key, pending);
    }
    return pending;
  };
  // The assignments (and the members of each set) are resolved concurrently, then kept in listing order.
  const models = await Promise.all(
    assignments.map(async (assignment): Promise<AzurePolicyAssignment> => {
      const definitionId = assignment.policyDefinitionId ?? '';
      const parameters = assignment.parameters as ParameterValues | undefined;
      const controls: AzurePolicyAssignment['controls'] = [];
      const unreadable: string[] = [];
      try {
        const definition = await fetchDefinition(definitionId);
        if (definitionLocation(definitionId).set) {
          const members = await Promise.all(
            (definition.policyDefinitions ?? []).map(async (member) => {
              const memberId = member.policyDefinitionId ?? '';
              try {
                const memberDefinition = await fetchDefinition(memberId);
                return {
                  controls: controlsOf(memberDefinition, memberParameters(definition, member, parameters)).map((entry) => ({
                    ...entry,
                    definitionId: memberId,
                  })),
                };
              } catch (error) {
                return { unreadable: `${memberId}: ${classifyAzureError(error).message}` };
              }
            }),
          );
          for (const member of members) {
            if (member.controls) controls.push(...member.controls);
            if (member.unreadable !== undefined) unreadable.push(member.unreadable);
          }
        } else {
          for (const entry of controlsOf(definition, parameters)) controls.push({ ...entry, definitionId });
        }
      } catch (error) {
        unreadable.push(`${definitionId}: ${classifyAzureError(error).message}`);
      }
      return {
        provider: 'azure',
        scope,
        region: null,
        source: { kind: 'api', api: 'PolicyAssignments_List' },
        type: 'azure.policy-assignment',
        id: assignment.id ?? assignment.name ?? definitionId,
        name: assignment.displayName ?? assignment.name,
        assignmentScope: assignment.scope ?? '',
        policyDefinitionId: definitionId,
        enforcementMode: assignment.enforcementMode ?? 'Default',
        controls,
        unreadableDefinitions: unreadable,
      };
    }),
  );
  resources.push(...models);
}

/**
 * Policy (set) definition reads, one per definition id per scan, shared by every subscription:
 * built-in and management-group definitions are the same for all of them (tenant-level reads,
 * under the tenant throttling key); a subscription's own definitions are read under its key.
 */
class DefinitionReads {
  private readonly reads = new Map<string, Promise<DefinitionLike & SetDefinitionLike>>();
  private readonly collection: Collection;

  constructor(collection: Collection) {
    this.collection = collection;
  }

  read(definitionId: string, client: PolicyClient, scope: ScopeRef): Promise<DefinitionLike & SetDefinitionLike> {
    const key = definitionId.toLowerCase();
    let pending = this.reads.get(key);
    if (!pending) {
      const throttleKey = definitionLocation(definitionId).kind === 'subscription' ? `azure:${scope.id}` : tenantKey;
      pending = this.collection.call(throttleKey, () => readDefinition(client, definitionId));
      // Every user attaches its own handler; this one only keeps an unused failure from being unhandled.
      pending.catch(() => undefined);
      this.reads.set(key, pending);
    }
    return pending;
  }
}

async function readDefinition(client: PolicyClient, definitionId: string): Promise<DefinitionLike & SetDefinitionLike> {
  const location = definitionLocation(definitionId);
  const operations = location.set ? client.policySetDefinitions : client.policyDefinitions;
  const checks = checked(normalise.armShapes.policyDefinition);
  if (location.kind === 'builtIn') return operations.getBuiltIn(location.name, checks);
  if (location.kind === 'managementGroup') return operations.getAtManagementGroup(location.managementGroup ?? '', location.name, checks);
  return operations.get(location.name, checks);
}
