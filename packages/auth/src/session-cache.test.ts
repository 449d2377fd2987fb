import { describe, expect, it } from 'vitest';
import { SessionCache } from './session-cache';

const ids = (userId: string, sessionId = `s-${userId}`) => ({ userId, sessionId });

describe('SessionCache', () => {
  it('keeps nothing and answers nothing while not live', () => {
    const cache = new SessionCache<string>();
    cache.set('k', 'v', ids('u1'), cache.generation);
    expect(cache.get('k')).toBeUndefined();
    cache.live = true;
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', 'v', ids('u1'), cache.generation);
    expect(cache.get('k')).toBe('v');
    cache.live = false;
    expect(cache.get('k')).toBeUndefined();
  });

  it('forgets an entry after its time to live', () => {
    let now = 1_000;
    const cache = new SessionCache<string>({ ttlMs: 500 }, () => now);
    cache.live = true;
    cache.set('k', 'v', ids('u1'), cache.generation);
    now += 499;
    expect(cache.get('k')).toBe('v');
    now += 1;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops every entry of one user, or of everyone for "*"', () => {
    const cache = new SessionCache<string>();
    cache.live = true;
    cache.set('a1', 'x', ids('a'), cache.generation);
    cache.set('a2', 'y', ids('a'), cache.generation);
    cache.set('b1', 'z', ids('b'), cache.generation);
    cache.dropUser('a');
    expect([cache.get('a1'), cache.get('a2'), cache.get('b1')]).toEqual([undefined, undefined, 'z']);
    cache.dropUser('*');
    expect(cache.get('b1')).toBeUndefined();
  });

  it('never stores a lookup that was in flight while anything was dropped', () => {
    const cache = new SessionCache<string>();
    cache.live = true;
    const before = cache.generation;
    cache.dropUser('someone-else');
    cache.set('k', 'stale', ids('u1'), before);
    expect(cache.get('k')).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the oldest first', () => {
    const cache = new SessionCache<number>({ maxEntries: 3 });
    cache.live = true;
    for (let i = 0; i < 5; i++) cache.set(`k${i}`, i, ids(`u${i}`), cache.generation);
    expect(cache.size).toBe(3);
    expect([0, 1, 2, 3, 4].map((i) => cache.get(`k${i}`))).toEqual([undefined, undefined, 2, 3, 4]);
  });
});
