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

/**
 * A count to compare against: taken once the count has held still for a while, because
 * handles of the tests before (a server closed at their end, a socket being torn down) may
 * still be going away. Compare with `toBeLessThanOrEqual`: one of those may still go while the
 * test runs, and a leak shows as more, never fewer.
 */
export async function quietHandleCount(): Promise<number> {
  let count = liveHandleCount();
  for (let still = 0; still < 5; ) {
    await settleHandles();
    const now = liveHandleCount();
    still = now === count ? still + 1 : 0;
    count = now;
  }
  return count;
}
