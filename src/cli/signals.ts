// Long-running commands (watch, sim) run until SIGINT or SIGTERM, then clean up and exit 0.

/**
 * Resolves on the first SIGINT or SIGTERM. The handlers are removed then, so a second Ctrl+C
 * during a stuck clean-up ends the process the default way.
 */
export function untilInterrupted(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
