import { describe, expect, it } from 'vitest';
import {
  OPTIONS_ACCOUNT_CALLS,
  OPTIONS_CALL_NAMES,
  OPTIONS_REQUEST_CHANGES,
  OPTIONS_STREAM_TYPES,
  REMOVED_FROM_EVERY_REQUEST,
  type OptionsCall,
} from '../../../src/protocol/options-renames.js';
import { RawSocket } from '../../support/raw-socket.js';
import { CALL_5T, VALID } from './requests.js';
import { optionsServer, publicUrl } from './support.js';

/** One old name sent on the new API: the request, and the field the error names. */
interface OldName {
  call: OptionsCall;
  field: string;
  request: Record<string, unknown>;
}

/** Every old name the renames table knows, each in an otherwise valid request: removed fields added, renamed ones in place of the new. */
function oldNames(): OldName[] {
  const cases: OldName[] = [];
  for (const call of OPTIONS_CALL_NAMES) {
    const changes = OPTIONS_REQUEST_CHANGES[call];
    const valid = VALID[call];
    for (const field of [...REMOVED_FROM_EVERY_REQUEST, ...(changes?.removed ?? [])])
      cases.push({ call, field, request: { ...valid, [field]: 'x' } });
    for (const [old, name] of Object.entries(changes?.renamed ?? {})) {
      const { [name]: value, ...rest } = valid;
      cases.push({ call, field: old, request: { ...rest, [old]: value } });
    }
    const parameters = valid.parameters as Record<string, unknown> | undefined;
    if (!parameters || !changes?.parameters) continue;
    for (const field of [...REMOVED_FROM_EVERY_REQUEST, ...(changes.parameters.removed ?? [])])
      cases.push({ call, field, request: { ...valid, parameters: { ...parameters, [field]: 1 } } });
    for (const [old, name] of Object.entries(changes.parameters.renamed ?? {})) {
      const { [name]: value, ...rest } = parameters;
      cases.push({ call, field: old, request: { ...valid, parameters: { ...rest, [old]: value } } });
    }
  }
  return cases;
}

async function publicSocket() {
  const server = await optionsServer();
  return RawSocket.open(publicUrl(server));
}

