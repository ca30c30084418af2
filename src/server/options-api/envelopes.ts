import type { ServerResponse } from 'node:http';

/**
 * The new API's REST envelopes (docs/migrating-to-the-new-api.md): `{data, meta}` on success,
 * `{errors: [{status, code, message, field?}], meta}` on failure, the HTTP status equal to `status`.
 */
export interface RestMeta {
  readonly endpoint: string;
  readonly method: string;
  /** Milliseconds the server spent on the request. */
  readonly timing: number;
}

/** A refusal to answer with the error envelope: thrown by the REST handlers and the account sockets' checks. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra response headers (`Allow` on a 405). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The request a reply is for: what its `meta` says, and when it began (`performance.now()`). */
export interface RestRequest {
  readonly endpoint: string;
  readonly method: string;
  readonly startedMs: number;
}

export function metaOf(request: RestRequest): RestMeta {
  return {
    endpoint: request.endpoint,
    method: request.method,
    timing: Math.round((performance.now() - request.startedMs) * 1000) / 1000,
  };
}

/** The error envelope's text. */
export function errorBody(error: RestError, request: RestRequest): string {
  const item: Record<string, unknown> = { status: error.status, code: error.code, message: error.message };
  if (error.field !== undefined) item.field = error.field;
  return JSON.stringify({ errors: [item], meta: metaOf(request) });
}

export function sendData(response: ServerResponse, request: RestRequest, data: unknown): void {
  sendJson(response, 200, JSON.stringify({ data, meta: metaOf(request) }));
}

export function sendError(response: ServerResponse, request: RestRequest, error: RestError): void {
  sendJson(response, error.status, errorBody(error, request), error.headers);
}

function sendJson(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  response
    .writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      ...headers,
    })
    .end(body);
}

/** The errors more than one place answers, with Deriv's messages. */
export const REST_ERRORS = {
  unauthorized: () => new RestError(401, 'Unauthorized', 'Invalid or missing authentication credentials'),
  appIdRequired: () => new RestError(401, 'Unauthorized', 'Deriv-App-ID header is required for PAT tokens'),
  appIdUnregistered: () => new RestError(401, 'Unauthorized', 'Deriv-App-ID is not registered'),
  appIdMalformed: () => new RestError(400, 'ValidationError', 'Invalid Deriv-App-ID header', 'Deriv-App-ID'),
  accessDenied: () => new RestError(403, 'AccessDenied', 'The token lacks the trade scope'),
  rateLimit: () => new RestError(429, 'RateLimit', 'Too many requests'),
  internal: () => new RestError(500, 'InternalServerError', 'Internal server error'),
  otpRequired: () => new RestError(400, 'ValidationError', 'OTP parameter is required', 'otp'),
  otpInvalid: () => new RestError(401, 'Unauthorized', 'Invalid or expired OTP token'),
  tooManyConnections: () => new RestError(429, 'RateLimit', 'Too many concurrent connections for this user'),
} as const;
