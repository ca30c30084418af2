import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import { IssuedKeys, isLive, otpKey, type OtpGrant, type OtpStore } from './otp-store.js';

/**
 * OTPs kept in the server's store, among its `meta` facts: for servers that share a store and
 * no Redis, as a cluster's workers share one SQLite file (the cluster hands an upgrade to any
 * worker, so an OTP issued by one must redeem on another). Issued with `setOnce`, redeemed with
 * a compare-and-set (`replaceMeta`) to a marker of this redemption's own, so of two upgrades on
 * any workers one gets the grant. Keyed `otp:<sha256 of the OTP>`. The price: a used or expired
 * OTP's row stays, a few dozen bytes each (the store has no way to delete a fact).
 */
export class StoreOtpStore implements OtpStore {
  readonly #store: Store;
  readonly #clock: Clock;
  /** What this server issued, for `expireAll`: it marks them expired, for every server on the store. */
  readonly #issued: IssuedKeys;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
    this.#issued = new IssuedKeys(clock);
  }

  async issue(otp: string, grant: OtpGrant): Promise<void> {
    const text = JSON.stringify(grant);
    // 256 random bits do not collide; a key taken already would mean a reused OTP, which must not be handed out.
    const key = keyOf(otp);
    if ((await this.#store.setOnce(key, text)) !== text) throw new Error('an OTP was issued twice');
    this.#issued.add(key, grant.expiresAtMs);
  }

  async redeem(otp: string): Promise<OtpGrant | undefined> {
    const key = keyOf(otp);
    this.#issued.delete(key);
    const text = await this.#store.meta(key);
    if (text === undefined || !text.startsWith('{')) return undefined;
    const marker = `used:${randomUUID()}`;
    if ((await this.#store.replaceMeta(key, text, marker)) !== marker) return undefined;
    const grant = JSON.parse(text) as OtpGrant;
    return isLive(grant, this.#clock.now()) ? grant : undefined;
  }

  async expireAll(): Promise<void> {
    for (const key of this.#issued.takeAll()) {
      const text = await this.#store.meta(key);
      if (text?.startsWith('{')) await this.#store.replaceMeta(key, text, 'expired');
    }
  }

  /** The store is the server's, closed with it. */
  async close(): Promise<void> {}
}

const keyOf = (otp: string) => `otp:${otpKey(otp)}`;
