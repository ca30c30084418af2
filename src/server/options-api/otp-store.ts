import { createHash, randomBytes } from 'node:crypto';
import type { Scope } from '../../protocol/calls.js';
import type { OptionsChannel } from '../../protocol/options-api.js';
import type { Clock } from '../clock.js';

/** What an OTP stands for: one account socket, of this account, for this app, on this channel. */
export interface OtpGrant {
  readonly loginid: string;
  readonly userId: number;
  readonly scopes: readonly Scope[];
  readonly appId: string;
  readonly channel: Exclude<OptionsChannel, 'public'>;
  /** When it stops being good, on the server's clock (ms). */
  readonly expiresAtMs: number;
}

/**
 * One-time passwords for the account sockets: issued by `POST …/otp`, redeemed once by an
 * upgrade. Kept by their SHA-256 only, so the store (Redis, say) never holds a usable secret.
 */
export interface OtpStore {
  /** Keeps the grant under `otp` until it expires. */
  issue(otp: string, grant: OtpGrant): Promise<void>;
  /** The grant, taken out for good (a second redemption gets undefined); undefined when unknown or expired. */
  redeem(otp: string): Promise<OtpGrant | undefined>;
  /** Test hook: every OTP this server issued so far is expired now (on a fleet, for every node). */
  expireAll(): Promise<void>;
  close(): Promise<void>;
}

/** A fresh OTP: 32 random bytes (256 bits), base64url. */
export function newOtp(): string {
  return randomBytes(32).toString('base64url');
}

/** The key an OTP is kept under: its SHA-256, so a store's keys cannot be used to connect. */
export function otpKey(otp: string): string {
  return createHash('sha256').update(otp).digest('base64url');
}

/**
 * Whether a grant is still good at `nowMs`, on the server's clock: so a test on a ManualClock
 * moves OTPs' lives with its market.
 */
export function isLive(grant: OtpGrant, nowMs: number): boolean {
  return nowMs < grant.expiresAtMs;
}

/**
 * The keys of the OTPs this server issued and that may still be live, for `expireAll` on a
 * shared store (which cannot list its OTPs). Expired ones are dropped as more are added, when
 * the map has doubled since the last sweep, so adding stays O(1) amortized.
 */
export class IssuedKeys {
  readonly #expiries = new Map<string, number>();
  #sweepAt = 64;

  constructor(private readonly clock: Clock) {}

  add(key: string, expiresAtMs: number): void {
    if (this.#expiries.size >= this.#sweepAt) {
      const now = this.clock.now();
      for (const [known, at] of this.#expiries) if (at <= now) this.#expiries.delete(known);
      this.#sweepAt = Math.max(64, this.#expiries.size * 2);
    }
    this.#expiries.set(key, expiresAtMs);
  }

  delete(key: string): void {
    this.#expiries.delete(key);
  }

  /** Every key held, and none from now on. */
  takeAll(): string[] {
    const keys = [...this.#expiries.keys()];
    this.#expiries.clear();
    return keys;
  }
}

/** The OTP store of a server on its own: this process's memory. */
export class MemoryOtpStore implements OtpStore {
  readonly #grants = new Map<string, OtpGrant>();
  readonly #clock: Clock;
  /** Sweep again once the map has grown to this: twice what the last sweep left, so issuing stays O(1) amortized. */
  #sweepAt = 64;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  async issue(otp: string, grant: OtpGrant): Promise<void> {
    if (this.#grants.size >= this.#sweepAt) this.#sweep();
    this.#grants.set(otpKey(otp), grant);
  }

  async redeem(otp: string): Promise<OtpGrant | undefined> {
    const key = otpKey(otp);
    const grant = this.#grants.get(key);
    // Taken out before anything is awaited: two upgrades at once cannot both have it.
    this.#grants.delete(key);
    return grant && isLive(grant, this.#clock.now()) ? grant : undefined;
  }

  async expireAll(): Promise<void> {
    this.#grants.clear();
  }

  /** Drops the expired ones, so OTPs fetched and never used do not pile up. */
  #sweep(): void {
    const now = this.#clock.now();
    for (const [key, grant] of this.#grants) if (!isLive(grant, now)) this.#grants.delete(key);
    this.#sweepAt = Math.max(64, this.#grants.size * 2);
  }

  async close(): Promise<void> {
    this.#grants.clear();
  }
}
