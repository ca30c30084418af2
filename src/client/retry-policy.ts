import { CALLS } from '../protocol/calls.js';

/**
 * What happens to a request after something went wrong that was not its own fault.
 * - `wait`: it was never sent; it goes out once the connection is back, as it would have.
 * - `resend`: send it again (read-only: no side effect can happen twice).
 * - `resume`: a money-moving stream whose reply named what it opened: follow that by id, with
 *   a read-only request. The money-moving request itself is never sent again.
 * - `give-up`: settle it now; with `sent`, its outcome is unknown.
 */
export type RetryAction = 'wait' | 'resend' | 'resume' | 'give-up';

/** What the decision needs to know of a request. */
export interface RetryCandidate {
  readonly call: string;
  /** A stream (kept and restored by the client) or a one-shot call. */
  readonly kind: 'call' | 'stream';
  /** Handed to a socket. */
  readonly sent: boolean;
  /** The client's own requests (keep-alive, re-authorization, forget) are never replayed. */
  readonly internal: boolean;
  /** For a stream: its first reply named what it opened, so it can be followed again. */
  readonly resumable: boolean;
}

export interface RetryPolicy {
  /** The `retryReadOnly` option: one-shot read-only calls are sent again. */
  readonly retryReadOnly: boolean;
  /** The client will reconnect after a drop, so there is a next connection to send on. */
  readonly reconnecting: boolean;
}

/**
 * The one place that decides whether a request is sent again, after its connection was lost
 * or the server answered `RateLimit`. It reads the call table's retry class, so a
 * money-moving request (`buy`, `sell`, transfers, p2p orders, …) is never sent twice,
 * whether it was a one-shot call or a stream.
 */
export function retryAction(
  event: 'connection-lost' | 'rate-limited',
  request: RetryCandidate,
  policy: RetryPolicy,
): RetryAction {
  if (event === 'connection-lost') {
    if (!request.sent) return 'wait';
    if (!policy.reconnecting) return 'give-up';
  }
  const retry = CALLS.get(request.call)?.retry ?? 'write';
  if (request.kind === 'stream') {
    if (retry === 'read') return 'resend';
    // A refused stream opened nothing, so there is nothing to follow, and a money-moving
    // request is not sent again.
    return retry === 'money' && event === 'connection-lost' && request.resumable ? 'resume' : 'give-up';
  }
  return retry === 'read' && policy.retryReadOnly && !request.internal ? 'resend' : 'give-up';
}
