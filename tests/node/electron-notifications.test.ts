// Which monitor events notify, with what text, and how often.
import { describe, expect, test } from 'vitest';
import { NOTIFY_RATE_LIMIT_MS, NotificationPolicy } from '../../src/main/notifications';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import type { NotifySettings } from '../../src/shared/settings';
import type { MonitorEvent } from '../../src/shared/types';

const A = 'http://127.0.0.1:8188';
const B = 'http://127.0.0.1:8189';
const at = '2026-01-01T00:00:00.000Z';

const failover: MonitorEvent = { type: 'failover', at, from: A, to: B, reason: `${A} is down (refused)` };
const allDown: MonitorEvent = { type: 'all-down', at, from: B, reason: 'all 2 servers are down' };
const recovery: MonitorEvent = { type: 'recovery', at, to: A };
const rebalance: MonitorEvent = { type: 'rebalance', at, from: A, to: B, reason: `${B} has a shorter queue` };
const networkDown: MonitorEvent = { type: 'network-down', at, reason: 'the network looks down' };

function policyAt(start = 0) {
  const clock = { now: start };
  return { clock, policy: new NotificationPolicy(() => clock.now) };
}

const notify = (overrides: Partial<NotifySettings> = {}): NotifySettings => ({
  ...DEFAULT_SETTINGS.notify,
  ...overrides,
});

describe('notification decisions', () => {
  test('failover: "<old> is down: switched to <new>"', () => {
    const { policy } = policyAt();
    expect(policy.decide(failover, notify())).toEqual({
      title: 'ComfyWatch: failover',
      body: `${A} is down: switched to ${B}`,
    });
  });

  test('all-down, recovery and network-down each notify once', () => {
    const { policy } = policyAt();
    expect(policy.decide(allDown, notify())?.body).toBe('all 2 servers are down');
    expect(policy.decide(recovery, notify())?.body).toBe(`${A} is usable again`);
    expect(policy.decide(networkDown, notify())?.title).toBe('ComfyWatch: network is down');
  });

  test('per-server and bookkeeping events never notify', () => {
    const { policy } = policyAt();
    const events: MonitorEvent[] = [
      { type: 'state', at, url: A, from: 'up', to: 'down', reason: 'refused' },
      { type: 'state', at, url: B, from: 'up', to: 'down', reason: 'refused' },
      { type: 'best', at, to: A },
      { type: 'network-up', at },
    ];
    for (const event of events) expect(policy.decide(event, notify())).toBeNull();
  });

  test('rebalance is quiet unless enabled', () => {
    expect(policyAt().policy.decide(rebalance, notify())).toBeNull();
    expect(policyAt().policy.decide(rebalance, notify({ rebalance: true }))?.body).toBe(
      `Switched from ${A} to ${B}`,
    );
  });

  test('each kind can be turned off', () => {
    const off = notify({ failover: false, allDown: false, recovery: false, network: false });
    const { policy } = policyAt();
    for (const event of [failover, allDown, recovery, networkDown])
      expect(policy.decide(event, off)).toBeNull();
  });

  test('rate limit: one per kind per 60 s, kinds independent', () => {
    const { clock, policy } = policyAt(1_000_000);
    expect(policy.decide(failover, notify())).not.toBeNull();
    clock.now += NOTIFY_RATE_LIMIT_MS - 1;
    expect(policy.decide({ ...failover, from: B, to: A }, notify())).toBeNull();
    expect(policy.decide(allDown, notify())).not.toBeNull();
    clock.now += 1;
    expect(policy.decide(failover, notify())).not.toBeNull();
  });

  test('a suppressed (turned off) event does not use up the rate limit', () => {
    const { policy } = policyAt();
    expect(policy.decide(failover, notify({ failover: false }))).toBeNull();
    expect(policy.decide(failover, notify())).not.toBeNull();
  });
});
