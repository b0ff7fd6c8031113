// What makes a request header acceptable, for the CLI's --header, the settings form and the
// main process's save: one rule everywhere.

// RFC 9110 token characters.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function isHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

/** A value that would split or end the request's header block is refused. */
export function isHeaderValue(value: string): boolean {
  return !/[\r\n\0]/.test(value);
}
