import { z } from 'zod';
import { resourceBase } from './common.ts';

/**
 * One usage metric series read from a provider's monitoring API over the scan's metrics window
 * (spec §12): CloudWatch (`AWS/Bedrock`, `AWS/Bedrock/Guardrails`), Azure Monitor metrics on an
 * account, Cloud Monitoring time series. Shared by every provider: the namespace, metric and
 * dimensions keep each provider's own names; the provider's rules half interprets them.
 *
 * `sum` is the series' total over the window; `null` when the series was listed but its values
 * could not be read (`unreadable` says why). A series that exists with no datapoints is `0`
 * only when the API said so (datapoints returned, all zero) — never assumed.
 */
export const MetricSeriesSchema = z.object({
  ...resourceBase,
  type: z.literal('metric.series'),
  /** e.g. `AWS/Bedrock/Guardrails`, `Microsoft.CognitiveServices/accounts`, `aiplatform.googleapis.com`. */
  namespace: z.string().min(1),
  /** e.g. `InvocationsIntervened`, `AzureOpenAIRequests`, `aiplatform.googleapis.com/publisher/online_serving/model_invocation_count`. */
  metric: z.string().min(1),
  dimensions: z.record(z.string(), z.string()),
  /** The statistic summed over the window (`Sum`, `Total`, `DELTA`…), as the provider names it. */
  statistic: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  sum: z.number().nullable(),
  /** How many datapoints the provider returned for the window (0: the series is silent). */
  datapoints: z.number().int().nonnegative().nullable(),
});
export type MetricSeries = z.infer<typeof MetricSeriesSchema>;

/** The neutral resource type of a metric series, as listings name it. */
export const metricSeriesType = 'metric.series' as const;
