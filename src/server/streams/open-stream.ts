import { streamOf } from '../../protocol/calls.js';
import { apiErrors } from '../api-error.js';
import { bareEcho, errorReply, type Echo } from '../envelope.js';
import type { RequestStreams } from './request-streams.js';
import {
  composeStreamFrame,
  payloadBytes,
  sharePayload,
  streamTemplate,
  type SharedPayload,
  type StreamTemplate,
} from './stream-message.js';
import { framePayload, textFrame } from './text-frame.js';
import type { ApiKind } from '../../protocol/options-api.js';
import { optionsPayload } from '../options-api/options-responses.js';

/**
 * Room a stream's envelope must leave under `maxResponseBytes` for its messages' payloads. Ours
 * are small (a tick about 100 bytes, an OHLC about 200, a balance about 70), so a stream that
 * opens can send every message it will ever have.
 */
export const STREAM_PAYLOAD_ALLOWANCE = 1_024;

/** What `openStream` needs of the request: a `CallContext` is one. */
export interface StreamRequest {
  /** The call and its validated request: the call table says what stream they open. */
  readonly call: string;
  readonly args: Record<string, unknown>;
  /** `api`: on the new API's connections each message is renamed (protocol/options-renames.ts). */
  readonly connection: { sendFrame(frame: Buffer): void; readonly api?: ApiKind };
  readonly echo: Echo;
  readonly requestStreams: RequestStreams;
}

/** What is the stream's own, beyond what the call table says of its call: its key and what feeds it. */
export interface StreamFeed {
  /** Identifies it on the connection, so the same one is not opened twice (`ticks:R_50`). */
  readonly key: string;
  /** Starts its messages, to `deliver`; returns what stops them. */
  readonly listen: (deliver: (payload: SharedPayload) => void) => () => void;
}

/**
 * Opens one stream on the connection: of the kind the call table gives for the request (its
 * `forget_all` type and its messages' `msg_type`), registered under `key`, fed by `listen`,
 * and stopped by `forget`, `forget_all`, logout, the close, or an error reply to its request.
 * Every kind of stream opens here, so every kind gets the same guards: the table's (the count,
 * nothing opening once the connection closed), the message size, and the bytes of envelope
 * the connection's streams may keep.
 */
export function openStream(request: StreamRequest, { key, listen }: StreamFeed): string {
  const { call, args, connection, echo, requestStreams } = request;
  const spec = streamOf(call, args);
  // A simulated stream the table does not describe: a fault in the table (test/server/call-table.test.ts).
  if (spec?.type === undefined || spec.msgType === undefined)
    throw new Error(`call table: no stream type and msg_type for ${call}`);
  const { type, msgType } = spec;
  const { limits } = requestStreams.table;
  return requestStreams.open(type, key, (id) => {
    // The field carrying a message's payload is named as its msg_type, as everywhere in v3.
    const template = streamTemplate(echo, msgType, msgType, id);
    const echoBytes = template.head.length + template.idField.length;
    if (echoBytes + STREAM_PAYLOAD_ALLOWANCE > limits.messageBytes) throw apiErrors.responseTooLarge();
    requestStreams.table.assertEchoRoom(echoBytes);
    const deliver = deliverTo(connection, template, limits.messageBytes, bareEcho(echo), id);
    // Chosen once per stream, so v3 streams do not pay for the new API's renaming at all.
    return { echoBytes, stop: listen(connection.api === 'options' ? renamedFor(msgType, template, deliver) : deliver) };
  });
}

/**
 * A stream's delivery. Its own function, so that the closure keeps the encoded envelope and
 * nothing of the request it was made from. A message that would still be over the size limit
 * goes out as `ResponseTooLarge`, as a reply would, and the stream goes on.
 */
function deliverTo(
  connection: StreamRequest['connection'],
  template: StreamTemplate,
  maxBytes: number,
  bare: Echo,
  id: string,
) {
  return (payload: SharedPayload) => {
    const length = template.head.length + template.idField.length + payloadBytes(payload);
    if (length <= maxBytes) return connection.sendFrame(composeStreamFrame(template, payload, length));
    const refusal = { ...errorReply(bare, 'error', apiErrors.responseTooLarge()), subscription: { id } };
    connection.sendFrame(textFrame([Buffer.from(JSON.stringify(refusal))]));
  };
}

/**
 * The new API's delivery: each payload parsed, renamed and serialised again, then delivered as
 * any other. Slower than v3's shared bytes, which the new API has no need of yet.
 */
function renamedFor(msgType: string, template: StreamTemplate, deliver: (payload: SharedPayload) => void) {
  return (payload: SharedPayload) => {
    // Read back from the frame v3 would send, whatever pieces the payload is made of.
    const message = JSON.parse(framePayload(composeStreamFrame(template, payload)).toString());
    const { id: _id, ...renamed } = optionsPayload(msgType, message[msgType]) as Record<string, unknown>;
    // `id` where v3 puts it, in key order; the frame needs a field after it, so before the last at worst.
    const keys = Object.keys(renamed);
    const idBefore = keys.find((key) => key > 'id') ?? keys.at(-1);
    deliver(idBefore === undefined ? payload : sharePayload(renamed, idBefore));
  };
}
