import type { CallFamily } from '../family.js';
import { ping, SYSTEM_STATUS, time, websiteStatus } from './handlers.js';
import { forget, forgetAll } from './stream-calls.js';

/** The calls every connection has: liveness, time, the server's status, and ending streams. It starts nothing. */
export const systemFamily: CallFamily = {
  name: 'system',
  calls: [ping, time, websiteStatus, forget, forgetAll],
  websiteStatus: () => SYSTEM_STATUS,
};
