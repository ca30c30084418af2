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
  /**
   * The accepted `req_id` (see `acceptedReqId`), or, when the request carried one that cannot
   * be accepted, that value as sent: only the refusal of such a request carries it.
   */
  req_id: unknown;
  passthrough: Record<string, unknown> | undefined;
}

/** The echo of a request that cannot be echoed (not an object, or nested too deep). */
export const NO_ECHO: Echo = { echo_req: {}, req_id: undefined, passthrough: undefined };

/**
 * The integer a `req_id` is accepted as: an integer, or a string of decimal digits (the real
 * validator coerces those). Undefined for anything else (`true`, `null`, `"5.0"`, `1.5`, or
 * `1e309`, which parses as Infinity): validation refuses those rather than coerce them, since
 * a client matching replies by id would never recognise the number they would become.
 */
export function acceptedReqId(reqId: unknown): number | undefined {
  if (typeof reqId === 'number') return Number.isInteger(reqId) ? reqId : undefined;
  if (typeof reqId !== 'string' || !/^-?\d+$/.test(reqId)) return undefined;
  const value = Number(reqId);
  return Number.isFinite(value) ? value : undefined;
}

export function echoOf(request: Record<string, unknown>): Echo {
  const reqId = request.req_id;
  const passthrough = request.passthrough;
  return {
    echo_req: maskedEcho(request),
    req_id: acceptedReqId(reqId) ?? reqId,
    passthrough:
      passthrough !== null && typeof passthrough === 'object' && !Array.isArray(passthrough)
        ? (passthrough as Record<string, unknown>)
        : undefined,
  };
}

/**
 * What a reply keeps of its request when the whole echo would not fit (`ResponseTooLarge`):
 * `req_id` alone, so the client can still tell which request it answers. An `echo_req` or
 * `passthrough` that made the reply too large is not sent again in the refusal.
 */
export function bareEcho(echo: Echo): Echo {
  const reqId = echo.req_id;
  // A refused req_id comes back as sent only when it is a scalar; an object could be as large as the request.
  return {
    echo_req: {},
    req_id: reqId !== null && typeof reqId === 'object' ? undefined : reqId,
    passthrough: undefined,
  };
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
