export interface EntryReport {
  declarations: number;
  documented: number;
  undocumented: string[];
  namespaces: string[];
}
export function tsdocReport(root?: string): Record<'index' | 'transform' | 'rudderstack', EntryReport>;
