//! `belay bench`: whole-process latency of `belay hook claude-code`, as Claude Code pays it.
//!
//! Spawns this executable with a typical PreToolUse event on stdin, waits for it, and measures
//! wall time per run; spawns `/bin/true` in the same loop (interleaved) as the floor that any
//! process costs on this machine, and reports the ratio. Session memory goes to a temporary
//! `BELAY_HOME` so a benchmark never touches the user's store.
//!
//! `--load` ([`run_load`]) is the other measure: many workers spawning hook processes at once
//! against one store for a while, then a check in the store that no call's record was lost.

use anyhow::{Context as _, bail};
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Latency figures in microseconds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Figures {
    pub p50_us: u64,
    pub p99_us: u64,
    pub mean_us: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub runs: usize,
    /// The hook event sent.
    pub event: BenchEvent,
    /// Whether the hooks ran as clients of the resident process (the default; off with
    /// `BELAY_RESIDENT=off`).
    pub resident: bool,
    pub hook: Figures,
    pub baseline: Figures,
    /// `/bin/true` (or the given baseline program).
    pub baseline_program: String,
    /// hook p50 / baseline p50.
    pub ratio_p50: f64,
}

/// Where a benchmark's hooks run: a temporary directory holding the project (the hooks' cwd),
/// a transcript with one user message, and the `BELAY_HOME` of their store, so a benchmark
/// never touches the user's. Removed on drop.
struct Sandbox {
    _dir: tempfile::TempDir,
    project: std::path::PathBuf,
    transcript: std::path::PathBuf,
    belay_home: std::path::PathBuf,
}

impl Sandbox {
    fn new() -> anyhow::Result<Sandbox> {
        let dir = tempfile::tempdir().context("creating a temporary BELAY_HOME")?;
        let project = dir.path().join("project");
        std::fs::create_dir_all(&project)?;
        let transcript = dir.path().join("transcript.jsonl");
        std::fs::write(
            &transcript,
            "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"run the tests and fix what fails\"}}\n",
        )?;
        Ok(Sandbox {
            belay_home: dir.path().join("belay"),
            _dir: dir,
            project,
            transcript,
        })
    }
}

/// Which hook event a benchmark sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum BenchEvent {
    /// A PreToolUse of a Bash command: the judgment.
    Pre,
    /// A PostToolUse of that command with ~4 KB of clean test output: the injection screen.
    Post,
}

impl BenchEvent {
    fn hook_event_name(self) -> &'static str {
        match self {
            BenchEvent::Pre => "PreToolUse",
            BenchEvent::Post => "PostToolUse",
        }
    }

    /// The event's bytes (realistic field set, transcript at `transcript`).
    pub fn bytes(self, cwd: &Path, transcript: &Path) -> Vec<u8> {
        match self {
            BenchEvent::Pre => typical_event(cwd, transcript),
            BenchEvent::Post => typical_post_event(cwd, transcript),
        }
    }
}

/// A typical PostToolUse event: the command of [`typical_event`] and what it printed, 60 lines
/// of test results (clean: the screen finds nothing, as for most tool output).
pub fn typical_post_event(cwd: &Path, transcript: &Path) -> Vec<u8> {
    let mut stdout = String::from("running 60 tests\n");
    for i in 0..60 {
        stdout.push_str(&format!(
            "test ledger::posting::tests::balances_after_transfer_{i:02} ... ok\n"
        ));
    }
    stdout.push_str("\ntest result: ok. 60 passed; 0 failed; 0 ignored; finished in 0.42s\n");
    let mut event: serde_json::Value =
        serde_json::from_slice(&typical_event(cwd, transcript)).expect("our own JSON");
    event["hook_event_name"] = "PostToolUse".into();
    event["tool_response"] = serde_json::json!({
        "stdout": stdout,
        "stderr": "",
        "interrupted": false,
        "isImage": false
    });
    event.to_string().into_bytes()
}

