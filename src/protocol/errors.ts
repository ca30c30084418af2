/**
 * Error codes the v3 server sends (docs/PROTOCOL-NOTES.md, "Error codes"), plus the few this
 * project adds. Call-specific business codes (`MarketIsClosed`, …) exist too; they reach the
 * client as plain strings.
 */
export const KNOWN_ERROR_CODES = [
  // protocol level
  'BadRequest',
  'SanityCheckFailed',
  'UnrecognisedRequest',
  'InputValidationFailed',
  'RateLimit',
  'Timeout',
  'ResponseTooLarge',
  'InvalidAppID',
  // authorization
  'AuthorizationRequired',
  'PermissionDenied',
  'InvalidToken',
  // streams and market data
  'AlreadySubscribed',
  'InvalidSymbol',
  'InvalidGranularity',
  'InvalidStyle',
  'InvalidStartEnd',
  'StreamingNotAllowed',
  // back-end failures
  'RequestTimeout',
  'WrongResponse',
  'CallError',
  'InternalServerError',
  'OutputValidationFailed',
  'InvalidRequest',
  // ours: the local server knows the call but does not simulate it
  'NotSimulated',
  // ours: a connection asked for more streams than the local server allows it
  'SubscriptionLimitReached',
] as const;

export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

/**
 * Any code a server can send. Known codes keep their literal types (so `switch (err.code)`
 * narrows and autocompletes), and the `string & {}` arm admits business codes without
 * collapsing the union to `string`.
 */
export type ErrorCode = KnownErrorCode | (string & {});

const known: ReadonlySet<string> = new Set(KNOWN_ERROR_CODES);

export function isKnownErrorCode(code: string): code is KnownErrorCode {
  return known.has(code);
}

/** The `error` object inside an error reply. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}
