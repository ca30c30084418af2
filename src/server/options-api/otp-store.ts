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
  /** When it was issued, on the server's clock (ms): `expireAll` turns away everything issued before a moment. */
  readonly issuedAtMs: number;
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
  /** Test hook: every OTP issued so far is expired now. */
  expireAll(): void;
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
 * Whether a grant is still good at `nowMs`: before its expiry, and issued after the last
 * `expireAll` (`expiredBeforeMs`). Issued and expired on the server's clock, so a test on a
 * ManualClock moves OTPs' lives with its market.
 */
export function isLive(grant: OtpGrant, nowMs: number, expiredBeforeMs: number): boolean {
  return nowMs < grant.expiresAtMs && grant.issuedAtMs > expiredBeforeMs;
}

/** The OTP store of a server on its own: this process's memory. */
export class MemoryOtpStore implements OtpStore {
  readonly #grants = new Map<string, OtpGrant>();
  readonly #clock: Clock;
  #expiredBeforeMs = -Infinity;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  async issue(otp: string, grant: OtpGrant): Promise<void> {
    this.#sweep();
    this.#grants.set(otpKey(otp), grant);
  }

  async redeem(otp: string): Promise<OtpGrant | undefined> {
    const key = otpKey(otp);
    const grant = this.#grants.get(key);
    // Taken out before anything is awaited: two upgrades at once cannot both have it.
    this.#grants.delete(key);
    return grant && isLive(grant, this.#clock.now(), this.#expiredBeforeMs) ? grant : undefined;
  }

  expireAll(): void {
    this.#expiredBeforeMs = this.#clock.now();
    this.#grants.clear();
  }

  /** Drops the expired ones, so OTPs fetched and never used do not pile up. */
  #sweep(): void {
    const now = this.#clock.now();
    for (const [key, grant] of this.#grants) if (!isLive(grant, now, this.#expiredBeforeMs)) this.#grants.delete(key);
  }

  async close(): Promise<void> {
    this.#grants.clear();
  }
}