/// A typical PreToolUse event (realistic field set, transcript at `transcript`).
pub fn typical_event(cwd: &Path, transcript: &Path) -> Vec<u8> {
    serde_json::json!({
        "session_id": "bench-0b7c9e2a-5d1f-4c3e-9a8b-1f2e3d4c5b6a",
        "transcript_path": transcript,
        "cwd": cwd,
        "permission_mode": "default",
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": {
            "command": "cargo test --workspace 2>&1 | tail -n 40",
            "description": "Run the workspace tests",
            "timeout": 120000
        },
        "tool_use_id": "toolu_01BenchBenchBenchBench"
    })
    .to_string()
    .into_bytes()
}

fn figures(samples: &mut [Duration]) -> Figures {
    samples.sort_unstable();
    let at = |p: f64| {
        let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
        samples[idx].as_micros() as u64
    };
    let total: Duration = samples.iter().sum();
    Figures {
        p50_us: at(0.50),
        p99_us: at(0.99),
        mean_us: (total / samples.len() as u32).as_micros() as u64,
    }
}

/// Waits until a socket appears in `dir`.
fn wait_for_socket(dir: &Path, patience: Duration) -> anyhow::Result<()> {
    let started = Instant::now();
    loop {
        if crate::resident::listening_socket(dir).is_some() {
            return Ok(());
        }
        if started.elapsed() > patience {
            bail!(
                "the resident process is on (BELAY_RESIDENT=off turns it off) but none listened in {} within {patience:?}",
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn spawn_once(cmd: &mut Command, stdin: &[u8]) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("spawning")?;
    if let Some(mut pipe) = child.stdin.take() {
        // A program that does not read stdin (like /bin/true) may close it early.
        let _ = pipe.write_all(stdin);
    }
    let status = child.wait().context("waiting")?;
    let took = started.elapsed();
    if !status.success() && status.code() != Some(2) {
        bail!("exited with {status}");
    }
    Ok(took)
}

/// Runs the benchmark: `runs` spawns of `exe hook claude-code` and of `baseline`, interleaved,
/// after a few warm-up runs.
pub fn run(
    exe: &Path,
    baseline: &str,
    runs: usize,
    which: BenchEvent,
) -> anyhow::Result<BenchReport> {
    if runs == 0 {
        bail!("--runs must be at least 1");
    }
    let sandbox = Sandbox::new()?;
    let event = which.bytes(&sandbox.project, &sandbox.transcript);
    let mut hook_cmd = Command::new(exe);
    hook_cmd
        .args(["hook", "claude-code"])
        .env("BELAY_HOME", &sandbox.belay_home)
        .current_dir(&sandbox.project);
    let mut base_cmd = Command::new(baseline);
    let resident = crate::resident::enabled();
    for _ in 0..5.min(runs) {
        spawn_once(&mut hook_cmd, &event).context("running the hook")?;
        spawn_once(&mut base_cmd, b"").with_context(|| format!("running {baseline}"))?;
    }
    if resident {
        // The first hook started the resident process; measure once it listens. It exits by
        // itself when the sandbox (and its socket) is removed.
        wait_for_socket(&sandbox.belay_home.join("run"), Duration::from_secs(5))?;
        for _ in 0..5 {
            spawn_once(&mut hook_cmd, &event).context("running the hook")?;
        }
    }
    let mut hook = Vec::with_capacity(runs);
    let mut base = Vec::with_capacity(runs);
    for _ in 0..runs {
        hook.push(spawn_once(&mut hook_cmd, &event).context("running the hook")?);
        base.push(spawn_once(&mut base_cmd, b"").with_context(|| format!("running {baseline}"))?);
    }
    let hook = figures(&mut hook);
    let baseline_figures = figures(&mut base);
    Ok(BenchReport {
        runs,
        event: which,
        resident,
        ratio_p50: hook.p50_us as f64 / baseline_figures.p50_us.max(1) as f64,
        hook,
        baseline: baseline_figures,
        baseline_program: baseline.to_string(),
    })
}

/// The report for people, with the targets (p50 ≤ 2 ms, ratio ≤ 3×).
pub fn render(r: &BenchReport) -> String {
    let ms = |us: u64| format!("{:.2} ms", us as f64 / 1000.0);
    let mark = |ok: bool| if ok { "ok" } else { "MISSED" };
    format!(
        "belay bench: {} runs of `belay hook claude-code` ({}, Bash{}) vs {}\n\
         hook      p50 {}  p99 {}  mean {}\n\
         baseline  p50 {}  p99 {}  mean {}\n\
         ratio (p50) {:.2}x\n\
         targets: p50 <= 2 ms: {}; ratio <= 3x: {}\n",
        r.runs,
        r.event.hook_event_name(),
        if r.resident {
            ", resident process; BELAY_RESIDENT=off to measure without"
        } else {
            ", no resident process"
        },
        r.baseline_program,
        ms(r.hook.p50_us),
        ms(r.hook.p99_us),
        ms(r.hook.mean_us),
        ms(r.baseline.p50_us),
        ms(r.baseline.p99_us),
        ms(r.baseline.mean_us),
        r.ratio_p50,
        mark(r.hook.p50_us <= 2000),
        mark(r.ratio_p50 <= 3.0),
    )
}

/// What `belay bench --load` measured.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    pub workers: usize,
    /// Whether the hooks were clients of the resident process (the default).
    pub resident: bool,
    pub seconds: f64,
    /// Hook processes started.
    pub sent: usize,
    /// Hook processes that answered (exit 0 with a decision on stdout).
    pub answered: usize,
    /// Answers that were not `allow` or said on stderr that the store failed.
    pub faulted: usize,
    /// PreToolUse records found in the store afterwards.
    pub recorded: usize,
    /// Events sent whose record is missing from the store.
    pub lost: usize,
    /// Records that appear more than once.
    pub duplicated: usize,
    pub p50_us: u64,
    pub p99_us: u64,
    pub max_us: u64,
    /// Answered hooks per second, all workers together.
    pub throughput: f64,
}

impl LoadReport {
    /// Every hook answered without a store fault and every call is in the store exactly once.
    pub fn ok(&self) -> bool {
        self.answered == self.sent && self.faulted == 0 && self.lost == 0 && self.duplicated == 0
    }
}

/// One worker's results: per call its id and latency, and counts of failures.
#[derive(Default)]
struct WorkerResult {
    ids: Vec<String>,
    latencies: Vec<Duration>,
    answered: usize,
    faulted: usize,
}

fn load_worker(
    exe: &Path,
    belay_home: &Path,
    project: &Path,
    base_event: &serde_json::Value,
    worker: usize,
    until: Instant,
) -> anyhow::Result<WorkerResult> {
    let mut result = WorkerResult::default();
    let mut n = 0usize;
    while Instant::now() < until {
        let id = format!("load-{worker}-{n}");
        let mut event = base_event.clone();
        // Four sessions shared by all workers, so that writers meet on the same rows too.
        event["session_id"] = format!("bench-load-session-{}", worker % 4).into();
        event["tool_use_id"] = id.clone().into();
        event["tool_input"]["command"] = format!("cargo test -p crate{n} 2>&1 | tail -n 40").into();
        let input = serde_json::to_vec(&event)?;
        let started = Instant::now();
        let mut child = Command::new(exe)
            .args(["hook", "claude-code"])
            .env("BELAY_HOME", belay_home)
            .current_dir(project)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("spawning the hook")?;
        if let Some(mut pipe) = child.stdin.take() {
            let _ = pipe.write_all(&input);
        }
        let out = child.wait_with_output().context("waiting for the hook")?;
        result.latencies.push(started.elapsed());
        let stdout = String::from_utf8_lossy(&out.stdout);
        if out.status.code() == Some(0) && stdout.contains("\"permissionDecision\"") {
            result.answered += 1;
        }
        if !out.stderr.is_empty() || !stdout.contains("\"permissionDecision\":\"allow\"") {
            result.faulted += 1;
        }
        result.ids.push(id);
        n += 1;
    }
    Ok(result)
}

/// Runs `workers` threads for `duration`, each spawning `exe hook claude-code` one after the
/// other with a distinct PreToolUse against one store; then reads the store back and checks that
/// every call was recorded exactly once.
pub fn run_load(exe: &Path, workers: usize, duration: Duration) -> anyhow::Result<LoadReport> {
    if workers == 0 {
        bail!("--workers must be at least 1");
    }
    let sandbox = Sandbox::new()?;
    let (belay_home, project) = (&sandbox.belay_home, &sandbox.project);
    let base_event: serde_json::Value =
        serde_json::from_slice(&typical_event(project, &sandbox.transcript))?;
    let started = Instant::now();
    let until = started + duration;
    let results: Vec<anyhow::Result<WorkerResult>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                let base_event = &base_event;
                scope
                    .spawn(move || load_worker(exe, belay_home, project, base_event, worker, until))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a worker panicked")))
            })
            .collect()
    });
    let elapsed = started.elapsed();
    let mut all = WorkerResult::default();
    for r in results {
        let r = r?;
        all.ids.extend(r.ids);
        all.latencies.extend(r.latencies);
        all.answered += r.answered;
        all.faulted += r.faulted;
    }
    let store = belay_store::Store::open(&belay_home.join("belay.db"))
        .context("opening the benchmark's store")?;
    let rows = store.query_calls(&belay_store::CallFilter {
        event: Some(belay_store::Event::Pre),
        ..belay_store::CallFilter::default()
    })?;
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for row in &rows {
        if let Some(id) = &row.tool_use_id {
            *seen.entry(id.clone()).or_default() += 1;
        }
    }
    let lost = all.ids.iter().filter(|id| !seen.contains_key(*id)).count();
    let duplicated = seen.values().filter(|&&n| n > 1).count();
    let sent = all.ids.len();
    all.latencies.sort_unstable();
    let at = |p: f64| {
        let idx = ((all.latencies.len().max(1) as f64 - 1.0) * p).round() as usize;
        all.latencies.get(idx).map_or(0, |d| d.as_micros() as u64)
    };
    Ok(LoadReport {
        workers,
        resident: crate::resident::enabled(),
        seconds: elapsed.as_secs_f64(),
        sent,
        answered: all.answered,
        faulted: all.faulted,
        recorded: rows.len(),
        lost,
        duplicated,
        p50_us: at(0.50),
        p99_us: at(0.99),
        max_us: at(1.0),
        throughput: all.answered as f64 / elapsed.as_secs_f64(),
    })
}

/// The load report for people.
pub fn render_load(r: &LoadReport) -> String {
    let ms = |us: u64| format!("{:.1} ms", us as f64 / 1000.0);
    format!(
        "belay bench --load: {} workers for {:.1} s, each spawning `belay hook claude-code` \
         (PreToolUse, Bash{}) against one store\n\
         hooks     {} sent, {} answered, {} with a store fault or not allowed\n\
         store     {} records, {} lost, {} duplicated\n\
         latency   p50 {}  p99 {}  max {}\n\
         throughput {:.0} hooks/s\n\
         result: {}\n",
        r.workers,
        r.seconds,
        if r.resident {
            ", resident process"
        } else {
            ", no resident process"
        },
        r.sent,
        r.answered,
        r.faulted,
        r.recorded,
        r.lost,
        r.duplicated,
        ms(r.p50_us),
        ms(r.p99_us),
        ms(r.max_us),
        r.throughput,
        if r.ok() { "ok" } else { "FAILED" },
    )
}
