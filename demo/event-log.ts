import { timeOfDay } from './time-of-day.js';

export type LogKind = 'open' | 'message' | 'close' | 'error' | 'info';

/** Enough to scroll back through a reconnect; the oldest go, so the page never grows. */
const MAX_LINES = 300;

/**
 * The guide's event log, made readable: one line per event with its time (to the
 * millisecond, so bursts and delays show), its kind, a subject (the message type) and a
 * short detail; newest at the bottom.
 *
 * Lines are added once per animation frame, not per event: a burst of messages costs one
 * layout, and a hidden tab (no frames) only keeps the newest `MAX_LINES` waiting.
 */
export class EventLog {
  readonly #list: HTMLElement;
  #waiting: HTMLLIElement[] = [];
  #frame: number | undefined;

  constructor(list: HTMLElement) {
    this.#list = list;
  }

  add(kind: LogKind, subject: string, detail = ''): void {
    const line = document.createElement('li');
    line.className = `log-line log-${kind}`;
    line.title = detail ? `${subject} ${detail}` : subject;
    line.append(
      span('log-time', timeOfDay(new Date(), { milliseconds: true })),
      span('log-kind', kind),
      span('log-subject', subject),
      span('log-detail', detail),
    );
    this.#waiting.push(line);
    if (this.#waiting.length > MAX_LINES) this.#waiting.shift();
    this.#frame ??= requestAnimationFrame(() => this.#flush());
  }

  #flush(): void {
    this.#frame = undefined;
    const list = this.#list;
    // Follow new lines only while the reader is at the bottom, so scrolling back to read stays put.
    const following = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
    list.append(...this.#waiting);
    this.#waiting = [];
    while (list.childElementCount > MAX_LINES) list.firstElementChild?.remove();
    if (following) list.scrollTop = list.scrollHeight;
  }
}

function span(className: string, text: string): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}
