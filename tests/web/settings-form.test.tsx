// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { keepValidEntries } from '../../src/renderer/src/settings-model';
import type { SettingsInput } from '../../src/shared/ipc';
import { BACKUP, fakeApi, PRIMARY, settingsView } from './fake-api';

async function openSettings(fake = fakeApi()) {
  const user = userEvent.setup();
  render(<App api={fake.api} initialTab="settings" />);
  await screen.findByLabelText('Primary server');
  return { user, ...fake };
}

const backupsBox = () => screen.getByLabelText('Backup servers') as HTMLTextAreaElement;
const savedInput = (fake: ReturnType<typeof fakeApi>): SettingsInput => {
  const call = fake.api.saveSettings.mock.calls.at(-1);
  if (!call) throw new Error('saveSettings was not called');
  return call[0];
};

describe('settings form', () => {
  it('shows the stored settings, durations in seconds', async () => {
    await openSettings();
    expect((screen.getByLabelText('Primary server') as HTMLInputElement).value).toBe(PRIMARY);
    expect(backupsBox().value).toBe(BACKUP);
    expect((screen.getByLabelText('Check every (s)') as HTMLInputElement).value).toBe('15');
    expect((screen.getByLabelText('Timeout (s)') as HTMLInputElement).value).toBe('5');
    expect((screen.getByLabelText('Failures before down') as HTMLInputElement).value).toBe('3');
    expect((screen.getByLabelText('Least busy', { exact: false }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText('/home/user/.config/ComfyWatch/config.json')).toBeTruthy();
  });

  it('names a bad backup entry and its position, keeps the valid ones and saves nothing', async () => {
    const { user, api } = await openSettings();
    await user.clear(backupsBox());
    await user.type(backupsBox(), 'http://gpu-2:8188, ftp://files.lan, gpu-4.lan:8188');

    const issues = screen.getByText(/entry 2 \("ftp:\/\/files\.lan"\)/);
    expect(issues.textContent).toContain('ftp:// is not supported');
    expect(backupsBox().getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/entry 3 \("gpu-4\.lan:8188"\): added http:\/\//)).toBeTruthy();
    // The valid entries got their per-server options while the bad one is named.
    expect(screen.getByRole('group', { name: /http:\/\/gpu-2:8188/ })).toBeTruthy();
    expect(screen.getByRole('group', { name: /http:\/\/gpu-4\.lan:8188/ })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(api.saveSettings).not.toHaveBeenCalled();
    expect(screen.getByText('Nothing was saved: fix the fields marked in red.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Keep only the valid entries' }));
    expect(backupsBox().value).toBe('http://gpu-2:8188\ngpu-4.lan:8188');
    expect(screen.queryByText(/ftp:\/\/files\.lan/)).toBeNull();
  });

  it('keeps the valid entries exactly as typed, credentials included, so the save still carries them', async () => {
    const fake = fakeApi();
    const { user } = await openSettings(fake);
    await user.clear(backupsBox());
    await user.type(backupsBox(), 'https://alice:pw@gpu-2:8188, ftp://x;  bob:s%40fe@gpu-3.lan:8188');
    await user.click(screen.getByRole('button', { name: 'Keep only the valid entries' }));
    expect(backupsBox().value).toBe('https://alice:pw@gpu-2:8188\nbob:s%40fe@gpu-3.lan:8188');

    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(savedInput(fake).backups).toBe('https://alice:pw@gpu-2:8188\nbob:s%40fe@gpu-3.lan:8188');
  });

  it('saves a SettingsInput with durations in milliseconds', async () => {
    const fake = fakeApi();
    const { user } = await openSettings(fake);
    await user.clear(backupsBox());
    await user.type(backupsBox(), `${BACKUP}\nhttp://gpu-2:8188`);
    const interval = screen.getByLabelText('Check every (s)');
    await user.clear(interval);
    await user.type(interval, '7.5');
    await user.click(screen.getByLabelText('Prefer primary', { exact: false }));
    await user.click(screen.getByLabelText(/Rebalance/));
    await user.click(screen.getByLabelText('Launch at login'));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(fake.api.saveSettings).toHaveBeenCalledTimes(1);
    const input = savedInput(fake);
    expect(input).toMatchObject({
      primary: PRIMARY,
      backups: `${BACKUP}\nhttp://gpu-2:8188`,
      intervalMs: 7500,
      timeoutMs: 5000,
      fall: 3,
      rise: 2,
      recheckMs: 2000,
      downMaxMs: 60000,
      slowMs: 2000,
      policy: 'prefer-primary',
      launchAtLogin: true,
      startMinimised: true,
    });
    expect(input.notify.rebalance).toBe(true);
    expect(input.servers.map((server) => server.url)).toEqual([PRIMARY, BACKUP, 'http://gpu-2:8188']);
    expect(input.servers[1].trustSelfSigned).toBe(true);
    expect(Object.keys(input).sort()).toEqual(
      [
        'primary',
        'backups',
        'servers',
        'intervalMs',
        'timeoutMs',
        'fall',
        'rise',
        'recheckMs',
        'downMaxMs',
        'slowMs',
        'policy',
        'notify',
        'launchAtLogin',
        'startMinimised',
      ].sort(),
    );
    expect(await screen.findByText('Saved.')).toBeTruthy();
  });

  it('refuses numbers outside the shared bounds, naming the range', async () => {
    const { user, api } = await openSettings();
    const timeout = screen.getByLabelText('Timeout (s)');
    await user.clear(timeout);
    await user.type(timeout, '0.01');
    expect(screen.getByText('Must be between 0.1 and 120 seconds.')).toBeTruthy();
    const fall = screen.getByLabelText('Failures before down');
    await user.clear(fall);
    await user.type(fall, '2.5');
    expect(screen.getByText('Enter a whole number from 1 to 20.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(api.saveSettings).not.toHaveBeenCalled();
  });

  it('never shows a stored secret, keeps it unless replaced, and adds headers', async () => {
    const fake = fakeApi();
    const { user } = await openSettings(fake);
    const primaryOptions = screen.getByRole('group', { name: new RegExp(PRIMARY.replace(/[.:/]/g, '\\$&')) });
    const secret = within(primaryOptions).getByLabelText(`Header 1 value for ${PRIMARY}`) as HTMLInputElement;
    expect(secret.value).toBe('');
    expect(secret.type).toBe('password');
    expect(secret.placeholder).toContain('stored');

    await user.click(within(primaryOptions).getByRole('button', { name: `Add header for ${PRIMARY}` }));
    await user.type(within(primaryOptions).getByLabelText(`Header 2 name for ${PRIMARY}`), 'Bad Name');
    expect(
      within(primaryOptions).getByText('"Bad Name" is not a valid header name: it contains a space.'),
    ).toBeTruthy();
    await user.clear(within(primaryOptions).getByLabelText(`Header 2 name for ${PRIMARY}`));
    await user.type(within(primaryOptions).getByLabelText(`Header 2 name for ${PRIMARY}`), 'X-Team');
    await user.type(within(primaryOptions).getByLabelText(`Header 2 value for ${PRIMARY}`), 'render');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(savedInput(fake).servers[0].headers).toEqual([
      { name: 'X-Token', value: '', secret: true, hasStoredValue: true },
      { name: 'X-Team', value: 'render', secret: false, hasStoredValue: false },
    ]);
  });

  it('shows the main process refusal at the field it names', async () => {
    const fake = fakeApi();
    fake.api.saveSettings.mockResolvedValue({
      ok: false,
      errors: [
        { field: 'backups', message: 'http://127.0.0.1:8189 is listed twice' },
        { field: 'version', message: 'the settings file is newer than this app' },
      ],
    });
    const { user } = await openSettings(fake);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('http://127.0.0.1:8189 is listed twice')).toBeTruthy();
    expect(backupsBox().getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('version: the settings file is newer than this app')).toBeTruthy();
  });

  it('tells the user what the main process noticed about the file', async () => {
    await openSettings(
      fakeApi({
        settings: settingsView({ notices: ['The settings file was damaged: moved to config.json.bak'] }),
      }),
    );
    expect(screen.getByRole('alert').textContent).toContain('moved to config.json.bak');
  });
});

describe('legacy import', () => {
  it('fills the servers from pasted KEY=value lines without saving', async () => {
    const { user, api } = await openSettings();
    await user.click(screen.getByLabelText('Configuration text'));
    await user.paste(
      'BASE_URL=http://old-primary:8188\ncomfyui.backup_servers="http://old-b1:8188,old-b2.lan:8188"',
    );
    await user.click(screen.getByRole('button', { name: 'Import text' }));

    expect((screen.getByLabelText('Primary server') as HTMLInputElement).value).toBe(
      'http://old-primary:8188',
    );
    expect(backupsBox().value).toBe('http://old-b1:8188\nold-b2.lan:8188');
    expect(
      screen.getByText('Imported the primary and 2 backups. Check the servers above, then Save.'),
    ).toBeTruthy();
    // The imported entries went through the shared list parser like typed ones.
    expect(screen.getByText(/entry 2 \("old-b2\.lan:8188"\): added http:\/\//)).toBeTruthy();
    expect(api.saveSettings).not.toHaveBeenCalled();
  });

  it('reads a chosen JSON file and lists what it could not use', async () => {
    const { user } = await openSettings();
    const file = new File(
      [JSON.stringify({ comfyui: { backup_servers: 'http://json-b1:8188\nhttp://json-b2:8188' } })],
      'old-config.json',
      { type: 'application/json' },
    );
    await user.upload(screen.getByLabelText('Choose file…'), file);

    expect(await screen.findByText(/No primary server/)).toBeTruthy();
    expect(backupsBox().value).toBe('http://json-b1:8188\nhttp://json-b2:8188');
    // No primary in the file: the stored one stays.
    expect((screen.getByLabelText('Primary server') as HTMLInputElement).value).toBe(PRIMARY);
  });
});

describe('keeping the valid entries', () => {
  it('keeps each as typed and drops the refused and the duplicate ones', () => {
    expect(keepValidEntries(' http://a:1@gpu-1:8188 ;ftp://x,\n\tgpu-2.lan:8188  http://gpu-1:8188')).toBe(
      'http://a:1@gpu-1:8188\ngpu-2.lan:8188',
    );
  });

  it('finds a valid entry after a refused password that held a separator, never a piece of that password', () => {
    // Entry 1 is `http://alice:pa ss@gpu-1:8188` (refused): its piece `ss@gpu-1:8188` is not an entry.
    const text = 'http://alice:pa ss@gpu-1:8188, http://carol:pw@gpu-2:8188, ss@gpu-1:8188';
    expect(keepValidEntries(text)).toBe('http://carol:pw@gpu-2:8188\nss@gpu-1:8188');
  });
});
