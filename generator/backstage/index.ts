// Entry `generator-tap-dr/backstage`: the scaffolder backend module (default export, what
// `backend.add(import(...))` takes) and the action itself for backends that wire actions by hand.
export { tapDrScaffolderModule as default } from './module';
export { createRenderAction, RENDER_ACTION_ID } from './render-action';
export { createUpdateAction, UPDATE_ACTION_ID } from './update-action';
export { stackSummary, type StackSummary } from './stack-summary';
