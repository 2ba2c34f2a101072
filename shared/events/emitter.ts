/**
 * Typed listeners per event name: the one way an object in this project publishes events
 * (session, façade, models, log store, host). `Events` maps each name to its payload type.
 * Listeners run synchronously in subscription order; one that subscribes or unsubscribes while an
 * event is delivered takes effect from the next event.
 */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Adds a listener; the returned function removes it. */
  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.listeners.get(event);
    if (!set || set.size === 0) return;
    for (const listener of [...set]) (listener as (payload: Events[K]) => void)(payload);
  }

  /** Whether anyone listens, for events that cost something to build. */
  hasListeners(event: keyof Events): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0;
  }
}
