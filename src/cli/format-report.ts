// `status` for people: the report as a table, then why each unusable server is out, then the best.
import type { FleetReport, QueueInfo, ServerReport } from '../shared/types';
import { formatTable } from './format-table';

const BEST_MARK = '*';
// The mark column keeps its width when no server is marked.
const HEADER = [' ', 'STATE', 'ROLE', 'URL', 'QUEUE R/P/T', 'PRIO', 'TIME', 'ENDPOINT'];

function queueCell(queue: QueueInfo | null): string {
  if (queue === null) return '-';
  return `${queue.running ?? '?'}/${queue.pending ?? '?'}/${queue.total}`;
}

function row(server: ServerReport, best: string | null): string[] {
  return [
    server.url === best ? BEST_MARK : '',
    server.state,
    server.role,
    server.url,
    queueCell(server.queue),
    String(server.priority),
    server.responseTimeMs === null ? '-' : `${Math.round(server.responseTimeMs)} ms`,
    server.endpoint ?? '-',
  ];
}

/** One line per server's reason: the error of an unusable one, the note of a usable one. */
function reasons(servers: readonly ServerReport[]): string[] {
  return servers.flatMap((server) => {
    if (!server.healthy) {
      const kind = server.errorKind && server.errorKind !== server.state ? ` (${server.errorKind})` : '';
      return [`${server.url}: ${server.state}${kind}: ${server.error ?? 'no reason given'}`];
    }
    return server.note ? [`${server.url}: ${server.state}: ${server.note}`] : [];
  });
}

export function formatReport(report: FleetReport): string[] {
  const table = formatTable(
    [HEADER, ...report.servers.map((server) => row(server, report.best))],
    ['left', 'left', 'left', 'left', 'right', 'right', 'right'],
  );
  const why = reasons(report.servers);
  const verdict = report.best === null ? 'no usable server' : `best: ${report.best}`;
  return [...table, ...(why.length > 0 ? ['', ...why] : []), '', verdict];
}
