// Types for static-host.mjs (plain JS: the test runner's Node config loads it as is).
export function hostingHeaders(indexHtml: string): Record<string, string>;
export function startStaticHost(dir: string, port?: number): Promise<{ url: string; port: number; close(): Promise<void> }>;
