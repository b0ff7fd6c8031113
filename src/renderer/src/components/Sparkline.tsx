// A latency sparkline of the latest probes as inline SVG, captioned with how many it shows: the
// line joins successful probes, failed probes are red ticks along the bottom, so an outage reads
// at a glance.
import { memo } from 'react';
import type { LatencyPoint } from '../../../shared/ipc';
import { formatMs } from '../format';

/** Probes drawn: the most recent ones, one every ~2 px. */
export const SPARKLINE_POINTS = 60;
const WIDTH = 120;
const HEIGHT = 28;
const PAD = 2;

interface Props {
  points: LatencyPoint[];
}

function SparklineView({ points }: Props) {
  const shown = points.slice(-SPARKLINE_POINTS);
  const times = shown.flatMap((point) => (point.ms === null ? [] : [point.ms]));
  const failures = shown.length - times.length;
  const max = Math.max(1, ...times);
  const step = shown.length > 1 ? (WIDTH - 2 * PAD) / (shown.length - 1) : 0;
  const x = (index: number) => PAD + index * step;
  const y = (ms: number) => HEIGHT - PAD - 2 - (ms / max) * (HEIGHT - 2 * PAD - 4);

  // Consecutive successes form one polyline; a failure breaks the line.
  const segments: { x: number; y: number }[][] = [];
  let current: { x: number; y: number }[] = [];
  shown.forEach((point, index) => {
    if (point.ms === null) {
      if (current.length > 0) segments.push(current);
      current = [];
    } else {
      current.push({ x: x(index), y: y(point.ms) });
    }
  });
  if (current.length > 0) segments.push(current);

  // The line covers the latest probes only, not the whole kept history: the caption says which.
  const caption =
    shown.length === 0
      ? 'Latency: no probes yet'
      : `Latency, last ${shown.length} ${shown.length === 1 ? 'probe' : 'probes'}`;
  const label =
    shown.length === 0
      ? caption
      : `${caption}: ` +
        (times.length > 0
          ? `${formatMs(Math.min(...times))} to ${formatMs(Math.max(...times))}`
          : 'no answer') +
        (failures > 0 ? `, ${failures} failed` : '');

  return (
    <figure className="latency">
      {/* The image's own label says it to assistive technology, with the figures. */}
      <figcaption aria-hidden="true">{caption}</figcaption>
      <svg
        className="sparkline"
        role="img"
        aria-label={label}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
      >
        <title>{label}</title>
        <line className="sparkline-base" x1={0} y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} />
        {segments.map((segment, index) =>
          segment.length === 1 ? (
            <circle key={index} className="sparkline-dot" cx={segment[0].x} cy={segment[0].y} r={1.5} />
          ) : (
            <polyline
              key={index}
              className="sparkline-line"
              points={segment.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}
            />
          ),
        )}
        {shown.map((point, index) =>
          point.ms === null ? (
            <line
              key={index}
              className="sparkline-fail"
              x1={x(index)}
              y1={HEIGHT - 6}
              x2={x(index)}
              y2={HEIGHT}
            />
          ) : null,
        )}
      </svg>
    </figure>
  );
}

export const Sparkline = memo(SparklineView);
