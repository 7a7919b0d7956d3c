//! `belay eval`: metrics over a labeled corpus (see `shared/corpus/README.md`).
//!
//! Action cases are replayed through the hook ([`crate::replay`]) with fresh session memory per
//! case; `ask` and `deny` both count as "block", and a block of an `allow` case is a false
//! positive. Injection cases run the PostToolUse screening on the tool's output, sent in the
//! shape Claude Code gives that tool. The corpora are evaluation data only: the engine never
//! reads them.

use crate::hook::{Context, HookOutput, Judge};
use crate::replay::{self, Call, Scenario};
use anyhow::{Context as _, bail};
use belay_action::{Action, Session};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Which corpus a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Actions,
    Injections,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ActionCase {
    pub id: String,
    #[serde(flatten)]
    pub scenario: Scenario,
    pub expected: String,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct InjectionCase {
    pub id: String,
    pub tool_name: String,
    #[serde(default)]
    pub tool_input: Value,
    pub tool_output: String,
    pub expected: String,
}

/// A corpus read from disk.
pub enum Corpus {
    Actions(Vec<ActionCase>),
    Injections(Vec<InjectionCase>),
}

/// Reads a JSONL corpus and tells its kind from the `expected` labels.
pub fn load(path: &Path) -> anyhow::Result<Corpus> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse(&text).with_context(|| format!("in {}", path.display()))
}

/// Parses JSONL corpus text.
pub fn parse(text: &str) -> anyhow::Result<Corpus> {
    let mut kind = None;
    let mut lines = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(line).with_context(|| format!("line {}: not JSON", n + 1))?;
        let this = match value.get("expected").and_then(Value::as_str) {
            Some("allow" | "block") => Kind::Actions,
            Some("injection" | "clean") => Kind::Injections,
            other => bail!(
                "line {}: `expected` is {other:?}; want allow/block or injection/clean",
                n + 1
            ),
        };
        if *kind.get_or_insert(this) != this {
            bail!("line {}: mixes action and injection cases", n + 1);
        }
        lines.push((n + 1, value));
    }
    match kind {
        None => bail!("no cases"),
        Some(Kind::Actions) => lines
            .into_iter()
            .map(|(n, v)| serde_json::from_value(v).with_context(|| format!("line {n}")))
            .collect::<anyhow::Result<_>>()
            .map(Corpus::Actions),
        Some(Kind::Injections) => lines
            .into_iter()
            .map(|(n, v)| serde_json::from_value(v).with_context(|| format!("line {n}")))
            .collect::<anyhow::Result<_>>()
            .map(Corpus::Injections),
    }
}

/// Per-category counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CategoryStats {
    pub cases: usize,
    /// Cases labeled allow / clean.
    pub negatives: usize,
    /// Cases labeled block / injection.
    pub positives: usize,
    #[serde(rename = "fn")]
    pub false_negatives: usize,
    #[serde(rename = "fp")]
    pub false_positives: usize,
    pub fnr: Option<f64>,
    pub fpr: Option<f64>,
}

/// One wrong answer.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub id: String,
    pub expected: String,
    pub got: String,
    pub rule: Option<String>,
    pub category: Option<String>,
    pub severity: Option<String>,
    pub reason: String,
}

/// Microseconds (fractional).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Latency {
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
}

/// The result of an eval run (`belay eval --json` prints it).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub kind: Kind,
    pub cases: usize,
    pub positives: usize,
    pub negatives: usize,
    /// Rows: expected label (with severity for actions); columns: the answer.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    pub fnr: Option<f64>,
    pub fpr: Option<f64>,
    pub tpr: Option<f64>,
    pub precision: Option<f64>,
    /// Actions only: the FNR on `hard` blocks.
    pub hard_fnr: Option<f64>,
    pub by_category: BTreeMap<String, CategoryStats>,
    pub misses: Vec<Miss>,
    /// Latency of the decision itself (the judge or the screen), microseconds.
    pub latency_us: Latency,
    /// Decisions per second through the whole in-process hook path.
    pub decisions_per_s: f64,
}

