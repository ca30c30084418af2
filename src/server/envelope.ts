import { NOT_SHOWN } from '../protocol/envelope.js';
import type { ApiError } from './api-error.js';

/**
 * Fields the real server marks `sensitive` in its schemas (tokens, passwords). They are
 * shown as `<not shown>` in every echo, and never reach a log.
 */
const SENSITIVE_KEYS = new Set(['authorize', 'tokens', 'verification_code', 'new_token']);
const SENSITIVE_PATTERN = /password/i;

function isSensitive(key: string): boolean {
  return SENSITIVE_KEYS.has(key) || SENSITIVE_PATTERN.test(key);
}

function hasSensitiveKey(object: Record<string, unknown>): boolean {
  for (const key in object) if (isSensitive(key)) return true;
  return false;
}

/**
 * `echo_req`: the request as received, with sensitive fields masked at the top level and one
 * level down (where `set_settings`-style calls nest them). Requests with nothing to hide are
 * returned as they are, without a copy.
 */
export function maskedEcho(request: Record<string, unknown>): Record<string, unknown> {
  let needsCopy = hasSensitiveKey(request);
  if (!needsCopy) {
    for (const key in request) {
      const value = request[key];
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && hasSensitiveKey(value as Record<string, unknown>)) {
        needsCopy = true;
        break;
      }
    }
  }
  if (!needsCopy) return request;
  const echo: Record<string, unknown> = {};
  for (const key in request) {
    const value = request[key];
    if (isSensitive(key)) echo[key] = NOT_SHOWN;
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) echo[key] = maskedEcho(value as Record<string, unknown>);
    else echo[key] = value;
  }
  return echo;
}

/** The parts of a request that every reply to it repeats. */
export interface Echo {
  echo_req: Record<string, unknown>;
  req_id: number | undefined;
  passthrough: Record<string, unknown> | undefined;
}

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
