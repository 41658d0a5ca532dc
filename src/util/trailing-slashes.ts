/**
 * `text` without the slashes it ends with, by one backward scan. (A `/\/+$/` replace would try
 * every slash of a long run as a start and backtrack through the rest: quadratic in the run.)
 */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 47 /* / */) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}
