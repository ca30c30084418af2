/** Whether a socket's remote address is this machine's own (127.0.0.0/8, ::1, or either mapped into IPv6). */
export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
