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
    }
}

impl EvidenceId {
    /// How many positional arguments (`$1`..`$n` in the locale text) the evidence carries.
    pub const fn arity(self) -> usize {
        use EvidenceId::*;
        match self {
            SchemeNotOffered => 2,
            Status | Challenge | ChallengeSyntax | ProxyChallenge | AuthorizationSent
            | CookiesSent | BearerError | ErrorDescription | TokenExpiredAt | TokenValidUntil
            | TokenNotYetValid | TokenIssuedInFuture | ServerTime | ClockAhead | ClockBehind
            | Preflight | ThirdPartyRequest | ClearSiteData | RetryAfter | IisSubstatus
            | ServerSays | WindowsSchemes | TokenService | BlockedBy | RequiredScope
            | ServerSoftware | AntiForgeryToken | RequestSignedAt | SignedUrlExpired
            | OneTimeCodeSent | SignInCookieSent => 1,
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
    ///   browser cannot flush it itself).
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
    }
}
