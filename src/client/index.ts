// createDestination: the batching, rate-limited client (filled in by the delivery work).
export {};
