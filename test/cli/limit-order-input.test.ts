import { describe, expect, it } from 'vitest';
import { parseLimitOrderChange } from '../../src/cli/limit-order-input.js';

describe("the REPL's update arguments", () => {
  it('tp=N and sl=N set an order, =none removes it, one left out stays', () => {
    expect(parseLimitOrderChange(['tp=5', 'sl=2.5'])).toEqual({ take_profit: 5, stop_loss: 2.5 });
    expect(parseLimitOrderChange(['sl=none'])).toEqual({ stop_loss: null });
    expect(parseLimitOrderChange(['tp=none', 'tp=3'])).toEqual({ take_profit: 3 });
  });

  it('anything else is a usage error that says what to type', () => {
    expect(() => parseLimitOrderChange([])).toThrow('give tp=N and/or sl=N, e.g. update 12345 tp=5 sl=none');
    expect(() => parseLimitOrderChange(['5'])).toThrow('"5" is not tp=N or sl=N (N an amount, or none)');
    expect(() => parseLimitOrderChange(['take_profit=5'])).toThrow('"take_profit=5" is not tp=N or sl=N');
    expect(() => parseLimitOrderChange(['tp=lots'])).toThrow('tp must be a number 0 or more, not "lots"');
    expect(() => parseLimitOrderChange(['sl=-1'])).toThrow('sl must be a number 0 or more, not "-1"');
  });
});
