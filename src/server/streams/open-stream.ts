import type { Echo } from '../envelope.js';
import { composeStreamFrame, streamTemplate, type SharedPayload } from './stream-message.js';
import type { StreamTable } from './stream-table.js';

/** What `openStream` needs of the request: a `CallContext` is one. */
export interface StreamRequest {
  readonly connection: { readonly streams: StreamTable; sendFrame(frame: Buffer): void };
  readonly echo: Echo;
}

/**
 * Opens one stream on the connection: registered under `key`, fed by `listen`, and stopped
 * by `forget`, `forget_all`, logout or the close. Every kind of stream opens here, so every
 * kind gets the table's guards (the limit, and nothing opening once the connection closed).
 */
export function openStream(
  request: StreamRequest,
  type: string,
  key: string,
  msgType: string,
  payloadKey: string,
  listen: (deliver: (payload: SharedPayload) => void) => () => void,
): string {
  const { connection, echo } = request;
  return connection.streams.add(type, key, (id) => {
    const template = streamTemplate(echo, msgType, payloadKey, id);
    return listen((payload) => connection.sendFrame(composeStreamFrame(template, payload)));
  });
}
