import { CALLS } from '../../../protocol/calls.js';
import { callSchema } from '../../schemas.js';
import type { CallDefinition } from '../types.js';

function info(name: string) {
  const call = CALLS.get(name);
  if (!call) throw new Error(`unknown call ${name}`);
  return call;
}

export const ping: CallDefinition = {
  name: 'ping',
  schema: callSchema(info('ping'), { properties: {} }),
  handle: () => 'pong',
};

export const time: CallDefinition = {
  name: 'time',
  schema: callSchema(info('time'), { properties: {} }),
  handle: ({ services }) => Math.floor(services.clock.now() / 1000),
};

/** What `website_status` says of the server itself; api_call_limits is the rate limiter's, and each family adds its own. */
export const SYSTEM_STATUS = {
  clients_country: 'aq',
  site_status: 'up',
  supported_languages: ['EN', 'ES', 'FR', 'ID', 'IT', 'PL', 'PT', 'RU', 'TH', 'VI', 'ZH_CN', 'ZH_TW'],
  terms_conditions_version: 'Version 4.2.0 2020-08-07',
};

export const websiteStatus: CallDefinition = {
  name: 'website_status',
  // `subscribe` is accepted (0 or 1) so requests validate; the status never changes locally, so nothing streams.
  schema: callSchema(info('website_status'), { properties: {}, subscribe: [0, 1] }),
  handle: ({ services }) => services.websiteStatus(),
};
