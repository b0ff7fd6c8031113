// Secret header values: encrypted with Electron's safeStorage (async API) and stored as
// SECRET_PREFIX + base64 ciphertext. Plain values live only in the main process's memory.
import type { SafeStorage } from 'electron';
import { SECRET_PREFIX } from '../shared/settings';

export type SecretCipher = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export function isSealed(value: string): boolean {
  return value.startsWith(SECRET_PREFIX);
}

export class SecretBox {
  constructor(
    private readonly cipher: SecretCipher,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /**
   * False when this machine offers no real encryption (then secrets cannot be saved). On Linux
   * without a keyring, safeStorage falls back to `basic_text`, a fixed key: as good as plain text.
   */
  async available(): Promise<boolean> {
    try {
      if (!(await this.cipher.isAsyncEncryptionAvailable())) return false;
      return this.platform !== 'linux' || this.cipher.getSelectedStorageBackend() !== 'basic_text';
    } catch {
      return false;
    }
  }

  async seal(plain: string): Promise<string> {
    if (!(await this.available())) throw new Error('secret values cannot be encrypted on this computer');
    const encrypted = await this.cipher.encryptStringAsync(plain);
    return SECRET_PREFIX + encrypted.toString('base64');
  }

  async open(sealed: string): Promise<string> {
    if (!isSealed(sealed)) throw new Error('not an encrypted value');
    const { result } = await this.cipher.decryptStringAsync(
      Buffer.from(sealed.slice(SECRET_PREFIX.length), 'base64'),
    );
    return result;
  }
}
