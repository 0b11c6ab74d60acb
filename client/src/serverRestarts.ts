/**
 * When the language server dies, the client starts it again, but only so often: a server that
 * crashes on every start (a source that kills it, a broken install) would otherwise restart
 * forever. The user is told once, when the client gives up; each restart goes to the output.
 */
export interface RestartDecision {
  restart: boolean;
  /** For the output channel, every time. */
  log: string;
  /** For a notification: only the first time the client gives up. */
  message?: string;
}

export class RestartBudget {
  private deaths: number[] = [];
  private toldUser = false;

  /** The defaults are VS Code's own for language servers: four restarts in three minutes. */
  constructor(
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called each time the server process stops without being asked to. */
  serverStopped(): RestartDecision {
    const t = this.now();
    this.deaths = this.deaths.filter((d) => t - d < this.windowMs);
    this.deaths.push(t);
    const n = this.deaths.length;
    const minutes = Math.round(this.windowMs / 60_000);
    if (n <= this.maxRestarts) return { restart: true, log: `The Groundwork server stopped unexpectedly; restarting it (${n} of ${this.maxRestarts} restarts allowed in ${minutes} minutes).` };
    const message = `The Groundwork server stopped ${n} times in ${minutes} minutes and will not be restarted. See the Groundwork output for the cause, then reload the window.`;
    const first = !this.toldUser;
    this.toldUser = true;
    return { restart: false, log: message, message: first ? message : undefined };
  }
}
