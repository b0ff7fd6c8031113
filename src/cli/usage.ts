// Bad input on the command line: every problem on stderr, then where to read how it is used.
import { EXIT } from './exit-codes';
import type { Output } from './output';

export function reportUsageErrors(errors: readonly string[], output: Output): typeof EXIT.usage {
  errors.forEach((error) => output.stderr(error));
  output.stderr('run `comfywatch --help` for usage');
  return EXIT.usage;
}
