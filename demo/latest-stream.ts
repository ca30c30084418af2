/**
 * One stream at a time, for a view that follows whatever was chosen last (a symbol's ticks, a
 * contract's price). Switching stops the old stream (the client sends `forget`) before the new
 * one is asked for, so switching back and forth never meets `AlreadySubscribed`, and a switch
 * overtaken while it waited for that `forget` gives up: a double change leaves one stream.
 */
export class LatestStream {
  #stop: (() => Promise<void>) | undefined;
  #choice = 0;

  /**
   * Stops the current stream, then runs `open`, which opens the next one and returns how to
   * stop it; skipped when another switch (or `stop`) came meanwhile.
   */
  async switchTo(open: () => (() => Promise<void>) | undefined): Promise<void> {
    const choice = await this.#stopCurrent();
    if (choice === this.#choice) this.#stop = open();
  }

  async stop(): Promise<void> {
    await this.#stopCurrent();
  }

  async #stopCurrent(): Promise<number> {
    const choice = ++this.#choice;
    const stopPrevious = this.#stop;
    this.#stop = undefined;
    await stopPrevious?.();
    return choice;
  }
}
