// Tooth numbers in the plan panels follow the user's numbering choice, like the rest of the studio.
import { useStudio } from '../../context.ts';
import { toothNumberText } from '../../numbering.ts';

export function useToothLabel(): (fdi: number) => string {
  const { numbering } = useStudio();
  return (fdi) => toothNumberText(fdi, numbering.numbering());
}
