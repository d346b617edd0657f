//! The stable ids a diagnosis is made of. Their text lives in the extension's locales
//! (`why_<cause>`, `cause_<cause>`, `evidence_<id>`, `fix_<id>`, `action_<id>`, with `-`
//! replaced by `_`), so the core never produces a human sentence.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares an id enum: kebab-case names on the wire, an `ALL` list, and `&str` access.
macro_rules! ids {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// Every id, in a stable order (for causes: the tie-break order of the ranking).
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
            const NAMES: &'static [&'static str] = &[$($text,)*];

            /// The kebab-case name, as serialised.
            pub const fn as_str(self) -> &'static str {
                Self::NAMES[self as usize]
            }

            /// The locale key for this id under `prefix`: `("why", token-expired)` →
            /// `why_token_expired` (keys allow only `[A-Za-z0-9_]`).
            #[allow(dead_code, reason = "not every kind of id is looked up by key in every build")]
            pub fn key(self, prefix: &str) -> String {
                format!("{prefix}_{}", self.as_str().replace('-', "_"))
            }

            /// The id called `name`, if there is one.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
            }
        }

        /// An id can stand wherever a `&str` is expected (locale keys, DOM attributes).
        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let name = String::deserialize(d)?;
                Self::from_name(&name)
                    .ok_or_else(|| serde::de::Error::unknown_variant(&name, Self::NAMES))
            }
        }
    };
}

