import { EventEmitter } from 'node:events';

/**
 * In-process notice that a dealer's board changed, for the server-sent event streams of this
 * process. Other processes (and changes made by other modules) reach the boards through the
 * streams' periodic refresh.
 */
const emitter = new EventEmitter();
emitter.setMaxListeners(0);

export const boardChanges = {
  notify(dealerId: string): void {
    emitter.emit(dealerId);
  },
  /** Calls `listener` on each change of the dealer's board; returns the function that stops it. */
  subscribe(dealerId: string, listener: () => void): () => void {
    emitter.on(dealerId, listener);
    return () => emitter.off(dealerId, listener);
  },
  listenerCount(dealerId: string): number {
    return emitter.listenerCount(dealerId);
  },
};
