import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { WebSocket as WsSocket, WebSocketServer } from 'ws';
import { ClientConnection } from '../../src/server/connection.js';
import { openStream } from '../../src/server/streams/open-stream.js';
import { RequestStreams } from '../../src/server/streams/request-streams.js';
import {
  composeStreamFrame,
  sharePayload,
  streamTemplate,
  type SharedPayload,
} from '../../src/server/streams/stream-message.js';
import { StreamTable } from '../../src/server/streams/stream-table.js';
import { framePayload, textFrame } from '../../src/server/streams/text-frame.js';

type Listener = (...args: never[]) => void;
// ws exports its framing classes but its type declarations do not.
const { Receiver, Sender } = createRequire(import.meta.url)('ws') as {
  Sender: { frame(data: Buffer, options: object): Buffer[] };
  Receiver: new (options: object) => { on(event: string, listener: Listener): void; write(chunk: Buffer): void };
};

/** What `ws` itself would put on the wire for this text, unmasked, as a server does. */
function wsFrame(payload: Buffer): Buffer {
  return Buffer.concat(Sender.frame(payload, { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false }));
}

/** Decodes frames with the receiver a `ws` client uses, so a wrong header cannot pass. */
function receive(frame: Buffer): Promise<{ text: string; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer, isBinary: boolean) => resolve({ text: data.toString(), isBinary }));
    receiver.on('error', reject);
    receiver.write(frame);
  });
}

describe('textFrame', () => {
  // Each boundary of the three length encodings (7-bit, 16-bit, 64-bit).
  for (const length of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]) {
    it(`frames ${length} bytes exactly as ws does, and ws reads them back`, async () => {
      const text = 'x'.repeat(length);
      const parts = [Buffer.from(text.slice(0, length >> 1)), Buffer.from(text.slice(length >> 1))];
      const frame = textFrame(parts);
      expect(frame.equals(wsFrame(Buffer.from(text)))).toBe(true);
      expect(framePayload(frame).toString()).toBe(text);
      await expect(receive(frame)).resolves.toEqual({ text, isBinary: false });
    });
  }

  it('cuts frames that never share bytes: each keeps its text after thousands more are made', async () => {
    const made = Array.from({ length: 3_000 }, (_, i) => {
      const text = String.fromCharCode(97 + (i % 26)).repeat((i * 37) % 9_000);
      return { text, frame: textFrame([text]) };
    });
    for (const { text, frame } of made) expect(framePayload(frame).toString()).toBe(text);
    const { text, frame } = made[1_234]!;
    await expect(receive(frame)).resolves.toEqual({ text, isBinary: false });
  });

  it('frames text parts beside byte parts and runs of both, counting multi-byte characters as UTF-8', async () => {
    const text = 'é€😀 prix: 1.23 '.repeat(500);
    const parts = [Buffer.from('{"a":'), JSON.stringify(text), [Buffer.from(',"b":'), '"ñ"'], []];
    const whole = `{"a":${JSON.stringify(text)},"b":"ñ"`;
    const frame = textFrame(parts);
    expect(frame.equals(wsFrame(Buffer.from(whole)))).toBe(true);
    await expect(receive(frame)).resolves.toEqual({ text: whole, isBinary: false });
  });
});

describe('openStream', () => {
  it('sends a stream message that would be over maxResponseBytes as ResponseTooLarge, with req_id and the subscription id, and goes on', () => {
    const table = new StreamTable({ streams: 10, echoBytes: 1 << 20, messageBytes: 2_048 });
    const sent: Record<string, unknown>[] = [];
    let deliver: ((payload: SharedPayload) => void) | undefined;
    const request = {
      call: 'ticks',
      args: { ticks: 'R_50', req_id: 9 },
      connection: { sendFrame: (frame: Buffer) => sent.push(JSON.parse(framePayload(frame).toString())) },
      echo: { echo_req: { ticks: 'R_50', req_id: 9 }, req_id: 9, passthrough: undefined },
      requestStreams: new RequestStreams(table),
    };
    const id = openStream(request, {
      key: 'ticks:R_50',
      listen: (listener) => {
        deliver = listener;
        return () => {};
      },
    });
    deliver!(sharePayload({ note: 'x'.repeat(3_000), symbol: 'R_50' }, 'symbol'));
    deliver!(sharePayload({ quote: 1, symbol: 'R_50' }, 'symbol'));
    expect(sent).toEqual([
      {
        echo_req: {},
        error: { code: 'ResponseTooLarge', message: 'Response too large.' },
        msg_type: 'error',
        req_id: 9,
        subscription: { id },
      },
      {
        echo_req: { ticks: 'R_50', req_id: 9 },
        msg_type: 'tick',
        req_id: 9,
        subscription: { id },
        tick: { quote: 1, id, symbol: 'R_50' },
      },
    ]);
    expect(table.size).toBe(1);
  });
});

