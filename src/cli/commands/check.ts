// One concurrent probe round over the configured servers, shared by `status` and `best`.
import { checkOnce, createProber } from '../../main/monitor';
import type { FleetReport } from '../../shared/types';
import type { RunConfig } from '../config';

/** `includeSystem`: read version and VRAM too (status shows them; best needs only the verdicts). */
export async function checkFleet(
  { targets, settings }: RunConfig,
  includeSystem: boolean,
): Promise<FleetReport> {
  const prober = createProber();
  try {
    return await checkOnce(targets, {
      timeoutMs: settings.timeoutMs,
      slowMs: settings.slowMs,
      policy: settings.policy,
      probe: prober.probe,
      includeSystem,
    });
  } finally {
    await prober.close();
  }
}