ids! {
    /// Why a request failed. Listed most specific first: on equal confidence, the earlier wins.
    CauseId {
        /// A captive portal (hotel, airport Wi-Fi) wants a sign-in first (RFC 6585 §6).
        CaptivePortal = "captive-portal",
        /// A proxy between the browser and the site wants credentials (RFC 9110 §15.5.8).
        ProxyAuth = "proxy-auth",
        /// A CORS preflight was refused: preflights never carry credentials (Fetch §4.8).
        CorsPreflight = "cors-preflight",
        /// The identity provider refuses the app's return address: it is not registered
        /// (Google `redirect_uri_mismatch`, Entra AADSTS50011, Keycloak, Okta, Auth0).
        RedirectUriMismatch = "redirect-uri-mismatch",
        /// The app refused the provider's answer: the cookie that ties it to the sign-in it
        /// started (state, nonce, correlation) did not come back (ASP.NET Core "Correlation
        /// failed", Spring `authorization_request_not_found`, Auth.js, Passport).
        StateMismatch = "state-mismatch",
        /// A SAML response whose status is not Success (SAML 2.0 Core §3.2.2.2).
        SamlError = "saml-error",
        /// The provider answered with an OAuth 2.0 / OpenID Connect error (RFC 6749 §4.1.2.1,
        /// OIDC Core §3.1.2.6).
        OauthError = "oauth-error",
        /// Silent sign-in in a frame failed because the browser keeps the provider's cookie
        /// from frames on other sites.
        ThirdPartyCookiesBlocked = "third-party-cookies-blocked",
        /// The browser refused a cookie the sign-in needs (RFC 6265bis §5.6).
        CookieRejected = "cookie-rejected",
        /// The app and the identity provider send the browser back and forth without end.
        LoginLoop = "login-loop",
        /// Digest `stale=true`: the nonce expired, the password was right (RFC 7616 §3.3).
        NonceStale = "nonce-stale",
        /// IIS 401.1: Windows refused the user name or password.
        IisLogonFailed = "iis-logon-failed",
        /// IIS 401.2: no enabled authentication method matches what the browser offered.
        IisConfig = "iis-config",
        /// IIS 401.3: the file system ACL denies the authenticated user.
        IisAcl = "iis-acl",
        /// IIS 401.4: an ISAPI filter refused the request.
        IisFilter = "iis-filter",
        /// IIS 401.5: an ISAPI or CGI application refused the request.
        IisApp = "iis-app",
        /// The server says too many requests: 429, `Retry-After`, IIS 401.501/502.
        RateLimited = "rate-limited",
        /// The visitor's address is on a deny list (IIS 401.503/504, 403.6; bans).
        IpBlocked = "ip-blocked",
        /// A firewall, WAF or security plugin blocked the request.
        FirewallBlocked = "firewall-blocked",
        /// The site cleared its own data on this response (`Clear-Site-Data`).
        LoggedOutBySite = "logged-out-by-site",
        /// The form's anti-forgery token expired (Laravel 419, WordPress nonce, Django CSRF).
        CsrfExpired = "csrf-expired",
        /// Bearer `insufficient_scope`, or the API says the token lacks a permission.
        InsufficientScope = "insufficient-scope",
        /// The token is expired, by the server's clock and by ours.
        TokenExpired = "token-expired",
        /// The token looks expired or not yet valid only because two clocks disagree.
        ClockSkew = "clock-skew",
        /// Bearer `invalid_request`: the request is malformed (RFC 6750 §3.1).
        RequestMalformed = "request-malformed",
        /// The request carried more cookie or header bytes than the server accepts.
        CookiesTooLarge = "cookies-too-large",
        /// Credentials were sent but never reached the application (stripped on the way).
        AuthorizationStripped = "authorization-stripped",
        /// Credentials were sent in a scheme the server does not offer.
        SchemeMismatch = "scheme-mismatch",
        /// The password was right; the account also wants a one-time code (a second factor).
        SecondFactorRequired = "second-factor-required",
        /// The site wants a CAPTCHA answered on its own sign-in page first (Jira after failed logins).
        CaptchaRequired = "captcha-required",
        /// The account exists but is disabled or locked.
        AccountDisabled = "account-disabled",
        /// The token was refused for a reason other than time (revoked, wrong audience, ...).
        TokenInvalid = "token-invalid",
        /// The server only offers Windows sign-in (Negotiate / NTLM).
        WindowsAuth = "windows-auth",
        /// Credentials are asked for over plain http.
        InsecureTransport = "insecure-transport",
        /// The site's session (a cookie) is no longer valid.
        SessionExpired = "session-expired",
        /// The credentials that were sent are wrong.
        CredentialsRejected = "credentials-rejected",
        /// The `WWW-Authenticate` header breaks the grammar.
        ChallengeMalformed = "challenge-malformed",
        /// No credentials were sent.
        CredentialsMissing = "credentials-missing",
        /// A 401 without any challenge (RFC 9110 §15.5.2 says it MUST carry one).
        ChallengeMissing = "challenge-missing",
        /// A request to another site failed: that service wants its own sign-in.
        ThirdPartyAuth = "third-party-auth",
        /// The server refuses whoever asks (403).
        Forbidden = "forbidden",
        /// A mistyped or outdated address.
        WrongUrl = "wrong-url",
        /// Outdated cookies or cache for this site.
        StaleBrowserData = "stale-browser-data",
        /// A stale DNS answer sends the browser to the wrong server.
        DnsStale = "dns-stale",
    }
}