describe('composeStreamFrame', () => {
  it('puts the subscriber envelope around the shared payload, with multi-byte text counted in bytes', async () => {
    const id = '0123abcd-0123-abcd-0123-0123456789ab';
    const template = streamTemplate(
      { echo_req: { ticks: 'R_50', passthrough: { note: 'café ☕' } }, req_id: 7, passthrough: { note: 'café ☕' } },
      'tick',
      'tick',
      id,
    );
    const payload = sharePayload(
      { ask: 1.5, bid: 1.4, epoch: 1_700_000_000, pip_size: 2, quote: 1.45, symbol: 'R_50' },
      'pip_size',
    );
    const { text, isBinary } = await receive(composeStreamFrame(template, payload));
    expect(isBinary).toBe(false);
    expect(text).toBe(
      `{"echo_req":{"ticks":"R_50","passthrough":{"note":"café ☕"}},"msg_type":"tick","req_id":7,"passthrough":{"note":"café ☕"},` +
        `"subscription":{"id":"${id}"},"tick":{"ask":1.5,"bid":1.4,"epoch":1700000000,"id":"${id}","pip_size":2,"quote":1.45,"symbol":"R_50"}}`,
    );
  });
});

describe('ClientConnection.sendFrame', () => {
  // Written straight to the TCP socket when ws would write synchronously anyway; through
  // ws.send when permessage-deflate is on (ws may queue frames then, so order needs ws).
  for (const perMessageDeflate of [false, true]) {
    it(`delivers frames in order with the replies around them (permessage-deflate ${perMessageDeflate ? 'on' : 'off'})`, async () => {
      const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate });
      await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
      const accepted = new Promise<WsSocket>((resolve) => wss.once('connection', resolve));
      const client = new WsSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate });
      const received: string[] = [];
      const allReceived = new Promise<void>((resolve) =>
        client.on('message', (data, isBinary) => {
          received.push(`${isBinary ? 'binary:' : ''}${data.toString()}`);
          if (received.length === 4) resolve();
        }),
      );
      const connection = new ClientConnection(
        await accepted,
        {
          api: 'v3',
          channel: undefined,
          boundAuth: undefined,
          appId: '1089',
          lang: 'EN',
          brand: 'deriv',
          appIdRegistered: true,
          remoteAddress: '127.0.0.1',
          userAgent: '',
        },
        {
          pipeline: {} as never,
          idleTimeoutMs: 0,
          maxBufferedBytes: 1 << 20,
          streamLimits: { streams: 10, echoBytes: 1 << 20, messageBytes: 1 << 20 },
          connectionSlots: new Set(),
          onClose: () => {},
        },
      );
      await new Promise((resolve) => client.once('open', resolve));
      expect(client.extensions).toBe(perMessageDeflate ? 'permessage-deflate' : '');
      connection.sendText('{"a":1}');
      connection.sendFrame(textFrame([Buffer.from('{"b":'), Buffer.from('2}')]));
      connection.sendText('{"c":3}');
      connection.sendFrame(textFrame([Buffer.from(`{"d":"${'é'.repeat(40_000)}"}`)]));
      await allReceived;
      expect(received).toEqual(['{"a":1}', '{"b":2}', '{"c":3}', `{"d":"${'é'.repeat(40_000)}"}`]);
      client.close();
      await connection.closed;
      await new Promise((resolve) => wss.close(resolve));
    });
  }
});
