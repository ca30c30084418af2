/** One published tick, as a server process reports it. */
export interface TickRecord {
  epoch: number;
  /** ms since the epoch, sub-millisecond precision, from the publishing process's clock. */
  publishedAt: number;
  sendLoopMs: number;
  subscribers: number;
  pid: number;
}
