import type { ErrorBody } from './errors.js';

/** Fields every request may carry, whatever the call (docs/PROTOCOL-NOTES.md, "Envelope"). */
export interface RequestEnvelope {
  /** An integer echoed on every reply and stream message. deriv-ws's client owns it. */
  req_id?: number;
  /** Any object; echoed back untouched. Use it to correlate your own data. */
  passthrough?: Record<string, unknown>;
}

/** Fields every reply and stream message carries (docs/PROTOCOL-NOTES.md, "Envelope"). */
export interface ResponseEnvelope {
  echo_req: Record<string, unknown>;
  msg_type: string;
  req_id?: number;
  passthrough?: Record<string, unknown>;
  subscription?: { id: string };
  error?: ErrorBody;
}

/** What the server shows in place of a sensitive field (tokens, passwords) in `echo_req`. */
export const NOT_SHOWN = '<not shown>';

/** Subscription ids are 16 random bytes as 8-4-4-4-12 lowercase hex, not RFC 4122 versioned. */
export const SUBSCRIPTION_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A serialised request (`{…}`, not empty) with `req_id` spliced in first, so one serialisation
 * serves every send of it: a queued call, a resubscription after a reconnect.
 */
export function withReqId(json: string, reqId: number): string {
  return `{"req_id":${reqId},${json.slice(1)}`;
}

/**
 * Schema patterns (JSON Schema strings) for account fields, as v3 accepts them
 * (docs/PROTOCOL-NOTES.md, "Accounts and authorization").
 */
export const TOKEN_PATTERN = '^[\\w-]{1,128}$';
export const LOGINID_PATTERN = '^[A-Z]{2,5}[0-9]{1,12}$';
