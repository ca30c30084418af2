/**
 * WebSocket close codes as deriv-ws uses them. The 1xxx codes are what the real v3 server
 * produces (docs/PROTOCOL-NOTES.md, "Close codes"); the 4xxx codes are this project's own,
 * used by the client to describe closes it decided on itself, so they can be told apart in
 * `close` events.
 */
export const CloseCode = {
  /** A deliberate close by either side. */
  Normal: 1000,
  /** The server is shutting down (our server's `close()`), or a browser tab navigated away. */
  GoingAway: 1001,
  /** The peer sent a binary frame; v3 only takes text (binary is reserved for `document_upload`). */
  UnsupportedData: 1003,
  /** A close frame without a status, as the real server sends after `InvalidAppID`. */
  NoStatus: 1005,
  /** The TCP connection ended without a close frame: idle timeout, network loss, server restart. */
  Abnormal: 1006,
  /** The frame was not valid UTF-8, or not valid JSON. */
  InvalidPayload: 1007,
  /** Our server: a slow consumer, whose unsent messages passed `maxBufferedBytes`. */
  PolicyViolation: 1008,
  /** The frame was larger than the server accepts (256 KiB on v3). */
  MessageTooBig: 1009,
  /** The server hit an unexpected condition. */
  InternalError: 1011,
  /** Client: no reply to a keep-alive ping within `pongTimeoutMs`; the connection is presumed dead. */
  PongTimeout: 4000,
  /** Client: the WebSocket handshake did not finish within `connectTimeoutMs`. */
  ConnectTimeout: 4001,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];
