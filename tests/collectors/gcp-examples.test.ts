import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startFakeCloud } from '../../fakecloud/server.ts';
import type { GcpEstateInput } from '../../fakecloud/gcp-estate.ts';
import { collectGcp } from '../../collectors/gcp/index.ts';
import { evaluate } from '../../src/engine/evaluate.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { registry } from '../../src/providers.ts';
import { googleToken } from '../e2e/helpers.ts';

const example = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/provider-examples/gcp/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** Two projects whose Model Armor configuration is exactly the captured live payloads. */
const estate = {
  organizations: [{ id: '999' }],
  projects: [
    {
      projectId: 'sreagent-t2-demo',
      projectNumber: '111111111111',
      parent: 'organizations/999',
      vertexApi: 'ENABLED',
      floorSetting: example('floor_setting.not-enforced.mcp.excerpt.json'),
      templates: { 'us-central1': [example('template.inspect-only.excerpt.json')] },
    },
    {
      projectId: 'attestor-505506',
      projectNumber: '222222222222',
      parent: 'organizations/999',
      vertexApi: 'ENABLED',
      floorSetting: example('floor_setting.observed.attestor.json'),
      templates: { 'us-central1': [example('template.observed.attestor-strict-ingress.json')] },
    },
  ],
} as unknown as GcpEstateInput;

describe('GCP collectors on captured Model Armor payloads (real clients, HTTP/JSON)', () => {
  it('reads floor settings and templates and reaches the expected verdicts', async () => {
    const cloud = await startFakeCloud({ gcp: estate });
    try {
      const { inventory } = await collectGcp({
        authClient: googleToken(),
        endpoint: cloud.url,
        projects: ['sreagent-t2-demo', 'attestor-505506'],
        locations: ['us-central1'],
      });
      const floors = inventory.resources.filter((resource) => resource.type === 'gcp.floor-setting');
      expect(floors.find((floor) => floor.scope.id === 'sreagent-t2-demo')).toMatchObject({
        enforcementEnabled: false,
        aiPlatformMode: 'inspectOnly',
        aiPlatformCloudLogging: true,
        filters: { maliciousUri: true, promptInjection: { enabled: true, strength: 'medium' } },
      });
      expect(floors.find((floor) => floor.scope.id === 'attestor-505506')).toMatchObject({
        enforcementEnabled: true,
        aiPlatformMode: 'inspectAndBlock',
        filters: { rai: [], sensitiveData: true, promptInjection: { enabled: true, strength: 'high' } },
      });

      const findings = evaluate(inventory, registry.rules, defaultBaseline);
      const verdict = (ruleId: string, project: string) =>
        findings.filter((finding) => finding.ruleId === ruleId && finding.scope.id === project).map((finding) => finding.status);
      // Captured "not enforced, inspect-only" floor setting.
      expect(verdict('gcp/floor-setting-enforced', 'sreagent-t2-demo')).toEqual(['fail']);
      expect(verdict('gcp/vertex-inline-enforcement', 'sreagent-t2-demo')).toEqual(['fail']);
      expect(verdict('gcp/floor-setting-filters', 'sreagent-t2-demo')).toEqual(['fail']);
      expect(verdict('gcp/template-enforcement', 'sreagent-t2-demo')).toEqual(['fail']);
      // Captured enforced inspect-and-block floor setting without RAI filters.
      expect(verdict('gcp/floor-setting-enforced', 'attestor-505506')).toEqual(['pass']);
      expect(verdict('gcp/vertex-inline-enforcement', 'attestor-505506')).toEqual(['pass']);
      expect(verdict('gcp/floor-setting-filters', 'attestor-505506')).toEqual(['fail']);
      expect(verdict('gcp/template-filters', 'attestor-505506')).toEqual(['pass']);
    } finally {
      await cloud.close();
    }
  });
});
