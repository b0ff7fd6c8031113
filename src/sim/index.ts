// Simulated ComfyUI servers: used by the tests, the benchmarks and the `sim` command.
export { BEHAVIOUR_NAMES, formatBehaviour, mixedFleet, parseBehaviour } from './behaviours';
export type { Behaviour } from './behaviours';
export { startSimServer } from './server';
export type { SimServer, SimServerOptions } from './server';
export { startSimFleet } from './fleet';
export type { SimFleet } from './fleet';
