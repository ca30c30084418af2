import { hostForUrl } from '../../protocol/url.js';
import type { Composition } from '../composition.js';
import type { Logger } from '../logger.js';
import { redisTarget, type ServerOptions } from '../server-options.js';
import { MemoryOtpStore, type OtpStore } from './otp-store.js';
import { RedisOtpStore } from './redis-otp-store.js';
import { StoreOtpStore } from './store-otp-store.js';
import { REST_PER_MINUTE } from './rest-auth.js';
import { optionsRest } from './rest-front.js';

/** What a test can do to the new API's HTTP side (LocalServer has them). */
export interface OptionsApiHooks {
  /** Every OTP this server issued so far is expired now (on a fleet or a cluster, for every node): its upgrade gets 401. */
  expireOtps(): Promise<void>;
  /** The token's next REST call gets 401 (the store cannot delete a token, so this server remembers it). */
  revokeToken(token: string): void;
  /** OTPs handed out by `POST …/otp` on this server. */
  readonly otpsIssued: number;
}

export interface OptionsApi {
  readonly rest: ReturnType<typeof optionsRest>;
  readonly otps: OtpStore;
  readonly hooks: OptionsApiHooks;
  close(): Promise<void>;
}

/**
 * The new API's HTTP side, over the composition's services: its OTP store (in memory, or on a
 * fleet in its Redis, so an OTP from one node redeems on another) and its REST calls.
 * `ownAddress` is the server's, once it listens (the OTP URL when a request's Host is unusable).
 */
export async function startOptionsApi(
  options: ServerOptions,
  composition: Composition,
  logger: Logger,
  ownAddress: () => { address: string; port: number },
): Promise<OptionsApi> {
  const { clock, store } = composition.services;
  const otps = await openOtpStore(options, composition);
  const revoked = new Set<string>();
  let otpsIssued = 0;
  const registeredAppIds = options.appIds ? new Set([...options.appIds].map(String)) : undefined;
  const rest = optionsRest({
    store,
    limits: composition.limits,
    perMinute: options.rateLimits === false ? undefined : REST_PER_MINUTE,
    registeredAppIds,
    revoked,
    logger,
    services: {
      store,
      otps,
      clock,
      ownHost: () => {
        const { address, port } = ownAddress();
        return `${hostForUrl(address)}:${port}`;
      },
      otpIssued: () => void otpsIssued++,
    },
  });
  return {
    rest,
    otps,
    hooks: {
      expireOtps: () => otps.expireAll(),
      revokeToken: (token) => void revoked.add(token),
      get otpsIssued() {
        return otpsIssued;
      },
    },
    close: () => otps.close(),
  };
}

/**
 * Where OTPs are kept: a fleet's Redis (an OTP from one node redeems on another); else, for a
 * store given from outside (a cluster's worker on the shared SQLite file), that store, so that
 * any worker redeems any worker's OTP; else this process's memory.
 */
async function openOtpStore(options: ServerOptions, composition: Composition): Promise<OtpStore> {
  const { clock, store } = composition.services;
  if (options.redis !== undefined) return RedisOtpStore.open({ ...redisTarget(options.redis), clock });
  if (options.store !== undefined) return new StoreOtpStore(store, clock);
  return new MemoryOtpStore(clock);
}
