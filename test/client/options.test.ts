import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { DerivClient as BrowserClient } from '../../src/client/index.js';
import { DerivClient, InvalidOptionError } from '../../src/client/node.js';

describe('client options', () => {
  it.each([
    ['appId', { appId: '0' }],
    ['appId', { appId: 'abc' }],
    ['appId', { appId: 12.5 }],
    ['endpoint', { endpoint: 'ws.derivws.com/websockets/v3' }],
    ['endpoint', { endpoint: '' }],
    ['lang', { lang: 'english' }],
    ['brand', { brand: 'a brand' }],
    ['url', { url: 'http://example.com' }],
    ['url', { url: 42 }],
    ['WebSocket', { WebSocket: 'ws' }],
    ['requestTimeoutMs', { requestTimeoutMs: -1 }],
    ['requestTimeoutMs', { requestTimeoutMs: Number.NaN }],
    ['connectTimeoutMs', { connectTimeoutMs: 0 }],
    ['pingIntervalMs', { pingIntervalMs: -5 }],
    ['pongTimeoutMs', { pongTimeoutMs: Infinity }],
    ['pongTimeoutMs', { pongTimeoutMs: 2 ** 31 }],
  ])('rejects a bad %s at once, naming it', (option, options) => {
    let error: unknown;
    try {
      new DerivClient(options as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    expect((error as InvalidOptionError).code).toBe('InvalidOption');
    expect((error as Error).message).toContain(option);
  });

  it('checks a call’s own options as it checks the client’s: send rejects, subscribe throws', async () => {
    const client = new DerivClient({ url: 'ws://127.0.0.1:9/websockets/v3?app_id=1089' });
    await expect(client.send({ ping: 1 }, { timeoutMs: 2 ** 31 })).rejects.toMatchObject({
      code: 'InvalidOption',
      option: 'timeoutMs',
    });
    await expect(client.send({ ping: 1 }, { timeoutMs: -1 })).rejects.toBeInstanceOf(InvalidOptionError);
    expect(() => client.subscribe({ ticks: 'R_50' }, { bufferSize: 0 })).toThrow(/bufferSize/);
    expect(() => client.subscribe({ ticks: 'R_50' }, { bufferSize: 2.5 })).toThrow(InvalidOptionError);
    expect(() => client.subscribe({ ticks: 'R_50' }, { overflow: 'drop-all' as never })).toThrow(/overflow/);
    expect(() => client.subscribe({ ticks: 'R_50' }, { timeoutMs: NaN })).toThrow(/timeoutMs/);
    expect(client.state).toEqual({ status: 'idle' });
  });

  it('accepts the defaults without connecting', () => {
    const client = new DerivClient();
    expect(client.state).toEqual({ status: 'idle' });
  });

  it('the browser build needs a WebSocket where there is no global one', () => {
    // Node 22 and later have a global WebSocket; this is about runtimes without one.
    vi.stubGlobal('WebSocket', undefined);
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    expect(() => new BrowserClient()).toThrow(InvalidOptionError);
    expect(() => new BrowserClient()).toThrow(/WebSocket/);
  });

  it('keep-alive can be turned off with 0', () => {
    expect(() => new DerivClient({ pingIntervalMs: 0 })).not.toThrow();
  });
});
