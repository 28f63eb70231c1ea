import { clockTime } from './format.js';

/**
 * Live updates by polling: calls `refresh` every `intervalMs`, never two at once, not while
 * the page is hidden or the user paused updates (WCAG 2.2.2), and says in `status` when the
 * data was last updated or why it was not.
 */
export class LiveUpdates {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private paused = false;

  constructor(
    private readonly refresh: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly status: HTMLElement,
    private readonly toggle: HTMLButtonElement,
  ) {
    toggle.addEventListener('click', () => this.setPaused(!this.paused));
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) this.schedule(0);
    });
  }

  start(): void {
    this.schedule(this.intervalMs);
  }

  /** Records a successful load made outside the loop (a navigation). */
  loaded(): void {
    this.say(`Updated ${clockTime(Date.now())} UTC`);
    this.schedule(this.intervalMs);
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    this.toggle.setAttribute('aria-pressed', String(paused));
    this.toggle.textContent = paused ? 'Resume updates' : 'Pause updates';
    if (paused) this.say('Updates paused');
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    if (this.running || this.paused || document.hidden) return;
    this.running = true;
    try {
      await this.refresh();
      this.say(`Updated ${clockTime(Date.now())} UTC`);
    } catch (err) {
      this.say(`Update failed (${(err as Error).message}); retrying`);
    } finally {
      this.running = false;
      if (!this.paused) this.schedule(this.intervalMs);
    }
  }

  private say(text: string): void {
    this.status.textContent = text;
  }
}
