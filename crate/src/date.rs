//! Just enough calendar for the classifier: HTTP dates in, ISO 8601 out (UTC, seconds).

/// Parses an HTTP-date into seconds since the Unix epoch.
///
/// RFC 9110 §5.6.7: a recipient MUST accept all three formats, so this reads the fields by
/// their shape rather than by position:
/// ```text
/// IMF-fixdate  = Sun, 06 Nov 1994 08:49:37 GMT
/// rfc850-date  = Sunday, 06-Nov-94 08:49:37 GMT
/// asctime-date = Sun Nov  6 08:49:37 1994
/// ```
/// Two-digit years follow §5.6.7 loosely: 70–99 are 19xx, the rest 20xx.
pub(crate) fn parse_http_date(value: &str) -> Option<i64> {
    let (mut day, mut month, mut year, mut time) = (None, None, None, None);
    for field in value
        .split([' ', ',', '-', '\t'])
        .filter(|f| !f.is_empty())
        .take(8)
    {
        if field.contains(':') {
            let mut hms = field.split(':').map(|p| p.parse::<i64>().ok());
            match (
                hms.next().flatten(),
                hms.next().flatten(),
                hms.next().flatten(),
                hms.next(),
            ) {
                (Some(h), Some(m), Some(s), None) if h < 24 && m < 60 && s < 61 => {
                    time = Some(h * 3600 + m * 60 + s)
                }
                _ => return None,
            }
        } else if let Some(m) = month_number(field) {
            month = Some(m);
        } else if field.bytes().all(|b| b.is_ascii_digit()) && field.len() <= 4 {
            let n: i64 = field.parse().ok()?;
            match field.len() {
                4 => year = Some(n),
                2 if day.is_some() && year.is_none() => {
                    year = Some(if n >= 70 { 1900 + n } else { 2000 + n })
                }
                _ if day.is_none() && (1..=31).contains(&n) => day = Some(n),
                _ => return None,
            }
        }
    }
    Some(days_from_civil(year?, month?, day?) * 86_400 + time?)
}

