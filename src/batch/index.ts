// The pure batch planner (filled in by the delivery work).
export {};