ids! {
    /// One observation behind a cause. [`EvidenceId::arity`] says how many arguments it takes.
    EvidenceId {
        /// The response status. Args: status code.
        Status = "status",
        /// The server asks for a scheme. Args: scheme.
        Challenge = "challenge",
        /// A 401 without `WWW-Authenticate`.
        NoChallenge = "no-challenge",
        /// The challenge breaks the grammar. Args: offset.
        ChallengeSyntax = "challenge-syntax",
        /// A Digest challenge without a nonce: nobody can answer it.
        DigestWithoutNonce = "digest-without-nonce",
        /// A proxy asks for a scheme. Args: scheme.
        ProxyChallenge = "proxy-challenge",
        /// The request carried credentials. Args: scheme.
        AuthorizationSent = "authorization-sent",
        /// The request carried no credentials.
        NoAuthorizationSent = "no-authorization-sent",
        /// The request carried credentials in its URL (a query parameter).
        CredentialsInUrl = "credentials-in-url",
        /// The browser did not show the request headers.
        RequestHeadersHidden = "request-headers-hidden",
        /// The request carried cookies. Args: how many.
        CookiesSent = "cookies-sent",
        /// The request carried no cookies.
        NoCookiesSent = "no-cookies-sent",
        /// The browser asked for credentials.
        BrowserPrompted = "browser-prompted",
        /// The failure repeated after credentials were given.
        BrowserRetried = "browser-retried",
        /// A Bearer error code. Args: code.
        BearerError = "bearer-error",
        /// A Bearer challenge without an error code: no token arrived (RFC 6750 §3.1).
        BearerNoError = "bearer-no-error",
        /// The server's own explanation (redacted, shortened). Args: text.
        ErrorDescription = "error-description",
        /// The token's `exp`. Args: ISO time.
        TokenExpiredAt = "token-expired-at",
        /// The token's `exp`, still ahead. Args: ISO time.
        TokenValidUntil = "token-valid-until",
        /// The token's `nbf` is ahead of the server's clock. Args: ISO time.
        TokenNotYetValid = "token-not-yet-valid",
        /// The token's `iat` is ahead of the server's clock. Args: ISO time.
        TokenIssuedInFuture = "token-issued-in-future",
        /// The token is opaque: its expiry cannot be read.
        TokenOpaque = "token-opaque",
        /// The token looks like a JWT but cannot be decoded.
        TokenUnreadable = "token-unreadable",
        /// The server's `Date`. Args: ISO time.
        ServerTime = "server-time",
        /// The local clock is ahead of the server's. Args: minutes.
        ClockAhead = "clock-ahead",
        /// The local clock is behind the server's. Args: minutes.
        ClockBehind = "clock-behind",
        /// Digest `stale=true`.
        DigestStale = "digest-stale",
        /// A CORS preflight. Args: the method it asked for.
        Preflight = "preflight",
        /// An OPTIONS request whose headers the browser did not show: likely a preflight.
        OptionsRequest = "options-request",
        /// The request went to another site. Args: host.
        ThirdPartyRequest = "third-party-request",
        /// The page's script made the request, not the page itself.
        ScriptRequest = "script-request",
        /// `Clear-Site-Data`. Args: its value.
        ClearSiteData = "clear-site-data",
        /// `Retry-After`. Args: seconds.
        RetryAfter = "retry-after",
        /// `X-RateLimit-Remaining: 0`.
        RateLimitExhausted = "rate-limit-exhausted",
        /// IIS sub-status. Args: e.g. `401.3`.
        IisSubstatus = "iis-substatus",
        /// A known message in the response body. Args: the message.
        ServerSays = "server-says",
        /// The address is plain http.
        PlainHttp = "plain-http",
        /// Only Windows schemes are offered. Args: the schemes.
        WindowsSchemes = "windows-schemes",
        /// A token service issues the tokens. Args: its URL.
        TokenService = "token-service",
        /// Who produced the block page. Args: product.
        BlockedBy = "blocked-by",
        /// The site runs WordPress.
        WordpressSite = "wordpress-site",
        /// Credentials in a scheme the server does not offer. Args: sent, offered.
        SchemeNotOffered = "scheme-not-offered",
        /// The scope the server asks for. Args: scope.
        RequiredScope = "required-scope",
        /// Nothing points to a more specific cause.
        NoSpecificSignal = "no-specific-signal",
        /// The browser did not let the extension read the response body: headers only.
        BodyUnread = "body-unread",
        /// What the `Server` header names. Args: its value.
        ServerSoftware = "server-software",
        /// The request carried an anti-forgery token or cookie. Args: its name.
        AntiForgeryToken = "anti-forgery-token",
        /// When a signed request says it was signed. Args: ISO time.
        RequestSignedAt = "request-signed-at",
        /// The signed URL (presigned, SAS) says it stopped being valid then. Args: ISO time.
        SignedUrlExpired = "signed-url-expired",
        /// The request carried a one-time code, and the server still asks for one. Args: the
        /// header that carried it.
        OneTimeCodeSent = "one-time-code-sent",
        /// The request carried the cookie the site sets at sign-in. Args: its name.
        SignInCookieSent = "sign-in-cookie-sent",
        /// The browser went to the same sign-in again and again. Args: host, how many times.
        SignInRepeated = "sign-in-repeated",
        /// The browser stopped following redirects (too many). Args: the browser's error.
        TooManyRedirects = "too-many-redirects",
        /// The browser refused a cookie a response set. Args: its name, the reason.
        CookieRefused = "cookie-refused",
        /// A cookie the site set was not sent back to it. Args: its name, the reason.
        CookieWithheld = "cookie-withheld",
        /// The site's sign-in callback set no cookie at all. Args: host.
        NoSessionCookie = "no-session-cookie",
        /// The site got its sign-in cookie back and still sent the browser to sign in. Args:
        /// the cookie's name.
        SessionCookieIgnored = "session-cookie-ignored",
        /// The identity provider answered with an OAuth error code. Args: the code.
        OauthErrorCode = "oauth-error-code",
        /// The identity provider showed its own error page instead of returning to the app.
        /// Args: its host.
        ProviderErrorPage = "provider-error-page",
        /// The return address the app asked for. Args: the address (no query).
        RedirectUri = "redirect-uri",
        /// The app refused the provider's answer. Args: the app's host, the status.
        CallbackRefused = "callback-refused",
        /// The provider posted its answer from another site (form_post, SAML POST binding).
        CrossSitePost = "cross-site-post",
        /// The sign-in was not started in this tab (or too long ago): no request for it here.
        FlowStartedElsewhere = "flow-started-elsewhere",
        /// A SAML status. Args: the top-level code, the second-level code (or empty).
        SamlStatus = "saml-status",
        /// A SAML assertion's validity window. Args: NotBefore, NotOnOrAfter (ISO times).
        AssertionWindow = "assertion-window",
        /// This computer's clock when the assertion arrived. Args: ISO time.
        LocalTime = "local-time",
        /// The identity provider's clock is behind the site's: the assertion says it was issued
        /// that long before the site received it. Args: minutes.
        ProviderClockBehind = "provider-clock-behind",
        /// The identity provider's clock is ahead of the site's. Args: minutes.
        ProviderClockAhead = "provider-clock-ahead",
        /// A sign-in tried silently (`prompt=none`, SAML IsPassive) in a frame of another site.
        /// Args: the provider's host.
        SilentSignIn = "silent-sign-in",
        /// The browser is set to block third-party cookies.
        ThirdPartyCookiesSetting = "third-party-cookies-setting",
        /// A script's request was redirected to the sign-in page. Args: where (no query).
        ScriptRedirectedToSignIn = "script-redirected-to-sign-in",
        /// A script's request went without the sign-in cookie the browser held for it, and no
        /// browser rule kept it back: the script sent it without cookies. Args: the cookie's
        /// name.
        SignInCookieNotSent = "sign-in-cookie-not-sent",
        /// The browser signed in silently with a Kerberos ticket: no password was typed.
        KerberosTicketSent = "kerberos-ticket-sent",
        /// The request carried the site's session cookie, yet the server says nobody is signed
        /// in. Args: the cookie's name.
        SessionCookieSent = "session-cookie-sent",
        /// The sign-in service in front of the site answered, not the site. Args: its name.
        SignInGateway = "sign-in-gateway",
        /// The refusal names the sign-in page to go to. Args: its address (no query).
        SignInLocation = "sign-in-location",
        /// A cookie arrived with an `Expires` already past by the server's own `Date`. Args:
        /// the `Expires`, the `Date` (ISO times).
        CookieExpiresBeforeDate = "cookie-expires-before-date",
        /// A page answered with a redirect to its own address. Args: the address (no query).
        RedirectsToItself = "redirects-to-itself",
        /// Which identity provider the sign-in went through. Args: its host.
        SignInService = "sign-in-service",
        /// The sign-in was declined at the provider (`access_denied` without another reason):
        /// its Cancel button, or a rule of the provider's.
        SignInDeclined = "sign-in-declined",
        /// The sign-in started on one host and the provider answered another, where the first
        /// one's cookies do not go. Args: the host it started on, the host answered.
        CallbackOnOtherHost = "callback-on-other-host",
    }
}

