// The doctor's review as the planner sees it in the Plan tab: where the approval stands (void,
// naming what changed, once the plan moves on), the changes requested, and the comments on the
// teeth (click one to see that tooth at its stage). Folded away while there is nothing to read.
import { Show } from 'solid-js';
import type { JSX } from 'solid-js';
import type { PlanSession } from '../../state/plan-types.ts';
import type { ReviewStore } from '../../state/review.ts';
import { ApprovalStatus } from './ApprovalStatus.tsx';
import { CommentsPanel } from './CommentsPanel.tsx';
import './review.css';

export function PlanReview(props: { review: ReviewStore; plan: PlanSession; onWritten(): void }): JSX.Element {
  const review = props.review;
  const count = () => review.comments().length;
  const something = () => count() > 0 || review.latestDecision() !== undefined;
  return (
    <details class="plan-review" data-testid="plan-review" open={something()}>
      <summary>
        Doctor's review
        <Show when={count() > 0}><span class="muted"> · {count()} comment{count() === 1 ? '' : 's'}</span></Show>
      </summary>
      <div class="plan-review-body">
        <ApprovalStatus review={review} />
        <CommentsPanel review={review} plan={props.plan} onWritten={props.onWritten} />
      </div>
    </details>
  );
}
