// Long-running commands (watch, sim) run until SIGINT or SIGTERM, or until no one reads their
// stdout any more (`comfywatch watch | head -1`), then clean up and exit 0.
import type { Output } from './output';

/**
 * Resolves on the first SIGINT or SIGTERM, or once stdout is closed. The signal handlers are
 * removed then, so a second Ctrl+C during a stuck clean-up ends the process the default way.
 */
export function untilStopped(output: Pick<Output, 'stdoutClosed'>): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    void output.stdoutClosed.then(stop);
  });
}
