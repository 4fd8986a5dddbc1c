/**
 * Finding fingerprints (spec §11): a string that stays the same across scans for the same rule on
 * the same resource, whatever the message, reason wording, severity or time. Version 1 is the
 * sha256 of the canonical JSON `["aiposture-fp/1", ruleId, provider, scopeId, location,
 * resourceUid]` (../shared/reference/evidence-reporting.md §6.4): location is the region or
 * `global`; resourceUid is the resource id, lower-cased where the provider compares ids without
 * case (Azure Resource Manager ids), or `iac:<file>#<address>` for a finding from an IaC file.
 * The components are kept beside the hash in history, so a renamed rule's past can be
 * re-fingerprinted under its new id (rule `aliases`).
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../engine/evaluate.ts';

export const fingerprintVersion = 'aiposture-fp/1';

export interface FingerprintComponents {
  ruleId: string;
  provider: string;
  scopeId: string;
  /** Region, or `global` for a finding that has none. */
  location: string;
  resourceUid: string;
}

export type FingerprintedFinding = Finding & { fingerprint: string };

/** The identity of a finding, normalised: what two scans must agree on to be "the same finding". */
export function fingerprintComponents(
  finding: Pick<Finding, 'ruleId' | 'provider' | 'scope' | 'region' | 'resource' | 'source'>,
  caseInsensitive: boolean,
): FingerprintComponents {
  const fold = (value: string) => (caseInsensitive ? value.toLowerCase() : value);
  if ('file' in finding.source) {
    return {
      ruleId: finding.ruleId,
      provider: finding.provider,
      scopeId: finding.source.file,
      location: 'global',
      resourceUid: `iac:${finding.source.file}#${finding.source.address ?? finding.resource.id}`,
    };
  }
  return {
    ruleId: finding.ruleId,
    provider: finding.provider,
    scopeId: fold(finding.scope.id),
    location: finding.region ?? 'global',
    resourceUid: fold(finding.resource.id),
  };
}

export function fingerprintOf(components: FingerprintComponents): string {
  const canonical = JSON.stringify([
    fingerprintVersion,
    components.ruleId,
    components.provider,
    components.scopeId,
    components.location,
    components.resourceUid,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Every finding with its fingerprint; `caseInsensitiveProviders` names the providers whose resource ids ignore case. */
export function withFingerprints(findings: readonly Finding[], caseInsensitiveProviders: ReadonlySet<string>): FingerprintedFinding[] {
  return findings.map((finding) => ({
    ...finding,
    fingerprint: fingerprintOf(fingerprintComponents(finding, caseInsensitiveProviders.has(finding.provider))),
  }));
}
