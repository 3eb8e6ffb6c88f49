// How a plan's time and IPR timing are worded, the same on screen (ui/components/plan) and
// in the printed report (web/report).

/** Treatment time: weeks, and months once it is past two months. */
export function durationText(days: number): string {
  if (!(days > 0)) return 'no aligners';
  const weeks = days / 7;
  const weekText = Number.isInteger(weeks) ? `${weeks} weeks` : `${weeks.toFixed(1)} weeks`;
  if (days < 61) return weekText;
  return `${weekText} (about ${(days / 30.44).toFixed(1)} months)`;
}

/** IPR at stage s is done after aligner s, i.e. before aligner s + 1 is put in. */
export function iprTimingText(stage: number): string {
  return `done before aligner ${Math.max(0, stage) + 1}`;
}
