// The lab's sites: one server on 127.0.0.1, reached under several host names so that browsers
// see several sites, each with its own cookies.
//   app        the lab's pages, the app that signs in (relying party, SAML service provider)
//   provider   the identity provider, another site for cookies and SameSite
//   bystander  a site no scenario uses: what it holds must survive anything AuthLens clears
// `localhost` and 127.0.0.1 are secure contexts in both browsers; `bystander.test` is not.
export const LAB_HOSTS = {
  app: '127.0.0.1',
  provider: 'localhost',
  bystander: 'bystander.test',
  /** The names the browsers are told resolve to 127.0.0.1. */
  resolved: ['localhost', 'bystander.test'],
};
