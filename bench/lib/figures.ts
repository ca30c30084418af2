import type { Summary } from './stats.js';

/** One measured figure, with what it is compared against in the same run. */
export interface Figure {
  section: string;
  name: string;
  unit: string;
  ours: Summary;
  /** The floor measured in the same run (a raw `ws` client or server). */
  floor?: Summary;
  floorName?: string;
  /** The official client, where it takes part. */
  peer?: Summary;
  peerName?: string;
  bar?: Bar;
  /** How to read a value of -1, or anything else worth saying beside the number. */
  note?: string;
}

export interface Bar {
  /** ours / floor must be at most this. */
  maxRatio?: number;
  /** ours / floor must be at least this (higher is better). */
  minRatio?: number;
  /** ours / peer must be at least this (higher is better). */
  minPeerRatio?: number;
  /** ours must be at most this, in the figure's unit. */
  absoluteMax?: number;
  /** ours must be at least this, in the figure's unit (higher is better). */
  absoluteMin?: number;
}

export function ratio(ours: Summary, other: Summary | undefined): number | undefined {
  return other && other.median > 0 && ours.median >= 0 ? ours.median / other.median : undefined;
}

export function meetsBar(figure: Figure): boolean | undefined {
  const { bar } = figure;
  if (!bar) return undefined;
  const toFloor = ratio(figure.ours, figure.floor);
  const toPeer = ratio(figure.ours, figure.peer);
  if (bar.maxRatio !== undefined && (toFloor === undefined || toFloor > bar.maxRatio)) return false;
  if (bar.minRatio !== undefined && (toFloor === undefined || toFloor < bar.minRatio)) return false;
  if (bar.minPeerRatio !== undefined && toPeer !== undefined && toPeer < bar.minPeerRatio) return false;
  if (bar.absoluteMax !== undefined && figure.ours.median > bar.absoluteMax) return false;
  if (bar.absoluteMin !== undefined && !(figure.ours.median >= bar.absoluteMin)) return false;
  return true;
}

export function barText(bar: Bar | undefined, unit: string): string {
  if (!bar) return '';
  return [
    bar.maxRatio !== undefined ? `≤ ${bar.maxRatio.toFixed(2)}× floor` : '',
    bar.minRatio !== undefined ? `≥ ${bar.minRatio.toFixed(2)}× floor` : '',
    bar.minPeerRatio !== undefined ? `≥ ${bar.minPeerRatio.toFixed(0)}× deriv-api` : '',
    bar.absoluteMax !== undefined ? `≤ ${bar.absoluteMax} ${unit}` : '',
    bar.absoluteMin !== undefined ? `≥ ${bar.absoluteMin.toLocaleString('en')} ${unit}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}
