import { apiErrors } from '../api-error.js';
import { bareEcho, errorReply, type Echo } from '../envelope.js';
import type { RequestStreams } from './request-streams.js';
import { composeStreamFrame, streamTemplate, type SharedPayload, type StreamTemplate } from './stream-message.js';
import { textFrame } from './text-frame.js';

/**
 * Room a stream's envelope must leave under `maxResponseBytes` for its messages' payloads. Ours
 * are small (a tick about 100 bytes, an OHLC about 200, a balance about 70), so a stream that
 * opens can send every message it will ever have.
 */
export const STREAM_PAYLOAD_ALLOWANCE = 1_024;

/** What `openStream` needs of the request: a `CallContext` is one. */
export interface StreamRequest {
  readonly connection: { sendFrame(frame: Buffer): void };
  readonly echo: Echo;
  readonly requestStreams: RequestStreams;
}

/**
 * Opens one stream on the connection: registered under `key`, fed by `listen`, and stopped
 * by `forget`, `forget_all`, logout, the close, or an error reply to its request. Every kind
 * of stream opens here, so every kind gets the same guards: the table's (the count, nothing
 * opening once the connection closed), the message size, and the bytes of envelope the
 * connection's streams may keep.
 */
export function openStream(
  request: StreamRequest,
  type: string,
  key: string,
  msgType: string,
  payloadKey: string,
  listen: (deliver: (payload: SharedPayload) => void) => () => void,
): string {
  const { connection, echo, requestStreams } = request;
  const { limits } = requestStreams.table;
  return requestStreams.open(type, key, (id) => {
    const template = streamTemplate(echo, msgType, payloadKey, id);
    const echoBytes = template.head.length + template.idField.length;
    if (echoBytes + STREAM_PAYLOAD_ALLOWANCE > limits.messageBytes) throw apiErrors.responseTooLarge();
    requestStreams.table.assertEchoRoom(echoBytes);
    return { echoBytes, stop: listen(deliverTo(connection, template, limits.messageBytes, bareEcho(echo), id)) };
  });
}

/**
 * A stream's delivery. Its own function, so that the closure keeps the encoded envelope and
 * nothing of the request it was made from. A message that would still be over the size limit
 * goes out as `ResponseTooLarge`, as a reply would, and the stream goes on.
 */
function deliverTo(connection: StreamRequest['connection'], template: StreamTemplate, maxBytes: number, bare: Echo, id: string) {
  return (payload: SharedPayload) => {
    const length = template.head.length + payload.before.length + template.idField.length + payload.after.length;
    if (length <= maxBytes) return connection.sendFrame(composeStreamFrame(template, payload));
    const refusal = { ...errorReply(bare, 'error', apiErrors.responseTooLarge()), subscription: { id } };
    connection.sendFrame(textFrame([Buffer.from(JSON.stringify(refusal))]));
  };
}
