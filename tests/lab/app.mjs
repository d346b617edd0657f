// The app that signs its visitors in, on the lab's own site (127.0.0.1): under
// `/flows/<flow>/<visit>/`, the kind of app the flow says (flows.mjs), set up as it says.
//   web   a server-side OpenID Connect client (./rp.mjs, ASP.NET Core's way)
//   spa   a browser app (./spa.mjs, keycloak-js's way)
//   saml  a SAML service provider (./sp.mjs, Spring Security's way)
import { flowOf, appPath } from './flows.mjs';
import { relyingPartyRoutes } from './rp.mjs';
import { BROWSER_APP_ROUTES } from './spa.mjs';
import { SERVICE_PROVIDER_ROUTES } from './sp.mjs';

export function createApp(visits, provider) {
  const routes = { web: relyingPartyRoutes(provider), spa: BROWSER_APP_ROUTES, saml: SERVICE_PROVIDER_ROUTES };
  return {
    /** The app's answer to a request under `/flows/`, or undefined if it has no such page. */
    answer(ctx) {
      const [, flowId, visitId, ...rest] = ctx.url.pathname.slice(1).split('/');
      const flow = flowOf(flowId);
      const route = flow && routes[flow.app.kind][`${ctx.req.method} ${rest.join('/')}`];
      const visit = route && visits.enter(visitId, ctx.url);
      return visit && route({ ctx, visit, flow, base: appPath(flow, visit.id) });
    },
  };
}
