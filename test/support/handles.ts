/**
 * Counts the handles that would keep a process alive: sockets, servers and timers. Tests
 * take a count before and compare after, since the test runner holds handles of its own.
 */
const TRACKED = new Set(['TCPSocketWrap', 'TCPServerWrap', 'Timeout', 'TCPWRAP', 'TCPSERVERWRAP']);

export function liveHandleCount(): number {
  return process.getActiveResourcesInfo().filter((name) => TRACKED.has(name)).length;
}

/** Lets libuv finish closing handles (a closed server's handle goes away one loop turn later). */
export async function settleHandles(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 5));
}
