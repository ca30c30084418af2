import { describe, expect, it } from 'vitest';
import { CALLS } from '../../src/protocol/calls.js';
import { RESUMABLE_MONEY_STREAMS, followsOneContract, resumeRequestFor } from '../../src/protocol/money-streams.js';
import { retryAction, type RetryCandidate } from '../../src/client/retry-policy.js';

const reconnecting = { retryReadOnly: true, reconnecting: true };
const candidate = (call: string, overrides: Partial<RetryCandidate> = {}): RetryCandidate => ({
  call,
  kind: 'call',
  sent: true,
  internal: false,
  resumable: false,
  ...overrides,
});

describe('retryAction: the one decision on sending again', () => {
  it('never sends a money-moving request again, for any call the table marks as moving money, call or stream', () => {
    const money = [...CALLS.values()].filter((info) => info.retry === 'money');
    expect(money.length).toBeGreaterThan(20);
    for (const { name, subscribe } of money) {
      for (const event of ['connection-lost', 'rate-limited'] as const) {
        expect(retryAction(event, candidate(name), reconnecting), `${name} ${event}`).toBe('give-up');
        if (subscribe !== 'none') {
          expect(retryAction(event, candidate(name, { kind: 'stream' }), reconnecting), `${name} stream ${event}`).toBe(
            'give-up',
          );
        }
      }
      // Whatever the options say.
      expect(retryAction('connection-lost', candidate(name), { retryReadOnly: true, reconnecting: true })).not.toBe(
        'resend',
      );
    }
  });

  it('a money-moving stream whose reply named what it opened is resumed by id after a drop, never re-sent', () => {
    for (const call of RESUMABLE_MONEY_STREAMS) {
      expect(retryAction('connection-lost', candidate(call, { kind: 'stream', resumable: true }), reconnecting)).toBe(
        'resume',
      );
      // A RateLimit refusal opened nothing: there is nothing to follow.
      expect(retryAction('rate-limited', candidate(call, { kind: 'stream', resumable: true }), reconnecting)).toBe(
        'give-up',
      );
    }
  });

  it('every money-moving call that streams has a way to be followed again, by a read-only streaming call', () => {
    const streaming = [...CALLS.values()]
      .filter((info) => info.retry === 'money' && info.subscribe !== 'none')
      .map((info) => info.name);
    expect(streaming.sort()).toEqual([...RESUMABLE_MONEY_STREAMS].sort());
    const replies: Record<string, Record<string, unknown>> = {
      buy: { msg_type: 'buy', buy: { contract_id: 123 } },
      p2p_order_create: { msg_type: 'p2p_order_create', p2p_order_create: { id: '77' } },
      p2p_advertiser_create: { msg_type: 'p2p_advertiser_create', p2p_advertiser_create: { id: '9' } },
    };
    for (const call of streaming) {
      const next = resumeRequestFor(call, replies[call]!)!;
      const [resumeCall] = Object.keys(next);
      const info = CALLS.get(resumeCall!)!;
      expect(info.retry, `${call} resumes with ${resumeCall}`).toBe('read');
      expect(info.subscribe).not.toBe('none');
      expect(next.subscribe).toBe(1);
    }
    expect(resumeRequestFor('buy', replies.buy!)).toEqual({
      proposal_open_contract: 1,
      contract_id: 123,
      subscribe: 1,
    });
    expect(resumeRequestFor('p2p_order_create', replies.p2p_order_create!)).toEqual({
      p2p_order_info: 1,
      id: '77',
      subscribe: 1,
    });
    // A reply that names nothing cannot be followed.
    expect(resumeRequestFor('buy', { msg_type: 'buy', buy: {} })).toBeUndefined();
    expect(resumeRequestFor('time', { msg_type: 'time', time: 1 })).toBeUndefined();
  });

  it('what was never sent waits for the next connection, whatever it is', () => {
    for (const call of ['buy', 'time', 'forget', 'ticks']) {
      expect(retryAction('connection-lost', candidate(call, { sent: false }), reconnecting)).toBe('wait');
      expect(retryAction('connection-lost', candidate(call, { sent: false, kind: 'stream' }), reconnecting)).toBe(
        'wait',
      );
    }
  });

  it('read-only calls go again when the options allow it; the client’s own and write calls never do', () => {
    expect(retryAction('connection-lost', candidate('time'), reconnecting)).toBe('resend');
    expect(retryAction('rate-limited', candidate('time'), reconnecting)).toBe('resend');
    expect(retryAction('connection-lost', candidate('time'), { retryReadOnly: false, reconnecting: true })).toBe(
      'give-up',
    );
    expect(retryAction('connection-lost', candidate('time'), { retryReadOnly: true, reconnecting: false })).toBe(
      'give-up',
    );
    expect(retryAction('connection-lost', candidate('ping', { internal: true }), reconnecting)).toBe('give-up');
    expect(retryAction('connection-lost', candidate('forget'), reconnecting)).toBe('give-up');
    expect(retryAction('connection-lost', candidate('not_a_call'), reconnecting)).toBe('give-up');
  });

  it('read-only streams are requested again after a drop and after a RateLimit refusal', () => {
    for (const event of ['connection-lost', 'rate-limited'] as const) {
      expect(retryAction(event, candidate('ticks', { kind: 'stream' }), reconnecting)).toBe('resend');
      expect(
        retryAction(event, candidate('proposal_open_contract', { kind: 'stream' }), {
          retryReadOnly: false,
          reconnecting: true,
        }),
      ).toBe('resend');
    }
  });

  it('knows which streams follow one contract (the server ends those after is_sold)', () => {
    expect(followsOneContract('buy', { buy: '1' })).toBe(true);
    expect(followsOneContract('proposal_open_contract', { proposal_open_contract: 1, contract_id: 5 })).toBe(true);
    expect(followsOneContract('proposal_open_contract', { proposal_open_contract: 1 })).toBe(false);
    expect(followsOneContract('ticks', { ticks: 'R_50' })).toBe(false);
  });
});
