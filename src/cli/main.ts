// The `comfywatch` entry point (bin/comfywatch.js starts the bundle built from here).
import { EXIT } from './exit-codes';
import { processOutput } from './output';
import { run } from './run';

const output = processOutput();
try {
  process.exitCode = await run(process.argv.slice(2), output, {
    env: process.env,
    cwd: process.cwd(),
  });
} catch (error) {
  output.stderr(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = EXIT.failure;
}
