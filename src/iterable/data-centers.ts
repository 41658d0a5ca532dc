/** Iterable's data centres: the host every path is sent to. */
export const DATA_CENTERS = {
  USDC: 'https://api.iterable.com',
  EUDC: 'https://api.eu.iterable.com',
} as const;

/** `'USDC'` or `'EUDC'`: which Iterable data centre a project lives in (the `dataCenter` setting). */
export type DataCenter = keyof typeof DATA_CENTERS;
