import type { Echo } from '../envelope.js';
import { byteLength, type FramePart, textFrame } from './text-frame.js';

/**
 * How a stream message is put together without serialising it per subscriber.
 *
 * A tick reaches many subscribers and differs between them only in the envelope (`echo_req`,
 * `req_id`, `passthrough`, `subscription.id`) and in the payload's own `id`. So the shared
 * payload is serialised and encoded once per tick (market-payloads.ts), in two halves around
 * the `id` field, and each subscriber adds its head, encoded when the stream opened:
 *
 *   head + payloadBefore + `"id":"<id>",` + payloadAfter
 *   {"echo_req":…,"msg_type":"tick","req_id":1,"subscription":{"id":"…"},"tick":{  "ask":…,"bid":…,"epoch":…,  "id":"…",  "pip_size":4,"quote":…,"symbol":"R_50"}}
 */
export interface StreamTemplate {
  readonly head: Buffer;
  readonly idField: Buffer;
}

/**
 * A payload serialised once for every subscriber: the UTF-8 before and after its `id` field
 * (after ends with `}}`). A payload only one subscriber gets (a contract's view) may be pieces of
 * bytes and text, written straight into its frame rather than joined and encoded first.
 */
export interface SharedPayload {
  readonly before: FramePart;
  readonly after: FramePart;
}

/** A payload's size in its frame. */
export const payloadBytes = (payload: SharedPayload) => byteLength(payload.before) + byteLength(payload.after);

export function streamTemplate(
  echo: Echo,
  msgType: string,
  payloadKey: string,
  subscriptionId: string,
): StreamTemplate {
  let head = `{"echo_req":${JSON.stringify(echo.echo_req)},"msg_type":${JSON.stringify(msgType)}`;
  if (echo.req_id !== undefined) head += `,"req_id":${JSON.stringify(echo.req_id)}`;
  if (echo.passthrough !== undefined) head += `,"passthrough":${JSON.stringify(echo.passthrough)}`;
  head += `,"subscription":{"id":"${subscriptionId}"},${JSON.stringify(payloadKey)}:{`;
  return { head: Buffer.from(head), idField: Buffer.from(`"id":"${subscriptionId}",`) };
}

/** The subscriber's message as a complete WebSocket text frame, ready for the socket. */
export function composeStreamFrame(template: StreamTemplate, payload: SharedPayload, length?: number): Buffer {
  return textFrame([template.head, payload.before, template.idField, payload.after], length);
}

/**
 * Serialises a payload object whose keys are in order, splitting it at `id` (which is left
 * out of `fields` and inserted per subscriber). `idBefore` names the field `id` precedes.
 */
export function sharePayload(fields: Record<string, unknown>, idBefore: string): SharedPayload {
  // Two objects serialised whole, not each field on its own: one JSON.stringify per half is
  // several times cheaper, and a settlement serialises a payload for every ledger row.
  const first: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  let half = first;
  for (const key in fields) {
    if (key === idBefore) half = rest;
    half[key] = fields[key];
  }
  const before = JSON.stringify(first);
  const after = JSON.stringify(rest);
  return {
    before: Buffer.from(before.length > 2 ? `${before.slice(1, -1)},` : ''),
    after: Buffer.from(`${after.slice(1, -1)}}}`),
  };
}
