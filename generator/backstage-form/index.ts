// Entry `generator-tap-dr/backstage-form`: the portal form's review field for a Backstage app, on the
// current frontend system (`TapDrReviewFieldExtension`) and the new one (`tapDrFormModule`, also the
// default export). React, @material-ui/core and the @backstage/* frontend packages are optional peer
// dependencies: an app that uses the scaffolder already has them, and CLI users install none.
export {
  TapDrReviewFieldExtension,
  tapDrFormModule as default,
  tapDrFormModule,
  tapDrFormPlugin,
  tapDrReviewField,
  tapDrReviewFormField,
  validateTapDrReview,
} from './extension';
export { REVIEW_FIELD, REVIEW_PROPERTY } from './form-steps';
export {
  presetTitle,
  reviewAnswers,
  reviewFieldErrors,
  shownValue,
  type AnswerSource,
  type Review,
  type ReviewedAnswer,
  type ReviewedGroup,
  type ReviewProblem,
} from './review';
export { TapDrReview } from './TapDrReview';
