import { createBackendModule, type BackendFeature } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createRenderAction } from './render-action';
import { createUpdateAction } from './update-action';

/** Adds `tap:dr:render` and `tap:dr:update` to a Backstage backend's scaffolder: `backend.add(import('generator-tap-dr/backstage'))`. */
export const tapDrScaffolderModule: BackendFeature = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'tap-dr',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createRenderAction(), createUpdateAction());
      },
    });
  },
});
