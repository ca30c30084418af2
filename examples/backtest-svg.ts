// A backtest that draws its P/L curve: COUNT "rise" contracts of 5 ticks on Volatility 100,
// one after another, on a seeded market 50 times faster than real time, then the running
// profit as an SVG line chart written to FILE.
//
//   npx tsx examples/backtest-svg.ts [COUNT] [FILE]      (default 200, test-output/backtest.svg)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DerivClient } from 'deriv-ws';
import { acceleratedClock, createServer } from 'deriv-ws/server';

const count = Number(process.argv[2] ?? 200);
const file = process.argv[3] ?? 'test-output/backtest.svg';

const server = await createServer({ port: 0, market: { seed: 2026 }, clock: acceleratedClock(50), rateLimits: false });
const client = new DerivClient({ url: server.url, rateLimit: false });
const curve = [0];
try {
  await client.authorize(server.demoToken!);
  for (let i = 0; i < count; i++) {
    const contract = await client.buy({
      proposal: 1,
      contract_type: 'CALL',
      symbol: 'R_100',
      currency: 'USD',
      basis: 'stake',
      amount: 1,
      duration: 5,
      duration_unit: 't',
    });
    const { profit } = await contract.settled;
    curve.push(Math.round((curve.at(-1)! + profit) * 100) / 100);
  }
} finally {
  await client.close();
  await server.close();
}

/** The curve as an SVG polyline, 600 × 200, with the zero line dashed. */
function chart(points: number[]): string {
  const [width, height, pad] = [600, 200, 10];
  const low = Math.min(0, ...points);
  const high = Math.max(0, ...points);
  const x = (i: number) => pad + (i / Math.max(1, points.length - 1)) * (width - 2 * pad);
  const y = (value: number) => height - pad - ((value - low) / (high - low || 1)) * (height - 2 * pad);
  const line = points.map((value, i) => `${x(i).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<line x1="${pad}" x2="${width - pad}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" stroke="#999" stroke-dasharray="4"/>`,
    `<polyline fill="none" stroke="#0a7" stroke-width="1.5" points="${line}"/>`,
    '</svg>',
    '',
  ].join('\n');
}

mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, chart(curve));
console.log(`${count} contracts, P/L ${curve.at(-1)!.toFixed(2)} USD; the curve is in ${file}`);
