// Data goes to stdout, everything else to stderr, so `$(comfywatch best)` and --json stay clean.
export interface Output {
  /** One line of data. */
  stdout(line: string): void;
  /** One line of notice, warning or error for people; shown as `comfywatch: <message>`. */
  stderr(message: string): void;
}

export const processOutput: Output = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (message) => process.stderr.write(`comfywatch: ${message}\n`),
};
