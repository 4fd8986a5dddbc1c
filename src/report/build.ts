import type { Provider } from '../model/common.ts';
import type { Inventory } from '../model/inventory.ts';
import type { Finding, FindingStatus } from '../engine/evaluate.ts';
import type { MaturityReport } from '../maturity/infer.ts';
import type { PolicyFile } from '../policy/policy-file.ts';
import { toolVersion } from '../version.ts';
import { withFingerprints, type FingerprintedFinding } from './fingerprint.ts';
import type { HistorySection } from './history-section.ts';
import type { AiAsset, PlatformEffectiveness } from '../model/ai-inventory.ts';

export type ScanMode = 'live' | 'iac' | 'demo';

export interface CoverageEntry {
  provider: Provider;
  scope: { type: string; id: string };
  region: string | null;
  collector: string;
  resourceType: string;
  status: 'ok' | 'denied' | 'unsupported' | 'error';
  message?: string;
}

/** One account, subscription or project of the scan with its own level, failures and coverage (spec §13). */
export interface ScopeRollup {
  provider: Provider;
  type: string;
  id: string;
  name?: string;
  /** The scope judged alone; null when its platform is not in use there, undecided, or nothing of it could be read. */
  level: number | null;
  fail: { critical: number; high: number; medium: number; low: number };
  coverage: 'complete' | 'partial' | 'none';
}

/** The JSON report, schemaVersion 1 (spec §4). */
export interface Report {
  schemaVersion: 1;
  tool: { name: 'aiposture'; version: string };
  scan: {
    mode: ScanMode;
    startedAt: string;
    finishedAt: string;
    providers: Provider[];
    scopes: Array<{ provider: Provider; type: string; id: string; name?: string }>;
  };
  maturity: MaturityReport | null;
  /** Every finding with its `fingerprint`, stable across scans (spec §11). */
  findings: FingerprintedFinding[];
  coverage: CoverageEntry[];
  summary: Record<FindingStatus, number>;
  /** The policy file applied and its sha256 (null: the built-in defaults); exceptions that expired. */
  policy: { file: string | null; sha256?: string | null; expiredExceptions: PolicyFile['exceptions'] };
  /** IaC mode: the files read (with their format) and the files skipped, with why. */
  iac?: {
    files: Array<{ file: string; format: string }>;
    skipped: Array<{ file: string; reason: string }>;
    /** IaC files found in a walk that could not be read; the other files were judged. */
    errors?: Array<{ file: string; line?: number; problem: string }>;
    /** Present when the run says something a clean report would hide, e.g. that no IaC file was read at all. */
    warnings?: string[];
  };
  /**
   * A scan of one shard (`--shard I/N`): which, and the normalised inventory it read, so
   * `aiposture merge` can judge the union of the shards exactly as one scan would.
   */
  shard?: { index: number; count: number; inventory: Inventory };
  /** A report made by `aiposture merge`: how many shards it joins, of how many, and which are missing. */
  merge?: { shards: number; of: number; missing: number[] };
  /** Live and demo scans: each scope's level, failures and coverage (spec §13). */
  scopes?: ScopeRollup[];
  /** A scan run with `--history`: what changed since the previous comparable scan, remediation times, SLA breaches (spec §11). */
  history?: HistorySection;
  /** Live and demo scans: the AI assets in use and the controls attached to each (spec §12). */
  inventory?: AiAsset[];
  /** Live and demo scans: per platform, how much traffic the controls see and how often they act over the metrics window (spec §12). */
  effectiveness?: PlatformEffectiveness[];
}

type Exception = PolicyFile['exceptions'][number];

function patternToRegExp(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

/**
 * Marks findings covered by a live policy exception as `suppressed` (they stay in the report);
 * expired exceptions no longer apply and are returned so the report can name them.
 */
export function applyExceptions(findings: readonly Finding[], exceptions: readonly Exception[], today: string): { findings: Finding[]; expired: Exception[] } {
  const expired = exceptions.filter((exception) => exception.expires !== undefined && exception.expires < today);
  const live = exceptions.filter((exception) => !expired.includes(exception)).map((exception) => ({ exception, pattern: patternToRegExp(exception.resource) }));
  return {
    expired,
    findings: findings.map((finding) => {
      if (finding.status !== 'fail' && finding.status !== 'unknown') return finding;
      const match = live.find(
        ({ exception, pattern }) =>
          exception.rule === finding.ruleId &&
          (pattern.test(finding.resource.id) || (finding.resource.name !== undefined && pattern.test(finding.resource.name))),
      );
      if (!match) return finding;
      return {
        ...finding,
        status: 'suppressed' as const,
        suppression: { reason: match.exception.reason, ...(match.exception.expires ? { expires: match.exception.expires } : {}) },
      };
    }),
  };
}

export function summarise(findings: readonly Finding[]): Record<FindingStatus, number> {
  const summary: Record<FindingStatus, number> = { pass: 0, fail: 0, unknown: 0, not_applicable: 0, suppressed: 0 };
  for (const finding of findings) summary[finding.status]++;
  return summary;
}

export function buildReport(input: {
  mode: ScanMode;
  startedAt: Date;
  finishedAt: Date;
  inventory: Inventory;
  findings: Finding[];
  maturity: MaturityReport | null;
  policyFile: string | null;
  policySha256?: string | null;
  expiredExceptions: Exception[];
  /** Providers whose resource ids compare without case (fingerprints fold them). */
  caseInsensitiveProviders?: ReadonlySet<string>;
}): Report {
  const findings = withFingerprints(input.findings, input.caseInsensitiveProviders ?? new Set());
  return {
    schemaVersion: 1,
    tool: { name: 'aiposture', version: toolVersion },
    scan: {
      mode: input.mode,
      startedAt: input.startedAt.toISOString(),
      finishedAt: input.finishedAt.toISOString(),
      providers: input.inventory.providers,
      scopes: input.inventory.scopes.map((scope) => ({
        provider: scope.provider,
        type: scope.type,
        id: scope.id,
        ...(scope.name ? { name: scope.name } : {}),
      })),
    },
    maturity: input.maturity,
    findings,
    coverage: input.inventory.listings.map((entry) => ({
      provider: entry.provider,
      scope: { type: entry.scope.type, id: entry.scope.id },
      region: entry.region,
      collector: entry.collector,
      resourceType: entry.resourceType,
      status: entry.status,
      ...(entry.message ? { message: entry.message } : {}),
    })),
    summary: summarise(input.findings),
    policy: { file: input.policyFile, sha256: input.policySha256 ?? null, expiredExceptions: input.expiredExceptions },
  };
}
