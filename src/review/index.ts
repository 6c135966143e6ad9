export { reviewQuestions, describeAfter, DEFAULT_REVIEW_TOP, type Change, type ChangeAction, type Review, type ReviewGroup, type ReviewOptions } from './review.ts';
export { formatGapLine, formatReview, where } from './format.ts';
export { bestParagraph, listAddition, newFactSkeleton, newSourceSkeleton, yamlScalar, type Placement, type SourceParagraph } from './changes.ts';
