/**
 * What the GCP rules and maturity share, derived once per evaluation: which scanned projects use
 * Vertex AI (spec §6.3), the Model Armor floor settings and templates, and the controls on the
 * neutral scale.
 */
import type { RuleContext } from '../../src/engine/rule.ts';
import type { ProviderFacts } from '../../src/engine/facts.ts';
import { hasIacTag } from '../../src/engine/facts.ts';
import type { GcpFloorSetting, GcpProject } from '../../src/model/gcp.ts';
import { projectUses, type VertexUse } from './projects.ts';
import { gcpNeutralControls } from './neutral-controls.ts';
import { projectActivity, usageWindow, type ProjectActivity } from './usage.ts';

export interface GcpFacts extends ProviderFacts {
  projects: ReadonlyArray<{ project: GcpProject; use: VertexUse }>;
  /** Projects that use Vertex AI (the API is enabled or endpoints exist). */
  vertexProjects: readonly GcpProject[];
  floorSettings: readonly GcpFloorSetting[];
  /** Floor-setting levels (organization, folder, project) where a floor-setting read failed. */
  floorUnreadable: ReadonlySet<string>;
  /** Per scanned project: usage measured over the metrics window and how Model Armor screens its Vertex AI traffic (spec §12). */
  activity: readonly ProjectActivity[];
  /** The window the usage series were read over; null when no series was read. */
  usageWindow: { from: string; to: string } | null;
}

export function deriveGcpFacts(context: RuleContext): GcpFacts {
  const projects = projectUses(context);
  const used = projects.filter((entry) => entry.use.usage === 'used');
  // A folder or organisation whose projects could not be listed may hide projects that use Vertex AI: "not used" cannot be said.
  const unlisted = context.failedListings('gcp.project').filter((entry) => entry.scope.type !== 'project');
  const usage = used.length > 0 ? 'used' : unlisted.length > 0 || projects.some((entry) => entry.use.usage === 'unknown') ? 'unknown' : 'unused';
  const usageNote =
    usage === 'used'
      ? `Vertex AI used in ${used.map((entry) => entry.project.projectId).join(', ')}`
      : usage === 'unknown'
        ? unlisted.length > 0 && !projects.some((entry) => entry.use.usage === 'unknown')
          ? `whether Vertex AI is used could not be decided: the projects under ${unlisted.map((entry) => `${entry.scope.type} ${entry.scope.id}`).join(', ')} could not be listed`
          : 'whether Vertex AI is used could not be decided'
        : 'Vertex AI not used';
  const vertexProjects = used.map((entry) => entry.project);
  const candidates = [...vertexProjects, ...context.resources('gcp.modelarmor-template')];
  const facts: GcpFacts = {
    usage,
    usageNote,
    projects,
    vertexProjects,
    floorSettings: context.resources('gcp.floor-setting'),
    floorUnreadable: new Set(
      context.inventory.listings.filter((entry) => entry.resourceType === 'gcp.floor-setting' && entry.status !== 'ok').map((entry) => entry.scope.type),
    ),
    activity: projectActivity(context),
    usageWindow: usageWindow(context),
    iac: {
      what: { plural: 'Vertex projects and Model Armor templates', none: 'Vertex projects or templates' },
      candidates: candidates.map((resource) => ({ id: resource.id, managed: hasIacTag(resource.tags, context.baseline.iacTagKeys) })),
    },
  };
  facts.neutralControls = gcpNeutralControls(context, facts);
  return facts;
}

/** The GCP facts of this evaluation (derived on first use, then shared). */
export function gcpFacts(context: RuleContext): GcpFacts {
  return context.memo('facts:gcp', () => deriveGcpFacts(context));
}
