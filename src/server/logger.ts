/**
 * Where the server reports what it does. Lines never contain tokens or full request URLs
 * (which may carry one-time passwords): callers log ids, codes and counts only.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Timestamped lines on a stream (stderr for the CLI, so that stdout stays data). */
export function streamLogger(write: (line: string) => void): Logger {
  const line = (level: string, message: string) => write(`${new Date().toISOString()} ${level} ${message}\n`);
  return {
    info: (message) => line('info ', message),
    warn: (message) => line('warn ', message),
    error: (message) => line('error', message),
  };
}

/**
 * The same logger, except that nothing it throws reaches the caller: the server logs from
 * inside handshakes and socket events, where a logger of the user's that throws (a closed
 * stream, a full disk) would otherwise take the process down.
 */
export function neverThrowing(logger: Logger): Logger {
  const guarded = (write: (message: string) => void) => (message: string) => {
    try {
      write.call(logger, message);
    } catch {
      // Nowhere left to report it.
    }
  };
  return { info: guarded(logger.info), warn: guarded(logger.warn), error: guarded(logger.error) };
}
