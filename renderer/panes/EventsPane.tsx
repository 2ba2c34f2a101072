// Events: the live table of every event and, below it, the event designer.
import { EventDesigner } from '../events/EventDesigner';
import { EventsTable } from '../events/EventsTable';

export function EventsPane() {
  return (
    <div className="events">
      <EventsTable />
      <details open className="designer-box">
        <summary>Event designer</summary>
        <EventDesigner />
      </details>
    </div>
  );
}
