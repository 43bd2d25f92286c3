import { createPlugin, type BackstagePlugin } from '@backstage/core-plugin-api';
import { createFrontendModule, type ExtensionDefinition, type FrontendModule } from '@backstage/frontend-plugin-api';
import {
  createScaffolderFieldExtension,
  type CustomFieldValidator,
  type FieldExtensionComponent,
  type FieldExtensionOptions,
} from '@backstage/plugin-scaffolder-react';
import { FormFieldBlueprint, createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { REVIEW_FIELD } from './form-steps';
import { reviewFieldErrors } from './review';
import { TapDrReview } from './TapDrReview';

/**
 * Keeps the review step from passing while the answers have a problem. The scaffolder runs a field's
 * validation with the whole form's data as `formData` when the user presses Next.
 */
export const validateTapDrReview: CustomFieldValidator<string> = (_value, validation, context) => {
  for (const error of reviewFieldErrors(context.formData)) validation.addError(error);
};

/** The field as both frontend systems take it: name, component and validation. */
export const tapDrReviewField: FieldExtensionOptions<string> = {
  name: REVIEW_FIELD,
  component: TapDrReview,
  validation: validateTapDrReview,
};

/** The plugin that provides the field to an app on the current frontend system. */
export const tapDrFormPlugin: BackstagePlugin = createPlugin({ id: 'tap-dr' });

/**
 * Current frontend system: a child of `<ScaffolderFieldExtensions>` under the scaffolder route
 * (https://backstage.io/docs/features/software-templates/writing-custom-field-extensions: a field made
 * with `createScaffolderFieldExtension`, provided by its own plugin with `plugin.provide`).
 */
export const TapDrReviewFieldExtension: FieldExtensionComponent<string, unknown> = tapDrFormPlugin.provide(
  createScaffolderFieldExtension({ name: REVIEW_FIELD, component: TapDrReview, validation: validateTapDrReview }),
);

/**
 * New frontend system: a `FormFieldBlueprint` extension, which the scaffolder plugin's form-fields API
 * picks up (https://backstage.io/docs/next/features/software-templates/writing-custom-field-extensions:
 * `FormFieldBlueprint` from `@backstage/plugin-scaffolder-react/alpha` with `createFormField`).
 */
export const tapDrReviewFormField: ExtensionDefinition = FormFieldBlueprint.make({
  name: 'tap-dr-review',
  params: { field: async () => createFormField(tapDrReviewField as Parameters<typeof createFormField>[0]) },
});

/** The field for an app on the new frontend system: `createApp({ features: [tapDrFormModule] })`. */
export const tapDrFormModule: FrontendModule = createFrontendModule({ pluginId: 'scaffolder', extensions: [tapDrReviewFormField] });
