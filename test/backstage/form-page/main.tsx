// The test page of test/backstage/portal-form.test.ts: a Backstage app (@backstage/app-defaults) with
// the real scaffolder page, as an adopter's packages/app/src/App.tsx mounts it, and the field
// extensions registered the way the README tells platform teams to register ours. Everything the
// scaffolder fetches (the template's parameter schema, task creation) goes to the in-process
// scaffolder backend through the test's loopback server; the catalog and the SCM sign-in are
// in-memory and deterministic.
// Backstage apps load the Backstage UI styles once (packages/app/src/index.tsx); the scaffolder's buttons use them.
import '@backstage/ui/css/styles.css';
import { createApp } from '@backstage/app-defaults';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { AlertDisplay } from '@backstage/core-components';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import { configApiRef, createApiFactory } from '@backstage/core-plugin-api';
import { ScmIntegrationsApi, scmAuthApiRef, scmIntegrationsApiRef } from '@backstage/integration-react';
import { catalogApiRef, defaultEntityPresentation, entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import { OwnerPickerFieldExtension, RepoUrlPickerFieldExtension, ScaffolderPage } from '@backstage/plugin-scaffolder';
import { ScaffolderFieldExtensions, useCustomFieldExtensions } from '@backstage/plugin-scaffolder-react';
import { TapDrReviewFieldExtension } from 'generator-tap-dr/backstage-form';
import { useEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { Route } from 'react-router-dom';

/** Set by the test server: the entities of the in-memory catalog. */
declare global {
  interface Window {
    __TAP_DR_CATALOG__: Entity[];
    /** The `ui:field` names the scaffolder page gets from the app's field extensions. */
    __TAP_DR_REGISTERED_FIELDS__?: string[];
  }
}

// Registered as an adopter registers them: children of <ScaffolderFieldExtensions> under the
// scaffolder route (OwnerPicker and RepoUrlPicker are also built in; listing them makes the set the
// test checks the template's ui:field names against exactly the set this app registers).
const fieldExtensions = (
  <ScaffolderFieldExtensions>
    <OwnerPickerFieldExtension />
    <RepoUrlPickerFieldExtension />
    <TapDrReviewFieldExtension />
  </ScaffolderFieldExtensions>
);

/** Publishes the names the scaffolder page reads from the same element, for the test to compare. */
function RegisteredFields({ outlet }: { outlet: ReactNode }) {
  const extensions = useCustomFieldExtensions(outlet);
  useEffect(() => {
    window.__TAP_DR_REGISTERED_FIELDS__ = extensions.map((extension) => extension.name);
  }, [extensions]);
  return null;
}

const origin = window.location.origin;
const app = createApp({
  configLoader: async () => [
    {
      context: 'tap-dr-form-test',
      data: {
        app: { title: 'tap-dr portal form test', baseUrl: origin },
        backend: { baseUrl: origin },
        integrations: { github: [{ host: 'github.com' }] },
      },
    },
  ],
  apis: [
    createApiFactory({ api: catalogApiRef, deps: {}, factory: () => new InMemoryCatalogClient({ entities: window.__TAP_DR_CATALOG__ }) }),
    createApiFactory({ api: scmIntegrationsApiRef, deps: { configApi: configApiRef }, factory: ({ configApi }) => ScmIntegrationsApi.fromConfig(configApi) }),
    // What the catalog plugin provides in a full app: how entities are named in pickers.
    createApiFactory({
      api: entityPresentationApiRef,
      deps: {},
      factory: () => ({
        forEntity: (entityOrRef, context) => {
          const snapshot = defaultEntityPresentation(entityOrRef, context);
          return { snapshot, promise: Promise.resolve(snapshot) };
        },
      }),
    }),
    // No GitHub sign-in: the template asks for no user token, and nothing is published in the test.
    createApiFactory({ api: scmAuthApiRef, deps: {}, factory: () => ({ getCredentials: async () => ({ token: 'test-token', headers: {} }) }) }),
  ],
});

const AppRoot = app.createRoot(
  <>
    <AlertDisplay />
    <AppRouter>
      <RegisteredFields outlet={fieldExtensions} />
      <FlatRoutes>
        <Route path="/create" element={<ScaffolderPage />}>
          {fieldExtensions}
        </Route>
      </FlatRoutes>
    </AppRouter>
  </>,
);

createRoot(document.getElementById('root')!).render(<AppRoot />);
