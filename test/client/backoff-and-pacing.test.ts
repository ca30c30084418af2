import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fullJitterBackoff } from '../../src/client/backoff.js';
import { Outbox, type OutgoingFrame } from '../../src/client/outbox.js';
import { RatePacer } from '../../src/client/rate-pacer.js';

describe('fullJitterBackoff', () => {
  it('stays between the floor and an exponential ceiling, capped', () => {
    const low = fullJitterBackoff({ minDelayMs: 100, maxDelayMs: 1_000, random: () => 0 });
    const high = fullJitterBackoff({ minDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 10].map(low)).toEqual([100, 100, 100, 100, 100]);
    expect([1, 2, 3, 4, 10].map((n) => Math.round(high(n)))).toEqual([200, 400, 800, 1_000, 1_000]);
  });

  it('draws fresh jitter for every attempt', () => {
    const delay = fullJitterBackoff({ minDelayMs: 1_000, maxDelayMs: 30_000 });
    const draws = Array.from({ length: 200 }, () => delay(10));
    expect(new Set(draws).size).toBe(200);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(12_000);
    expect(mean).toBeLessThan(19_000);
  });
});

describe('RatePacer', () => {
  it('lets `limit` calls through in any window, then waits for the oldest to age out', () => {
    const pacer = new RatePacer({ limits: { general: { minutely: 3, hourly: 100 } }, minuteMs: 1_000 });
    for (const at of [0, 10, 20]) {
      expect(pacer.delayFor('general', at)).toBe(0);
      pacer.record('general', at);
    }
    // The fourth waits until the first leaves the window (plus a 2 % margin).
    expect(pacer.delayFor('general', 30)).toBe(1_000 + 20 - 30);
    expect(pacer.delayFor('general', 1_020)).toBe(0);
    // Budgets are separate.
    expect(pacer.delayFor('pricing', 30)).toBe(0);
  });

  it('honours the hourly budget too, and adopts new limits', () => {
    const pacer = new RatePacer({ limits: { outcome: { minutely: 10, hourly: 2 } }, minuteMs: 100, hourMs: 10_000 });
    pacer.record('outcome', 0);
    pacer.record('outcome', 1);
    expect(pacer.delayFor('outcome', 500)).toBe(10_000 + 200 - 500);
    pacer.update({ ...pacer.limits, outcome: { minutely: 10, hourly: 5 } });
    expect(pacer.delayFor('outcome', 500)).toBe(0);
  });
});

describe('Outbox', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  const frame = (
    name: string,
    sent: string[],
    bucket: OutgoingFrame['bucket'] | 'exempt' = 'general',
    priority = false,
  ): OutgoingFrame => {
    let done = false;
    return {
      bucket: bucket === 'exempt' ? undefined : bucket,
      priority,
      isLive: () => !done,
      transmit: () => {
        done = true;
        sent.push(name);
      },
    };
  };

  it('holds frames until there is a socket and the gate is open; priority frames pass the gate', () => {
    const sent: string[] = [];
    let socket = false;
    const outbox = new Outbox(undefined);
    outbox.attach(() => socket);
    outbox.push(frame('a', sent));
    outbox.push(frame('auth', sent, 'general', true));
    expect(sent).toEqual([]);
    socket = true;
    outbox.flush();
    // The gate is still shut: only priority frames go, ahead of what was queued in their budget.
    expect(sent).toEqual(['auth']);
    outbox.push(frame('auth2', sent, 'exempt', true));
    expect(sent).toEqual(['auth', 'auth2']);
    outbox.push(frame('b', sent));
    outbox.openGate();
    expect(sent).toEqual(['auth', 'auth2', 'a', 'b']);
  });

  it('wakes for the budget that frees up first, even when a later wake was already set', () => {
    const sent: string[] = [];
    const pacer = new RatePacer({
      limits: { general: { minutely: 1, hourly: 100 }, outcome: { minutely: 1, hourly: 100 } },
      minuteMs: 4_000,
    });
    const outbox = new Outbox(pacer);
    outbox.attach(() => true);
    outbox.openGate();
    outbox.push(frame('o1', sent, 'outcome'));
    vi.advanceTimersByTime(2_000);
    outbox.push(frame('g1', sent, 'general'));
    outbox.push(frame('g2', sent, 'general')); // general has room again at 6.2 s (the pacer keeps 200 ms spare)
    vi.advanceTimersByTime(1_000);
    outbox.push(frame('o2', sent, 'outcome')); // outcome has room again at 4.2 s: sooner
    vi.advanceTimersByTime(1_300);
    expect(sent).toEqual(['o1', 'g1', 'o2']);
    vi.advanceTimersByTime(2_000);
    expect(sent).toEqual(['o1', 'g1', 'o2', 'g2']);
  });

  it('paces per budget: a waiting budget does not hold up another', () => {
    const sent: string[] = [];
    const pacer = new RatePacer({ limits: { outcome: { minutely: 1, hourly: 100 } }, minuteMs: 1_000 });
    const outbox = new Outbox(pacer);
    outbox.attach(() => true);
    outbox.openGate();
    outbox.push(frame('portfolio1', sent, 'outcome'));
    outbox.push(frame('portfolio2', sent, 'outcome'));
    outbox.push(frame('ticks', sent, 'general'));
    outbox.push(frame('ping', sent, 'exempt'));
    expect(sent).toEqual(['portfolio1', 'ticks', 'ping']);
    vi.advanceTimersByTime(1_020);
    expect(sent).toEqual(['portfolio1', 'ticks', 'ping', 'portfolio2']);
  });
});
