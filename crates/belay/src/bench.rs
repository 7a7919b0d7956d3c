//! `belay bench`: whole-process latency of `belay hook claude-code`, as Claude Code pays it.
//!
//! Spawns this executable with a typical PreToolUse event on stdin, waits for it, and measures
//! wall time per run; spawns `/bin/true` in the same loop (interleaved) as the floor that any
//! process costs on this machine, and reports the ratio. Session memory goes to a temporary
//! `BELAY_HOME` so a benchmark never touches the user's store.

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
    pub hook: Figures,
    pub baseline: Figures,
    /// `/bin/true` (or the given baseline program).
    pub baseline_program: String,
    /// hook p50 / baseline p50.
    pub ratio_p50: f64,
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
pub fn run(exe: &Path, baseline: &str, runs: usize) -> anyhow::Result<BenchReport> {
    if runs == 0 {
        bail!("--runs must be at least 1");
    }
    let dir = tempfile::tempdir().context("creating a temporary BELAY_HOME")?;
    let project = dir.path().join("project");
    std::fs::create_dir_all(&project)?;
    let transcript = dir.path().join("transcript.jsonl");
    std::fs::write(
        &transcript,
        "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"run the tests and fix what fails\"}}\n",
    )?;
    let event = typical_event(&project, &transcript);
    let mut hook_cmd = Command::new(exe);
    hook_cmd
        .args(["hook", "claude-code"])
        .env("BELAY_HOME", dir.path().join("belay"))
        .current_dir(&project);
    let mut base_cmd = Command::new(baseline);
    for _ in 0..5.min(runs) {
        spawn_once(&mut hook_cmd, &event).context("running the hook")?;
        spawn_once(&mut base_cmd, b"").with_context(|| format!("running {baseline}"))?;
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
        "belay bench: {} runs of `belay hook claude-code` (PreToolUse, Bash) vs {}\n\
         hook      p50 {}  p99 {}  mean {}\n\
         baseline  p50 {}  p99 {}  mean {}\n\
         ratio (p50) {:.2}x\n\
         targets: p50 <= 2 ms: {}; ratio <= 3x: {}\n",
        r.runs,
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
