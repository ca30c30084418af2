import { describe, expect, it } from 'vitest';
import { RestartBudget } from '../../../src/server/cluster/restart-budget.js';

describe('the restart budget', () => {
  it('doubles the wait for each restart in the last minute, up to the longest', () => {
    let now = 0;
    const budget = new RestartBudget(
      { restartDelayMs: 100, maxRestartDelayMs: 1_000, maxRestartsPerMinute: 10 },
      () => now,
    );
    const waits = Array.from({ length: 6 }, () => budget.grant());
    expect(waits).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    // A minute later the old restarts no longer count: back to the shortest wait.
    now += 60_001;
    expect(budget.recent).toBe(0);
    expect(budget.grant()).toBe(100);
  });

  it('grants no more than the cap in any minute, and says when it will again', () => {
    let now = 0;
    const budget = new RestartBudget({ restartDelayMs: 10, maxRestartDelayMs: 10, maxRestartsPerMinute: 2 }, () => now);
    expect(budget.grant()).toBe(10);
    now = 20_000;
    expect(budget.grant()).toBe(10);
    now = 30_000;
    expect(budget.grant()).toBeUndefined();
    expect(budget.untilNextGrant()).toBe(30_000);
    now = 60_001;
    expect(budget.untilNextGrant()).toBe(0);
    expect(budget.grant()).toBe(10);
    expect(budget.grant()).toBeUndefined();
  });

  it('with a cap of 0 never grants one', () => {
    const budget = new RestartBudget({ restartDelayMs: 10, maxRestartDelayMs: 10, maxRestartsPerMinute: 0 });
    expect(budget.grant()).toBeUndefined();
    expect(budget.untilNextGrant()).toBe(Infinity);
  });
});
