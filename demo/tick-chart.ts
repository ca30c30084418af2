import uPlot from 'uplot';
import type { ChartLevel } from './contract-levels.js';
import { timeOfDay } from './time-of-day.js';

/** Five minutes of a 1 s index: enough to see a trend, few enough to redraw every tick. */
const WINDOW = 300;
const AXIS_FONT = '12px system-ui, sans-serif';
/** Roughly one digit of AXIS_FONT; a y axis this wide per character never clips its labels. */
const DIGIT_WIDTH_PX = 7.5;

/** What a marker shows: a contract's entry tick, or its exit tick and how it ended. */
export type MarkerKind = 'entry' | 'won' | 'lost' | 'sold';

interface Marker {
  epoch: number;
  quote: number;
  element: HTMLElement;
}

interface Level {
  quote: number;
  element: HTMLElement;
}

/**
 * A live line of the last `WINDOW` quotes, drawn with uPlot on a canvas. It keeps two plain
 * arrays (uPlot's own format), appends to them and drops from the front, and redraws at
 * most once per animation frame: once per tick at 1 tick/s, and no more than the screen can
 * show when the market runs faster.
 */
export class TickChart {
  readonly #times: number[] = [];
  readonly #quotes: number[] = [];
  readonly #plot: uPlot;
  readonly #counter: HTMLElement;
  readonly #lastQuote: HTMLElement;
  #received = 0;
  #decimals = 2;
  #frame: number | undefined;
  /** By key (a contract's id and which tick), so marking the same tick again moves nothing. */
  readonly #markers = new Map<string, Marker>();
  /** By key (a contract's id), each its contract's levels. */
  readonly #levels = new Map<string, Level[]>();

  constructor(container: HTMLElement, counter: HTMLElement, lastQuote: HTMLElement) {
    this.#counter = counter;
    this.#lastQuote = lastQuote;
    this.#plot = new uPlot(this.#options(container), [this.#times, this.#quotes], container);
    new ResizeObserver(() => this.#plot.setSize(sizeOf(container))).observe(container);
  }

  /** Starts again, empty, for another stream. */
  reset(): void {
    this.#times.length = 0;
    this.#quotes.length = 0;
    this.#received = 0;
    this.#counter.textContent = '0';
    this.#lastQuote.textContent = '—';
    for (const marker of this.#markers.values()) marker.element.remove();
    this.#markers.clear();
    for (const key of [...this.#levels.keys()]) this.setLevels(key, []);
    this.#redrawSoon();
  }

  /**
   * Draws a contract's levels (take profit, stop loss, stop out) as horizontal lines, in place
   * of those it had; `[]` removes them. The scale stays the ticks': a level beyond it is drawn
   * at the edge it lies past, marked so (`data-pinned`), with its value in its label.
   */
  setLevels(key: string, levels: readonly ChartLevel[]): void {
    const drawn = this.#levels.get(key) ?? [];
    const same =
      drawn.length === levels.length &&
      drawn.every(
        ({ element }, i) => element.dataset.kind === levels[i]!.kind && element.dataset.value === levels[i]!.value,
      );
    if (same) return;
    for (const { element } of drawn) element.remove();
    if (levels.length === 0) {
      this.#levels.delete(key);
      return;
    }
    this.#levels.set(
      key,
      levels.map(({ kind, value, label }) => {
        const element = document.createElement('div');
        element.className = `chart-level level-${kind}`;
        element.dataset.testid = 'chart-level';
        Object.assign(element.dataset, { kind, value, key });
        element.title = label;
        const text = document.createElement('span');
        text.textContent = label;
        element.append(text);
        element.hidden = true;
        this.#plot.over.append(element);
        return { quote: Number(value), element };
      }),
    );
    this.#redrawSoon();
  }

  /**
   * Marks a tick of the stream shown, such as a contract's exit tick. Markers are elements
   * over the canvas, placed again on every redraw; one that scrolls out of the window goes.
   */
  mark(key: string, epoch: number, quote: number, kind: MarkerKind, label: string): void {
    let marker = this.#markers.get(key);
    if (!marker) {
      const element = document.createElement('span');
      element.dataset.testid = 'chart-marker';
      element.hidden = true;
      this.#plot.over.append(element);
      marker = { epoch, quote, element };
      this.#markers.set(key, marker);
    }
    Object.assign(marker, { epoch, quote });
    marker.element.className = `chart-marker marker-${kind}`;
    marker.element.dataset.kind = kind;
    marker.element.title = label;
    this.#redrawSoon();
  }

  /** A tick: `epoch` in seconds, `quote` shown with `decimals` (the symbol's pip size). */
  add(epoch: number, quote: number, decimals: number): void {
    this.#times.push(epoch);
    this.#quotes.push(quote);
    if (this.#times.length > WINDOW) {
      this.#times.shift();
      this.#quotes.shift();
      this.#dropMarkersBefore(this.#times[0]!);
    }
    this.#decimals = decimals;
    this.#received++;
    // The counter and quote are cheap text; they stay exact even while frames are paused.
    this.#counter.textContent = String(this.#received);
    this.#lastQuote.textContent = quote.toFixed(decimals);
    this.#redrawSoon();
  }

  #redrawSoon(): void {
    this.#frame ??= requestAnimationFrame(() => {
      this.#frame = undefined;
      this.#plot.setData([this.#times, this.#quotes]);
    });
  }