/// Parses ISO 8601's basic format in UTC, `20250901T162148Z`, as AWS Signature V4 signs it in
/// `x-amz-date`.
pub(crate) fn parse_iso_basic(value: &str) -> Option<i64> {
    let v = value.trim().as_bytes();
    let shaped = v.len() == 16
        && v.iter().enumerate().all(|(i, b)| {
            matches!((i, b), (8, b'T') | (15, b'Z')) || b.is_ascii_digit() && i != 8 && i != 15
        });
    if !shaped {
        return None;
    }
    let n = |from: usize, to: usize| {
        v[from..to]
            .iter()
            .fold(0, |acc, b| acc * 10 + i64::from(b - b'0'))
    };
    let (y, mo, d, h, mi, s) = (n(0, 4), n(4, 6), n(6, 8), n(9, 11), n(11, 13), n(13, 15));
    let valid = (1..=12).contains(&mo) && (1..=31).contains(&d) && h < 24 && mi < 60 && s < 61;
    valid.then(|| days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// 9999-12-31T23:59:59Z: the last second a four-digit year shows.
pub(crate) const LAST_SECOND_OF_9999: i64 = 253_402_300_799;

/// Parses ISO 8601's extended format in the forms Azure Storage accepts in a SAS URL's `se`:
/// `2024-09-02T10:00:00Z`, `2024-09-02T10:00Z`, a date alone (`2024-09-02`, midnight UTC),
/// their colons often percent-encoded (`10%3A00%3A00Z`); and SAML's `xs:dateTime` (SAML Core
/// §1.3.3 asks for UTC), whose fraction of a second (`10:00:00.365Z`) is dropped and whose
/// offset, which real identity providers write anyway (`10:00:00+00:00`), is applied.
pub(crate) fn parse_iso_extended(value: &str) -> Option<i64> {
    let decoded = value.trim().replace("%3A", ":").replace("%3a", ":");
    let digits = |d: &[u8]| d.iter().all(u8::is_ascii_digit);
    let number = |d: &[u8]| d.iter().fold(0, |n, b| n * 10 + i64::from(b - b'0'));
    let (v, zone) = match decoded.as_bytes() {
        [v @ .., b'Z'] => (v, Some(0)),
        [v @ .., sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]
            if v.len() > 10 && digits(&[*h1, *h2, *m1, *m2]) =>
        {
            let minutes = number(&[*h1, *h2]) * 60 + number(&[*m1, *m2]);
            (v, Some(if *sign == b'+' { minutes } else { -minutes } * 60))
        }
        v => (v, None),
    };
    let (date, time) = v.split_at_checked(10)?;
    let [y @ .., b'-', m1, m2, b'-', d1, d2] = date else {
        return None;
    };
    let (hms, offset) = match (time, zone) {
        ([], _) => (&b"00:00:00"[..], zone.unwrap_or(0)),
        ([b'T', t @ ..], Some(offset)) => (t, offset),
        _ => return None,
    };
    // A fraction of a second, which SAML writes and nothing here needs, goes.
    let hms = match hms.iter().position(|&b| b == b'.') {
        Some(i) if i + 1 < hms.len() && digits(&hms[i + 1..]) => &hms[..i],
        Some(_) => return None,
        None => hms,
    };
    let (h, mi, sec) = match hms {
        [h1, h2, b':', m1, m2] => ([*h1, *h2], [*m1, *m2], [b'0', b'0']),
        [h1, h2, b':', m1, m2, b':', s1, s2] => ([*h1, *h2], [*m1, *m2], [*s1, *s2]),
        _ => return None,
    };
    let fields: [&[u8]; 6] = [y, &[*m1, *m2], &[*d1, *d2], &h, &mi, &sec];
    if y.len() != 4 || !fields.iter().all(|f| digits(f)) {
        return None;
    }
    let [y, mo, d, h, mi, sec] = fields.map(number);
    let valid = (1..=12).contains(&mo) && (1..=31).contains(&d) && h < 24 && mi < 60 && sec < 61;
    valid.then(|| days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset)
}

/// `2024-01-10T12:00:00Z` for a Unix time in seconds.
pub(crate) fn iso8601(unix: i64) -> String {
    let (days, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// `Mon, 26 Feb 2024 10:00:00 GMT` without the weekday (`26 Feb 2024 10:00:00 GMT`), which
/// HTTP-date and cookie-date readers take: for tests that write dates relative to a clock.
#[cfg(test)]
pub(crate) fn http_date(unix: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (days, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{d:02} {} {y} {:02}:{:02}:{:02} GMT",
        MONTHS[(m - 1) as usize],
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn month_number(name: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = name.get(..3)?;
    MONTHS
        .iter()
        .position(|m| crate::event::same(m, prefix))
        .map(|i| i as i64 + 1)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates() {
        let cases: &[(&str, Option<i64>)] = &[
            ("Sun, 06 Nov 1994 08:49:37 GMT", Some(784_111_777)),
            ("Sunday, 06-Nov-94 08:49:37 GMT", Some(784_111_777)),
            ("Sun Nov  6 08:49:37 1994", Some(784_111_777)),
            ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
            ("Fri, 25 Nov 2022 12:44:46 GMT", Some(1_669_380_286)),
            ("Tue, 29 Feb 2000 23:59:60 GMT", Some(951_868_800)),
            ("not a date", None),
            ("Sun, 06 Nov 1994 25:49:37 GMT", None),
            ("Sun, 06 Nov 1994", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_http_date(input), *want, "{input}");
        }
    }

    #[test]
    fn iso_basic_dates() {
        assert_eq!(
            parse_iso_basic("20240902T100000Z"),
            parse_http_date("Mon, 02 Sep 2024 10:00:00 GMT")
        );
        for bad in [
            "20240902T100000",
            "2024-09-02T10:00:00Z",
            "20241302T100000Z",
            "2024090xT100000Z",
            "+0240902T100000Z",
            "é0240902T10000Z",
        ] {
            assert_eq!(parse_iso_basic(bad), None, "{bad}");
        }
    }

    #[test]
    fn iso_extended_dates() {
        let at = parse_http_date("Mon, 02 Sep 2024 10:00:00 GMT");
        assert_eq!(parse_iso_extended("2024-09-02T10:00:00Z"), at);
        assert_eq!(parse_iso_extended("2024-09-02T10%3A00%3A00Z"), at);
        assert_eq!(parse_iso_extended("2024-09-02T10:00Z"), at);
        assert_eq!(parse_iso_extended("2024-09-02T10:00:00.365Z"), at);
        assert_eq!(parse_iso_extended("2024-09-02T10:00:00.1234567Z"), at);
        assert_eq!(parse_iso_extended("2024-09-02T10:00:00+00:00"), at);
        assert_eq!(parse_iso_extended("2024-09-02T12:30:00.5+02:30"), at);
        assert_eq!(parse_iso_extended("2024-09-02T05:00:00-05:00"), at);
        assert_eq!(
            parse_iso_extended("2024-09-02"),
            parse_http_date("Mon, 02 Sep 2024 00:00:00 GMT")
        );
        for bad in [
            "2024-09-02T10:00:00",
            "2024-09-02T10:00:00.Z",
            "2024-09-02T10:00:00.5",
            "2024-09-02T10:00:00.5x5Z",
            "2024-09-02T10:00:00+0000",
            "2024-09-02T10:00:00+0a:00",
            "2024-09-02+02:00",
            "20240902T100000Z",
            "2024-09-02T10Z",
            "2024-13-02T10:00:00Z",
            "2024-09-02X10:00:00Z",
            "2024-09-0é",
            "",
        ] {
            assert_eq!(parse_iso_extended(bad), None, "{bad}");
        }
    }

    #[test]
    fn iso_round_trip() {
        let cases: &[(i64, &str)] = &[
            (0, "1970-01-01T00:00:00Z"),
            (784_111_777, "1994-11-06T08:49:37Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (4_102_444_800, "2100-01-01T00:00:00Z"),
        ];
        for (unix, want) in cases {
            assert_eq!(iso8601(*unix), *want);
        }
    }
}