impl EvidenceId {
    /// How many positional arguments (`$1`..`$n` in the locale text) the evidence carries.
    pub const fn arity(self) -> usize {
        use EvidenceId::*;
        match self {
            SchemeNotOffered
            | SignInRepeated
            | CookieRefused
            | CookieWithheld
            | CallbackRefused
            | SamlStatus
            | AssertionWindow
            | CookieExpiresBeforeDate
            | CallbackOnOtherHost => 2,
            Status
            | Challenge
            | ChallengeSyntax
            | ProxyChallenge
            | AuthorizationSent
            | CookiesSent
            | BearerError
            | ErrorDescription
            | TokenExpiredAt
            | TokenValidUntil
            | TokenNotYetValid
            | TokenIssuedInFuture
            | ServerTime
            | ClockAhead
            | ClockBehind
            | Preflight
            | ThirdPartyRequest
            | ClearSiteData
            | RetryAfter
            | IisSubstatus
            | ServerSays
            | WindowsSchemes
            | TokenService
            | BlockedBy
            | RequiredScope
            | ServerSoftware
            | AntiForgeryToken
            | RequestSignedAt
            | SignedUrlExpired
            | OneTimeCodeSent
            | SignInCookieSent
            | TooManyRedirects
            | NoSessionCookie
            | SessionCookieIgnored
            | OauthErrorCode
            | ProviderErrorPage
            | RedirectUri
            | LocalTime
            | ProviderClockBehind
            | ProviderClockAhead
            | SilentSignIn
            | ScriptRedirectedToSignIn
            | SignInCookieNotSent
            | SessionCookieSent
            | SignInGateway
            | SignInLocation
            | RedirectsToItself
            | SignInService => 1,
            _ => 0,
        }
    }
}

