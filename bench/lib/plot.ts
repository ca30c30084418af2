import type { FanoutRow } from '../sections/fanout.js';

/**
 * Fan-out latency against subscriber count, as an SVG the suite writes itself: p50 and p99
 * for our server and for the bare broadcast, subscribers on a log scale.
 */
export function fanoutPlot(rows: FanoutRow[]): string {
  const width = 640;
  const height = 360;
  const margin = { left: 64, right: 150, top: 24, bottom: 48 };
  const xs = rows.map((row) => Math.log10(row.subscribers));
  const series = [
    { label: 'deriv-ws p99', colour: '#c0392b', dash: '', values: rows.map((row) => row.ours.p99_ms!.median) },
    { label: 'deriv-ws p50', colour: '#e67e22', dash: '', values: rows.map((row) => row.ours.p50_ms!.median) },
    {
      label: 'bare broadcast p99',
      colour: '#2c3e50',
      dash: '6 4',
      values: rows.map((row) => row.floor.p99_ms!.median),
    },
    {
      label: 'bare broadcast p50',
      colour: '#7f8c8d',
      dash: '6 4',
      values: rows.map((row) => row.floor.p50_ms!.median),
    },
  ];
  const maxY = Math.max(1, ...series.flatMap((s) => s.values.filter(Number.isFinite))) * 1.1;
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const x = (v: number) =>
    margin.left + ((v - minX) / Math.max(1e-9, maxX - minX)) * (width - margin.left - margin.right);
  const y = (v: number) => height - margin.bottom - (v / maxY) * (height - margin.top - margin.bottom);
  const ticksY = Array.from({ length: 5 }, (_, i) => (maxY / 4) * i);
  const lines = series
    .map((s, index) => {
      const points = s.values.map((v, i) => `${x(xs[i]!).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      const legendY = margin.top + index * 20;
      return [
        `<polyline fill="none" stroke="${s.colour}" stroke-width="2" stroke-dasharray="${s.dash}" points="${points}"/>`,
        ...s.values.map(
          (v, i) => `<circle cx="${x(xs[i]!).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${s.colour}"/>`,
        ),
        `<line x1="${width - margin.right + 12}" y1="${legendY}" x2="${width - margin.right + 36}" y2="${legendY}" stroke="${s.colour}" stroke-width="2" stroke-dasharray="${s.dash}"/>`,
        `<text x="${width - margin.right + 42}" y="${legendY + 4}">${s.label}</text>`,
      ].join('\n');
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${margin.left}" y="16" font-weight="bold">Tick fan-out latency (median of runs)</text>
${ticksY.map((v) => `<line x1="${margin.left}" y1="${y(v).toFixed(1)}" x2="${width - margin.right}" y2="${y(v).toFixed(1)}" stroke="#eee"/><text x="${margin.left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toFixed(0)} ms</text>`).join('\n')}
${rows.map((row, i) => `<text x="${x(xs[i]!).toFixed(1)}" y="${height - margin.bottom + 18}" text-anchor="middle">${row.subscribers.toLocaleString('en')}</text>`).join('\n')}
<text x="${((margin.left + width - margin.right) / 2).toFixed(0)}" y="${height - 10}" text-anchor="middle">subscribers (log scale)</text>
${lines}
</svg>
`;
}
