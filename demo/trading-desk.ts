import type { DerivClient } from '../src/client/index.js';
import { type ApiDialect, V3_DIALECT } from './api-dialect.js';
import { BalanceView } from './balance-view.js';
import { levelsOf } from './contract-levels.js';
import { describeError } from './describe-error.js';
import type { LogKind } from './event-log.js';
import { formatDuration } from './format-duration.js';
import { OpenContracts, type OpenContractsElements } from './open-contracts.js';
import type { MarkerKind, TickChart } from './tick-chart.js';
import { TradePanel, type TradePanelElements } from './trade-panel.js';
import {
  type BuyReceipt,
  buyContract,
  type ContractControls,
  type OpenContract,
  type PricedProposal,
} from './trading-calls.js';

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
  #dialect: ApiDialect = V3_DIALECT;
  #symbol: string | undefined;
  /** The contracts bought on this client, by id: what the table's buttons act through. */
  #controls = new Map<number, ContractControls>();

  constructor(
    elements: TradingDeskElements,
    chart: TickChart,
    log: (kind: LogKind, subject: string, detail: string) => void,
  ) {
    this.#chart = chart;
    this.#log = log;
    this.#panel = new TradePanel(elements.panel, { buy: (proposal) => this.#buy(proposal) });
    this.#contracts = new OpenContracts(elements.contracts, {
      sell: (contractId) => this.#control(contractId).sell(),
      update: (contractId, orders) => this.#control(contractId).update(orders),
      cancel: (contractId) => this.#control(contractId).cancel(),
    });
    this.#balance = new BalanceView(elements.balance);
  }

  /** Trades on this authorized client's account, in its API's `dialect`, or stops (`undefined`: disconnected). */
  trade(client: DerivClient | undefined, dialect: ApiDialect = V3_DIALECT): void {
    this.#client = client;
    this.#dialect = dialect;
    // A closed client's handles can do nothing more; their rows say "not followed".
    this.#controls = new Map();
    this.#panel.trade(client, client?.account?.currency, dialect);
    this.#balance.follow(client, (error) => this.#log('error', 'balance', describeError(error)));
  }

  /** The chart shows this symbol now: the panel trades it, and its contracts' ticks are marked on the chart. */
  showSymbol(symbol: string): void {
    this.#symbol = symbol;
    this.#panel.setSymbol(symbol);
  }

  #buy(proposal: PricedProposal): Promise<BuyReceipt> {
    const client = this.#client;
    const dialect = this.#dialect;
    if (!client) return Promise.reject(notTrading());
    return new Promise((resolve, reject) => {
      let contractId: number | undefined;
      const controls = this.#controls;
      buyContract(client, dialect, proposal, {
        bought: (receipt, handle) => {
          contractId = receipt.contract_id;
          controls.set(contractId, handle);
          this.#contracts.add(receipt);
          resolve(receipt);
        },
        refused: reject,
        update: (contract) => {
          this.#contracts.update(contract);
          this.#mark(contract);
          if (contract.is_sold === 1 && contractId !== undefined) controls.delete(contractId);
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

  /** What the table's buttons act through for this contract; rejects when nothing does any more. */
  #control(contractId: number): ContractControls {
    const controls = this.#controls.get(contractId);
    if (controls) return controls;
    const refuse = () => Promise.reject(notTrading());
    return { sell: refuse, update: refuse, cancel: refuse };
  }

  /**
   * On the chart, if it shows the contract's symbol: its entry tick, the levels it closes at
   * while it is open (a multiplier's take profit, stop loss and stop out), and once it is sold
   * its exit as won, lost or sold.
   */
  #mark(contract: OpenContract): void {
    const { contract_id: id, underlying } = contract;
    if (id === undefined || underlying !== this.#symbol) return;
    this.#chart.setLevels(String(id), levelsOf(contract));
    if (contract.entry_tick_time !== undefined && contract.entry_tick !== undefined)
      this.#chart.mark(
        `${id}:entry`,
        contract.entry_tick_time,
        contract.entry_tick,
        'entry',
        `${id} entry ${contract.entry_tick_display_value}`,
      );
    if (contract.is_sold !== 1) return;
    // A contract sold before its end (a multiplier sold or cancelled) ended at its sale's spot.
    const time = contract.exit_tick_time ?? contract.sell_spot_time;
    const spot = contract.exit_tick ?? contract.sell_spot;
    if (time === undefined || spot === undefined) return;
    const kind: MarkerKind = contract.status === 'won' || contract.status === 'lost' ? contract.status : 'sold';
    const shown = contract.exit_tick_display_value ?? contract.sell_spot_display_value;
    this.#chart.mark(`${id}:exit`, time, spot, kind, `${id} ${contract.status ?? kind} at ${shown}`);
  }
}

function notTrading(): Error {
  return new Error('Not authorized: enter an API token and Connect.');
}
