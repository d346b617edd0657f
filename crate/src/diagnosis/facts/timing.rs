//! Time: a JWT's claims against the server's clock (`Date`) and the local one, a signed URL's
//! own expiry, and how far apart the clocks are.

use super::Facts;
use crate::date::{LAST_SECOND_OF_9999, parse_iso_basic, parse_iso_extended};
use crate::jwt::{Claims, Unreadable};

use super::super::ids::EvidenceId;
use super::super::notes::{Arg, Note, Notes, note, note1};

/// Clocks closer than this agree: `Date` has one-second resolution and the response spent
/// some time on the wire.
const CLOCK_TOLERANCE: i64 = 60;

/// A local clock further than this (seconds, about 31,000 years) from the epoch is no clock:
/// a `timeStamp` such as 1e300 would saturate to `i64::MAX` and overflow every comparison with
/// the server's time, which an HTTP-date bounds to years 0–9999.
pub(super) const MAX_CLOCK: i64 = 1_000_000_000_000;

/// What a JWT's time claims say against the two clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Timing {
    /// No readable token, or no clock to compare with.
    Unknown,
    /// `exp` has passed. `by_server`: judged by the server's `Date` (else by the local clock).
    Expired { exp: i64, by_server: bool },
    /// `nbf` or `iat` is ahead of the server's clock (or of the local one, without a `Date`).
    NotYetValid {
        at: i64,
        issued: bool,
        by_server: bool,
    },
    /// The server's and the local clock disagree on whether the token is valid. `at` is the
    /// claim they disagree about: `exp` when `expiry`, else `nbf`/`iat`.
    Skewed { at: i64, expiry: bool },
    /// Valid by the clocks; the server refused it for another reason. `exp` if present.
    Valid { exp: Option<i64> },
}

impl Facts<'_> {
    /// A JWT went out (Bearer, DPoP, or a Cognito authorizer's bare ID token): a token from a
    /// sign-in, with claims to read.
    pub(crate) fn jwt_sent(&self) -> bool {
        matches!(self.token, Some(Ok(_)))
    }

    /// When the signed URL the request went to stops being valid, as the URL itself says: an
    /// AWS Signature V4 presigned URL (`X-Amz-Date` plus `X-Amz-Expires` seconds; S3-compatible
    /// stores sign the same way, and Google Cloud Storage's V4 signing with `X-Goog-…`), AWS's older query signing (`Expires`, Unix seconds, beside
    /// `Signature`), an Azure Storage SAS (`se`, ISO 8601, beside `sig`). These are the URL's
    /// own claims, like a JWT's `exp`; the signature beside them is never read.
    #[inline(never)]
    pub(crate) fn signed_url_expiry(&self) -> Option<i64> {
        let u = self.url?;
        let number = |name: &str| u.query_value(name).and_then(|v| v.parse::<i64>().ok());
        let v4 = |vendor: &str| {
            let name = |field: &str| format!("X-{vendor}-{field}");
            u.query_value(&name("Signature"))?;
            let signed = u.query_value(&name("Date")).and_then(parse_iso_basic)?;
            signed.checked_add(number(&name("Expires"))?)
        };
        let v2 = || u.query_value("Signature").and(number("Expires"));
        let sas = || {
            u.query_value("sig")?;
            u.query_value("se").and_then(parse_iso_extended)
        };
        // The URL is anyone's to write: only a time a calendar can show is one.
        v4("Amz")
            .or_else(|| v4("Goog"))
            .or_else(v2)
            .or_else(sas)
            .filter(|t| (0..=LAST_SECOND_OF_9999).contains(t))
    }

    /// Seconds the local clock is ahead of the server's (negative: behind).
    #[inline(never)]
    pub(crate) fn clock_offset(&self) -> Option<i64> {
        Some(self.local_time? - self.server_time?)
    }

    /// The server's clock, and how far the local one is from it when that matters.
    #[inline(never)]
    pub(crate) fn clock_notes(&self) -> Notes<'static> {
        let mut notes = Notes::default();
        notes.add(
            self.server_time
                .map(|t| note1(EvidenceId::ServerTime, Arg::Time(t))),
        );
        match self.clock_offset() {
            Some(d) if d >= CLOCK_TOLERANCE => {
                notes.push(note1(EvidenceId::ClockAhead, Arg::Number(minutes(d))))
            }
            Some(d) if d <= -CLOCK_TOLERANCE => {
                notes.push(note1(EvidenceId::ClockBehind, Arg::Number(minutes(-d))))
            }
            _ => {}
        }
        notes
    }

    /// What the token's claims say (or that they cannot be read).
    #[inline(never)]
    pub(crate) fn token_note(&self) -> Option<Note<'static>> {
        let time = |id, t| note1(id, Arg::Time(t));
        Some(match (self.token?, self.timing) {
            (Err(Unreadable::Opaque), _) => note(EvidenceId::TokenOpaque),
            (Err(Unreadable::Malformed), _) => note(EvidenceId::TokenUnreadable),
            (
                Ok(_),
                Timing::Expired { exp, .. }
                | Timing::Skewed {
                    at: exp,
                    expiry: true,
                },
            ) => time(EvidenceId::TokenExpiredAt, exp),
            (
                Ok(_),
                Timing::NotYetValid {
                    at, issued: true, ..
                },
            ) => time(EvidenceId::TokenIssuedInFuture, at),
            (Ok(_), Timing::NotYetValid { at, .. } | Timing::Skewed { at, .. }) => {
                time(EvidenceId::TokenNotYetValid, at)
            }
            (Ok(_), Timing::Valid { exp: Some(exp) }) => time(EvidenceId::TokenValidUntil, exp),
            (Ok(_), _) => return None,
        })
    }
}

