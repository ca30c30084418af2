import type { ErrorCode } from '../protocol/errors.js';

/**
 * The base of every error deriv-ws's client rejects or throws with. `code` tells them apart:
 * the server's code on `DerivError`, and one of the client's own codes on the others.
 */
export abstract class DerivWsError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface DerivErrorInit {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown> | undefined;
  echo_req?: Record<string, unknown> | undefined;
  req_id?: number | undefined;
  msg_type?: string | undefined;
}

/** Builds a `DerivError` from an error reply, whatever shape its `error` field has. */
export function derivErrorFrom(message: {
  error?: unknown;
  echo_req?: unknown;
  req_id?: unknown;
  msg_type?: unknown;
}): DerivError {
  const error = (message.error ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  return new DerivError({
    code: typeof error.code === 'string' ? error.code : 'UnknownError',
    message: typeof error.message === 'string' ? error.message : '',
    details:
      error.details !== null && typeof error.details === 'object'
        ? (error.details as Record<string, unknown>)
        : undefined,
    echo_req:
      message.echo_req !== null && typeof message.echo_req === 'object'
        ? (message.echo_req as Record<string, unknown>)
        : undefined,
    req_id: typeof message.req_id === 'number' ? message.req_id : undefined,
    msg_type: typeof message.msg_type === 'string' ? message.msg_type : undefined,
  });
}

/** The server answered with an error. `code` is the server's code, `details` its field messages. */
export class DerivError extends DerivWsError {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  /** The request as the server echoed it, with sensitive fields shown as `<not shown>`. */
  readonly echo_req: Record<string, unknown> | undefined;
  readonly req_id: number | undefined;
  readonly msg_type: string | undefined;
  constructor(init: DerivErrorInit) {
    super(init.message);
    this.code = init.code;
    this.details = init.details;
    this.echo_req = init.echo_req;
    this.req_id = init.req_id;
    this.msg_type = init.msg_type;
  }
}

/**
 * No reply came within the call's `timeoutMs`. `sent` says whether the request left the
 * client: if it did, the server may still have acted on it.
 */
export class TimeoutError extends DerivWsError {
  readonly code = 'RequestTimedOut' as const;
  constructor(
    readonly timeoutMs: number,
    readonly sent: boolean,
  ) {
    super(`no reply within ${timeoutMs} ms${sent ? '' : ' (never sent)'}`);
  }
}

/** The call's `AbortSignal` fired before a reply came. */
export class AbortError extends DerivWsError {
  readonly code = 'Aborted' as const;
  constructor(
    readonly sent: boolean,
    reason?: unknown,
  ) {
    super('the call was aborted', { cause: reason });
  }
}

/**
 * The connection closed before a reply came.
 * - `sent: false`: the request never left the client; sending it again is safe.
 * - `sent: true`: it was sent and its outcome is unknown. Check before repeating a `buy`.
 */
export class ConnectionLostError extends DerivWsError {
  readonly code = 'ConnectionLost' as const;
  constructor(
    readonly sent: boolean,
    reason: string,
  ) {
    super(`connection lost (${sent ? 'request sent, outcome unknown' : 'request not sent'}): ${reason}`);
  }
}

/** A client option is invalid. Thrown by the constructor, naming the option. */
export class InvalidOptionError extends DerivWsError {
  readonly code = 'InvalidOption' as const;
  constructor(
    readonly option: string,
    problem: string,
  ) {
    super(`invalid option ${option}: ${problem}`);
  }
}

/** A request could not be sent as given (not an object, a client-owned field, not serialisable). */
export class InvalidArgumentError extends DerivWsError {
  readonly code = 'InvalidArgument' as const;
}

/** A stream a call relied on (a price to buy at) has ended: unsubscribed, refused, or the client closed. */
export class StreamEndedError extends DerivWsError {
  readonly code = 'StreamEnded' as const;
}

/**
 * A subscription's consumer fell so far behind that its buffer filled, under the `error`
 * overflow policy. The subscription has ended; `dropped` is always 0 under that policy.
 */
export class BufferOverflowError extends DerivWsError {
  readonly code = 'BufferOverflow' as const;
  constructor(readonly capacity: number) {
    super(`the consumer fell ${capacity} messages behind; the subscription was ended`);
  }
}

/**
 * The call could not even wait: the queue of calls waiting for a connection (or for rate
 * budget) already holds `maxQueued` calls. It was never sent.
 */
export class QueueFullError extends DerivWsError {
  readonly code = 'QueueFull' as const;
  readonly sent = false;
  constructor(readonly maxQueued: number) {
    super(`${maxQueued} calls are already waiting to be sent (maxQueued); this one was refused`);
  }
}

export interface RestErrorInit {
  /** The HTTP status (the envelope's `errors[0].status`); 0 when no answer came. */
  status: number;
  /** The server's code (`Unauthorized`, `ValidationError`, …), or the client's own: `NetworkError`, `Timeout`, `InvalidResponse`, `HTTP<status>`. */
  code: string;
  message: string;
  /** The request field the error is about, when the server names one. */
  field?: string | undefined;
}

/**
 * A REST call of the new API failed (the accounts list, an OTP, a demo reset), from the
 * `{errors:[{status,code,message,field?}],meta}` envelope or the HTTP status. `isAuthError`
 * (401, 403: a refused token, app id or scope) means trying again cannot help, so a client
 * whose OTP call fails so stops reconnecting. Never quotes the token or an OTP URL.
 */
export class RestError extends DerivWsError {
  readonly code: string;
  readonly status: number;
  readonly field: string | undefined;
  constructor(init: RestErrorInit, options?: { cause?: unknown }) {
    super(init.message || `HTTP ${init.status}`, options);
    this.code = init.code;
    this.status = init.status;
    this.field = init.field;
  }

  /** 401 or 403: the token, its app id or its scope was refused. */
  get isAuthError(): boolean {
    return this.status === 401 || this.status === 403;
  }

  /** @internal A URL provider failing so stops the connection for good (connection.ts). */
  get fatal(): boolean {
    return this.isAuthError;
  }
}

/** Every error the client produces. `switch (err.code)` narrows it. */
export type ClientError =
  | DerivError
  | TimeoutError
  | AbortError
  | ConnectionLostError
  | InvalidOptionError
  | InvalidArgumentError
  | BufferOverflowError
  | QueueFullError
  | RestError;
