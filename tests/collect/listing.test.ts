import { describe, expect, it } from 'vitest';
import { Collection } from '../../src/collect/listing.ts';
import type { ScopeRef } from '../../src/model/common.ts';

const throttling = () => Object.assign(new Error('Rate exceeded'), { throttled: true });
const denied = () => Object.assign(new Error('no'), { denied: true });
const scope: ScopeRef = { provider: 'aws', type: 'account', id: '1' };

function collection() {
  return new Collection({
    provider: 'aws',
    throttle: (error) => ({ throttled: (error as { throttled?: boolean }).throttled === true }),
    classify: (error) =>
      (error as { denied?: boolean }).denied ? { status: 'denied', message: 'denied' } : { status: 'error', message: String((error as Error).message) },
    scheduler: { baseDelayMs: 1, sleep: async () => undefined },
  });
}

describe('Collection', () => {
  it('reads every page of a listing, each page one call; a throttled page is read again by itself', async () => {
    const pages: Record<string, { items: number[]; next?: string }> = {
      first: { items: [1, 2], next: 't2' },
      t2: { items: [3], next: 't3' },
      t3: { items: [4] },
    };
    const fetched: Array<string | undefined> = [];
    let throttledOnce = false;
    const subject = collection();
    const items = await subject.all(
      subject.pages(
        'key',
        async (token) => {
          fetched.push(token);
          if (token === 't2' && !throttledOnce) {
            throttledOnce = true;
            throw throttling();
          }
          return pages[token ?? 'first'] as { items: number[]; next?: string };
        },
        (page) => page.next,
      ),
      (page) => page.items,
    );
    expect(items).toEqual([1, 2, 3, 4]);
    expect(fetched).toEqual([undefined, 't2', 't2', 't3']);
    expect(subject.stats).toMatchObject({ calls: 4, throttled: 1 });
  });

  it('files each read in coverage: ok, or the classified failure, which never throws', async () => {
    const subject = collection();
    const at = { scope, region: 'r1', resourceType: 'test.thing', collector: 'Things_List' };
    await expect(subject.listing(at, async () => ['a'])).resolves.toEqual(['a']);
    const failures: string[] = [];
    await expect(
      subject.listing(
        { ...at, region: null },
        () => subject.call('key', () => Promise.reject(denied())),
        (failure) => failures.push(failure.status),
      ),
    ).resolves.toBeUndefined();
    expect(failures).toEqual(['denied']);
    expect(subject.result({ providers: ['aws'], scopes: [scope], regions: [], resources: [] }).inventory.listings).toEqual([
      { provider: 'aws', scope, region: 'r1', resourceType: 'test.thing', collector: 'Things_List', status: 'ok' },
      { provider: 'aws', scope, region: null, resourceType: 'test.thing', collector: 'Things_List', status: 'denied', message: 'denied' },
    ]);
  });

  it('keeps the requests its clients report, in one record shape for every provider', () => {
    const subject = collection();
    subject.recordCall({ operation: 'ListThings', target: 'things:r1' });
    expect(subject.result({ providers: ['aws'], scopes: [], regions: [], resources: [] }).calls).toEqual([{ operation: 'ListThings', target: 'things:r1' }]);
  });
});
