import { parseArgs } from 'node:util';
import { parseJsonRequests, requestText } from './json-input.js';
import { DataOutput, describeError } from './output.js';
import { openTarget, targetHelp, targetOptions } from './target.js';

export const sendHelp = `Usage: deriv-ws send '<json>' [--pretty] [target]
       echo '<json>' | deriv-ws send [--pretty] [target]

Sends a request and prints the reply as JSON on stdout; several JSON lines on stdin are sent
in turn, one reply line each. An error reply goes to stderr as "CODE: message", exit 1.
  --pretty              indent the reply
${targetHelp}`;

export async function send(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...targetOptions, pretty: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const text = await requestText(positionals, '{"ping":1}');
  const requests = parseJsonRequests(text);

  const target = await openTarget(values, env);
  const out = new DataOutput();
  let failed = false;
  try {
    for (const request of requests) {
      try {
        const reply = await target.client.send(request as never);
        out.line(JSON.stringify(reply, null, values.pretty ? 2 : undefined));
      } catch (error) {
        process.stderr.write(`${describeError(error)}\n`);
        failed = true;
      }
    }
  } finally {
    await target.close();
  }
  return failed ? 1 : 0;
}
