// One measurement in a process of its own: `--contender <name> --scenario <name> --url <url>`.
// Prints one JSON line with the result.
import { parseArgs } from 'node:util';
import { contenders } from '../clients/contenders.js';
import { scenarios } from '../scenarios/index.js';

const { values } = parseArgs({
  options: {
    contender: { type: 'string' },
    scenario: { type: 'string' },
    url: { type: 'string' },
    count: { type: 'string', default: '10000' },
    warmup: { type: 'string', default: '2000' },
    window: { type: 'string', default: '100' },
  },
});

const connect = contenders[values.contender ?? ''];
const scenario = scenarios[values.scenario ?? ''];
if (!connect || !scenario || !values.url) throw new Error(`usage: --contender ${Object.keys(contenders)} --scenario ${Object.keys(scenarios)} --url URL`);

const contender = await connect(values.url);
const result = await scenario(contender, { count: Number(values.count), warmup: Number(values.warmup), window: Number(values.window) });
await contender.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
