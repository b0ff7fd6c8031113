// The `comfywatch` entry point (bin/comfywatch.js starts the bundle built from here).
import { EXIT } from './exit-codes';
import { processOutput } from './output';
import { run } from './run';

// `comfywatch watch | head -1`: once the reader is gone there is no one left to tell.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(EXIT.ok);
});

try {
  process.exitCode = await run(process.argv.slice(2), processOutput, {
    env: process.env,
    cwd: process.cwd(),
  });
} catch (error) {
  processOutput.stderr(
    `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = EXIT.failure;
}
