/**
 * Maps an HTTP method + path to a catalogue entry. The paths come from ENDPOINTS, so the emulator
 * can never drift from what the client sends.
 */
import { ENDPOINTS, type EndpointName } from '../iterable/endpoints.js';

export interface RouteMatch {
  endpoint: EndpointName;
  /** `{name}` segments of the path, URI-decoded. */
  params: Record<string, string>;
}

interface Route {
  endpoint: EndpointName;
  method: string;
  pattern: RegExp;
  keys: string[];
}

function compile(endpoint: EndpointName): Route {
  const { method, path } = ENDPOINTS[endpoint];
  const keys: string[] = [];
  const source = path
    .split(/(\{\w+\})/)
    .map((part) => {
      const key = /^\{(\w+)\}$/.exec(part)?.[1];
      if (key === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      keys.push(key);
      return '([^/]+)';
    })
    .join('');
  return { endpoint, method, pattern: new RegExp(`^${source}$`), keys };
}

const ROUTES: readonly Route[] = (Object.keys(ENDPOINTS) as EndpointName[]).map(compile);

/** Paths that the catalogue lists (used to resolve a fault target given as a path). */
export function endpointForPath(path: string): EndpointName | undefined {
  return ROUTES.find((route) => route.pattern.test(path))?.endpoint;
}

export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const found = route.pattern.exec(pathname);
    if (!found) continue;
    const params: Record<string, string> = {};
    route.keys.forEach((key, i) => {
      params[key] = safeDecode(found[i + 1] ?? '');
    });
    return { endpoint: route.endpoint, params };
  }
  return undefined;
}

/** RudderStack sends userIds unencoded; a stray `%` must not crash the route. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
