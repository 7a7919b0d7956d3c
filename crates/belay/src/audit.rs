//! `belay log` and `belay stats`: the audit log in the store, for people and machines.
//!
//! Parses the user's time filters (`--since 2h`, `2026-11-26`, `2026-11-26T12:00:00Z`) into unix
//! milliseconds and renders rows and counts as text tables (UTC times).

use belay_store::{CallRow, ModelCallRow, Stats};
use std::collections::HashMap;
use std::fmt::Write;

/// `--since`: a duration back from `now_ms` (`90s`, `30m`, `2h`, `7d`, `1w`) or a UTC date or
/// date-time (`2026-11-26`, `2026-11-26T12:00`, `2026-11-26T12:00:00Z`); unix milliseconds.
pub fn parse_since(text: &str, now_ms: i64) -> Result<i64, String> {
    let t = text.trim();
    let bad = || {
        format!(
            "`{text}` is not a time: use a duration (30m, 2h, 7d) or a UTC date (2026-11-26T12:00)"
        )
    };
    let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if t.len() == digits.len() + 1
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        let n: i64 = digits.parse().map_err(|_| bad())?;
        let ms = match &t[digits.len()..] {
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "w" => 7 * 86_400_000,
            _ => return Err(bad()),
        };
        return n.checked_mul(ms).map(|d| now_ms - d).ok_or_else(bad);
    }
    let t = t.trim_end_matches('Z');
    let (date, time) = t.split_once(['T', ' ']).unwrap_or((t, "00:00:00"));
    let d: Vec<i64> = date
        .split('-')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    let h: Vec<i64> = time
        .split(':')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    let [y, mo, day] = d[..] else {
        return Err(bad());
    };
    let (hh, mm, ss) = match h[..] {
        [hh, mm] => (hh, mm, 0),
        [hh, mm, ss] => (hh, mm, ss),
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&day) || hh > 23 || mm > 59 || ss > 60 {
        return Err(bad());
    }
    let days = days_from_civil(y, mo, day);
    Ok(((days * 24 + hh) * 60 + mm) * 60_000 + ss * 1000)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) of unix milliseconds.
pub fn format_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// What a call did, in a few words: the command, the path, the URL, or the input.
fn summary(row: &CallRow) -> String {
    let field = |k: &str| row.input.get(k).and_then(|v| v.as_str());
    let text = field("command")
        .or_else(|| field("file_path"))
        .or_else(|| field("url"))
        .or_else(|| field("notebook_path"))
        .or_else(|| field("pattern"))
        .or_else(|| field("query"))
        .map(str::to_string)
        .unwrap_or_else(|| row.input.to_string());
    crate::screen::one_line(&text, 60)
}

/// The model tier's part in one call, on one line: each request (or cache hit) with its
/// answer, latency and tokens, e.g. `model: stage1 block 412 ms 1200+1 tok, stage2 allow 903 ms`.
pub fn model_line(calls: &[ModelCallRow]) -> String {
    let parts: Vec<String> = calls
        .iter()
        .map(|c| {
            let answer = match (c.outcome.as_str(), c.error.as_deref()) {
                ("error", Some(kind)) => format!("error ({kind})"),
                (outcome, _) => outcome.to_string(),
            };
            let mut part = format!("{} {answer}", c.stage);
            if c.stage != "cache" {
                let _ = write!(part, " {} ms", c.latency_ms);
            }
            if let (Some(i), Some(o)) = (c.input_tokens, c.output_tokens) {
                let _ = write!(part, " {i}+{o} tok");
            }
            part
        })
        .collect();
    let model = calls.first().map(|c| c.model.as_str()).unwrap_or("-");
    format!("model {model}: {}", parts.join(", "))
}

