// Messages between bench/sim-process.ts (parent) and bench/sim-host.ts (child).

export type SimHostRequest =
  | { id: number; op: 'start'; behaviours: string[] }
  | { id: number; op: 'set'; index: number; behaviour: string }
  | { id: number; op: 'counts'; path?: string }
  | { id: number; op: 'close' };

export type SimHostReply =
  { id: number; ok: true; urls?: string[]; counts?: number[] } | { id: number; ok: false; error: string };