ids! {
    /// One step to take. [`FixId::audience`] says who can take it.
    FixId {
        /// Re-read the address.
        CheckUrl = "check-url",
        /// Check the user name and password (or API key).
        CheckCredentials = "check-credentials",
        /// Reset a forgotten or changed password.
        ResetPassword = "reset-password",
        /// Sign in (again).
        SignInAgain = "sign-in-again",
        /// Sign in with an organisation (Windows domain) account, from its network.
        UseWorkAccount = "use-work-account",
        /// Enter the one-time code from the authenticator app or text message.
        EnterOneTimeCode = "enter-one-time-code",
        /// Sign in once on the site's own sign-in page, doing every step it asks for there.
        SignInOnSite = "sign-in-on-site",
        /// Start signing in again from the app's own page, in one tab.
        RestartSignIn = "restart-sign-in",
        /// Allow third-party cookies for this site (each browser's steps).
        AllowThirdPartyCookies = "allow-third-party-cookies",
        /// Ask an administrator of the organisation to approve the app.
        AskAdminConsent = "ask-admin-consent",
        /// Remove this site's cookies.
        ClearSiteCookies = "clear-site-cookies",
        /// Remove this site's cookies, cache and storage.
        ClearSiteData = "clear-site-data",
        /// Reload the page.
        Reload = "reload",
        /// Try the request again.
        Retry = "retry",
        /// Use the https:// address.
        UseHttps = "use-https",
        /// Get a fresh token.
        RefreshToken = "refresh-token",
        /// Ask for, or grant, the missing permission.
        RequestScope = "request-scope",
        /// Set the computer's clock automatically.
        SyncClock = "sync-clock",
        /// Check the proxy or VPN.
        CheckProxyVpn = "check-proxy-vpn",
        /// Sign in to the network's portal page.
        CaptivePortalLogin = "captive-portal-login",
        /// Flush the DNS cache.
        FlushDns = "flush-dns",
        /// Wait, then try again.
        WaitAndRetry = "wait-and-retry",
        /// Tell the site owner.
        ContactSiteOwner = "contact-site-owner",
        /// Owner: send credentials the way the server expects.
        FixAuthorizationHeader = "fix-authorization-header",
        /// Owner: send the one-time code with the request (`X-GitHub-OTP`, npm's `--otp`).
        SendOneTimeCode = "send-one-time-code",
        /// Owner: use a token meant for automation, which the second factor does not stop.
        UseAutomationToken = "use-automation-token",
        /// Owner: set the cookie's attributes so that browsers keep it and send it back.
        FixCookieAttributes = "fix-cookie-attributes",
        /// Owner: register the app's return address with the identity provider.
        RegisterRedirectUri = "register-redirect-uri",
        /// Owner: answer OPTIONS preflights without authentication.
        AllowPreflight = "allow-preflight",
        /// Owner: send a valid `WWW-Authenticate` challenge with every 401.
        SendChallenge = "send-challenge",
        /// Owner: fix the web server or proxy configuration.
        FixServerConfig = "fix-server-config",
        /// Owner: read the server's logs.
        CheckServerLogs = "check-server-logs",
        /// Owner: disable security and other plugins one by one.
        DisablePlugins = "disable-plugins",
        /// Owner: keep the redacted report for the investigation.
        CopyReport = "copy-report",
    }
}

