import { createClient } from 'redis';
import { OTP_TTL_SECONDS } from '../../protocol/options-api.js';
import type { Clock } from '../clock.js';
import { reconnectOnceConnected, withDeadline } from '../redis-client.js';
import { IssuedKeys, isLive, otpKey, type OtpGrant, type OtpStore } from './otp-store.js';

/** How long a call waits for Redis; past it the REST call or the upgrade answers 500 (as with `LimitStoreUnavailable`). */
const COMMAND_TIMEOUT_MS = 1_000;

/**
 * A fleet's OTPs, in its Redis: an OTP fetched from node A redeems on node B. Issued with
 * `SET key grant PX ttl NX`, redeemed with `GETDEL` (Redis 6.2+), so of two upgrades at once,
 * on any nodes, one gets the grant. Keys: `<prefix>otp:<sha256 of the OTP>`. Redis's expiry
 * only clears what nobody redeems; whether the OTP is still good is asked of the server's clock
 * (`isLive`), as in memory.
 */
export class RedisOtpStore implements OtpStore {
  readonly #client: OtpClient;
  readonly #prefix: string;
  readonly #clock: Clock;
  /** What this node issued, for `expireAll`: it deletes them, so they are gone for the whole fleet. */
  readonly #issued: IssuedKeys;

  private constructor(client: OtpClient, prefix: string, clock: Clock) {
    this.#client = client;
    this.#prefix = prefix;
    this.#clock = clock;
    this.#issued = new IssuedKeys(clock);
  }

  static async open(options: { url: string; prefix?: string; clock: Clock }): Promise<RedisOtpStore> {
    let connected = false;
    const client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: reconnectOnceConnected(() => connected) },
    });
    // Without a listener an 'error' event would end the process; a failed call reports it instead.
    client.on('error', () => {});
    try {
      await client.connect();
      connected = true;
    } catch (error) {
      if (client.isOpen) client.destroy();
      throw error;
    }
    return new RedisOtpStore(client, options.prefix ?? 'dws:', options.clock);
  }

  async issue(otp: string, grant: OtpGrant): Promise<void> {
    const key = this.#key(otp);
    const set = this.#client.set(key, JSON.stringify(grant), {
      condition: 'NX',
      expiration: { type: 'PX', value: OTP_TTL_SECONDS * 1000 },
    });
    // 256 random bits do not collide; a refused NX would mean a reused OTP, which must not be handed out.
    if ((await this.#call(set)) !== 'OK') throw new Error('an OTP was issued twice');
    this.#issued.add(key, grant.expiresAtMs);
  }

  async redeem(otp: string): Promise<OtpGrant | undefined> {
    const key = this.#key(otp);
    const text = await this.#call(this.#client.getDel(key));
    this.#issued.delete(key);
    if (typeof text !== 'string') return undefined;
    const grant = JSON.parse(text) as OtpGrant;
    return isLive(grant, this.#clock.now()) ? grant : undefined;
  }

  async expireAll(): Promise<void> {
    const keys = this.#issued.takeAll();
    for (let i = 0; i < keys.length; i += 1_000) await this.#call(this.#client.del(keys.slice(i, i + 1_000)));
  }

  async close(): Promise<void> {
    if (this.#client.isOpen) this.#client.destroy();
  }

  #key(otp: string): string {
    return `${this.#prefix}otp:${otpKey(otp)}`;
  }

  #call<T>(sent: Promise<T>): Promise<T> {
    return withDeadline(
      sent,
      COMMAND_TIMEOUT_MS,
      () => new Error(`Redis did not answer within ${COMMAND_TIMEOUT_MS} ms`),
    );
  }
}

type OtpClient = ReturnType<typeof createClient>;
