import type { ErrorCode } from '../protocol/errors.js';

/**
 * An error reply, thrown anywhere in the pipeline or a call handler and turned into
 * `{error:{code,message,details?}, msg_type, echo_req, req_id}` by the pipeline.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** The reply's `msg_type`; by default the call's name, or `error` before dispatch. */
    readonly msgType?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The exact messages of the real server (docs/PROTOCOL-NOTES.md, "Error codes"), so clients that
 * match on text keep working.
 */
export const apiErrors = {
  badRequest: () => new ApiError('BadRequest', 'The application sent an invalid request.', undefined, 'error'),
  sanityCheckFailed: () => new ApiError('SanityCheckFailed', 'Parameters sanity check failed.', undefined, 'error'),
  unrecognisedRequest: () => new ApiError('UnrecognisedRequest', 'Unrecognised request', undefined, 'error'),
  inputValidationFailed: (summary: string[], details: Record<string, string>) =>
    new ApiError(
      'InputValidationFailed',
      `Input validation failed: ${summary.join(', ')}`,
      Object.keys(details).length ? details : undefined,
    ),
  invalidAppId: () => new ApiError('InvalidAppID', 'Your app_id is invalid.'),
  responseTooLarge: () => new ApiError('ResponseTooLarge', 'Response too large.', undefined, 'error'),
  timeout: () => new ApiError('Timeout', 'Timeout', undefined, 'error'),
  /** Our choice (docs/PROTOCOL-NOTES.md, "A store out of reach"): the store or the rate-limit store did not answer (Redis lost). */
  serviceUnavailable: () =>
    new ApiError('ServiceUnavailable', 'The service is temporarily unavailable. Please try again later.'),
  internal: () => new ApiError('InternalServerError', 'Sorry, an error occurred while processing your request.'),
  rateLimit: (call: string) => new ApiError('RateLimit', `You have reached the rate limit for ${call}.`),
  /** Our wording (docs/migrating-to-the-new-api.md): the new API's per-connection request rate. */
  optionsRequestRate: (limit: number) =>
    new ApiError('RateLimit', `You have reached the limit of ${limit} requests per second on this connection.`),
  authorizationRequired: () => new ApiError('AuthorizationRequired', 'Please log in.'),
  permissionDenied: (scopes: readonly string[]) =>
    new ApiError('PermissionDenied', `Permission denied, requires ${scopes.join(' or ')} scope.`),
  invalidToken: () => new ApiError('InvalidToken', 'The token is invalid.'),
  notSimulated: (call: string) =>
    new ApiError('NotSimulated', `The local deriv-ws server does not simulate ${call} yet.`, { call }),
} as const;
