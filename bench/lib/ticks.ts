/** One published tick, as a server process reports it. */
export interface TickRecord {
  epoch: number;
  /** ms since the epoch, sub-millisecond precision, from the publishing process's clock. */
  publishedAt: number;
  /** The feed's send loop: each subscriber's frame built and queued on its (corked) socket. */
  sendLoopMs: number;
  /** From the same start until the corked sockets were uncorked, the frames written: ours, one process. */
  writtenMs?: number;
  subscribers: number;
  pid: number;
}
