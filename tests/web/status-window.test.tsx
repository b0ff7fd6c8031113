// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { formatTime } from '../../src/renderer/src/format';
import { BACKUP, fakeApi, fleetSnapshot, PRIMARY, serverReport, SPARE } from './fake-api';

async function cardOf(url: string): Promise<HTMLElement> {
  const heading = await screen.findByRole('heading', { name: url });
  const card = heading.closest('li');
  if (!card) throw new Error(`no card for ${url}`);
  return card;
}

describe('status window', () => {
  it('shows every server with its state, queue, machine and errors, and marks the best', async () => {
    const { api } = fakeApi();
    render(<App api={api} />);

    const primary = await cardOf(PRIMARY);
    const backup = await cardOf(BACKUP);
    const spare = await cardOf(SPARE);

    expect(within(primary).getByText('Busy')).toBeTruthy();
    expect(within(primary).getByText('Primary')).toBeTruthy();
    expect(within(primary).getByText('1 running · 3 pending · 4 total')).toBeTruthy();
    expect(within(primary).getByText('2.40 s')).toBeTruthy();
    expect(within(primary).getByText('0.3.64')).toBeTruthy();
    expect(within(primary).getByText(/NVIDIA GeForce RTX 4090/).textContent).toBe(
      'NVIDIA GeForce RTX 4090 · 17.2 GiB free of 23.6 GiB',
    );

    expect(within(backup).getByText('Up')).toBeTruthy();
    expect(within(backup).getByText('Backup 1')).toBeTruthy();
    expect(within(backup).getByText('/api/queue')).toBeTruthy();
    expect(within(backup).getByText('15 ms')).toBeTruthy();

    expect(within(spare).getByText('Down')).toBeTruthy();
    expect(within(spare).getByText('refused')).toBeTruthy();
    expect(within(spare).getByText(/connection refused \(ECONNREFUSED/)).toBeTruthy();

    // Only the best carries the mark; the summary says why it is the best.
    expect(within(backup).queryByText('Best')).toBeTruthy();
    expect(within(primary).queryByText('Best')).toBeNull();
    expect(within(spare).queryByText('Best')).toBeNull();
    expect(screen.getByText(`Best: ${BACKUP}`)).toBeTruthy();
    expect(screen.getByText('Fewest queued jobs: 0 against 4 on http://127.0.0.1:8188')).toBeTruthy();
    expect(screen.getByText(/2 of 3 usable/)).toBeTruthy();
  });

  it('shows uptime, a latency sparkline and the event log from the kept history', async () => {
    const { api } = fakeApi();
    render(<App api={api} />);

    const backup = await cardOf(BACKUP);
    expect(await within(backup).findByText('75.0 %')).toBeTruthy();
    expect(within(backup).getByRole('img').getAttribute('aria-label')).toBe(
      'Latency, last 4 probes: 10 ms to 30 ms, 1 failed',
    );
    expect(backup.querySelectorAll('.sparkline-fail')).toHaveLength(1);

    const log = screen.getByRole('region', { name: 'Events' });
    const rows = within(log).getAllByRole('listitem');
    // Newest first, each with its time.
    expect(rows[0].textContent).toContain('Failover');
    expect(rows[0].textContent).toContain(`Switched to ${BACKUP}`);
    expect(within(rows[0]).getByText(formatTime('2026-01-01T09:59:30.000Z')).getAttribute('datetime')).toBe(
      '2026-01-01T09:59:30.000Z',
    );
    expect(rows[1].textContent).toContain(`Best server: ${PRIMARY}`);
  });

  it('says the sparkline shows the latest probes while the uptime covers the whole kept history', async () => {
    const start = Date.parse('2026-01-01T09:00:00.000Z');
    // 100 probes: down for the first 30, then up; the sparkline's 60 are all up.
    const points = Array.from({ length: 100 }, (_, index) => ({
      at: start + index * 15_000,
      ms: index < 30 ? null : 20,
      state: index < 30 ? ('down' as const) : ('up' as const),
    }));
    const { api } = fakeApi({ history: { servers: [{ url: BACKUP, points, uptime: 0.7 }], events: [] } });
    render(<App api={api} />);

    const backup = await cardOf(BACKUP);
    const uptime = await within(backup).findByText('70.0 %');
    expect(uptime.closest('div')?.getAttribute('title')).toBe(
      'Share of the probes in the kept history (the last 24 h, at most 10,000) that found the server usable',
    );
    expect(within(backup).getByText('Latency, last 60 probes')).toBeTruthy();
    expect(within(backup).getByRole('img').getAttribute('aria-label')).toBe(
      'Latency, last 60 probes: 20 ms to 20 ms',
    );
    expect(backup.querySelectorAll('.sparkline-fail')).toHaveLength(0);
    expect((await cardOf(SPARE)).querySelector('figcaption')?.textContent).toBe('Latency: no probes yet');
  });

  it('updates live without remounting the rows', async () => {
    const fake = fakeApi();
    render(<App api={fake.api} />);
    const backupBefore = await cardOf(BACKUP);
    await within(backupBefore).findByText('75.0 %');

    const later = '2026-01-01T10:00:15.000Z';
    const servers = fleetSnapshot().servers.map((server) =>
      server.url === BACKUP
        ? serverReport({
            ...server,
            state: 'down',
            healthy: false,
            rank: null,
            responseTimeMs: null,
            error: 'connection refused (ECONNREFUSED 127.0.0.1:8189)',
            errorKind: 'refused',
            lastCheckedAt: later,
          })
        : { ...server, rank: server.url === PRIMARY ? 1 : server.rank, lastCheckedAt: later },
    );
    fake.pushSnapshot(
      fleetSnapshot({ checkedAt: later, best: PRIMARY, bestReason: 'The only usable server', servers }),
    );
    fake.pushEvent({
      type: 'failover',
      at: later,
      from: BACKUP,
      to: PRIMARY,
      reason: 'http://127.0.0.1:8189 is down: connection refused',
    });

    const backupAfter = await cardOf(BACKUP);
    expect(backupAfter).toBe(backupBefore);
    expect(within(backupAfter).getByText('Down')).toBeTruthy();
    expect(within(backupAfter).getByText(/ECONNREFUSED 127\.0\.0\.1:8189/)).toBeTruthy();
    expect(within(backupAfter).queryByText('Best')).toBeNull();
    expect(within(await cardOf(PRIMARY)).getByText('Best')).toBeTruthy();
    expect(screen.getByText('The only usable server')).toBeTruthy();
    // The failed probe joined the kept history: 3 of 5 probes found it usable.
    expect(within(backupAfter).getByText('60.0 %')).toBeTruthy();
    expect(backupAfter.querySelectorAll('.sparkline-fail')).toHaveLength(2);

    const rows = within(screen.getByRole('region', { name: 'Events' })).getAllByRole('listitem');
    expect(rows[0].textContent).toContain(`Switched to ${PRIMARY}. http://127.0.0.1:8189 is down`);
    expect(rows).toHaveLength(3);
  });

  it('keeps a pushed snapshot when the slower initial load arrives after it', async () => {
    const fake = fakeApi();
    let resolveLoad: (value: ReturnType<typeof fleetSnapshot>) => void = () => undefined;
    fake.api.getSnapshot.mockImplementation(() => new Promise((resolve) => (resolveLoad = resolve)));
    render(<App api={fake.api} />);
    fake.pushSnapshot(fleetSnapshot({ best: PRIMARY, bestReason: 'Pushed' }));
    expect(await screen.findByText('Pushed')).toBeTruthy();
    await act(async () => resolveLoad(fleetSnapshot({ bestReason: 'Loaded' })));
    expect(screen.getByText('Pushed')).toBeTruthy();
    expect(screen.queryByText('Loaded')).toBeNull();
  });

  it('stops listening when closed', async () => {
    const fake = fakeApi();
    const { unmount } = render(<App api={fake.api} />);
    await cardOf(BACKUP);
    expect(fake.listenerCount()).toBe(3);
    unmount();
    expect(fake.listenerCount()).toBe(0);
  });

  it('says it is still checking and marks no best before the first round, not even the remembered one', async () => {
    const { api } = fakeApi({
      snapshot: fleetSnapshot({ checking: true, bestReason: null, rememberedBest: PRIMARY }),
    });
    render(<App api={api} />);
    expect(await screen.findByText('Checking servers…')).toBeTruthy();
    expect(screen.getByText(`Last best: ${PRIMARY} (not confirmed yet)`)).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Servers' })).queryByText('Best')).toBeNull();
  });
});

describe('toolbar', () => {
  it('calls the API for each button and shows what happened', async () => {
    const user = userEvent.setup();
    const { api } = fakeApi();
    render(<App api={api} />);
    await cardOf(BACKUP);

    await user.click(screen.getByRole('button', { name: 'Open best' }));
    expect(api.openBest).toHaveBeenCalledTimes(1);
    expect((await screen.findByText(`Opened ${BACKUP}`)).className).not.toContain('refused');

    await user.click(screen.getByRole('button', { name: 'Copy best URL' }));
    expect(api.copyBest).toHaveBeenCalledTimes(1);
    expect(await screen.findByText(`Copied ${BACKUP}`)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Refresh now' }));
    expect(api.refresh).toHaveBeenCalledTimes(1);

    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(api.setPaused).toHaveBeenLastCalledWith(true);
  });

  it('shows the main process message when an action is refused', async () => {
    const user = userEvent.setup();
    const { api } = fakeApi();
    api.openBest.mockResolvedValue({ ok: false, message: 'No usable server: nothing to open' });
    api.copyBest.mockResolvedValue({ ok: false, message: 'No usable server: nothing to copy' });
    render(<App api={api} />);
    await cardOf(BACKUP);

    await user.click(screen.getByRole('button', { name: 'Open best' }));
    const message = await screen.findByText('No usable server: nothing to open');
    expect(message.getAttribute('role')).toBe('status');
    expect(message.className).toContain('refused');

    await user.click(screen.getByRole('button', { name: 'Copy best URL' }));
    expect(await screen.findByText('No usable server: nothing to copy')).toBeTruthy();
  });

  it('offers Resume while paused, and no refresh until resumed', async () => {
    const user = userEvent.setup();
    const fake = fakeApi({ snapshot: fleetSnapshot({ paused: true }) });
    render(<App api={fake.api} />);
    const resume = await screen.findByRole('button', { name: 'Resume' });
    // The main process ignores a refresh while paused: the button says to resume first.
    const refresh = screen.getByRole('button', { name: 'Refresh now' }) as HTMLButtonElement;
    expect(refresh.disabled).toBe(true);
    expect(refresh.title).toBe('Monitoring is paused: resume it first to check the servers');
    await user.click(refresh);
    expect(fake.api.refresh).not.toHaveBeenCalled();
    expect(screen.queryByText('Checking every server now')).toBeNull();

    await user.click(resume);
    expect(fake.api.setPaused).toHaveBeenLastCalledWith(false);
    expect(screen.getByText(/monitoring paused/)).toBeTruthy();

    fake.pushSnapshot(fleetSnapshot({ paused: false }));
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();
    expect(refresh.disabled).toBe(false);
    expect(refresh.title).toBe('');
    await user.click(refresh);
    expect(fake.api.refresh).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Checking every server now')).toBeTruthy();
  });
});

describe('tabs', () => {
  it('are buttons that switch with the mouse and the arrow keys', async () => {
    const user = userEvent.setup();
    const { api } = fakeApi();
    render(<App api={api} />);
    await cardOf(BACKUP);
    const statusTab = screen.getByRole('tab', { name: 'Status' });
    const settingsTab = screen.getByRole('tab', { name: 'Settings' });
    expect(statusTab.tagName).toBe('BUTTON');
    expect(screen.getByRole('tabpanel', { name: 'Status' })).toBeTruthy();

    await user.click(settingsTab);
    expect(settingsTab.getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByRole('tabpanel', { name: 'Settings' })).toBeTruthy();
    expect(screen.queryByRole('tabpanel', { name: 'Status' })).toBeNull();

    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(statusTab);
    expect(statusTab.getAttribute('aria-selected')).toBe('true');
  });

  it('switch when the tray asks for a view', async () => {
    const fake = fakeApi();
    render(<App api={fake.api} />);
    await cardOf(BACKUP);
    fake.showView('settings');
    expect(screen.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByLabelText('Primary server')).toBeTruthy();
    fake.showView('status');
    expect(screen.getByRole('tabpanel', { name: 'Status' })).toBeTruthy();
  });
});
