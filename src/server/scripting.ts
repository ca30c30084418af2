import type { SchemaObject } from 'ajv';
import { CALLS } from '../protocol/calls.js';
import type { ApiKind } from '../protocol/options-api.js';
import type { CallContext } from './calls/types.js';
import type { Composition } from './composition.js';
import type { Fault } from './faults.js';
import type { HttpFront } from './http-front.js';
import type { PipelineConnection } from './pipeline.js';
import { callSchema } from './schemas.js';

/** A request as `onRequest` listeners see it. */
export interface RequestEvent {
  call: string;
  connectionId: number;
  /** The account the connection is authorized as, if it is. */
  loginid: string | undefined;
  /** The request's `passthrough`, as sent: the client's own data, so tests can tell requests apart by it. */
  passthrough: unknown;
}

export interface HandleOptions {
  /** Our own JSON Schema for the request. Default: the call key's rule, `req_id`, `passthrough`, and any other field. */
  schema?: SchemaObject;
}

/** What a test can do to a running server, beyond what a client can. */
export interface ScriptingApi {
  /**
   * Adds or replaces the handler of a call: return the payload (sent as `{[call]: payload}`),
   * a `Reply`, or `NO_REPLY`; throw `ApiError` to answer an error. The usual checks (sanity,
   * rate limit, validation, authorization) still run first. Returns the function that
   * restores the previous handler.
   */
  handle(call: string, handler: (context: CallContext) => unknown, options?: HandleOptions): () => void;
  /** Delays, fails or swallows the next requests of a call. Returns the function that removes the fault. */
  inject(call: string, fault: Fault): () => void;
  /** Cuts every connection: abruptly (the client sees 1006) by default, or with a close code. */
  dropAll(code?: number, reason?: string): void;
  /**
   * Closes the open connections that match (every one, given no `loginid` or `api`) with `code`:
   * a server-initiated close the client must handle (a new API client fetches a new OTP). Returns how many.
   */
  closeConnections(match: { loginid?: string; api?: ApiKind; code: number; reason?: string }): number;
  /** Refuses new connections (HTTP 503 to the handshake) until `resume()`. Open ones stay. */
  pause(): void;
  resume(): void;
  /** Calls `listener` for every request that names a known call. Returns the function that stops it. */
  onRequest(listener: (event: RequestEvent) => void): () => void;
  /** How many requests of this call the server has received. */
  callCount(call: string): number;
}

/** Counts the requests of each call and tells the `onRequest` listeners. Made before the pipeline, which reports to it. */
export class RequestWatch {
  readonly listeners = new Set<(event: RequestEvent) => void>();
  readonly counts = new Map<string, number>();

  readonly record = (call: string, connection: PipelineConnection, request: Record<string, unknown>): void => {
    this.counts.set(call, (this.counts.get(call) ?? 0) + 1);
    if (this.listeners.size === 0) return;
    const event = {
      call,
      connectionId: connection.id,
      loginid: connection.auth?.loginid,
      passthrough: request.passthrough,
    };
    for (const listener of this.listeners) listener(event);
  };
}

export function scriptingApi(composition: Composition, front: HttpFront, watch: RequestWatch): ScriptingApi {
  const { calls, faults } = composition;
  return {
    handle(call, handler, handleOptions = {}) {
      const previous = calls.get(call);
      const info = CALLS.get(call);
      const schema =
        handleOptions.schema ??
        (info
          ? callSchema(info)
          : {
              type: 'object',
              required: [call],
              properties: { req_id: { type: 'integer' }, passthrough: { type: 'object' } },
            });
      // Whether a call changes authorization is the call's, not its handler's: it keeps its place in the order.
      calls.define({
        name: call,
        schema,
        handle: handler,
        ...(previous?.changesAuthorization ? { changesAuthorization: true } : {}),
      });
      return () => (previous ? calls.define(previous) : calls.remove(call));
    },
    inject: (call, fault) => faults.add(call, fault),
    dropAll(code, reason = '') {
      for (const connection of front.connections) {
        if (code === undefined) connection.terminate();
        else connection.close(code, reason);
      }
    },
    closeConnections({ loginid, api, code, reason = '' }) {
      let closed = 0;
      for (const connection of front.connections) {
        // One closing already is not closed again, nor counted.
        if (!connection.isOpen) continue;
        if (loginid !== undefined && connection.auth?.loginid !== loginid) continue;
        if (api !== undefined && connection.api !== api) continue;
        connection.close(code, reason);
        closed++;
      }
      return closed;
    },
    pause: () => void (front.paused = true),
    resume: () => void (front.paused = false),
    onRequest(listener) {
      watch.listeners.add(listener);
      return () => watch.listeners.delete(listener);
    },
    callCount: (call) => watch.counts.get(call) ?? 0,
  };
}
