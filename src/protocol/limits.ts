/**
 * Limits of the real v3 server (docs/PROTOCOL-NOTES.md, "Frames and requests", "Request pipeline",
 * "Envelope" and "Idle timeout and pings").
 */

/** Inbound messages above this close the connection with 1009 (Mojo's `max_websocket_size`). */
export const MAX_INBOUND_BYTES = 262_144;

/** Encoded replies above this are replaced by a `ResponseTooLarge` error. */
export const MAX_RESPONSE_BYTES = 600_000;

/** The app server closes a connection after this much silence in both directions. */
export const IDLE_TIMEOUT_MS = 120_000;

/** Sanity check: the longest key, and the longest scalar value. */
export const SANITY_MAX_KEY_LENGTH = 50;
export const SANITY_MAX_VALUE_LENGTH = 300;

/** A per-minute and per-hour budget of one rate-limit bucket. */
export interface CallBudget {
  readonly minutely: number;
  readonly hourly: number;
}

/**
 * The published numbers of `website_status.api_call_limits` (docs/PROTOCOL-NOTES.md,
 * "Request pipeline"). The field name `max_requestes_general` is misspelled in the live API,
 * and we keep the spelling.
 */
export const API_CALL_LIMITS = {
  max_proposal_subscription: {
    applies_to: 'subscribing to proposal concurrently',
    max: 5,
  },
  max_requestes_general: {
    applies_to: 'rest of the available calls',
    hourly: 14_400,
    minutely: 180,
  },
  max_requests_outcome: {
    applies_to: 'portfolio, statement and proposal',
    hourly: 1_500,
    minutely: 25,
  },
  max_requests_pricing: {
    applies_to: 'proposal and proposal_open_contract',
    hourly: 3_600,
    minutely: 80,
  },
} as const;
