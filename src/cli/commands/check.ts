// One concurrent probe round over the configured servers, shared by `status` and `best`.
import { checkOnce, createProber } from '../../main/monitor';
import type { FleetReport } from '../../shared/types';
import type { RunConfig } from '../config';

export async function checkFleet({ targets, settings }: RunConfig): Promise<FleetReport> {
  const prober = createProber();
  try {
    return await checkOnce(targets, {
      timeoutMs: settings.timeoutMs,
      slowMs: settings.slowMs,
      policy: settings.policy,
      probe: prober.probe,
    });
  } finally {
    await prober.close();
  }
}
