/**
 * `--format cyclonedx`: the report's AI inventory (spec §12) as a CycloneDX 1.6 ML-BOM, built with
 * the official `@cyclonedx/cyclonedx-library` and serialised for spec 1.6 (tests validate it
 * against the official `bom-1.6` JSON schema shipped with the library).
 *
 * Component types (CycloneDX 1.6 `component.type`, https://cyclonedx.org/docs/1.6/json/#components_items_type):
 * - `machine-learning-model` for every asset that is a model as the platform runs it — a
 *   foundation or custom model, and the deployments, endpoints, provisioned throughput and
 *   inference profiles that serve one: the issue asks for the model with its deployment location
 *   and attached controls as properties, and that is what a deployment is.
 * - `application` for an agent: software that orchestrates a model, tools and data, not a model.
 * - `data` for a knowledge base: a data set the models read (retrieval), not a model.
 * Each asset is one component, so a model deployed twice appears twice, once per location.
 *
 * The cloud provider is the `supplier` (it supplies the model as a service); the model's
 * publisher (Anthropic, OpenAI, Google…) when known is the `publisher`.
 */
import { createHash } from 'node:crypto';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { Report } from '../report/build.ts';
import type { AiAsset, AiAssetKind } from '../model/ai-inventory.ts';

export interface CycloneDxOptions {
  /** How the cloud of a provider is named (the provider module's display name): the components' supplier. */
  platformName?: (provider: string) => string;
}

const componentTypes: Record<AiAssetKind, Enums.ComponentType> = {
  'foundation-model': Enums.ComponentType.MachineLearningModel,
  'custom-model': Enums.ComponentType.MachineLearningModel,
  deployment: Enums.ComponentType.MachineLearningModel,
  endpoint: Enums.ComponentType.MachineLearningModel,
  'provisioned-throughput': Enums.ComponentType.MachineLearningModel,
  'inference-profile': Enums.ComponentType.MachineLearningModel,
  agent: Enums.ComponentType.Application,
  'knowledge-base': Enums.ComponentType.Data,
};

/** Stable across scans of an unchanged estate: provider, scope, region and id name one asset. */
export function bomRefOf(asset: Pick<AiAsset, 'provider' | 'scope' | 'region' | 'id'>): string {
  return `aiposture:${asset.provider}:${asset.scope.type}:${asset.scope.id}:${asset.region ?? 'global'}:${asset.id}`;
}

/**
 * An RFC 4122 name-based (version 5, SHA-1) UUID of the scan — its times and scopes — so each scan
 * has its own serial number and rendering the same report again (history, a file) gives the same one.
 */
export function serialNumberOf(report: Pick<Report, 'scan'>): string {
  // The RFC 4122 URL namespace (appendix C).
  const namespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const name = JSON.stringify(['aiposture-ml-bom', report.scan.startedAt, report.scan.finishedAt, report.scan.scopes]);
  const bytes = createHash('sha1').update(namespace).update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const invokedText = (value: boolean | null) => (value === null ? 'unknown' : String(value));

function properties(asset: AiAsset): Models.Property[] {
  const entries: Array<[string, string]> = [
    ['aiposture:provider', asset.provider],
    ['aiposture:kind', asset.kind],
    ['aiposture:id', asset.id],
    ['aiposture:name', asset.name],
    ['aiposture:scope', `${asset.scope.type}:${asset.scope.id}`],
    ['aiposture:region', asset.region ?? 'global'],
    ['aiposture:invoked', invokedText(asset.invoked)],
    [
      'aiposture:controls',
      asset.controls.map((control) => `${control.type}:${control.id}${control.version !== undefined ? `@${control.version}` : ''}`).join(', '),
    ],
    ['aiposture:missingControls', asset.missingControls.join(', ')],
  ];
  if (asset.reason) entries.push(['aiposture:reason', asset.reason]);
  for (const [key, value] of Object.entries(asset.details ?? {})) entries.push([`aiposture:detail:${key}`, String(value)]);
  return entries.map(([name, value]) => new Models.Property(name, value));
}

function componentOf(asset: AiAsset, bomRef: string, supplier: string): Models.Component {
  const component = new Models.Component(componentTypes[asset.kind], asset.model?.name ?? asset.name, {
    bomRef,
    supplier: new Models.OrganizationalEntity({ name: supplier }),
    description: `${asset.kind} ${asset.name}${asset.region ? ` in ${asset.region}` : ''} (${asset.scope.type} ${asset.scope.id})`,
    ...(asset.model?.version ? { version: asset.model.version } : {}),
    ...(asset.model?.provider ? { publisher: asset.model.provider } : {}),
  });
  for (const property of properties(asset)) component.properties.add(property);
  return component;
}

/** The BOM object (tests and the serialiser read it). */
export function buildMlBom(report: Report, options: CycloneDxOptions = {}): Models.Bom {
  const tool = new Models.Component(Enums.ComponentType.Application, 'aiposture', {
    version: report.tool.version,
    description: 'Read-only scanner of AI-platform security configuration with maturity inference',
  });
  const bom = new Models.Bom({
    serialNumber: serialNumberOf(report),
    metadata: new Models.Metadata({
      timestamp: new Date(report.scan.finishedAt),
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
      lifecycles: new Models.LifecycleRepository([Enums.LifecyclePhase.Operations]),
    }),
  });
  bom.metadata.properties.add(new Models.Property('aiposture:scanMode', report.scan.mode));
  for (const provider of report.scan.providers) bom.metadata.properties.add(new Models.Property('aiposture:provider', provider));
  const seen = new Map<string, number>();
  for (const asset of report.inventory ?? []) {
    const base = bomRefOf(asset);
    const repeat = seen.get(base) ?? 0;
    seen.set(base, repeat + 1);
    // Two assets never share provider, scope, region and id; if a provider ever reports one twice, the ref stays unique.
    const bomRef = repeat === 0 ? base : `${base}#${repeat + 1}`;
    bom.components.add(componentOf(asset, bomRef, options.platformName?.(asset.provider) ?? asset.provider));
  }
  return bom;
}

/** The ML-BOM as CycloneDX 1.6 JSON. */
export function renderCycloneDx(report: Report, options: CycloneDxOptions = {}): string {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(buildMlBom(report, options), { sortLists: true, space: 2 })}\n`;
}
