import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxySet } from '../../src/server/client-address.js';
import { RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';

const LB = new Set(['127.0.0.1', '10.0.0.2']);

/** A connection that says it comes through a proxy for `client` (the test's own loopback socket is the proxy). */
const through = (url: string, client: string) => RawSocket.open(url, { headers: { 'X-Forwarded-For': client } });

/** The handshake's HTTP status when refused, or 101. */
function handshakeStatus(url: string, forwardedFor: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { 'X-Forwarded-For': forwardedFor } });
    socket.on('unexpected-response', (_request, response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    socket.on('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.on('error', reject);
  });
}

describe('clientAddress', () => {
  it('believes X-Forwarded-For only from a trusted peer, and takes its right-most untrusted entry', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', LB)).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', undefined, LB)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '198.51.100.1', new Set())).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '198.51.100.1', LB)).toBe('198.51.100.1');
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.1', LB)).toBe('198.51.100.1');
    // Whatever the client wrote itself is further left: made up, and never read.
    expect(clientAddress('127.0.0.1', '6.6.6.6, 198.51.100.1', LB)).toBe('198.51.100.1');
    // A chain of trusted proxies is walked through.
    expect(clientAddress('127.0.0.1', '198.51.100.1, 10.0.0.2', LB)).toBe('198.51.100.1');
    expect(clientAddress('127.0.0.1', ['198.51.100.1', '10.0.0.2'], LB)).toBe('198.51.100.1');
    expect(clientAddress('127.0.0.1', '2001:db8::7', LB)).toBe('2001:db8::7');
    // Not an address: the walk stops at the hop that wrote it.
    expect(clientAddress('127.0.0.1', 'nonsense', LB)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '198.51.100.1, nonsense, 10.0.0.2', LB)).toBe('10.0.0.2');
    expect(clientAddress('127.0.0.1', '', LB)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', `${'1.2.3.4,'.repeat(10_000)}198.51.100.1`, LB)).toBe('198.51.100.1');
  });

  it('takes IP addresses only', () => {
    expect([...trustedProxySet(['::ffff:10.0.0.1', '2001:DB8::1'])]).toEqual(['10.0.0.1', '2001:db8::1']);
    expect(() => trustedProxySet(['lb.example.com'])).toThrow(
      new TypeError('trustedProxies: "lb.example.com" is not an IP address'),
    );
  });
});

describe('a server behind a trusted proxy', () => {
  it('caps connections per forwarded client, not per proxy', async () => {
    const server = await startServer({ trustedProxies: ['127.0.0.1'], maxConnectionsPerIp: 2 });
    await through(server.url, '198.51.100.1');
    await through(server.url, '198.51.100.1');
    expect(await handshakeStatus(server.url, '198.51.100.1')).toBe(429);
    expect(await handshakeStatus(server.url, '198.51.100.2')).toBe(101);
  });

  it('ignores X-Forwarded-For from a peer it does not trust', async () => {
    const server = await startServer({ trustedProxies: ['10.0.0.2'], maxConnectionsPerIp: 2 });
    await through(server.url, '198.51.100.1');
    await through(server.url, '198.51.100.2');
    expect(await handshakeStatus(server.url, '198.51.100.3')).toBe(429);
  });

  it('throttles failed authorizations per forwarded client', async () => {
    const server = await startServer({
      trustedProxies: ['127.0.0.1'],
      rateLimits: { failedAuthorizations: { minutely: 1, hourly: 10 } },
    });
    const fail = async (client: string) =>
      (await (await through(server.url, client)).request({ authorize: 'NoSuchToken1234' })).error.code;
    expect(await fail('198.51.100.1')).toBe('InvalidToken');
    expect(await fail('198.51.100.1')).toBe('RateLimit');
    expect(await fail('198.51.100.2')).toBe('InvalidToken');
  });
});
