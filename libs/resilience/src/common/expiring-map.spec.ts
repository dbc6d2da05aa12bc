import { ExpiringMap } from './expiring-map';

describe('ExpiringMap', () => {
  it('reads an entry until its expiry instant and not after', () => {
    const map = new ExpiringMap<string>({ maxEntries: 10 });
    map.set('a', 'x', 1_000, 0);
    expect(map.get('a', 999)).toBe('x');
    expect(map.get('a', 1_000)).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('never holds more than maxEntries, evicting the least recently used', () => {
    const map = new ExpiringMap<number>({ maxEntries: 2 });
    map.set('a', 1, 100, 0);
    map.set('b', 2, 100, 0);
    map.get('a', 1); // a is now the most recently used
    map.set('c', 3, 100, 1);
    expect(map.size).toBe(2);
    expect(map.get('b', 2)).toBeUndefined();
    expect(map.get('a', 2)).toBe(1);
    expect(map.get('c', 2)).toBe(3);
  });

  it('extends a live entry on read and makes it the most recently used, but never revives an expired one', () => {
    const map = new ExpiringMap<number>({ maxEntries: 2 });
    map.set('a', 1, 100, 0);
    map.set('b', 2, 100, 0);
    expect(map.getAndExtend('a', 500, 50)).toBe(1);
    map.set('c', 3, 100, 60); // evicts b, the least recently used
    expect(map.get('b', 60)).toBeUndefined();
    expect(map.get('a', 400)).toBe(1); // lives past its first expiry
    expect(map.getAndExtend('c', 900, 100)).toBeUndefined(); // expired at 100: gone, not extended
    expect(map.size).toBe(1);
  });

  it('sweeps expired entries periodically so idle keys do not accumulate', () => {
    const map = new ExpiringMap<number>({ maxEntries: 1_000_000, sweepEvery: 10 });
    for (let i = 0; i < 9; i++) map.set(`idle-${i}`, i, 50, 0);
    map.set('late', 1, 1_000, 100); // 10th write sweeps at t=100
    expect(map.size).toBe(1);
  });

  it('does not store an entry that is already expired', () => {
    const map = new ExpiringMap<number>({ maxEntries: 10 });
    map.set('a', 1, 5, 5);
    expect(map.size).toBe(0);
  });
});
