// Import of the legacy configuration: JSON objects and KEY=value lines.
import { describe, expect, test } from 'vitest';
import { parseLegacyConfig } from '../../src/shared/legacy-import';

describe('legacy import: JSON', () => {
  test('dotted keys, backups comma-separated', () => {
    const text = JSON.stringify({
      'comfyui.base_url': 'http://10.0.0.5:8188',
      'comfyui.backup_servers': 'http://10.0.0.6:8188, http://10.0.0.7:8188',
    });
    expect(parseLegacyConfig(text)).toEqual({
      primary: 'http://10.0.0.5:8188',
      backups: ['http://10.0.0.6:8188', 'http://10.0.0.7:8188'],
      errors: [],
    });
  });

  test('nested keys, backups newline-separated, or a list', () => {
    const nested = {
      comfyui: { base_url: 'http://a:8188', backup_servers: 'http://b:8188\nhttp://c:8188\n' },
    };
    expect(parseLegacyConfig(JSON.stringify(nested))).toMatchObject({
      primary: 'http://a:8188',
      backups: ['http://b:8188', 'http://c:8188'],
    });
    const list = {
      BASE_URL: 'http://a:8188',
      comfyui: { backup_servers: ['http://b:8188', 'http://c:8188'] },
    };
    expect(parseLegacyConfig(JSON.stringify(list))).toEqual({
      primary: 'http://a:8188',
      backups: ['http://b:8188', 'http://c:8188'],
      errors: [],
    });
  });

  test('broken JSON names the line and column; a non-object is refused', () => {
    const broken = parseLegacyConfig('{\n  "BASE_URL": "http://a:8188",\n}');
    expect(broken.primary).toBeNull();
    expect(broken.errors).toEqual([expect.stringMatching(/^Not valid JSON: line 3, column 1/)]);
    expect(parseLegacyConfig('{"comfyui": 5}').errors).toEqual([
      'No primary server: set comfyui.base_url or BASE_URL',
    ]);
  });

  test('a value of the wrong type is named', () => {
    const result = parseLegacyConfig(
      JSON.stringify({ BASE_URL: 8188, 'comfyui.backup_servers': 'http://b:1' }),
    );
    expect(result.errors).toContain('BASE_URL must be a text, not number');
    expect(result.backups).toEqual(['http://b:1']);
  });
});

describe('legacy import: KEY=value lines', () => {
  test('dotenv style, with comments, export and quotes', () => {
    const text = [
      '# ComfyUI servers',
      'export BASE_URL="http://10.0.0.5:8188"',
      "comfyui.backup_servers='http://10.0.0.6:8188,http://10.0.0.7:8188'  ",
      'OTHER=ignored # trailing comment',
    ].join('\n');
    expect(parseLegacyConfig(text)).toEqual({
      primary: 'http://10.0.0.5:8188',
      backups: ['http://10.0.0.6:8188', 'http://10.0.0.7:8188'],
      errors: [],
    });
  });

  test('a quoted backup list over several lines, and \\n escapes', () => {
    const multiline =
      'comfyui.base_url=http://a:8188\ncomfyui.backup_servers="http://b:8188\nhttp://c:8188"\n';
    expect(parseLegacyConfig(multiline).backups).toEqual(['http://b:8188', 'http://c:8188']);
    const escaped = 'BASE_URL=http://a:8188\ncomfyui.backup_servers="http://b:8188\\nhttp://c:8188"';
    expect(parseLegacyConfig(escaped).backups).toEqual(['http://b:8188', 'http://c:8188']);
  });

  test('INI sections make dotted keys', () => {
    const text = '[comfyui]\nbase_url = http://a:8188\nbackup_servers = http://b:8188, http://c:8188\n';
    expect(parseLegacyConfig(text)).toEqual({
      primary: 'http://a:8188',
      backups: ['http://b:8188', 'http://c:8188'],
      errors: [],
    });
  });

  test('entries are returned as written: the form names a bad one, nothing valid is dropped here', () => {
    const text = 'BASE_URL=http://a:8188\ncomfyui.backup_servers=ftp://nope, http://b:8188';
    expect(parseLegacyConfig(text).backups).toEqual(['ftp://nope', 'http://b:8188']);
  });

  test('problems are named: a line without =, an unclosed quote, two differing primaries, nothing', () => {
    expect(parseLegacyConfig('BASE_URL=http://a:8188\njust text').errors).toEqual([
      'Line 2: expected KEY=value',
    ]);
    expect(parseLegacyConfig('BASE_URL="http://a:8188').errors).toContain(
      'BASE_URL: the closing " is missing',
    );
    const both = parseLegacyConfig('comfyui.base_url=http://a:8188\nBASE_URL=http://b:8188');
    expect(both.primary).toBe('http://a:8188');
    expect(both.errors).toEqual(['Both comfyui.base_url and BASE_URL are set: using comfyui.base_url']);
    expect(parseLegacyConfig('  ').errors).toEqual(['Nothing to import: the text is empty']);
  });
});
