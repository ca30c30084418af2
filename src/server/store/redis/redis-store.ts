import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../clock.js';
import { AccountEvents } from '../account-events.js';
import {
  ContractChanged,
  ContractSold,
  DuplicateToken,
  InsufficientBalance,
  InvalidAmount,
  StoreClosed,
  StoreError,
  StoreUnavailable,
  UnknownAccount,
  UnknownContract,
} from '../errors.js';
import { OPENING_BALANCE_DESCRIPTION } from '../migrations.js';
import { requireCents } from '../money.js';
import { requirePage } from '../page.js';
import type {
  Account,
  AccountEvent,
  AccountListener,
  Cents,
  ContractOrder,
  ContractQuery,
  ContractRecord,
  ContractSaleRequest,
  ContractUpdateRequest,
  CreditOnceRequest,
  EpochMs,
  CreditOnceResult,
  LedgerQuery,
  LedgerRow,
  Movement,
  NewAccount,
  Store,
  TokenGrant,
  TopUpRequest,
} from '../store.js';
import { connectWithScripts, withDeadline } from '../../redis-client.js';
import { createStoreClient, type StoreClient } from './client.js';
import { STORE_SCRIPTS } from './scripts.js';
import { eventsOf, readAccountMessage } from './account-messages.js';
import { CommitOrder } from './commit-order.js';
import { ACCOUNT_KEY_NAMES, redisKeys, type RedisKeys } from './keys.js';
import { contractFields, contractPage, ledgerPage } from './reads.js';
import { orderJson, pairs, toAccount, toContract, toGrant, toRow } from './records.js';
import type { ScriptReply } from './scripts.js';

export interface RedisStoreOptions {
  /** `redis://host:port`. */
  url: string;
  /** What every key starts with. Default `dws:`; nodes of one fleet share it, tests give each store its own. */
  prefix?: string;
  /** Where rows get their time when the caller gives none. Default: the system clock. */
  clock?: Pick<Clock, 'now'>;
  /**
   * Hear the writes of every other store on this prefix too (other nodes of the fleet), through a
   * second connection pattern-subscribed to every account's channel. Default false: a store
   * announces its own writes only.
   */
  fleetEvents?: boolean;
  /**
   * How long a call waits for Redis's answer before it fails with `StoreUnavailable`. Default
   * 2 000 ms: a paused Redis must not hold a call (and the client's request) for ever. A write
   * that timed out may still be applied when Redis wakes; its events are announced then.
   */
  commandTimeoutMs?: number;
}

/** `RedisStoreOptions.commandTimeoutMs`'s default. */
export const STORE_COMMAND_TIMEOUT_MS = 2_000;

const nothing: readonly AccountEvent[] = [];

/** What a write makes of its script's reply: its value and the events its commit announces. */
interface Written<T> {
  value: T;
  events: readonly AccountEvent[];
}

/**
 * The store on Redis: every write is one Lua script (scripts.ts), so it is atomic against every
 * other node's calls; reads are plain commands. Events are announced to this store's listeners
 * after the script's reply, in send order (which is commit order on one connection). With
 * `fleetEvents`, other nodes' writes reach its listeners too, through pub/sub: every script
 * publishes what it committed with the writing store's node id, and a store skips its own
 * messages, whose events it announced locally when the reply came (so each event is heard
 * once, and a node's own writes are announced before its call resolves, as on SQLite).
 */
export class RedisStore implements Store {
  readonly #client: StoreClient;
  readonly #keys: RedisKeys;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #events = new AccountEvents();
  readonly #order = new CommitOrder((events) => this.#events.emit(events));
  /** This store's id in what its scripts publish, so that its subscriber skips its own writes. */
  readonly nodeId = randomUUID();
  #subscriber: StoreClient | undefined;
  #closed = false;
  readonly #timeoutMs: number;

  private constructor(client: StoreClient, options: RedisStoreOptions) {
    this.#client = client;
    this.#timeoutMs = options.commandTimeoutMs ?? STORE_COMMAND_TIMEOUT_MS;
    this.#keys = redisKeys(options.prefix ?? 'dws:');
    this.#clock = options.clock ?? systemClock;
  }

