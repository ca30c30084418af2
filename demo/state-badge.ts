import type { ConnectionState } from '../src/client/index.js';
import { formatDuration } from './format-duration.js';

/** The client's `state`, in words: the status, and for a retry how long until it and after which close. */
export function describeState(state: ConnectionState): string {
  switch (state.status) {
    case 'idle':
    case 'open':
      return state.status;
    case 'connecting':
      return state.attempt === 0 ? 'connecting' : `connecting · retry ${state.attempt}`;
    case 'reconnecting':
      return `reconnecting · attempt ${state.attempt} in ${formatDuration(state.delayMs)} (after ${state.lastClose.code})`;
    case 'closed':
      return `closed · ${state.code}${state.reason ? ` ${state.reason}` : ''}`;
  }
}

/** The badge in the header. `data-state` carries the bare status, for the colours and for tests. */
export class StateBadge {
  readonly #badge: HTMLElement;

  constructor(badge: HTMLElement) {
    this.#badge = badge;
  }

  show(state: ConnectionState): void {
    this.#badge.textContent = describeState(state);
    this.#badge.dataset.state = state.status;
    // Why the client gave up is too long for a badge; it is one hover (and one log line) away.
    this.#badge.title = state.status === 'closed' && state.error ? state.error.message : '';
  }
}
