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

/** Parses `idle`, `busy:3`, `slow:800`, ...; throws an Error naming the bad text. */
export function parseBehaviour(text: string): Behaviour {
  const name = text.trim().toLowerCase();
  if (isSimpleName(name)) return { name };
  const match = /^(busy|slow):(\d+)$/.exec(name);
  if (match) {
    const value = Number(match[2]);
    if (match[1] === 'busy') return { name: 'busy', jobs: value };
    if (value > 0) return { name: 'slow', delayMs: value };
  }
  if (/^busy(:|$)/.test(name))
    throw new Error(`bad behaviour "${text}": busy needs a queue length, e.g. busy:3`);
  if (/^slow(:|$)/.test(name))
    throw new Error(`bad behaviour "${text}": slow needs a delay in ms, e.g. slow:800`);
  throw new Error(`unknown behaviour "${text}" (known: ${BEHAVIOUR_NAMES.join(', ')})`);
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
