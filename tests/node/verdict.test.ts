import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../src/main/monitor/verdict';
import { failResult, okResult, queueOf } from '../helpers/fake-probe';

const URL = 'http://127.0.0.1:8188';
const SLOW = 2000;

describe('verdictOf', () => {
  it('is up when the queue is known and the answer is quick, busy or not', () => {
    expect(verdictOf(okResult(URL), SLOW)).toEqual({ state: 'up', healthy: true, note: null });
    expect(verdictOf(okResult(URL, { queue: queueOf(4), responseTimeMs: SLOW }), SLOW).state).toBe('up');
  });

  it('is busy when a job runs and the answer is slower than the threshold', () => {
    const verdict = verdictOf(okResult(URL, { queue: queueOf(2), responseTimeMs: SLOW + 1 }), SLOW);
    expect(verdict).toEqual({ state: 'busy', healthy: true, note: null });
  });

  it('counts a /prompt total as running work', () => {
    const fromPrompt = okResult(URL, {
      step: 'prompt',
      endpoint: '/prompt',
      queue: { running: null, pending: null, total: 1 },
      responseTimeMs: 3000,
    });
    expect(verdictOf(fromPrompt, SLOW).state).toBe('busy');
    expect(verdictOf({ ...fromPrompt, queue: { running: null, pending: null, total: 0 } }, SLOW).state).toBe(
      'degraded',
    );
  });

  it('is degraded, with a note, when slow with nothing running', () => {
    const verdict = verdictOf(okResult(URL, { responseTimeMs: 2500 }), SLOW);
    expect(verdict.state).toBe('degraded');
    expect(verdict.healthy).toBe(true);
    expect(verdict.note).toContain('2500 ms');
  });

  it('is degraded when only a step without queue depth answered', () => {
    const verdict = verdictOf(
      okResult(URL, { step: 'system_stats', endpoint: '/system_stats', queue: null }),
      SLOW,
    );
    expect(verdict).toEqual({
      state: 'degraded',
      healthy: true,
      note: 'no queue information: only /system_stats answered',
    });
    const root = verdictOf(okResult(URL, { step: 'root', endpoint: '/', queue: null }), SLOW);
    expect(root.note).toBe('no queue information: only / answered');
  });

  it('is blocked for a login wall and down for every other failure', () => {
    expect(verdictOf(failResult(URL, 'blocked'), SLOW)).toEqual({
      state: 'blocked',
      healthy: false,
      note: null,
    });
    for (const kind of [
      'refused',
      'dns',
      'timeout',
      'tls',
      'reset',
      'http',
      'not-comfyui',
      'too-large',
    ] as const) {
      expect(verdictOf(failResult(URL, kind), SLOW)).toEqual({ state: 'down', healthy: false, note: null });
    }
  });
});
