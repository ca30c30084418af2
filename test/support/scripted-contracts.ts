import { Reply, type CallContext, type LocalServer } from '../../src/server/index.js';

export interface ScriptedContractsOptions {
  /** How many updates a contract gets before it is sold. */
  updates?: number;
  /** Time between updates (ms). */
  intervalMs?: number;
  /** The contracts bought so far: pass one server's to its replacement, as a restart keeps them. */
  contracts?: Map<number, ScriptedContract>;
}

export interface ScriptedContract {
  readonly id: number;
  readonly loginid: string | undefined;
  readonly boughtAt: number;
  readonly soldAt: number;
}

/**
 * `buy` and `proposal_open_contract` scripted on a local server until the trading sandbox
 * exists: a bought contract is followed by updates every `intervalMs` and is sold after
 * `updates` of them, on the wall clock, so a contract bought on one connection can be
 * followed from another. A single-contract stream ends itself after its `is_sold: 1`
 * message, as the real server's does.
 */
export function scriptContracts(
  server: LocalServer,
  { updates = 5, intervalMs = 20, contracts = new Map() }: ScriptedContractsOptions = {},
) {
  let nextId = 1000 + contracts.size;

  const snapshot = (contract: ScriptedContract) => {
    const now = Date.now();
    const sold = now >= contract.soldAt;
    const step = Math.min(updates, Math.floor((now - contract.boughtAt) / intervalMs));
    return {
      contract_id: contract.id,
      buy_price: 10,
      payout: 19.5,
      current_spot: 100 + step,
      is_sold: sold ? 1 : 0,
      status: sold ? 'won' : 'open',
      ...(sold ? { sell_price: 19.5, profit: 9.5 } : { profit: step / 10 }),
    };
  };

  /** Follows one contract on the request's connection until it is sold; returns the stream id. */
  const follow = (context: CallContext, contract: ScriptedContract): string =>
    context.connection.streams.add('proposal_open_contract', `contract:${contract.id}`, (id) => {
      const timer = setInterval(() => {
        const update = snapshot(contract);
        context.connection.sendText(
          JSON.stringify({
            echo_req: context.echo.echo_req,
            msg_type: 'proposal_open_contract',
            proposal_open_contract: { ...update, id },
            req_id: context.echo.req_id,
            ...(context.echo.passthrough ? { passthrough: context.echo.passthrough } : {}),
            subscription: { id },
          }),
        );
        if (update.is_sold) context.connection.streams.forget(id);
      }, intervalMs);
      return { stop: () => clearInterval(timer), echoBytes: 0 };
    });

  const removeBuy = server.handle('buy', (context) => {
    const now = Date.now();
    const contract: ScriptedContract = {
      id: nextId++,
      loginid: context.connection.auth?.loginid,
      boughtAt: now,
      soldAt: now + updates * intervalMs,
    };
    contracts.set(contract.id, contract);
    const fields: Record<string, unknown> = {
      buy: {
        contract_id: contract.id,
        buy_price: 10,
        payout: 19.5,
        longcode: 'scripted',
        start_time: Math.floor(now / 1000),
        transaction_id: contract.id * 2,
      },
    };
    if (context.args.subscribe === 1) fields.subscription = { id: follow(context, contract) };
    return new Reply('buy', fields);
  });

  const removeOpenContract = server.handle('proposal_open_contract', (context) => {
    const contract = contracts.get(Number(context.args.contract_id));
    if (!contract || contract.loginid !== context.connection.auth?.loginid) return {};
    const fields: Record<string, unknown> = { proposal_open_contract: snapshot(contract) };
    if (context.args.subscribe === 1 && Date.now() < contract.soldAt)
      fields.subscription = { id: follow(context, contract) };
    return new Reply('proposal_open_contract', fields);
  });

  return {
    contracts,
    remove() {
      removeBuy();
      removeOpenContract();
    },
  };
}

/** A `buy` request by parameters, as the user sent it. */
export function buyRequest(extra: Record<string, unknown> = {}) {
  return {
    buy: '1',
    price: 10,
    parameters: {
      contract_type: 'CALL',
      symbol: 'R_100',
      duration: 5,
      duration_unit: 't',
      basis: 'stake',
      amount: 1,
      currency: 'USD',
    },
    ...extra,
  } as const;
}
