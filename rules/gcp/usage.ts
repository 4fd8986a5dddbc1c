/**
 * Measured activity of the GCP estate over the metrics window, derived once per evaluation
 * (`deriveGcpFacts`) and read by the AI inventory, the effectiveness section and the maturity
 * criteria alike: per project, whether its usage metrics could be read, the publisher models
 * invoked, the endpoint predictions and the Model Armor API requests; and how Model Armor screens
 * the project's Vertex AI traffic (the floor setting in effect and its Vertex AI integration).
 *
 * What the Vertex AI integration of a floor setting covers: "This integration screens Gemini
 * model requests and responses, blocking those that violate floor settings. This integration
 * provides prompt and response protection within Gemini API in Vertex AI for the generateContent
 * method" (https://docs.cloud.google.com/model-armor/integrations,
 * https://docs.cloud.google.com/model-armor/model-armor-vertex-integration). So partner models
 * (Anthropic, Meta, … through Model Garden), other methods (e.g. the OpenAI-compatible
 * ChatCompletions) and custom models on endpoints are outside it: their traffic is never guarded
 * by a floor setting.
 */
import type { RuleContext } from '../../src/engine/rule.ts';
import type { GcpFloorSetting, GcpProject } from '../../src/model/gcp.ts';
import { gcpUsageMetrics } from '../../src/model/gcp.ts';
import type { ListingStatus } from '../../src/model/inventory.ts';
import type { MetricSeries } from '../../src/model/metrics.ts';
import { effectiveFloorSetting, integratesVertex } from './projects.ts';

/** How a project's usage metrics were read: a listing status, or `unread` when no listing names it. */
export interface MetricsRead {
  status: ListingStatus | 'unread';
  message?: string;
}

export interface PublisherModelUse {
  location: string;
  publisher: string;
  model: string;
  version: string;
  method: string;
  /** Summed over the window; null when the series could not be read. */
  invocations: number | null;
  /** Whether the Model Armor Vertex AI integration can screen these calls (Gemini, generateContent). */
  screenable: boolean;
}

export interface EndpointUse {
  location: string;
  endpointId: string;
  deployedModelId: string;
  predictions: number | null;
}

export interface ModelArmorApiUse {
  location: string;
  method: string;
  requests: number | null;
}

/** How Model Armor screens a project's Vertex AI (Gemini) traffic, from the floor setting in effect. */
export type VertexScreening =
  | { status: 'blocking'; floor: GcpFloorSetting }
  | { status: 'inspect-only' | 'not-enforced' | 'not-integrated'; floor: GcpFloorSetting }
  | { status: 'none' }
  | { status: 'unknown'; reason: string };

export interface ProjectActivity {
  project: GcpProject;
  metrics: MetricsRead;
  publisherModels: PublisherModelUse[];
  endpoints: EndpointUse[];
  modelArmorApi: ModelArmorApiUse[];
  screening: VertexScreening;
}

/** A method the Vertex AI integration screens: generateContent and its streaming form (an unlabelled call is taken as one). */
export function screenedMethod(method: string): boolean {
  return method === '' || /generatecontent/i.test(method);
}

/** Gemini models published by Google: the models the Vertex AI integration screens. */
export function screenedModel(publisher: string, model: string): boolean {
  return publisher === 'google' && /^gemini/i.test(model);
}

export function vertexScreening(context: RuleContext, project: GcpProject): VertexScreening {
  const resolution = effectiveFloorSetting(context, project);
  if (resolution.status === 'unknown') return { status: 'unknown', reason: resolution.reason };
  if (resolution.status === 'none') return { status: 'none' };
  const { floor } = resolution;
  if (!integratesVertex(floor)) return { status: 'not-integrated', floor };
  if (floor.aiPlatformMode === null) return { status: 'unknown', reason: `${floor.owner} integrates Vertex AI but reports no enforcement mode` };
  if (floor.aiPlatformMode === 'inspectOnly') return { status: 'inspect-only', floor };
  if (floor.enforcementEnabled === null) return { status: 'unknown', reason: `${floor.owner} does not report whether floor-setting enforcement is on` };
  return floor.enforcementEnabled ? { status: 'blocking', floor } : { status: 'not-enforced', floor };
}

function seriesIn(context: RuleContext, projectId: string, metric: string): MetricSeries[] {
  return context
    .resourcesIn('metric.series', projectId)
    .filter((series) => series.provider === 'gcp' && series.scope.type === 'project' && series.metric === metric);
}

/** The activity of every scanned project (derived once per evaluation). */
export function projectActivity(context: RuleContext): ProjectActivity[] {
  return context.memo('gcp/project-activity', () =>
    context.resources('gcp.project').map((project): ProjectActivity => {
      const listing = context
        .listingsIn('metric.series', project.projectId)
        .find((entry) => entry.provider === 'gcp' && entry.scope.type === 'project' && entry.region === null);
      const metrics: MetricsRead = listing ? { status: listing.status, ...(listing.message ? { message: listing.message } : {}) } : { status: 'unread' };
      const label = (series: MetricSeries, key: string) => series.dimensions[key] ?? '';
      const publisherModels = seriesIn(context, project.projectId, gcpUsageMetrics.publisherInvocations.metric).map((series) => ({
        location: label(series, 'location'),
        publisher: label(series, 'publisher'),
        model: label(series, 'model_user_id'),
        version: label(series, 'model_version_id'),
        method: label(series, 'method'),
        invocations: series.sum,
        screenable: screenedModel(label(series, 'publisher'), label(series, 'model_user_id')) && screenedMethod(label(series, 'method')),
      }));
      const endpoints = seriesIn(context, project.projectId, gcpUsageMetrics.endpointPredictions.metric).map((series) => ({
        location: label(series, 'location'),
        endpointId: label(series, 'endpoint_id'),
        deployedModelId: label(series, 'deployed_model_id'),
        predictions: series.sum,
      }));
      const modelArmorApi = seriesIn(context, project.projectId, gcpUsageMetrics.modelArmorRequests.metric).map((series) => ({
        location: label(series, 'location'),
        method: label(series, 'method'),
        requests: series.sum,
      }));
      return { project, metrics, publisherModels, endpoints, modelArmorApi, screening: vertexScreening(context, project) };
    }),
  );
}

/** Sum of numbers, null when any is null (an unreadable series makes the total unknown, never smaller). */
export function total(values: ReadonlyArray<number | null>): number | null {
  let sum = 0;
  for (const value of values) {
    if (value === null) return null;
    sum += value;
  }
  return sum;
}

/** Why a project's usage is not measurable, or undefined when its metrics were read. */
export function unmeasured(activity: ProjectActivity): string | undefined {
  const { status, message } = activity.metrics;
  if (status === 'ok') return undefined;
  if (status === 'unread') return `the usage metrics of ${activity.project.projectId} were not read`;
  if (status === 'unsupported') return `the usage metrics of ${activity.project.projectId} were not read${message ? ` (${message})` : ''}`;
  return `the usage metrics of ${activity.project.projectId} could not be read (metrics ${status}${message ? `: ${message}` : ''})`;
}

/** The window the project's usage series were read over (every series carries it), or null when none was read. */
export function usageWindow(context: RuleContext): { from: string; to: string } | null {
  const series = context.resources('metric.series').find((entry) => entry.provider === 'gcp');
  return series ? series.window : null;
}
