import { describe, expect, it } from 'vitest';
import type { StreamCallName } from '../../src/client/types.js';
import { defaultOverflow } from '../../src/client/streams.js';
import { callTableProblems } from '../../src/protocol/call-table-checks.js';
import {
  AUTHENTICATED_STREAMS,
  CALLS,
  type CallInfo,
  isMoneyMoving,
  SENSITIVE_BY_CALL,
  streamOf,
  TABLE,
} from '../../src/protocol/calls.js';
import { rateBucketOf } from '../../src/protocol/rate-limits.js';

/**
 * Every `StreamCallName`, once. The type checker refuses a name missing here or one that is
 * not a `StreamCallName`, so these keys are exactly the type's; the test below holds them to
 * the table.
 */
const STREAM_CALL_NAMES: Record<StreamCallName, true> = {
  balance: true,
  buy: true,
  crypto_estimations: true,
  exchange_rates: true,
  p2p_advert_info: true,
  p2p_advertiser_create: true,
  p2p_advertiser_info: true,
  p2p_order_create: true,
  p2p_order_info: true,
  p2p_order_list: true,
  p2p_settings: true,
  proposal: true,
  proposal_open_contract: true,
  ticks: true,
  ticks_batch: true,
  ticks_history: true,
  transaction: true,
  website_status: true,
};

describe('the call table', () => {
  it('lists the 137 documented calls', () => {
    expect(CALLS.size).toBe(137);
  });

  it('keeps its own rules (checked here, not in every client that loads it)', () => {
    expect(callTableProblems(CALLS, SENSITIVE_BY_CALL, TABLE)).toEqual([]);
  });

  it('the rules catch a table that breaks them', () => {
    const balance = CALLS.get('balance')!;
    const broken = new Map<string, CallInfo>([
      ['balance', balance],
      ['quiet', { ...balance, name: 'quiet', subscribe: 'none' }],
      [
        'mixed',
        {
          ...balance,
          name: 'mixed',
          streams: [
            { type: 'ticks', msgType: 'tick' },
            { type: 'balance', msgType: 'balance' },
          ],
        },
      ],
      ['odd', { ...balance, name: 'odd', accountStream: false, streams: [{ type: 'nonsense', msgType: undefined }] }],
      ['tickish', { ...balance, name: 'tickish', accountStream: false, streams: [{ type: 'ticks', msgType: 'tick' }] }],
    ]);
    expect(
      callTableProblems(
        broken,
        { nowhere: ['token'] },
        ['balance 1 read opt r g balance account,loud 1', 'ticks 0 - always r x ticks:tick - %'].join('\n'),
      ),
    ).toEqual([
      'balance has unknown flag loud',
      'bad row ticks 0 - always r x ticks:tick - %',
      'ticks has a bad key rule %',
      'quiet does not stream, yet has a stream column or stream flags',
      'mixed has two kinds of stream other than ticks|candles',
      'odd has unknown stream type nonsense',
      'sensitive fields of unknown call nowhere',
      'the ticks streams disagree on `account`',
    ]);
  });

  it('marks every money-moving call, and nothing read-only as such', () => {
    for (const name of [
      'buy',
      'sell',
      'transfer_between_accounts',
      'cashier',
      'paymentagent_transfer',
      'contract_update',
      'cancel',
      'topup_virtual',
      'p2p_order_create',
      'p2p_order_confirm',
      'p2p_advert_create',
      'mt5_deposit',
      'mt5_withdrawal',
      'sell_expired',
    ]) {
      expect(isMoneyMoving(name), name).toBe(true);
    }
    for (const name of [
      'ping',
      'time',
      'ticks',
      'ticks_history',
      'balance',
      'proposal',
      'p2p_order_list',
      'statement',
      'authorize',
    ]) {
      expect(isMoneyMoving(name), name).toBe(false);
    }
  });

  it('records authorization and scopes', () => {
    expect(CALLS.get('balance')).toMatchObject({
      authRequired: true,
      scopes: ['read', 'trading_information'],
      subscribe: 'optional',
    });
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

  it('StreamCallName is exactly the calls the table marks as streaming', () => {
    const streaming = [...CALLS.values()].filter((call) => call.subscribe !== 'none').map((call) => call.name);
    expect(Object.keys(STREAM_CALL_NAMES).sort()).toEqual(streaming.sort());
  });

  it('gives each stream the forget_all type it answers to; ticks_history ticks or candles as the request asks', () => {
    expect(streamOf('ticks', { ticks: 'R_50' })).toEqual({ type: 'ticks', msgType: 'tick' });
    expect(streamOf('ticks_history', { ticks_history: 'R_50' })).toEqual({ type: 'ticks', msgType: 'tick' });
    expect(streamOf('ticks_history', { ticks_history: 'R_50', style: 'ticks', granularity: 60 })).toEqual({
      type: 'ticks',
      msgType: 'tick',
    });
    expect(streamOf('ticks_history', { ticks_history: 'R_50', granularity: 60 })).toEqual({
      type: 'candles',
      msgType: 'ohlc',
    });
    expect(streamOf('ticks_history', { ticks_history: 'R_50', style: 'candles' })).toEqual({
      type: 'candles',
      msgType: 'ohlc',
    });
    expect(streamOf('balance', {})).toEqual({ type: 'balance', msgType: 'balance' });
    expect(streamOf('buy', {})?.type).toBe('proposal_open_contract');
    expect(streamOf('p2p_order_create', {})?.type).toBe('p2p_order');
    expect(streamOf('exchange_rates', {})).toBeUndefined();
    expect(streamOf('ping', {})).toBeUndefined();
  });

  it('records the rate budget of each call', () => {
    expect(['ping', 'time'].map(rateBucketOf)).toEqual([undefined, undefined]);
    expect(['portfolio', 'statement', 'profit_table', 'reality_check'].map(rateBucketOf)).toEqual(
      Array(4).fill('outcome'),
    );
    expect(['proposal', 'proposal_open_contract'].map(rateBucketOf)).toEqual(['pricing', 'pricing']);
    expect(['ticks', 'buy', 'authorize', 'a_scripted_call'].map(rateBucketOf)).toEqual(Array(4).fill('general'));
    const limited = [...CALLS.values()].filter((call) => call.budget !== undefined).length;
    expect(limited).toBe(135);
  });

  it('records which calls the front end answers, which streams carry events, and which belong to the account', () => {
    const flagged = (flag: 'inProcess' | 'eventStream' | 'accountStream') =>
      [...CALLS.values()].filter((call) => call[flag]).map((call) => call.name);
    expect(flagged('inProcess')).toEqual(['forget', 'forget_all', 'ping', 'time']);
    expect(flagged('eventStream')).toEqual(['p2p_order_create', 'p2p_order_info', 'p2p_order_list', 'transaction']);
    expect(defaultOverflow('transaction')).toBe('error');
    expect(defaultOverflow('ticks')).toBe('drop-oldest');
    expect([...AUTHENTICATED_STREAMS].sort()).toEqual(['balance', 'proposal_open_contract', 'transaction']);
  });
});
