// Exit codes are a contract (DESIGN.md "The command line"); 64 and 78 follow sysexits.h.
export const EXIT = {
  ok: 0,
  /** Internal failure: a bug, not the user's input. */
  failure: 1,
  /** status/best: no server is usable. */
  noneUsable: 2,
  /** EX_USAGE: bad option, server entry, duration, header... */
  usage: 64,
  /** EX_CONFIG: the settings file is missing, not JSON or violates the schema. */
  config: 78,
} as const;