ids! {
    /// A one-click action the extension shell can run for a fix.
    ///
    /// - `reload`: reloads the tab;
    /// - `clear-site-cookies`: removes every cookie of the tab's site (all partitions);
    /// - `clear-site-data`: removes the site's cookies, cache and storage;
    /// - `copy-report`: copies the redacted report ([`crate::report`]) to the clipboard;
    /// - `flush-dns`: shows the commands that flush the operating system's DNS cache (a
    ///   browser cannot flush it itself);
    /// - `restart-sign-in`: opens the page where the failed sign-in started;
    /// - `cookie-settings`: shows this browser's steps to allow a site's third-party cookies
    ///   (extensions may not open the browser's settings pages in Firefox).
    ActionId {
        /// Reload the tab.
        Reload = "reload",
        /// Remove the site's cookies.
        ClearSiteCookies = "clear-site-cookies",
        /// Remove the site's cookies, cache and storage.
        ClearSiteData = "clear-site-data",
        /// Copy the redacted report.
        CopyReport = "copy-report",
        /// Show how to flush the DNS cache.
        FlushDns = "flush-dns",
        /// Go back to the app's own page to start signing in again.
        RestartSignIn = "restart-sign-in",
        /// Show how to allow this site's third-party cookies in this browser.
        CookieSettings = "cookie-settings",
    }
}

ids! {
    /// Why the browser refused a cookie, or kept it from a request: an argument of the
    /// `cookie-refused` and `cookie-withheld` evidence (text under `reason_<id>`).
    CookieReason {
        /// `SameSite=None` without `Secure` (RFC 6265bis §5.7 step 18).
        SameSiteNoneInsecure = "samesite-none-insecure",
        /// `Secure` set by a response that came over plain http (§5.7 step 14).
        SecureOnHttp = "secure-on-http",
        /// A `Domain` that the host does not belong to, or a public suffix (§5.7 step 9).
        DomainMismatch = "domain-mismatch",
        /// A `__Secure-` or `__Host-` name without what its prefix requires (§4.1.3).
        PrefixViolation = "prefix-violation",
        /// `Partitioned` without `Secure` (CHIPS; Chromium and Firefox refuse it).
        PartitionedInsecure = "partitioned-insecure",
        /// Name and value longer than 4096 bytes (§5.6 step 4).
        TooLarge = "too-large",
        /// Already expired when it arrived, though the site meant it to live: an `Expires`
        /// past by the site's own clock, or (a response without `Date`) by the local one.
        ExpiredOnArrival = "expired-on-arrival",
        /// Set or wanted in a frame of another site while third-party cookies are blocked.
        ThirdPartyBlocked = "third-party-blocked",
        /// `SameSite=Lax` or `Strict` and the request came from another site (§5.2, §5.8.3).
        SameSiteCrossSite = "samesite-cross-site",
    }
}
