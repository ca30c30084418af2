import { describe, expect, it } from 'vitest';
import { CALLS, isMoneyMoving } from '../../src/protocol/calls.js';

describe('the call table', () => {
  it('lists the 137 documented calls', () => {
    expect(CALLS.size).toBe(137);
  });

  it('marks every money-moving call, and nothing read-only as such', () => {
    for (const name of ['buy', 'sell', 'transfer_between_accounts', 'cashier', 'paymentagent_transfer', 'contract_update', 'cancel', 'topup_virtual', 'p2p_order_create', 'p2p_order_confirm', 'p2p_advert_create', 'mt5_deposit', 'mt5_withdrawal', 'sell_expired']) {
      expect(isMoneyMoving(name), name).toBe(true);
    }
    for (const name of ['ping', 'time', 'ticks', 'ticks_history', 'balance', 'proposal', 'p2p_order_list', 'statement', 'authorize']) {
      expect(isMoneyMoving(name), name).toBe(false);
    }
  });

  it('records authorization and scopes', () => {
    expect(CALLS.get('balance')).toMatchObject({ authRequired: true, scopes: ['read', 'trading_information'], subscribe: 'optional' });
    expect(CALLS.get('buy')).toMatchObject({ authRequired: true, scopes: ['trade'], retry: 'money' });
    expect(CALLS.get('ticks')).toMatchObject({ authRequired: false, subscribe: 'always', key: { kind: 'symbols' } });
    expect(CALLS.get('ping')).toMatchObject({ authRequired: false, scopes: [], key: { kind: 'one' } });
    const authRequired = [...CALLS.values()].filter((call) => call.authRequired).length;
    expect(authRequired).toBe(100);
  });

  it('every call that needs authorization names at least one scope', () => {
    for (const call of CALLS.values()) {
      if (call.authRequired) expect(call.scopes.length, call.name).toBeGreaterThan(0);
    }
  });
});
