/**
 * Progress on stderr for long runs: only when stderr is a terminal, only after the run has taken a while, and
 * erased when the run ends, so piped or redirected output never contains it.
 */

/** A running progress line. */
export interface Progress {
  /** What is happening now (`linting 1,204 files`). */
  update(activity: string): void;
  stop(): void;
}

/** What the progress line writes to: a stream that may be a terminal. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const NO_PROGRESS: Progress = { update() {}, stop() {} };

/**
 * Starts a progress line that appears after `delayMs` and ticks every second.
 * @example const progress = startProgress(process.stderr, !quiet); progress.update('linting 812 files'); … progress.stop();
 */
export function startProgress(stream: ProgressStream, enabled: boolean, delayMs = 1500): Progress {
  if (!enabled || stream.isTTY !== true) return NO_PROGRESS;
  const started = Date.now();
  let activity = 'starting';
  let shown = false;
  const draw = () => {
    shown = true;
    stream.write(`\r\u001b[Kpooler-lint: ${activity}… ${Math.round((Date.now() - started) / 1000)}s`);
  };
  const timer = setInterval(() => {
    if (Date.now() - started >= delayMs) draw();
  }, 1000);
  timer.unref();
  return {
    update(next) {
      activity = next;
      if (shown) draw();
    },
    stop() {
      clearInterval(timer);
      if (shown) stream.write('\r\u001b[K');
    },
  };
}
