// Data goes to stdout, everything else to stderr, so `$(comfywatch best)` and --json stay clean.
export interface Output {
  /** One line of data. */
  stdout(line: string): void;
  /** One line of notice, warning or error for people; shown as `comfywatch: <message>`. */
  stderr(message: string): void;
  /** Resolves once no one reads stdout any more (`| head -1` has ended): watch and sim stop then. */
  stdoutClosed: Promise<void>;
}

/**
 * Writes lines to a stream until its reader has gone (EPIPE); from then on they are dropped, so
 * the command still ends with its own exit code. Other write errors stay fatal.
 */
function lineWriter(stream: NodeJS.WriteStream): { write(text: string): void; closed: Promise<void> } {
  const closed = new Promise<void>((resolve) => {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      resolve();
    });
  });
  // A failed write destroys the stream at once (the error event comes a tick later).
  const write = (text: string) => {
    if (stream.writable) stream.write(text);
  };
  return { write, closed };
}

/** The process's stdout and stderr as an Output; call once. */
export function processOutput(): Output {
  const out = lineWriter(process.stdout);
  const err = lineWriter(process.stderr);
  return {
    stdout: (line) => out.write(`${line}\n`),
    stderr: (message) => err.write(`comfywatch: ${message}\n`),
    stdoutClosed: out.closed,
  };
}
