/**
 * A backend that keeps timing out is left alone for a while: after `threshold` failures in a row the
 * breaker opens, callers use their fallback at once, and one probe every `cooldownMs` asks the backend
 * again (closing the breaker if it answers). Per isolate, like the backend's client.
 */
export class CircuitBreaker {
  private failures = 0;
  private retryAt = 0;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Whether to ask the backend now: closed, or open and due for its probe (which then starts a new cool-down). */
  allows(): boolean {
    if (this.failures < this.threshold) return true;
    if (this.clock() < this.retryAt) return false;
    this.retryAt = this.clock() + this.cooldownMs;
    return true;
  }

  succeeded(): void {
    this.failures = 0;
  }

  failed(): void {
    this.failures += 1;
    if (this.failures === this.threshold) this.retryAt = this.clock() + this.cooldownMs;
  }
}
