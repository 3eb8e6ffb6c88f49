// The report's file name, apart from the report's makers: the studio's buttons name the
// download without loading the PDF writer and the rasterizer into the studio's first bundle.

/** "P-204_Auto-setup_2026-12-04.pdf": the pseudonym, the plan version and the day, safe as a file name. */
export function reportFileName(pseudonym: string, version: string, now: number, extension = 'pdf'): string {
  const safe = (s: string) => s.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'case';
  return `${safe(pseudonym)}_${safe(version)}_${new Date(now).toISOString().slice(0, 10)}.${extension}`;
}
