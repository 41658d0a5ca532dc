// The local Iterable emulator (filled in by the delivery work).
export {};
