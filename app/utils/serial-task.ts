/**
 * A background pass that runs at most once at a time in this process. `notify` starts a pass
 * soon, or asks for one more after the pass under way, so a burst of notifications costs at most
 * two passes. Errors are handed to `onError`; the next notification tries again.
 */
export class SerialTask {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  notify(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(this.pass)
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.notify();
        }
      });
  }

  /** Waits for the pass under way, then runs one more to the end (even when stopped). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
    await this.pass();
  }

  /** Takes no new passes (at shutdown) and resolves when the one under way ends. */
  async stop(): Promise<void> {
    this.stopped = true;
    while (this.running) await this.running;
  }

  resume(): void {
    this.stopped = false;
    this.notify();
  }
}