/// Seconds as whole minutes, at least one: a clock said to be off by "0 minutes" reads wrong.
pub(crate) fn minutes(seconds: i64) -> i64 {
    ((seconds + 30) / 60).max(1)
}

/// [`judged`]'s verdict at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Expired(i64),
    Early { at: i64, issued: bool },
    Fine,
}

/// RFC 7519 §4.1.4: the token is invalid at or after `exp`; §4.1.5: before `nbf`. An `iat`
/// in the future is refused by many validators too. A minute of leeway, as validators allow.
fn verdict(claims: Claims, now: i64) -> Verdict {
    match claims {
        Claims { exp: Some(exp), .. } if exp <= now => Verdict::Expired(exp),
        Claims { nbf: Some(nbf), .. } if nbf > now + CLOCK_TOLERANCE => Verdict::Early {
            at: nbf,
            issued: false,
        },
        Claims { iat: Some(iat), .. } if iat > now + CLOCK_TOLERANCE => Verdict::Early {
            at: iat,
            issued: true,
        },
        _ => Verdict::Fine,
    }
}

/// JWT time claims against the server's clock (`Date`) and the local one (`timeStamp`). When
/// the two clocks are far apart and reach different verdicts, the clocks are the problem.
#[inline(never)]
pub(super) fn judged(claims: Claims, server: Option<i64>, local: Option<i64>) -> Timing {
    let (by_server, by_local) = (
        server.map(|t| verdict(claims, t)),
        local.map(|t| verdict(claims, t)),
    );
    let far_apart =
        matches!((server, local), (Some(s), Some(l)) if (s - l).abs() >= CLOCK_TOLERANCE);
    let (verdict, by_server) = match (by_server, by_local) {
        (Some(s), Some(l)) if far_apart && s != l => {
            let at = [s, l].into_iter().find_map(|v| match v {
                Verdict::Expired(t) => Some((t, true)),
                Verdict::Early { at, .. } => Some((at, false)),
                Verdict::Fine => None,
            });
            return at.map_or(Timing::Valid { exp: claims.exp }, |(at, expiry)| {
                Timing::Skewed { at, expiry }
            });
        }
        (Some(v), _) => (v, true),
        (None, Some(v)) => (v, false),
        (None, None) => return Timing::Unknown,
    };
    match verdict {
        Verdict::Expired(exp) => Timing::Expired { exp, by_server },
        Verdict::Early { at, issued } => Timing::NotYetValid {
            at,
            issued,
            by_server,
        },
        Verdict::Fine => Timing::Valid { exp: claims.exp },
    }
}
