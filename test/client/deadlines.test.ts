import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineQueues } from '../../src/client/deadlines.js';

interface Entry {
  name: string;
  deadline: number;
  done: boolean;
}

describe('DeadlineQueues', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  const entry = (name: string, timeoutMs: number): Entry => ({
    name,
    deadline: performance.now() + timeoutMs,
    done: false,
  });

  it('expires each entry at its deadline, in order, across timeouts', () => {
    const expired: string[] = [];
    const queues = new DeadlineQueues<Entry>((e) => expired.push(e.name));
    queues.add(100, entry('a100', 100));
    vi.advanceTimersByTime(10);
    queues.add(50, entry('b50', 50));
    queues.add(100, entry('c100', 100));
    vi.advanceTimersByTime(49);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['b50']);
    vi.advanceTimersByTime(40);
    expect(expired).toEqual(['b50', 'a100']);
    vi.advanceTimersByTime(10);
    expect(expired).toEqual(['b50', 'a100', 'c100']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never expires a settled entry, whatever order they settle in', () => {
    const expired: string[] = [];
    const queues = new DeadlineQueues<Entry>((e) => expired.push(e.name));
    const entries = ['a', 'b', 'c', 'd'].map((name) => entry(name, 100));
    for (const e of entries) queues.add(100, e);
    entries[2]!.done = true;
    queues.compact(100);
    entries[0]!.done = true;
    queues.compact(100);
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(['b', 'd']);
  });

  it('uses one timer per distinct timeout, not one per entry', () => {
    const queues = new DeadlineQueues<Entry>(() => {});
    for (let i = 0; i < 1000; i++) queues.add(1_000, entry(String(i), 1_000));
    queues.add(5_000, entry('long', 5_000));
    expect(vi.getTimerCount()).toBe(2);
  });

  it('keeps no timer after clear()', () => {
    const queues = new DeadlineQueues<Entry>(() => {});
    queues.add(100, entry('a', 100));
    queues.clear();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets a drained queue’s timer lapse instead of re-arming per entry', () => {
    const expired: string[] = [];
    const queues = new DeadlineQueues<Entry>((e) => expired.push(e.name));
    for (let i = 0; i < 5; i++) {
      const e = entry(String(i), 100);
      queues.add(100, e);
      e.done = true;
      queues.compact(100);
      vi.advanceTimersByTime(10);
    }
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(200);
    expect(vi.getTimerCount()).toBe(0);
    expect(expired).toEqual([]);
  });
});
