// The CLI's answer to the monitor's "is it my own network that is down?" (the app asks Electron's
// net.isOnline() instead). It must be harmless: it never leaves the machine, so it cannot wait on
// a remote resolver or leak look-ups. Online means a network interface that is not loopback or
// link-local exists, and the system resolver answers a look-up of `localhost`.
import { promises as dns } from 'node:dns';
import os from 'node:os';
import type { NetworkInterfaceInfo } from 'node:os';

function routable(address: NetworkInterfaceInfo): boolean {
  if (address.internal) return false;
  // Self-assigned addresses (169.254/16, fe80::/10) mean no network was configured.
  return address.family === 'IPv4'
    ? !address.address.startsWith('169.254.')
    : !/^fe[89ab]/i.test(address.address);
}

export async function checkConnectivity(): Promise<boolean> {
  const interfaces = Object.values(os.networkInterfaces()).flatMap((addresses) => addresses ?? []);
  if (!interfaces.some(routable)) return false;
  try {
    await dns.lookup('localhost');
    return true;
  } catch {
    return false;
  }
}
