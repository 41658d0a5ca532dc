/**
 * SIGINT / SIGTERM for long-running commands: the first signal asks for a graceful stop, a second
 * one for an immediate exit. While installed, Node's default (die at once, nothing written) is off.
 */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The exit code of a run a signal ended: 128 + the signal's number, as a shell reports it. */
export const SIGNAL_EXIT: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

export interface ShutdownHandlers {
  graceful(signal: StopSignal): void;
  immediate(signal: StopSignal): void;
}

/** Installs the handlers; returns the function that removes them. */
export function onShutdown(handlers: ShutdownHandlers): () => void {
  let received = 0;
  const listener = (signal: StopSignal): void => {
    received += 1;
    if (received === 1) handlers.graceful(signal);
    else handlers.immediate(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}
