import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { guardRequests, guardUpgrades } from '../../src/server/http-guard.js';
import type { Logger } from '../../src/server/logger.js';
import { exchange, requestText, statusCodes, UPGRADE_HEADERS } from '../support/raw-http.js';

/** A real HTTP server on 127.0.0.1:0, closed when the test ends. */
async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  onTestFinished(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: () => {}, warn: () => {}, error: (line) => lines.push(line) };
}

const SECRET_TARGET = '/boom?otp=OneTimeSecret123';

describe('the request guard', () => {
  it('answers a request whose listener throws with 500, logs the kind of failure only, and serves the next one', async () => {
    const logger = recordingLogger();
    let calls = 0;
    const port = await listen(
      createServer(
        guardRequests((request, response) => {
          if (calls++ === 0) throw new TypeError(`cannot handle ${request.url}`);
          response.end('fine');
        }, logger),
      ),
    );
    const failed = await exchange(port, requestText(SECRET_TARGET));
    expect(statusCodes(failed)).toEqual([500]);
    expect(failed).toContain('Internal server error\n');
    expect(logger.lines).toEqual([
      expect.stringMatching(
        /^failed answering an HTTP request \(answered 500\): TypeError at http-guard\.test\.ts:\d+$/,
      ),
    ]);
    expect(logger.lines.join('')).not.toContain('OneTimeSecret123');
    expect(statusCodes(await exchange(port, requestText('/')))).toEqual([200]);
  });

  it('drops the socket when the listener throws after its answer has begun', async () => {
    const port = await listen(
      createServer(
        guardRequests((_request, response) => {
          response.writeHead(200, { 'Content-Length': '100' }).write('partial');
          throw new Error('half way');
        }, recordingLogger()),
      ),
    );
    // The exchange ends (the socket closed, short of the 100 bytes promised), with no 500 tacked on.
    const response = await exchange(port, requestText('/'));
    expect(statusCodes(response)).not.toContain(500);
    expect(response).not.toContain('Internal server error');
  });

  it('answers an upgrade whose listener throws with 500 {"error":"InternalServerError"}, even when the logger throws too', async () => {
    const server = createServer();
    const throwing: Logger = {
      info: () => {},
      warn: () => {},
      error: () => {
        throw new Error('log disk full');
      },
    };
    server.on(
      'upgrade',
      guardUpgrades(() => {
        throw new RangeError('bad upgrade');
      }, throwing),
    );
    const port = await listen(server);
    expect(await exchange(port, requestText('/websockets/v3?app_id=1089', UPGRADE_HEADERS))).toBe(
      'HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 31\r\n\r\n{"error":"InternalServerError"}',
    );
  });

  it('drops an upgraded socket whose listener throws after the 101', async () => {
    const server = createServer();
    server.on(
      'upgrade',
      guardUpgrades((_request, socket) => {
        socket.write('HTTP/1.1 101 Switching Protocols\r\n\r\n');
        throw new Error('after the handshake');
      }, recordingLogger()),
    );
    const port = await listen(server);
    expect(await exchange(port, requestText('/', UPGRADE_HEADERS))).toBe('HTTP/1.1 101 Switching Protocols\r\n\r\n');
  });
});
