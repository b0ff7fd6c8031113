// The monitor's events, newest first, with their times: failovers, servers going down and
// coming back, the whole fleet down, the network.
import type { MonitorEvent } from '../../../shared/types';
import { describeEvent, eventLabel, formatTime } from '../format';

interface Props {
  events: MonitorEvent[];
}

export function EventLog({ events }: Props) {
  const newestFirst = [...events].reverse();
  return (
    <section className="event-log" aria-labelledby="event-log-title">
      <h2 id="event-log-title">Events</h2>
      {newestFirst.length === 0 ? (
        <p className="empty">Nothing has happened yet.</p>
      ) : (
        <ol className="events">
          {newestFirst.map((event) => (
            <li
              key={JSON.stringify(event)}
              className={`event event-${event.type}${event.type === 'state' ? ` state-${event.to}` : ''}`}
            >
              <time dateTime={event.at}>{formatTime(event.at)}</time>
              <span className="event-type">{eventLabel(event)}</span>
              <span className="event-text">{describeEvent(event)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