describe('requests on the new API', () => {
  it('accepts each call in its new names: public calls answer, account calls need an account', async () => {
    const raw = await publicSocket();
    let reqId = 0;
    for (const call of OPTIONS_CALL_NAMES) {
      const reply = await raw.requestById({ ...VALID[call], req_id: ++reqId });
      if (OPTIONS_ACCOUNT_CALLS.has(call))
        // A guess (docs/migrating-to-the-new-api.md): Deriv documents no error for this.
        expect(reply.error, call).toEqual({ code: 'AuthorizationRequired', message: 'Please log in.' });
      // trading_times is not simulated, on either API.
      else if (call === 'trading_times') expect(reply.error.code).toBe('NotSimulated');
      else expect(reply.error, call).toBeUndefined();
      expect(reply.msg_type).toBe(
        ({ ticks: 'tick', ticks_history: 'history' } as Record<string, string>)[call] ?? call,
      );
    }
    expect([...OPTIONS_ACCOUNT_CALLS].sort()).toEqual(
      [
        'balance',
        'buy',
        'cancel',
        'contract_update',
        'contract_update_history',
        'portfolio',
        'profit_table',
        'proposal_open_contract',
        'sell',
        'statement',
        'transaction',
      ].sort(),
    );
  });

  it('refuses every old name with InputValidationFailed, on every call', async () => {
    const raw = await publicSocket();
    const cases = oldNames();
    // Every call has loginid; the table's own renames and removals are all there.
    expect(cases.length).toBeGreaterThan(OPTIONS_CALL_NAMES.length + 15);
    let reqId = 0;
    for (const { call, field, request } of cases) {
      const sent = { ...request, req_id: ++reqId };
      const reply = await raw.requestById(sent);
      const what = `${call} with ${field}`;
      expect(reply.msg_type, what).toBe(call);
      expect(reply.error?.code, what).toBe('InputValidationFailed');
      expect(reply.error.message, what).toMatch(/^Input validation failed: /);
      // The old name is the extra property; a renamed one also leaves the new one missing where required.
      expect(reply.error.message, what).toContain(`Properties not allowed: ${field}.`);
      expect(reply.echo_req, what).toEqual(sent);
    }
  });

  it('names what a renamed field left missing in details, as v3 does', async () => {
    const raw = await publicSocket();
    const { underlying_symbol, ...parameters } = CALL_5T;
    const reply = await raw.request({ buy: '1', price: 10, parameters: { ...parameters, symbol: underlying_symbol } });
    expect(reply.error).toEqual({
      code: 'InputValidationFailed',
      message: 'Input validation failed: parameters/underlying_symbol, Properties not allowed: symbol.',
      details: { 'parameters/underlying_symbol': 'Missing property.' },
    });
  });

  it('takes no price as a string, and coerces nothing', async () => {
    const raw = await publicSocket();
    for (const request of [
      { buy: '1', price: '10', parameters: CALL_5T },
      { sell: 1, price: '0' },
    ]) {
      const reply = await raw.request(request);
      expect(reply.error).toEqual({
        code: 'InputValidationFailed',
        message: 'Input validation failed: price',
        details: { price: 'Expected number - got string.' },
      });
    }
    const reply = await raw.request({ ping: 1, req_id: '5' });
    expect(reply.error.code).toBe('InputValidationFailed');
  });

  it('answers calls outside its set as v3 answers an unknown call', async () => {
    const raw = await publicSocket();
    for (const request of [
      { authorize: 'a1-SellTraderTokenAbcdefghijklm' },
      { website_status: 1 },
      { payout_currencies: 1 },
      { topup_virtual: 1 },
      { logout: 1 },
      { sell_expired: 1 },
      { landing_company: 'id' },
      { no_such_call: 1 },
    ]) {
      const reply = await raw.request(request);
      expect(reply.msg_type, JSON.stringify(request)).toBe('error');
      expect(reply.error).toEqual({ code: 'UnrecognisedRequest', message: 'Unrecognised request' });
    }
    // A v3 call's name as a field is only a field too many: dispatch knows the new API's calls only.
    const reply = await raw.request({ active_symbols: 'brief', landing_company: 'svg' });
    expect(reply.msg_type).toBe('active_symbols');
    expect(reply.error.message).toContain('Properties not allowed: landing_company.');
  });

  it("forget_all takes the new API's stream types only", async () => {
    const raw = await publicSocket();
    expect((await raw.answered({ forget_all: [...OPTIONS_STREAM_TYPES] })).forget_all).toEqual([]);
    for (const type of ['p2p_order', 'website_status']) {
      const reply = await raw.request({ forget_all: type });
      expect(reply.error.code, type).toBe('InputValidationFailed');
    }
  });

  it('keeps echo_req as sent while the handler sees v3 names', async () => {
    const raw = await publicSocket();
    const request = { proposal: 1, ...CALL_5T, req_id: 3, passthrough: { mine: true } };
    const reply = await raw.answered(request);
    expect(reply.echo_req).toEqual(request);
    expect(reply.passthrough).toEqual({ mine: true });
    expect(reply.proposal.longcode).toContain('Volatility 100 Index');
  });

  it('leaves v3 as it was: contracts_list is unknown there, and old names work', async () => {
    const server = await optionsServer();
    const raw = await RawSocket.open(server.url);
    expect((await raw.request({ contracts_list: 1 })).error.code).toBe('UnrecognisedRequest');
    const { underlying_symbol, ...parameters } = CALL_5T;
    const reply = await raw.answered({ proposal: 1, ...parameters, symbol: underlying_symbol });
    expect(reply.proposal.id).toBeTypeOf('string');
    expect((await raw.answered({ active_symbols: 'brief', product_type: 'basic' })).active_symbols[0].symbol).toBe(
      'R_10',
    );
  });
});
