/** The effective floor settings and the templates of projects that use Vertex AI on the neutral scale, for `multi/consistent-baseline`. */
import type { GcpProject, ModelArmorFilters } from '../../src/model/gcp.ts';
import type { RuleContext } from '../../src/engine/rule.ts';
import type { ComparedCategory, NeutralControls, NeutralGap, NeutralObservation, ProviderFacts } from '../../src/engine/facts.ts';
import { directionsOf, observedEverywhere } from '../../src/engine/facts.ts';
import { effectiveFloorSetting, promptInjectionStrength, raiFilterCategories, raiStrength, type VertexUse } from './projects.ts';

/** Model Armor has no violence or self-harm filter. */
export const gcpExpressible: ReadonlySet<ComparedCategory> = new Set(['hate', 'insults', 'sexual', 'misconduct', 'prompt-attack']);

function modelArmorObservations(control: string, filters: ModelArmorFilters, blocks: boolean, certain: boolean): NeutralObservation[] {
  const observations: NeutralObservation[] = [];
  for (const [filterType, category] of raiFilterCategories) {
    const strength = blocks ? (raiStrength(filters, filterType, category) ?? 'off') : 'off';
    for (const direction of directionsOf(category)) observations.push({ control, category, direction, strength, certain });
  }
  observations.push({ control, category: 'prompt-attack', direction: 'input', strength: blocks ? promptInjectionStrength(filters) : 'off', certain });
  return observations;
}

function projectControls(
  context: RuleContext,
  entry: GcpProject,
  use: VertexUse,
  platformCertain: boolean,
): { observations: NeutralObservation[]; gaps: NeutralGap[] } {
  const certain = platformCertain && use.usage === 'used';
  const observations: NeutralObservation[] = [];
  const gaps: NeutralGap[] = [];
  let controls = 0;
  const resolution = effectiveFloorSetting(context, entry);
  if (resolution.status === 'unknown') gaps.push({ what: `the floor setting in effect for ${entry.projectId} could not be determined: ${resolution.reason}` });
  else if (resolution.status === 'found') {
    const { floor } = resolution;
    if (floor.enforcementEnabled === null)
      gaps.push({ what: `whether the floor setting of ${floor.owner} covering ${entry.projectId} is enforced is not reported` });
    else {
      controls += 1;
      const scope = floor.level === 'project' ? '' : ` for ${entry.projectId}`;
      const label = `floor setting of ${floor.owner}${scope}${floor.enforcementEnabled ? '' : ' (not enforced)'}`;
      observations.push(...modelArmorObservations(label, floor.filters, floor.enforcementEnabled, certain));
    }
  }
  for (const item of context.resourcesIn('gcp.modelarmor-template', entry.projectId).filter((candidate) => candidate.scope.type === 'project')) {
    if (item.unreadable !== undefined) {
      gaps.push({ what: `template ${item.name ?? item.id} in ${entry.projectId} could not be read (${item.unreadable})` });
      continue;
    }
    controls += 1;
    const inspectOnly = item.enforcementType === 'INSPECT_ONLY';
    observations.push(
      ...modelArmorObservations(
        `template ${item.name ?? item.id} in ${entry.projectId}${inspectOnly ? ' (inspect only)' : ''}`,
        item.filters,
        !inspectOnly,
        certain,
      ),
    );
  }
  for (const listing of context.listingsIn('gcp.modelarmor-template', entry.projectId)) {
    if (listing.scope.type === 'project' && (listing.status === 'denied' || listing.status === 'error')) {
      gaps.push({ what: `the templates of ${entry.projectId}${listing.region ? ` in ${listing.region}` : ''} could not be listed (${listing.status})` });
    }
  }
  if (controls === 0 && gaps.length === 0)
    observations.push(...observedEverywhere(gcpExpressible, `project ${entry.projectId}: no Model Armor floor setting or template`, 'off', certain));
  return { observations, gaps };
}

export function gcpNeutralControls(
  context: RuleContext,
  facts: Pick<ProviderFacts, 'usage'> & { projects: ReadonlyArray<{ project: GcpProject; use: VertexUse }> },
): NeutralControls {
  const observations: NeutralObservation[] = [];
  const gaps: NeutralGap[] = [];
  for (const { project, use } of facts.projects) {
    if (use.usage === 'unused') continue;
    const part = projectControls(context, project, use, facts.usage === 'used');
    observations.push(...part.observations);
    gaps.push(...part.gaps);
  }
  return { expressible: gcpExpressible, observations, gaps };
}
