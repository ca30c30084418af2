import { CALLS } from '../../../protocol/calls.js';
import { ApiError } from '../../api-error.js';
import { callSchema } from '../../schemas.js';
import { openStream } from '../../streams/open-stream.js';
import type { SharedPayload } from '../../streams/stream-message.js';
import type { ContractRecord } from '../../store/store.js';
import { Reply, type CallContext, type CallDefinition } from '../types.js';
import { contractStreamView } from './contract-stream-view.js';
import { contractView } from './contract-view.js';

/** The most open contracts one `proposal_open_contract` lists (each is a message). */
export const MAX_LISTED_CONTRACTS = 500;

const nowOf = (context: Pick<CallContext, 'services'>) => Math.floor(context.services.clock.now() / 1000);

/**
 * The view at `now`: the clock's second for a reply, the tick's own epoch on the stream (the clock
 * may be past it already while a tick is sent to many streams, and a view at the clock would show
 * a tick not yet sent).
 */
const view = (context: Pick<CallContext, 'services'>, record: ContractRecord, now = nowOf(context)) =>
  contractView(record, context.services.market, now, context.services.tradingOptions);

/**
 * Opens the stream of one contract on the request's connection (a `buy` with `subscribe`, or a
 * `proposal_open_contract` with `contract_id`): a message on every tick of its symbol while it
 * is open, then the sold one, after which it ends by itself, as the real server's does. A
 * multiplier whose limit orders are updated is shown with the new ones from the next tick.
 */
export function openContractStream(context: CallContext, record: ContractRecord): string {
  const { services, connection } = context;
  let id = '';
  id = openStream(context, {
    key: `proposal_open_contract:${record.contractId}`,
    listen: (deliver) => {
      let ended = false;
      const message = contractStreamView(context);
      const end = (final: ContractRecord) => {
        if (ended) return;
        ended = true;
        deliver(message(final, nowOf(context)));
        // After this message: the stream's own stop runs from the table, once, as for a forget.
        queueMicrotask(() => connection.streams.forget(id));
      };
      // The record as last committed: an update of a multiplier's limit orders is shown from the next tick.
      let current = record;
      const stopTicks = services.market.feed(record.symbol).onTick((tick) => {
        if (!ended) deliver(message(current, tick.epoch));
      });
      const stopSales = services.accountFeed.onContract(record.loginid, (changed) => {
        if (changed.contractId !== record.contractId) return;
        if (changed.sale) end(changed);
        else current = changed;
      });
      if (record.sale) queueMicrotask(() => end(record));
      return () => {
        stopTicks();
        stopSales();
      };
    },
  });
  return id;
}

/** Every open contract of the account, and those bought later, on one subscription: a message per contract per tick. */
function openAllContractsStream(context: CallContext, loginid: string, open: readonly ContractRecord[]): string {
  const { services } = context;
  return openStream(context, {
    key: 'proposal_open_contract:all',
    listen: (deliver) => {
      const contracts = new Map(open.map((record) => [record.contractId, record]));
      // Each contract's messages made by its own streamer, which keeps what its views share.
      const messages = new Map<number, (record: ContractRecord, now: number) => SharedPayload>();
      const message = (record: ContractRecord, now: number) => {
        let made = messages.get(record.contractId);
        if (!made) messages.set(record.contractId, (made = contractStreamView(context)));
        return made(record, now);
      };
      const feeds = new Map<string, () => void>();
      const follow = (symbol: string) => {
        if (feeds.has(symbol)) return;
        feeds.set(
          symbol,
          services.market.feed(symbol).onTick((tick) => {
            for (const record of contracts.values()) if (record.symbol === symbol) deliver(message(record, tick.epoch));
          }),
        );
      };
      for (const record of open) follow(record.symbol);
      const stopContracts = services.accountFeed.onContract(loginid, (changed) => {
        if (changed.sale) {
          if (!contracts.delete(changed.contractId)) return;
          deliver(message(changed, nowOf(context)));
          messages.delete(changed.contractId);
        } else {
          contracts.set(changed.contractId, changed);
          follow(changed.symbol);
          deliver(message(changed, nowOf(context)));
        }
      });
      return () => {
        stopContracts();
        for (const stop of feeds.values()) stop();
      };
    },
  });
}

export const proposalOpenContract: CallDefinition = {
  name: 'proposal_open_contract',
  schema: callSchema(CALLS.get('proposal_open_contract')!, {
    properties: { contract_id: { type: 'integer', minimum: 1 }, loginid: { type: 'string' } },
    subscribe: [1],
  }),
  /**
   * One contract by `contract_id`, or every open one (a message each; `{}` when none). With
   * `subscribe`, the one contract's stream ends itself after its `is_sold: 1` message; the
   * all-contracts stream stays, and adds the contracts bought later.
   */
  handle: async (context) => {
    const { args, services, connection } = context;
    const loginid = connection.auth!.loginid;
    const subscribe = args.subscribe === 1;
    if (args.contract_id !== undefined) {
      const record = await services.store.contract(args.contract_id as number);
      // Another account's contract is not there at all, as far as this one can tell.
      if (!record || record.loginid !== loginid)
        throw new ApiError('ContractValidationError', 'Cannot validate contract.', undefined, 'proposal_open_contract');
      if (!subscribe) return new Reply('proposal_open_contract', { proposal_open_contract: view(context, record) });
      connection.streams.assertNotSubscribed(
        `proposal_open_contract:${record.contractId}`,
        'You are already subscribed to proposal_open_contract.',
        'proposal_open_contract',
      );
      const id = openContractStream(context, record);
      return new Reply('proposal_open_contract', {
        proposal_open_contract: { ...view(context, record), id },
        subscription: { id },
      });
    }
    if (subscribe)
      connection.streams.assertNotSubscribed(
        'proposal_open_contract:all',
        'You are already subscribed to proposal_open_contract.',
        'proposal_open_contract',
      );
    await services.settler.settleDecided(loginid);
    const open = await services.store.contracts({ loginid, state: 'open', order: 'ASC', limit: MAX_LISTED_CONTRACTS });
    const views = open.map((record) => view(context, record));
    const subscription = subscribe ? { subscription: { id: openAllContractsStream(context, loginid, open) } } : {};
    const [first, ...rest] = views;
    return new Reply(
      'proposal_open_contract',
      { proposal_open_contract: first ?? {}, ...subscription },
      rest.map((fields) => ({ proposal_open_contract: fields, ...subscription })),
    );
  },
};