  #dropMarkersBefore(epoch: number): void {
    for (const [key, marker] of this.#markers)
      if (marker.epoch < epoch) {
        marker.element.remove();
        this.#markers.delete(key);
      }
  }

  /** After each draw: a marker goes where its tick is, hidden while its tick is outside the axes (an exit tick the chart has not received yet). */
  #placeMarkers(plot: uPlot): void {
    const { min, max } = plot.scales.x ?? {};
    for (const { epoch, quote, element } of this.#markers.values()) {
      const inside = min !== undefined && max !== undefined && epoch >= min && epoch <= max;
      element.hidden = !inside;
      if (!inside) continue;
      element.style.left = `${plot.valToPos(epoch, 'x')}px`;
      element.style.top = `${plot.valToPos(quote, 'y')}px`;
    }
  }

  /** After each draw: each level's line at its spot, or pinned to the edge it lies past; hidden until there is a scale. */
  #placeLevels(plot: uPlot): void {
    const { min, max } = plot.scales.y ?? {};
    const height = plot.over.clientHeight;
    // Labels pinned to one edge would cover each other: each further one is stacked inwards.
    const stacked = { above: 0, below: 0 };
    for (const levels of this.#levels.values())
      for (const { quote, element } of levels) {
        element.hidden = typeof min !== 'number' || typeof max !== 'number';
        if (typeof min !== 'number' || typeof max !== 'number') continue;
        const pinned = quote > max ? 'above' : quote < min ? 'below' : '';
        element.dataset.pinned = pinned;
        const top = pinned === 'above' ? 0 : pinned === 'below' ? height : plot.valToPos(quote, 'y');
        element.style.top = `${top}px`;
        const label = element.firstElementChild as HTMLElement;
        const place = pinned ? stacked[pinned]++ : 0;
        label.style.transform = place === 0 ? '' : `translateY(${pinned === 'above' ? '' : '-'}${place * 120}%)`;
      }
  }

  #options(container: HTMLElement): uPlot.Options {
    // Colours come from the stylesheet, so the chart follows the page's light or dark theme.
    const style = getComputedStyle(container);
    const colour = (name: string) => style.getPropertyValue(name).trim();
    const axis = {
      stroke: colour('--text-muted'),
      font: AXIS_FONT,
      grid: { stroke: colour('--chart-grid'), width: 1 },
      ticks: { stroke: colour('--chart-grid'), width: 1 },
    };
    return {
      ...sizeOf(container),
      legend: { show: false },
      // A streaming chart that zooms on drag would stop following the ticks; hovering still works.
      cursor: { drag: { x: false, y: false } },
      hooks: { draw: [(plot) => this.#placeMarkers(plot), (plot) => this.#placeLevels(plot)] },
      series: [
        {},
        {
          label: 'quote',
          stroke: colour('--chart-line'),
          fill: colour('--chart-fill'),
          width: 2,
          points: { show: false },
        },
      ],
      axes: [
        {
          ...axis,
          // One line of `14:03:27` per label: uPlot's default adds a date line, which crowds a phone.
          values: (_plot, splits) => splits.map((epoch) => timeOfDay(new Date(epoch * 1_000))),
          space: 80,
          size: 36,
        },
        {
          ...axis,
          values: (_plot, splits) => splits.map((value) => value.toFixed(this.#decimals)),
          size: (_plot, values) =>
            values ? Math.max(...values.map((label) => label.length)) * DIGIT_WIDTH_PX + 20 : 60,
        },
      ],
    };
  }
}

function sizeOf(container: HTMLElement): { width: number; height: number } {
  return { width: container.clientWidth, height: container.clientHeight };
}