  /** Connects, and loads the scripts before the first write (client.ts says why). */
  static async open(options: RedisStoreOptions): Promise<RedisStore> {
    let connected = false;
    const client = createStoreClient(options.url, () => connected);
    // Without a listener an 'error' event would end the process; a failed call reports it instead.
    client.on('error', () => {});
    await connectWithScripts(client, STORE_SCRIPTS, () => (connected = true)).catch((error: unknown) => {
      throw new StoreUnavailable(error);
    });
    const store = new RedisStore(client, options);
    if (options.fleetEvents) {
      try {
        await store.#subscribe();
      } catch (error) {
        await store.close();
        throw new StoreUnavailable(error);
      }
    }
    return store;
  }

  /**
   * Subscribes a second connection (one in subscriber mode takes no other commands) to every
   * account's channel under the prefix: the Settler needs every node's buys, whoever's
   * connections are here, so one pattern serves all, rather than a channel per account listened to.
   */
  async #subscribe(): Promise<void> {
    const subscriber = this.#client.duplicate();
    subscriber.on('error', () => {});
    this.#subscriber = subscriber;
    await subscriber.connect();
    await subscriber.pSubscribe(`${globEscape(this.#keys.accountHead)}*}:${ACCOUNT_KEY_NAMES.events}`, (message) =>
      this.#heard(message),
    );
  }

  #heard(text: string): void {
    if (this.#closed) return;
    let message: ReturnType<typeof readAccountMessage>;
    try {
      message = readAccountMessage(text);
    } catch {
      return; // Not one of ours: another program publishing on a channel under our prefix.
    }
    if (message.origin !== this.nodeId) this.#events.emit(message.events);
  }

  async grantFor(token: string): Promise<TokenGrant | undefined> {
    const json = await this.#read((client) => client.hGet(this.#keys.tokens, token));
    return json ? toGrant(json) : undefined;
  }

  async account(loginid: string): Promise<Account | undefined> {
    return toAccount(await this.#read((client) => client.hGetAll(this.#keys.of(loginid, 'account'))));
  }

  async accountsOfUser(userId: number): Promise<Account[]> {
    const loginids = await this.#read((client) => client.lRange(this.#keys.userAccounts(userId), 0, -1));
    const accounts = await Promise.all(loginids.map((loginid) => this.account(loginid)));
    return accounts.filter((account) => account !== undefined);
  }

  async ensureAccount(account: NewAccount): Promise<{ account: Account; created: boolean }> {
    requireCents('openingBalanceCents', account.openingBalanceCents, 0);
    const { loginid } = account;
    const args = [
      loginid,
      account.currency,
      account.isVirtual ? 1 : 0,
      account.email,
      account.fullname,
      account.country,
      account.landingCompanyName,
      account.userId,
      account.openingBalanceCents,
      this.#now(),
      OPENING_BALANCE_DESCRIPTION,
      ...this.#announceTo(loginid),
    ];
    const keys = [this.#of(loginid, 'account'), this.#of(loginid, 'ledger'), this.#keys.userAccounts(account.userId)];
    return this.#write(
      (client) => client.ensureAccount([...keys, this.#keys.ids], args),
      ([status, row, ...fields]) => ({
        value: { account: toAccount(pairs(fields))!, created: status === 'created' },
        events: row ? eventsOf(toRow(row)) : nothing,
      }),
    );
  }

  async addToken(token: string, grant: TokenGrant): Promise<{ created: boolean }> {
    const json = JSON.stringify({ loginid: grant.loginid, scopes: grant.scopes });
    return this.#write(
      (client) =>
        client.addToken([this.#keys.tokens, this.#of(grant.loginid, 'account')], [token, grant.loginid, json]),
      ([status]) => {
        if (status === 'DuplicateToken') throw new DuplicateToken(grant.loginid);
        if (status === 'UnknownAccount') throw new UnknownAccount(grant.loginid);
        return { value: { created: status === 'created' }, events: nothing };
      },
    );
  }

  async debit(movement: Movement): Promise<LedgerRow> {
    requireCents('amountCents of a debit', movement.amountCents, 1);
    const { loginid, amountCents } = movement;
    const args = [loginid, movement.action, amountCents, ...this.#movementTail(movement), ...this.#announceTo(loginid)];
    return this.#write(
      (client) => client.debit(this.#moneyKeys(loginid), args),
      (reply) => this.#rowWritten(reply, loginid, amountCents),
    );
  }

  async creditOnce(request: CreditOnceRequest): Promise<CreditOnceResult> {
    requireCents('amountCents of a credit', request.amountCents, 0);
    const { loginid, key, amountCents } = request;
    const args = [
      loginid,
      key,
      request.action,
      amountCents,
      ...this.#movementTail(request),
      ...this.#announceTo(loginid),
    ];
    const keys = [this.#of(loginid, 'account'), this.#of(loginid, 'ledger'), this.#of(loginid, 'credits')];
    return this.#write<CreditOnceResult>(
      (client) => client.creditOnce([...keys, this.#keys.ids], args),
      (reply) => {
        if (reply[0] === 'exists') return { value: { row: toRow(reply[1]!), applied: false }, events: nothing };
        const { value: row, events } = this.#rowWritten(reply, loginid, -amountCents);
        return { value: { row, applied: true }, events };
      },
    );
  }

  async topUp(request: TopUpRequest): Promise<LedgerRow | undefined> {
    requireCents('balanceCents of a top-up', request.balanceCents, 0);
    const { loginid } = request;
    const args = [
      loginid,
      request.balanceCents,
      request.action,
      this.#now(),
      request.description ?? '',
      ...this.#announceTo(loginid),
    ];
    return this.#write<LedgerRow | undefined>(
      (client) => client.topUp(this.#moneyKeys(loginid), args),
      (reply) => (reply[0] === 'none' ? { value: undefined, events: nothing } : this.#rowWritten(reply, loginid, 0)),
    );
  }

  async setBalance(loginid: string, balanceCents: Cents): Promise<LedgerRow> {
    requireCents('balanceCents', balanceCents, 0);
    return this.#adjust(loginid, 'level', balanceCents, 0);
  }

  async adjustBalance(loginid: string, deltaCents: Cents): Promise<LedgerRow> {
    requireCents('deltaCents (its size)', Math.abs(deltaCents), 0);
    return this.#adjust(loginid, 'delta', deltaCents, -deltaCents);
  }

  /** An `adjustment` row, to a level or by a delta (the adjust script); `takenCents` names a refusal's figures (#refuse). */
  #adjust(loginid: string, mode: 'level' | 'delta', cents: Cents, takenCents: number): Promise<LedgerRow> {
    return this.#write(
      (client) =>
        client.adjust(this.#moneyKeys(loginid), [loginid, mode, cents, this.#now(), ...this.#announceTo(loginid)]),
      (reply) => this.#rowWritten(reply, loginid, takenCents),
    );
  }

  async buyContract(order: ContractOrder): Promise<{ contract: ContractRecord; row: LedgerRow }> {
    requireCents('buyPriceCents', order.buyPriceCents, 1);
    requireCents('payoutCents', order.payoutCents, 0);
    const { loginid } = order;
    const keys = [
      this.#of(loginid, 'account'),
      this.#of(loginid, 'ledger'),
      this.#of(loginid, 'contracts'),
      this.#of(loginid, 'open'),
      this.#keys.ids,
      this.#keys.contractOwners,
      this.#keys.openByExpiry,
    ];
    const args = [
      loginid,
      order.buyPriceCents,
      order.purchaseTimeMs,
      order.expiryTimeMs,
      order.longcode,
      orderJson(order),
      ...this.#announceTo(loginid),
    ];
    return this.#write(
      (client) => client.buyContract(keys, args),
      (reply) => {
        const { value: row } = this.#rowWritten(reply, loginid, order.buyPriceCents);
        const contract = toContract(reply[2]!, undefined);
        return { value: { contract, row }, events: eventsOf(row, contract) };
      },
    );
  }

  async sellContract(
    sale: ContractSaleRequest,
  ): Promise<{ contract: ContractRecord; row: LedgerRow; applied: boolean }> {
    requireCents('sellPriceCents', sale.sellPriceCents, 0);
    const { contractId, sellPriceCents } = sale;
    const keys = [this.#keys.contractOwners, this.#keys.ids, this.#keys.openByExpiry];
    const args = [
      this.#keys.accountHead,
      contractId,
      sellPriceCents,
      sale.sellTimeMs,
      JSON.stringify(sale.outcome),
      ...Object.values(ACCOUNT_KEY_NAMES),
      this.nodeId,
      sale.updateCount ?? '',
    ];
    return this.#write<{ contract: ContractRecord; row: LedgerRow; applied: boolean }>(
      (client) => client.sellContract(keys, args),
      ([status, bought, sold, rowJson, updates]) => {
        if (status === 'UnknownContract') throw new UnknownContract(contractId);
        if (status === 'ContractChanged') throw new ContractChanged(contractId, Number(bought));
        if (status !== 'applied' && status !== 'sold') this.#refuse([status!, bought!], '', -sellPriceCents);
        const contract = toContract(bought!, sold, updates);
        const row = toRow(rowJson!);
        if (status === 'sold') return { value: { contract, row, applied: false }, events: nothing };
        return { value: { contract, row, applied: true }, events: eventsOf(row, contract) };
      },
    );
  }

  async updateContract(update: ContractUpdateRequest): Promise<ContractRecord> {
    const { contractId } = update;
    const args = [
      this.#keys.accountHead,
      contractId,
      update.timeMs,
      JSON.stringify(update.change),
      ACCOUNT_KEY_NAMES.contracts,
      ACCOUNT_KEY_NAMES.events,
      this.nodeId,
    ];
    return this.#write(
      (client) => client.updateContract([this.#keys.contractOwners], args),
      ([status, bought, updates]) => {
        if (status === 'UnknownContract') throw new UnknownContract(contractId);
        if (status === 'ContractSold') throw new ContractSold(contractId);
        const contract = toContract(bought!, undefined, updates);
        return { value: contract, events: [{ kind: 'contract', contract }] };
      },
    );
  }

  async contract(contractId: number): Promise<ContractRecord | undefined> {
    return this.#read(async (client) => {
      const loginid = await client.hGet(this.#keys.contractOwners, String(contractId));
      if (!loginid) return undefined;
      const [bought, sold, updates] = await client.hmGet(this.#of(loginid, 'contracts'), contractFields(contractId));
      return bought ? toContract(bought, sold, updates) : undefined;
    });
  }

  async contracts(query: ContractQuery): Promise<ContractRecord[]> {
    const offset = query.offset ?? 0;
    requirePage(query.limit, offset);
    return this.#read((client) => contractPage(client, this.#keys, { ...query, offset }));
  }

  async openContractIds(expiringByMs: EpochMs): Promise<number[]> {
    const ids = await this.#read((client) =>
      client.zRange(this.#keys.openByExpiry, '-inf', expiringByMs, { BY: 'SCORE' }),
    );
    return ids.map(Number);
  }

  async ledger(loginid: string, query: LedgerQuery): Promise<LedgerRow[]> {
    const offset = query.offset ?? 0;
    requirePage(query.limit, offset);
    return this.#read((client) => ledgerPage(client, this.#of(loginid, 'ledger'), { ...query, offset }));
  }

  async meta(key: string): Promise<string | undefined> {
    return (await this.#read((client) => client.hGet(this.#keys.meta, key))) ?? undefined;
  }

  async setOnce(key: string, value: string): Promise<string> {
    return this.#write(
      (client) => client.setOnce([this.#keys.meta], [key, value]),
      ([stored]) => ({ value: stored!, events: nothing }),
    );
  }

  async replaceMeta(key: string, expected: string, value: string): Promise<string | undefined> {
    return this.#write<string | undefined>(
      (client) => client.replaceMeta([this.#keys.meta], [key, expected, value]),
      ([stored]) => ({ value: stored, events: nothing }),
    );
  }

  onAccountEvent(listener: AccountListener): () => void {
    return this.#events.on(listener);
  }

  /** Waits for the replies to every call sent before it (node-redis's close), then disconnects. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#subscriber?.close().catch(() => {});
    await this.#client.close();
  }

  #open(): StoreClient {
    if (this.#closed) throw new StoreClosed();
    return this.#client;
  }

  async #read<T>(run: (client: StoreClient) => Promise<T>): Promise<T> {
    const client = this.#open();
    try {
      return await this.#inTime(run(client));
    } catch (error) {
      throw error instanceof StoreError ? error : new StoreUnavailable(error);
    }
  }

  /**
   * Sends one script and reads its reply. The ticket is taken as it is sent, so events go out
   * in commit order; a refusal (thrown by `written`) or a failure announces nothing. The events
   * are announced when the reply comes, even after the caller timed out: the write happened.
   */
  async #write<T>(send: (client: StoreClient) => Promise<ScriptReply>, written: (reply: ScriptReply) => Written<T>) {
    const client = this.#open();
    const announce = this.#order.ticket();
    let result: Promise<Written<T>>;
    try {
      result = send(client).then(written);
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      ({ events }) => announce(events),
      () => announce(nothing),
    );
    try {
      return (await this.#inTime(result)).value;
    } catch (error) {
      throw error instanceof StoreError ? error : new StoreUnavailable(error);
    }
  }

  #inTime<T>(sent: Promise<T>): Promise<T> {
    return withDeadline(sent, this.#timeoutMs, () => new Error(`Redis gave no answer within ${this.#timeoutMs} ms`));
  }

  /** A script's `ok` reply with the row it wrote; a refusal thrown as the store's error. */
  #rowWritten(reply: ScriptReply, loginid: string, amountCents: Cents): Written<LedgerRow> {
    if (reply[0] !== 'ok') this.#refuse(reply, loginid, amountCents);
    const row = toRow(reply[1]!);
    return { value: row, events: eventsOf(row) };
  }

  /** `amountCents`: what was to be taken (negative for a credit), for the refusal's figures. */
  #refuse(reply: ScriptReply, loginid: string, amountCents: Cents): never {
    const [status, first, second] = reply;
    switch (status) {
      case 'UnknownAccount':
        throw new UnknownAccount(loginid);
      case 'InsufficientBalance':
        throw new InsufficientBalance(loginid, first!, Number(second), amountCents);
      case 'BalanceTooLarge':
        throw new InvalidAmount(
          'the balance after a credit',
          `at most ${Number.MAX_SAFE_INTEGER} cents`,
          `${first} + ${-amountCents}`,
        );
      default:
        throw new StoreUnavailable(new Error(`unexpected reply from the store's script: ${String(status)}`));
    }
  }

  #of(loginid: string, name: keyof typeof ACCOUNT_KEY_NAMES): string {
    return this.#keys.of(loginid, name);
  }

  /** The last two ARGV of a script that writes a row: the account's channel, and this node's id. */
  #announceTo(loginid: string): string[] {
    return [this.#of(loginid, 'events'), this.nodeId];
  }

  #moneyKeys(loginid: string): string[] {
    return [this.#of(loginid, 'account'), this.#of(loginid, 'ledger'), this.#keys.ids];
  }

  /** A movement's time, contract, reference and description, as the scripts take them ('' for none). */
  #movementTail(movement: Movement): (string | number)[] {
    return [
      movement.timeMs ?? this.#now(),
      movement.contractId ?? '',
      movement.referenceId ?? '',
      movement.description ?? '',
    ];
  }

  #now(): number {
    return Math.round(this.#clock.now());
  }
}

/** `text` as a literal in a Redis glob pattern. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
