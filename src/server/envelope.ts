import { SENSITIVE_FIELDS } from '../protocol/calls.js';
import { NOT_SHOWN } from '../protocol/envelope.js';
import type { ApiError } from './api-error.js';

/**
 * `value` with every sensitive field, at any depth, shown as `<not shown>`, except under its
 * own key `verbatim`. Copy-on-write: a request with nothing to hide is returned as it is, and
 * only the objects on a path to a secret are copied.
 */
function masked(value: unknown, verbatim?: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = masked(value[i]);
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return copy ?? value;
  }
  const object = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    const item = key === verbatim ? object[key] : SENSITIVE_FIELDS.has(key) ? NOT_SHOWN : masked(object[key]);
    if (item !== object[key]) (copy ??= { ...object })[key] = item;
  }
  return copy ?? object;
}

/**
 * `echo_req`: the request as received, with every field the call table marks sensitive (in any
 * call, at any depth) masked. `passthrough` is the client's own data and is echoed verbatim, as
 * the real server does. A request nested past the stack's depth (it fits in 256 KiB) is echoed
 * as `{}`: nothing shown, so nothing leaked.
 */
export function maskedEcho(request: Record<string, unknown>): Record<string, unknown> {
  try {
    return masked(request, 'passthrough') as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The parts of a request that every reply to it repeats. */
export interface Echo {
  echo_req: Record<string, unknown>;
  req_id: number | undefined;
  passthrough: Record<string, unknown> | undefined;
}

/** The echo of a request that cannot be echoed (not an object, or nested too deep). */
export const NO_ECHO: Echo = { echo_req: {}, req_id: undefined, passthrough: undefined };

export function echoOf(request: Record<string, unknown>): Echo {
  const reqId = request.req_id;
  const passthrough = request.passthrough;
  return {
    echo_req: maskedEcho(request),
    // Numeric strings pass validation (it coerces), so a client correlating by number gets one.
    req_id: typeof reqId === 'number' && Number.isInteger(reqId) ? reqId : typeof reqId === 'string' && /^-?\d+$/.test(reqId) ? Number(reqId) : undefined,
    passthrough: passthrough !== null && typeof passthrough === 'object' && !Array.isArray(passthrough) ? (passthrough as Record<string, unknown>) : undefined,
  };
}

/**
 * What a reply keeps of its request when the whole echo would not fit (`ResponseTooLarge`):
 * `req_id` alone, so the client can still tell which request it answers. An `echo_req` or
 * `passthrough` that made the reply too large is not sent again in the refusal.
 */
export function bareEcho(echo: Echo): Echo {
  return { echo_req: {}, req_id: echo.req_id, passthrough: undefined };
}

/** A success reply, in the real server's field order: echo, type, payload, then correlation. */
export function successReply(echo: Echo, msgType: string, fields: Record<string, unknown>): Record<string, unknown> {
  const reply: Record<string, unknown> = { echo_req: echo.echo_req, msg_type: msgType, ...fields };
  if (echo.req_id !== undefined) reply.req_id = echo.req_id;
  if (echo.passthrough !== undefined) reply.passthrough = echo.passthrough;
  return reply;
}

export function errorReply(echo: Echo, msgType: string, error: ApiError): Record<string, unknown> {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.details && Object.keys(error.details).length > 0) body.details = error.details;
  return successReply(echo, msgType, { error: body });
}
