/**
 * deriv-ws/options: the client for Deriv's new API (developers.deriv.com), apart from the v3
 * entry so the v3 bundle does not carry it. `DerivClient` here takes
 * `{ api: 'options', appId, token, accountId }` or `{ api: 'options', public: true }`;
 * everything else is the v3 entry's, re-exported.
 */
export * from './index.js';
export { OptionsClient as DerivClient, OptionsClient } from './options-client.js';
export type { OptionsProposalBuyRequest } from './options-client.js';
export { OptionsRest } from './options-rest.js';
export type { OptionsAccount } from './options-rest.js';
export { RestError } from './errors.js';
export type { RestErrorInit } from './errors.js';
export { DEFAULT_PUBLIC_URL, DEFAULT_REST_URL } from './options.js';
export type {
  OptionsAccountClientOptions,
  OptionsClientOptions,
  OptionsPublicClientOptions,
  OptionsRateLimit,
  OptionsRestOptions,
} from './options.js';
export type * from './options-types.js';
export { OPTIONS_LIMITS, OTP_TTL_SECONDS, optionsSocketUrl } from '../protocol/options-api.js';
export type { OptionsChannel } from '../protocol/options-api.js';
