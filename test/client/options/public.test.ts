import { describe, expect, it, onTestFinished } from 'vitest';
import { DerivClient, optionsSocketUrl } from '../../../src/client/options-node.js';
import { QUICK, optionsServer } from './fixture.js';

describe('the new API: a public client', () => {
  it('streams ticks and prices proposals on the public socket, with no token, OTP or balance', async () => {
    const server = await optionsServer();
    const client = new DerivClient({
      api: 'options',
      public: true,
      url: optionsSocketUrl(`ws://127.0.0.1:${server.port}`, 'public'),
      ...QUICK,
    });
    onTestFinished(() => client.close());
    expect(client.rest).toBeUndefined();
    const epochs: number[] = [];
    for await (const message of client.subscribe({ ticks: 'R_50' })) {
      expect(message.tick?.symbol).toBe('R_50');
      epochs.push(message.tick!.epoch!);
      if (epochs.length === 3) break;
    }
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    const priced = await client.send({
      proposal: 1,
      underlying_symbol: 'R_50',
      contract_type: 'PUT',
      currency: 'USD',
      basis: 'stake',
      amount: 5,
      duration: 5,
      duration_unit: 't',
    });
    expect(priced.proposal.ask_price).toBe(5);
    expect(client.account).toBeUndefined();
    expect(server.callCount('balance')).toBe(0);
    expect(server.otpsIssued).toBe(0);
    await expect(client.switchAccount('VRTC800001')).rejects.toThrow('a public client has no account');
  });
});
