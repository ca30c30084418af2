// One client measurement in a process of its own, forked with IPC and --expose-gc:
// `--contender <name> --scenario <name> --url <url> [--count N --warmup N --window N]`.
// Sends `{result}` (or `{error}`) to the parent, then exits.
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

// The parent is gone: nobody will read the result, and a scenario can run for minutes.
process.on('disconnect', () => process.exit(1));
try {
  const connect = contenders[values.contender ?? ''];
  const scenario = scenarios[values.scenario ?? ''];
  if (!connect || !scenario || !values.url)
    throw new Error(`usage: --contender ${Object.keys(contenders)} --scenario ${Object.keys(scenarios)} --url URL`);
  const contender = await connect(values.url);
  const result = await scenario(contender, {
    count: Number(values.count),
    warmup: Number(values.warmup),
    window: Number(values.window),
  });
  // deriv-api keeps a pending promise per lost call and would hold the process open: leave at once.
  await Promise.race([contender.close(), new Promise((resolve) => setTimeout(resolve, 1_000))]);
  process.send!({ result }, () => process.exit(0));
} catch (error) {
  process.send!({ error: (error as Error).stack ?? String(error) }, () => process.exit(1));
}
