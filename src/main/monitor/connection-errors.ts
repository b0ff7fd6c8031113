// Turns a failed connection or transfer (Node and undici errors) into an error kind and a sentence.
import type { ErrorKind } from '../../shared/types';
import { DnsLookupError } from './resolver';

export type ConnectionErrorKind = Extract<ErrorKind, 'refused' | 'dns' | 'timeout' | 'tls' | 'reset'>;

export interface ConnectionFailure {
  kind: ConnectionErrorKind;
  /** A sentence naming the endpoint (or the layer: `DNS: ...`, `TLS: ...`) and what happened. */
  error: string;
  /** No route to the host: nothing answered, as when this machine's own network is down. */
  noRoute?: true;
}

interface CodedError {
  code?: unknown;
  message?: unknown;
  syscall?: unknown;
  errors?: unknown;
  /** OpenSSL's reason text, set by Node on TLS errors (`wrong version number`). */
  reason?: unknown;
}

/** The host answered with a refusal. */
const REFUSED = new Set(['ECONNREFUSED']);
/** Nothing answered: no route to the host (reported as `refused`, flagged as `noRoute`). */
const NO_ROUTE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EHOSTDOWN']);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA']);
const TIMEOUT = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
// OpenSSL verification codes and Node's TLS/SSL error codes.
const TLS = /CERT|SELF_SIGNED|^UNABLE_TO_|^ERR_TLS_|^ERR_SSL_|^EPROTO$|^HOSTNAME_MISMATCH$/;

// An OpenSSL (or, in Electron, BoringSSL) error string:
// `<thread>:error:<code>:<library>:<function>:<reason>:<file>:<line>:`.
const OPENSSL = /(?:^|[\s:])error:[0-9A-F]+:[^:]*:[^:]*:([^:]+)/i;
const PLAIN_HTTP_HINT = 'is it http:// rather than https://?';
/** Certificates that verify against no known authority: the server may be yours, with its own. */
const UNTRUSTED = /SELF_SIGNED|UNABLE_TO_VERIFY_LEAF|UNABLE_TO_GET_ISSUER/;
const TRUST_HINT =
  'if this server is yours, mark it "trust self-signed certificate" in Settings ("trustSelfSigned": true)';
/** What some OpenSSL reasons mean for someone probing a server. */
const TLS_MEANINGS = new Map<string, string>([
  ['wrong version number', `the server did not answer with TLS (wrong version number): ${PLAIN_HTTP_HINT}`],
]);

/** A sentence for a TLS failure: OpenSSL's reason rather than its raw error string (thread id, source file, line). */
function tlsDetail(reason: unknown, detail: string): string {
  // Node's words when the server hangs up on the handshake, as a plain HTTP server may on its bytes.
  if (detail.endsWith('before secure TLS connection was established')) {
    return `the server closed the connection during the TLS handshake: ${PLAIN_HTTP_HINT}`;
  }
  const openssl = OPENSSL.exec(detail);
  if (openssl === null) return detail;
  // Node sets `reason`; BoringSSL writes it as WRONG_VERSION_NUMBER.
  const raw = typeof reason === 'string' && reason !== '' ? reason : openssl[1];
  const text = raw.toLowerCase().replace(/_/g, ' ').trim();
  return TLS_MEANINGS.get(text) ?? text;
}

/** The most telling error inside `err`: happy eyeballs wraps one error per address in an AggregateError. */
function innermost(err: unknown): CodedError {
  const coded = (typeof err === 'object' && err !== null ? err : {}) as CodedError;
  if (typeof coded.code !== 'string' && Array.isArray(coded.errors) && coded.errors.length > 0) {
    return innermost(coded.errors[0]);
  }
  return coded;
}

/** Classifies an error thrown while connecting to or reading from `path`. */
export function describeConnectionError(err: unknown, path: string): ConnectionFailure {
  if (err instanceof DnsLookupError) return { kind: 'dns', error: `DNS: ${err.message}` };
  const { code, message, syscall, reason } = innermost(err);
  const codeText = typeof code === 'string' ? code : '';
  const text = typeof message === 'string' ? message.replace(/\s+/g, ' ').trim() : '';
  const detail = text || codeText || 'unknown error';
  if (DNS.has(codeText) || syscall === 'getaddrinfo') return { kind: 'dns', error: `DNS: ${detail}` };
  if (REFUSED.has(codeText)) return { kind: 'refused', error: `${path}: connection refused (${codeText})` };
  if (NO_ROUTE.has(codeText)) {
    return { kind: 'refused', error: `${path}: no route to the host (${codeText})`, noRoute: true };
  }
  // Also a connection closed during the handshake (see tlsDetail).
  if (TLS.test(codeText) || /\b(TLS|SSL)\b/.test(detail)) {
    const hint = UNTRUSTED.test(codeText) ? ` (${TRUST_HINT})` : '';
    return { kind: 'tls', error: `TLS: ${tlsDetail(reason, detail)}${hint}` };
  }
  if (TIMEOUT.has(codeText)) return { kind: 'timeout', error: `${path}: timed out (${detail})` };
  // Closed or reset mid-answer, or something that does not speak HTTP on that port.
  return { kind: 'reset', error: `${path}: connection reset (${detail})` };
}