fn rate(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

/// `samples` in nanoseconds; the result in microseconds.
fn latency(mut samples: Vec<u64>) -> Latency {
    samples.sort_unstable();
    let us = |ns: u64| ns as f64 / 1000.0;
    Latency {
        p50: us(percentile(&samples, 0.50)),
        p99: us(percentile(&samples, 0.99)),
        max: us(samples.last().copied().unwrap_or(0)),
    }
}

/// Tallies shared by both kinds.
#[derive(Default)]
struct Tally {
    confusion: BTreeMap<String, BTreeMap<String, usize>>,
    by_category: BTreeMap<String, CategoryStats>,
    positives: usize,
    negatives: usize,
    fns: usize,
    fps: usize,
}

impl Tally {
    fn add(&mut self, row: &str, got: &str, category: &str, positive: bool, flagged: bool) {
        *self
            .confusion
            .entry(row.to_string())
            .or_default()
            .entry(got.to_string())
            .or_default() += 1;
        let c = self.by_category.entry(category.to_string()).or_default();
        c.cases += 1;
        if positive {
            self.positives += 1;
            c.positives += 1;
            if !flagged {
                self.fns += 1;
                c.false_negatives += 1;
            }
        } else {
            self.negatives += 1;
            c.negatives += 1;
            if flagged {
                self.fps += 1;
                c.false_positives += 1;
            }
        }
    }

    fn finish(mut self, kind: Kind, misses: Vec<Miss>, lat: Vec<u64>, rate_: f64) -> Report {
        for c in self.by_category.values_mut() {
            c.fnr = rate(c.false_negatives, c.positives);
            c.fpr = rate(c.false_positives, c.negatives);
        }
        let tp = self.positives - self.fns;
        Report {
            kind,
            cases: self.positives + self.negatives,
            positives: self.positives,
            negatives: self.negatives,
            confusion: self.confusion,
            fnr: rate(self.fns, self.positives),
            fpr: rate(self.fps, self.negatives),
            tpr: rate(tp, self.positives),
            precision: rate(tp, tp + self.fps),
            hard_fnr: None,
            by_category: self.by_category,
            misses,
            latency_us: latency(lat),
            decisions_per_s: rate_,
        }
    }
}

/// Replays every action case with a fresh context from `new_ctx`.
pub fn eval_actions(cases: &[ActionCase], new_ctx: &dyn Fn() -> Context) -> Report {
    let mut tally = Tally::default();
    let mut misses = Vec::new();
    let mut lat = Vec::new();
    let (mut hard, mut hard_fn) = (0, 0);
    let mut judged_calls = Vec::new();
    for case in cases {
        let mut ctx = new_ctx();
        let last = Rc::new(RefCell::new(None));
        let seen = Rc::clone(&last);
        ctx.on_judged = Some(Box::new(move |action: &Action, session: &Session| {
            *seen.borrow_mut() = Some((action.clone(), session.clone()));
        }));
        let replayed = replay::replay(&mut ctx, &format!("eval-{}", case.id), &case.scenario);
        judged_calls.extend(last.take());
        let out = replayed.output;
        let got = replay::decision_of(&out);
        if let Some(t) = out.judge_time {
            lat.push(t.as_nanos() as u64);
        }
        let positive = case.expected == "block";
        let flagged = got != "allow";
        let row = match (positive, case.severity.as_deref()) {
            (false, _) => "allow".to_string(),
            (true, Some(sev)) => format!("block-{sev}"),
            (true, None) => "block".to_string(),
        };
        let category = case.category.as_deref().unwrap_or("unlabeled");
        tally.add(&row, got, category, positive, flagged);
        if case.severity.as_deref() == Some("hard") {
            hard += 1;
            hard_fn += usize::from(!flagged);
        }
        if positive != flagged {
            misses.push(miss_of(
                &case.id,
                &case.expected,
                got,
                &out,
                case.category.clone(),
                case.severity.clone(),
            ));
        }
    }
    let per_s = decisions_per_second(&new_ctx().judge, &judged_calls);
    let mut report = tally.finish(Kind::Actions, misses, lat, per_s);
    report.hard_fnr = rate(hard_fn, hard);
    report
}

/// How long judging the calls under test takes for the decision alone, to read off the
/// throughput: the calls are judged again back to back, in the sessions the replay built,
/// for at least [`THROUGHPUT_TIME`] in all. (The latency figures are the judgments inside the
/// replay, each between store work, as in a hook; the store and the process are the hook's
/// own cost, measured by `belay bench`.)
fn decisions_per_second(judge: &Judge, calls: &[(Action, Session)]) -> f64 {
    if calls.is_empty() {
        return 0.0;
    }
    let started = Instant::now();
    let mut judged = 0usize;
    while judged == 0 || started.elapsed() < THROUGHPUT_TIME {
        for (action, session) in calls {
            // A panic is the hook's to report; here it only must not stop the count.
            let _ = catch_unwind(AssertUnwindSafe(|| judge(action, session)));
            judged += 1;
        }
    }
    judged as f64 / started.elapsed().as_secs_f64().max(1e-9)
}

/// The least time [`decisions_per_second`] judges for, so the figure is not one cold pass.
const THROUGHPUT_TIME: Duration = Duration::from_millis(250);

fn miss_of(
    id: &str,
    expected: &str,
    got: &str,
    out: &HookOutput,
    category: Option<String>,
    severity: Option<String>,
) -> Miss {
    let (rule, reason) = match &out.verdict {
        Some(v) => (v.rule.clone(), v.reason.clone()),
        None => (None, out.stderr.trim().to_string()),
    };
    Miss {
        id: id.to_string(),
        expected: expected.to_string(),
        got: got.to_string(),
        rule,
        category,
        severity,
        reason,
    }
}

/// The `tool_response` Claude Code sends for `tool` with output `text`.
pub fn response_for(call: &Call, text: &str) -> Value {
    let input = &call.tool_input;
    match call.tool_name.as_str() {
        "Bash" | "PowerShell" => {
            json!({"stdout": text, "stderr": "", "interrupted": false, "isImage": false})
        }
        "Read" => json!({"type": "text", "file": {
            "filePath": input.get("file_path").cloned().unwrap_or(Value::Null),
            "content": text,
        }}),
        "WebFetch" => json!({"code": 200, "codeText": "OK", "result": text,
            "url": input.get("url").cloned().unwrap_or(Value::Null)}),
        "Grep" | "Glob" | "WebSearch" | "Task" | "Agent" => json!({"content": text}),
        name if name.starts_with("mcp__") => json!([{"type": "text", "text": text}]),
        _ => json!(text),
    }
}

/// Screens every injection case's output through the PostToolUse path.
pub fn eval_injections(cases: &[InjectionCase], new_ctx: &dyn Fn() -> Context) -> Report {
    let mut tally = Tally::default();
    let mut misses = Vec::new();
    let mut lat = Vec::new();
    let mut busy = Duration::ZERO;
    for case in cases {
        let mut ctx = new_ctx();
        let call = Call {
            tool_name: case.tool_name.clone(),
            tool_input: case.tool_input.clone(),
        };
        let session = format!("eval-{}", case.id);
        let cwd = "/home/dev/projects/eval";
        let event = replay::post_tool_use_event(
            &session,
            cwd,
            &call,
            "toolu_eval",
            response_for(&call, &case.tool_output),
        );
        let started = Instant::now();
        let out = crate::hook::handle_event(&event, &mut ctx);
        busy += started.elapsed();
        if let Some(t) = out.screen_time {
            lat.push(t.as_nanos() as u64);
        }
        let flagged = out.screening.as_ref().is_some_and(|s| s.is_injection);
        let got = if flagged { "injection" } else { "clean" };
        let positive = case.expected == "injection";
        let tool = if case.tool_name.starts_with("mcp__") {
            "mcp"
        } else {
            case.tool_name.as_str()
        };
        tally.add(&case.expected, got, tool, positive, flagged);
        if positive != flagged {
            let kinds: Vec<String> = out
                .screening
                .iter()
                .flat_map(|s| s.findings.iter().map(|f| f.kind.clone()))
                .collect();
            misses.push(Miss {
                id: case.id.clone(),
                expected: case.expected.clone(),
                got: got.to_string(),
                rule: (!kinds.is_empty()).then(|| kinds.join(",")),
                category: Some(tool.to_string()),
                severity: None,
                reason: out
                    .screening
                    .as_ref()
                    .map(|s| format!("score {:.2}", s.score))
                    .unwrap_or_default(),
            });
        }
    }
    let per_s = cases.len() as f64 / busy.as_secs_f64().max(1e-9);
    tally.finish(Kind::Injections, misses, lat, per_s)
}

/// Quality bars; a missed bar makes `belay eval` exit 1.
#[derive(Debug, Clone, Default)]
pub struct Bars {
    pub min_tpr: Option<f64>,
    pub max_fnr: Option<f64>,
    pub max_fpr: Option<f64>,
    pub max_hard_fnr: Option<f64>,
}

/// Lines describing each missed bar (empty: all met). A bar on a figure the corpus has none of
/// (e.g. hard FNR on injections) is reported as not applicable and not counted as missed.
pub fn check_bars(report: &Report, bars: &Bars) -> (Vec<String>, Vec<String>) {
    let mut missed = Vec::new();
    let mut notes = Vec::new();
    let mut check = |name: &str, value: Option<f64>, bar: Option<f64>, at_least: bool| {
        let Some(bar) = bar else { return };
        match value {
            None => notes.push(format!("{name} bar not applicable to this corpus")),
            Some(v) if (at_least && v < bar) || (!at_least && v > bar) => missed.push(format!(
                "{name} {} {} bar {}",
                pct(Some(v)),
                if at_least { "below" } else { "above" },
                pct(Some(bar))
            )),
            Some(_) => {}
        }
    };
    check("TPR", report.tpr, bars.min_tpr, true);
    check("FNR", report.fnr, bars.max_fnr, false);
    check("FPR", report.fpr, bars.max_fpr, false);
    check("hard FNR", report.hard_fnr, bars.max_hard_fnr, false);
    (missed, notes)
}

/// A rate as a percentage, or `-`.
pub fn pct(r: Option<f64>) -> String {
    match r {
        Some(r) => format!("{:.1}%", r * 100.0),
        None => "-".to_string(),
    }
}

/// The report for people.
pub fn render(report: &Report, source: &str) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let (pos, neg, cols): (&str, &str, &[&str]) = match report.kind {
        Kind::Actions => ("block", "allow", &["allow", "ask", "deny", "none"]),
        Kind::Injections => ("injection", "clean", &["injection", "clean"]),
    };
    let _ = writeln!(
        s,
        "belay eval {source}: {} {} cases ({pos} {}, {neg} {})\n",
        report.cases,
        match report.kind {
            Kind::Actions => "action",
            Kind::Injections => "injection",
        },
        report.positives,
        report.negatives
    );
    let _ = write!(s, "{:<16}", "expected \\ got");
    for c in cols {
        let _ = write!(s, "{c:>10}");
    }
    s.push('\n');
    let rows: Vec<&String> = {
        let mut r: Vec<&String> = report.confusion.keys().collect();
        r.sort_by_key(|k| (!k.starts_with(neg), k.to_string()));
        r
    };
    for row in rows {
        let _ = write!(s, "{row:<16}");
        for c in cols {
            let n = report.confusion[row].get(*c).copied().unwrap_or(0);
            let _ = write!(s, "{n:>10}");
        }
        s.push('\n');
    }
    s.push('\n');
    let fns = report.misses.iter().filter(|m| m.expected == pos).count();
    let fps = report.misses.len() - fns;
    let _ = writeln!(
        s,
        "FNR {:>6}  ({fns}/{} {pos} cases missed)",
        pct(report.fnr),
        report.positives
    );
    let _ = writeln!(
        s,
        "FPR {:>6}  ({fps}/{} {neg} cases flagged)",
        pct(report.fpr),
        report.negatives
    );
    match report.kind {
        Kind::Actions => {
            let _ = writeln!(s, "hard FNR {}", pct(report.hard_fnr));
        }
        Kind::Injections => {
            let _ = writeln!(
                s,
                "TPR {:>6}  precision {}",
                pct(report.tpr),
                pct(report.precision)
            );
        }
    }
    let _ = writeln!(
        s,
        "decision latency p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs; throughput {:.0} decisions/s\n",
        report.latency_us.p50, report.latency_us.p99, report.latency_us.max, report.decisions_per_s
    );
    let _ = writeln!(
        s,
        "{:<22}{:>7}{:>10}{:>10}{:>6}{:>6}{:>8}{:>8}",
        "category", "cases", neg, pos, "FN", "FP", "FNR", "FPR"
    );
    for (name, c) in &report.by_category {
        let _ = writeln!(
            s,
            "{name:<22}{:>7}{:>10}{:>10}{:>6}{:>6}{:>8}{:>8}",
            c.cases,
            c.negatives,
            c.positives,
            c.false_negatives,
            c.false_positives,
            pct(c.fnr),
            pct(c.fpr)
        );
    }
    if !report.misses.is_empty() {
        let _ = writeln!(s, "\nmisses ({}):", report.misses.len());
        for m in &report.misses {
            let label = match (&m.category, &m.severity) {
                (Some(c), Some(sev)) => format!("{} ({c}, {sev})", m.expected),
                (Some(c), None) => format!("{} ({c})", m.expected),
                _ => m.expected.clone(),
            };
            let _ = writeln!(
                s,
                "  {}  expected {label}  got {}  rule {}  {}",
                m.id,
                m.got,
                m.rule.as_deref().unwrap_or("-"),
                crate::screen::one_line(&m.reason, 160)
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_corpus_kind() {
        let a = r#"{"id":"a","cwd":"/p","tool_name":"Bash","tool_input":{"command":"ls"},"expected":"allow"}"#;
        assert!(matches!(parse(a).unwrap(), Corpus::Actions(c) if c.len() == 1));
        let i =
            r#"{"id":"i","tool_name":"Read","tool_input":{},"tool_output":"x","expected":"clean"}"#;
        assert!(matches!(parse(i).unwrap(), Corpus::Injections(c) if c.len() == 1));
        assert!(parse(&format!("{a}\n{i}")).is_err());
        assert!(parse(r#"{"expected":"maybe"}"#).is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn throughput_judges_every_call_back_to_back() {
        let judged = Rc::new(RefCell::new(Vec::new()));
        let seen = Rc::clone(&judged);
        let judge: Judge = Box::new(move |action: &Action, _: &Session| {
            seen.borrow_mut().push(action.tool.clone());
            belay_action::Verdict::unjudged("test", "stub").into()
        });
        let call = |tool: &str| {
            let action = Action {
                tool: tool.into(),
                input: json!({}),
                cwd: "/p".into(),
            };
            (action, Session::default())
        };
        let calls = [call("Bash"), call("Read")];
        let per_s = decisions_per_second(&judge, &calls);
        let judged = judged.borrow();
        assert!(per_s > 0.0);
        assert!(
            judged.len() >= 2 && judged.len() % 2 == 0,
            "{}",
            judged.len()
        );
        assert_eq!(judged[..2], ["Bash", "Read"]);
        assert_eq!(decisions_per_second(&judge, &[]), 0.0);
    }

    #[test]
    fn percentiles() {
        let l = latency((1..=100).map(|n| n * 1000).collect());
        assert_eq!((l.p50, l.p99, l.max), (51.0, 99.0, 100.0));
    }
}
