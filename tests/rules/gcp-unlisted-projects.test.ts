import { describe, expect, it } from 'vitest';
import { createRuleContext } from '../../src/engine/rule.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { deriveGcpFacts } from '../../rules/gcp/facts.ts';
import * as gcp from '../../rules/gcp/case-builders.ts';

const usageOf = (failed: gcp.ListingFailure[]) => {
  const inventory = gcp.gcpInventory({ resources: [gcp.project({ vertexApiEnabled: false })], failed });
  return deriveGcpFacts(createRuleContext(inventory, defaultBaseline));
};

describe('GCP use when a folder’s projects could not be listed', () => {
  it('no project uses Vertex AI and every listing went through: not used', () => {
    expect(usageOf([]).usage).toBe('unused');
  });

  it('a folder whose projects could not be listed may hide Vertex projects: unknown, naming the folder', () => {
    const facts = usageOf([{ type: 'gcp.project', owner: gcp.FOLDER }]);
    expect(facts.usage).toBe('unknown');
    expect(facts.usageNote).toContain(`folder ${gcp.folderScope.id}`);
  });

  it('a project that uses Vertex AI decides it: used, whatever else could not be listed', () => {
    const inventory = gcp.gcpInventory({ resources: [gcp.project()], failed: [{ type: 'gcp.project', owner: gcp.FOLDER }] });
    expect(deriveGcpFacts(createRuleContext(inventory, defaultBaseline)).usage).toBe('used');
  });
});
