import type { DerivClient } from '../src/client/index.js';
import { BalanceView } from './balance-view.js';
import { describeError } from './describe-error.js';
import type { LogKind } from './event-log.js';
import { formatDuration } from './format-duration.js';
import { OpenContracts, type OpenContractsElements } from './open-contracts.js';
import type { MarkerKind, TickChart } from './tick-chart.js';
import { TradePanel, type TradePanelElements } from './trade-panel.js';
import { type BuyReceipt, buyContract, type OpenContract, type PricedProposal, sellContract } from './trading-calls.js';

export interface TradingDeskElements {
  panel: TradePanelElements;
  contracts: OpenContractsElements;
  balance: HTMLElement;
}

/**
 * The trading side of the page, on an authorized connection: the order form and its price,
 * the contracts bought and their outcome on the chart, and the balance. It holds no client of
 * its own; `trade(client)` hands it the one that authorized.
 */
export class TradingDesk {
  readonly #panel: TradePanel;
  readonly #contracts: OpenContracts;
  readonly #balance: BalanceView;
  readonly #chart: TickChart;
  readonly #log: (kind: LogKind, subject: string, detail: string) => void;
  #client: DerivClient | undefined;
  #symbol: string | undefined;

  constructor(
    elements: TradingDeskElements,
    chart: TickChart,
    log: (kind: LogKind, subject: string, detail: string) => void,
  ) {
    this.#chart = chart;
    this.#log = log;
    this.#panel = new TradePanel(elements.panel, { buy: (proposal) => this.#buy(proposal) });
    this.#contracts = new OpenContracts(elements.contracts, {
      sell: (contractId) => (this.#client ? sellContract(this.#client, contractId) : Promise.reject(notTrading())),
    });
    this.#balance = new BalanceView(elements.balance);
  }

  /** Trades on this authorized client's account, or stops (`undefined`: disconnected). */
  trade(client: DerivClient | undefined): void {
    this.#client = client;
    this.#panel.trade(client, client?.account?.currency);
    this.#balance.follow(client, (error) => this.#log('error', 'balance', describeError(error)));
  }

  /** The chart shows this symbol now: the panel trades it, and its contracts' ticks are marked on the chart. */
  showSymbol(symbol: string): void {
    this.#symbol = symbol;
    this.#panel.setSymbol(symbol);
  }

  #buy(proposal: PricedProposal): Promise<BuyReceipt> {
    const client = this.#client;
    if (!client) return Promise.reject(notTrading());
    return new Promise((resolve, reject) => {
      let contractId: number | undefined;
      buyContract(client, proposal, {
        bought: (receipt) => {
          contractId = receipt.contract_id;
          this.#contracts.add(receipt);
          resolve(receipt);
        },
        refused: reject,
        update: (contract) => {
          this.#contracts.update(contract);
          this.#mark(contract);
        },
        gap: ({ downMs }) =>
          this.#log(
            'info',
            'gap',
            `contract ${contractId}: ${formatDuration(downMs)} without updates; followed again by id`,
          ),
        lost: (error) => {
          if (contractId !== undefined) this.#contracts.lost(contractId, error);
        },
      });
    });
  }

  /** The contract's entry tick, and once it is sold its exit tick as won or lost, on the chart if it shows the symbol. */
  #mark(contract: OpenContract): void {
    const { contract_id: id, underlying } = contract;
    if (id === undefined || underlying !== this.#symbol) return;
    if (contract.entry_tick_time !== undefined && contract.entry_tick !== undefined)
      this.#chart.mark(
        `${id}:entry`,
        contract.entry_tick_time,
        contract.entry_tick,
        'entry',
        `${id} entry ${contract.entry_tick_display_value}`,
      );
    if (contract.is_sold !== 1 || contract.exit_tick_time === undefined || contract.exit_tick === undefined) return;
    const kind: MarkerKind = contract.status === 'won' || contract.status === 'lost' ? contract.status : 'sold';
    this.#chart.mark(
      `${id}:exit`,
      contract.exit_tick_time,
      contract.exit_tick,
      kind,
      `${id} ${kind} at ${contract.exit_tick_display_value}`,
    );
  }
}

function notTrading(): Error {
  return new Error('Not authorized: enter an API token and Connect.');
}
