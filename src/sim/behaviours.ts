// What a simulated server does (DESIGN.md `sim`): a healthy ComfyUI in several shapes, or one of
// the things that stand in front of it or go wrong on the way.

export type Behaviour =
  | {
      name:
        | 'idle'
        | 'refuse'
        | 'hang'
        | 'drip'
        | '502'
        | 'sleeping'
        | 'login'
        | '401'
        | 'wrong-shape'
        | 'api-only'
        | 'no-api'
        | 'flap'
        | 'reset';
    }
  | { name: 'busy'; jobs: number }
  | { name: 'slow'; delayMs: number };

type SimpleName = Exclude<Behaviour['name'], 'busy' | 'slow'>;

const SIMPLE_NAMES: readonly SimpleName[] = [
  'idle',
  'refuse',
  'hang',
  'drip',
  '502',
  'sleeping',
  'login',
  '401',
  'wrong-shape',
  'api-only',
  'no-api',
  'flap',
  'reset',
];

/** Every behaviour as typed on the command line. */
export const BEHAVIOUR_NAMES: readonly string[] = [
  'idle',
  'busy:N',
  'slow:MS',
  ...SIMPLE_NAMES.filter((name) => name !== 'idle'),
];

const isSimpleName = (text: string): text is SimpleName => (SIMPLE_NAMES as readonly string[]).includes(text);

/** The longest `slow` delay: 10 min (also far below what a Node timer can hold). */
export const MAX_SLOW_MS = 600_000;
/** The longest `busy` queue: a bigger one only makes huge bodies. */
export const MAX_BUSY_JOBS = 10_000;

const BUSY_RULE = `busy needs a queue length from 0 to ${MAX_BUSY_JOBS} jobs, e.g. busy:3`;
const SLOW_RULE = `slow needs a delay from 1 to ${MAX_SLOW_MS} ms (10 min), e.g. slow:800`;

/** Why a busy or slow behaviour is outside what the simulator does, or null when it is not. */
export function behaviourProblem(behaviour: Behaviour): string | null {
  const within = (value: number, min: number, max: number) =>
    Number.isInteger(value) && value >= min && value <= max;
  if (behaviour.name === 'busy' && !within(behaviour.jobs, 0, MAX_BUSY_JOBS)) return BUSY_RULE;
  if (behaviour.name === 'slow' && !within(behaviour.delayMs, 1, MAX_SLOW_MS)) return SLOW_RULE;
  return null;
}

/** Parses `idle`, `busy:3`, `slow:800`, ...; throws an Error naming the bad text. */
export function parseBehaviour(text: string): Behaviour {
  const name = text.trim().toLowerCase();
  if (isSimpleName(name)) return { name };
  const match = /^(busy|slow)(?::(.*))?$/.exec(name);
  if (!match) throw new Error(`unknown behaviour "${text}" (known: ${BEHAVIOUR_NAMES.join(', ')})`);
  const [, kind, amount = ''] = match;
  const value = /^\d+$/.test(amount) ? Number(amount) : NaN;
  const behaviour: Behaviour =
    kind === 'busy' ? { name: 'busy', jobs: value } : { name: 'slow', delayMs: value };
  const problem = behaviourProblem(behaviour);
  if (problem) throw new Error(`bad behaviour "${text}": ${problem}`);
  return behaviour;
}

/** The behaviour as `parseBehaviour` reads it back. */
export function formatBehaviour(behaviour: Behaviour): string {
  if (behaviour.name === 'busy') return `busy:${behaviour.jobs}`;
  if (behaviour.name === 'slow') return `slow:${behaviour.delayMs}`;
  return behaviour.name;
}

// Two healthy servers first, so a small fleet has a best server; then healthy and failing ones
// alternate, so even `--count 4` shows a server that is down and one that is not ComfyUI.
const MIXED: readonly string[] = [
  'idle',
  'busy:3',
  'refuse',
  'sleeping',
  'api-only',
  '502',
  'no-api',
  'login',
  'busy:1',
  'hang',
  'slow:2500',
  '401',
  'wrong-shape',
  'drip',
  'flap',
  'reset',
];

/** A varied fleet of `count` behaviours, starting with healthy ones (cycles past the list's end). */
export function mixedFleet(count: number): Behaviour[] {
  return Array.from({ length: count }, (_, i) => parseBehaviour(MIXED[i % MIXED.length]));
}
