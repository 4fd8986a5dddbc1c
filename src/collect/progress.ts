/**
 * Progress of a collection, for the live display on a terminal and the periodic progress logs
 * off one. Collectors say what work they found and finished (scopes, regions); the scheduler says
 * what it sent (calls, retries, throttles). The sink aggregates; it never affects the scan.
 */
export type ProgressUnit = 'scope' | 'region';

export interface CollectProgress {
  /** `count` more units of work were found (after `--shard` filtering). */
  planned(provider: string, unit: ProgressUnit, count: number): void;
  /** `count` units of work finished (read, or given up on). */
  done(provider: string, unit: ProgressUnit, count?: number): void;
  /** One request sent, or one retry scheduled (`throttled`: the provider asked to slow down). */
  request(provider: string, kind: 'call' | 'retry' | 'throttled'): void;
}

export interface ProgressCounts {
  scopes: { planned: number; done: number };
  regions: { planned: number; done: number };
  calls: number;
  retries: number;
  throttled: number;
}

/** Counts per provider and in total; what the display and the logs show. */
export class ProgressTally implements CollectProgress {
  readonly byProvider = new Map<string, ProgressCounts>();
  readonly startedAt = Date.now();

  private counts(provider: string): ProgressCounts {
    let counts = this.byProvider.get(provider);
    if (!counts) {
      counts = { scopes: { planned: 0, done: 0 }, regions: { planned: 0, done: 0 }, calls: 0, retries: 0, throttled: 0 };
      this.byProvider.set(provider, counts);
    }
    return counts;
  }

  planned(provider: string, unit: ProgressUnit, count: number): void {
    this.counts(provider)[unit === 'scope' ? 'scopes' : 'regions'].planned += count;
  }

  done(provider: string, unit: ProgressUnit, count = 1): void {
    this.counts(provider)[unit === 'scope' ? 'scopes' : 'regions'].done += count;
  }

  request(provider: string, kind: 'call' | 'retry' | 'throttled'): void {
    const counts = this.counts(provider);
    if (kind === 'call') counts.calls++;
    else if (kind === 'retry') counts.retries++;
    else counts.throttled++;
  }

  total(): ProgressCounts {
    const total: ProgressCounts = { scopes: { planned: 0, done: 0 }, regions: { planned: 0, done: 0 }, calls: 0, retries: 0, throttled: 0 };
    for (const counts of this.byProvider.values()) {
      total.scopes.planned += counts.scopes.planned;
      total.scopes.done += counts.scopes.done;
      total.regions.planned += counts.regions.planned;
      total.regions.done += counts.regions.done;
      total.calls += counts.calls;
      total.retries += counts.retries;
      total.throttled += counts.throttled;
    }
    return total;
  }

  /**
   * Estimated milliseconds left, from the share of work done so far (regions when known, else
   * scopes); null until there is enough to extrapolate from.
   */
  etaMs(now = Date.now()): number | null {
    const { scopes, regions } = this.total();
    const unit = regions.planned > 0 ? regions : scopes;
    if (unit.planned === 0 || unit.done === 0) return null;
    const share = Math.min(1, unit.done / unit.planned);
    const elapsed = now - this.startedAt;
    return share >= 1 ? 0 : Math.round((elapsed / share) * (1 - share));
  }
}
