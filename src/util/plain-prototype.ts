/**
 * Whether an object's prototype is `Object.prototype` or null: what JSON.parse and object literals
 * make. Class instances, dates, maps and the like are not plain, so a caller that reads an object as
 * JSON data can refuse them (or fall back to a slower, exact path).
 */
export function hasPlainPrototype(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