/// The model tier's totals for `belay eval --model`.
pub fn render_model_totals(t: &crate::model::Totals) -> String {
    let mut lat = t.latencies_ms.clone();
    lat.sort_unstable();
    let pick = |p: f64| {
        lat.get(((lat.len().saturating_sub(1)) as f64 * p).round() as usize)
            .copied()
            .unwrap_or(0)
    };
    let mut s = format!(
        "model tier: {} calls reviewed, {} requests, {} cached, {} failed; tokens {} in / {} out; request latency p50 {} ms, p99 {} ms\n",
        t.reviews,
        t.requests,
        t.cached,
        t.failures,
        t.input_tokens,
        t.output_tokens,
        pick(0.5),
        pick(0.99)
    );
    for (outcome, n) in &t.outcomes {
        let _ = writeln!(s, "  {outcome:<22}{n:>8}");
    }
    for (kind, n) in &t.errors {
        let _ = writeln!(s, "  error {kind:<16}{n:>8}");
    }
    s
}

/// The log as a table, oldest first; `model` holds the model tier's requests by call id.
pub fn render_log(rows: &[CallRow], model: &HashMap<i64, Vec<ModelCallRow>>) -> String {
    if rows.is_empty() {
        return "no recorded calls match\n".to_string();
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<19}  {:<8}  {:<14}  {:<7}  {:<24}  call",
        "time (UTC)", "session", "tool", "verdict", "rule"
    );
    for row in rows {
        let session: String = row.session_id.chars().take(8).collect();
        let tool: String = row.tool.chars().take(14).collect();
        let decision = row.decision.map(|d| d.as_str()).unwrap_or("-");
        let _ = writeln!(
            s,
            "{:<19}  {session:<8}  {tool:<14}  {decision:<7}  {:<24}  {}",
            format_time(row.at_ms),
            row.rule.as_deref().unwrap_or("-"),
            summary(row)
        );
        if let Some(reason) = row.reason.as_deref().filter(|_| row.decision.is_some())
            && row.decision != Some(belay_action::Decision::Allow)
        {
            let _ = writeln!(s, "{:>21}{}", "", crate::screen::one_line(reason, 110));
        }
        if let Some(calls) = model.get(&row.id) {
            let _ = writeln!(
                s,
                "{:>21}{}",
                "",
                crate::screen::one_line(&model_line(calls), 110)
            );
        }
    }
    s
}

/// Counts as text.
pub fn render_stats(stats: &Stats) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} calls in {} sessions", stats.total, stats.sessions);
    if let (Some(first), Some(last)) = (stats.first_at_ms, stats.last_at_ms) {
        let _ = writeln!(
            s,
            "from {} to {} (UTC)",
            format_time(first),
            format_time(last)
        );
    }
    if let (Some(p50), Some(p95)) = (stats.latency_p50_us, stats.latency_p95_us) {
        let _ = writeln!(s, "belay's own latency: p50 {p50} µs, p95 {p95} µs");
    }
    if !stats.by_decision.is_empty() {
        let _ = writeln!(s, "\nby verdict");
        for (d, n) in &stats.by_decision {
            let _ = writeln!(s, "  {:<22}{n:>8}", d.as_str());
        }
    }
    if !stats.by_category.is_empty() {
        let _ = writeln!(s, "\nby category");
        for (c, n) in &stats.by_category {
            let _ = writeln!(s, "  {:<22}{n:>8}", c.as_str());
        }
    }
    if !stats.by_rule.is_empty() {
        let _ = writeln!(s, "\nby rule (most frequent first)");
        for (r, n) in stats.by_rule.iter().take(20) {
            let _ = writeln!(s, "  {r:<30}{n:>8}");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_parses_durations_and_dates() {
        assert_eq!(parse_since("2h", 10_000_000), Ok(10_000_000 - 7_200_000));
        assert_eq!(parse_since("1970-01-02", 0), Ok(86_400_000));
        assert_eq!(parse_since("1970-01-01T01:00Z", 0), Ok(3_600_000));
        assert!(parse_since("yesterday", 0).is_err());
        assert!(parse_since("2026-13-01", 0).is_err());
    }

    #[test]
    fn times_format_in_utc() {
        assert_eq!(format_time(0), "1970-01-01 00:00:00");
        let ms = parse_since("2026-11-26T12:34:56Z", 0).unwrap();
        assert_eq!(format_time(ms), "2026-11-26 12:34:56");
        assert_eq!(
            format_time(parse_since("2024-02-29", 0).unwrap()),
            "2024-02-29 00:00:00"
        );
    }
}
