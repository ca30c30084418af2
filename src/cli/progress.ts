import type { DerivClient } from '../client/node.js';

/**
 * Connection progress on stderr, and only when stderr is a terminal: a pipeline reading the
 * command's output never sees it, and a log file is not filled with it.
 */
export function reportProgress(
  client: DerivClient,
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): () => void {
  if (!stream.isTTY) return () => {};
  return client.on('state', (state) => {
    switch (state.status) {
      case 'connecting':
        stream.write(state.attempt === 0 ? `connecting to ${label}…\n` : `reconnecting (attempt ${state.attempt})…\n`);
        break;
      case 'reconnecting':
        stream.write(
          `connection lost (${state.lastClose.code}); retry ${state.attempt} in ${(state.delayMs / 1000).toFixed(1)} s\n`,
        );
        break;
      case 'open':
        stream.write('connected\n');
        break;
      default:
        break;
    }
  });
}
