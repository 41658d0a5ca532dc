export const START: string;
export const END: string;
export function maskDemoOutput(text: string): string;
export function runDemo(): string;
export function demoBlock(output: string): string;
export function currentBlock(readme: string): string | undefined;
