//! Runs the `belay` binary as a process with a private HOME and BELAY_HOME, and measures it: wall
//! time and the child's own peak resident set (from `wait4`'s rusage, so nothing else counts).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub wall: Duration,
    /// Peak resident set of the process, in bytes.
    pub max_rss: u64,
}

impl Run {
    /// The `permissionDecision` of a Claude Code PreToolUse answer.
    pub fn decision(&self) -> Option<String> {
        let value: serde_json::Value = serde_json::from_str(&self.stdout).ok()?;
        value["hookSpecificOutput"]["permissionDecision"]
            .as_str()
            .map(str::to_string)
    }

    pub fn mib(&self) -> f64 {
        self.max_rss as f64 / (1024.0 * 1024.0)
    }
}

/// A belay process: its arguments and environment, before it runs.
pub struct Belay {
    pub command: Command,
}

impl Belay {
    /// `belay ARGS` (the binary in `BELAY_BIN` if set) with HOME = `home` and BELAY_HOME = `home/belay`, and none of the agents'
    /// own locations from the environment.
    pub fn new(args: &[&str], home: &Path) -> Belay {
        // BELAY_BIN measures another build (e.g. the release binary) with the same tests.
        let exe = std::env::var_os("BELAY_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_belay")));
        let mut command = Command::new(exe);
        command
            .args(args)
            .env("HOME", home)
            .env("BELAY_HOME", home.join("belay"))
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_DATA_HOME")
            .env_remove("CLAUDE_CONFIG_DIR")
            .env_remove("CODEX_HOME")
            .env_remove("GEMINI_CLI_HOME")
            // Each test judges in its own process unless it asks for the resident one.
            .env("BELAY_RESIDENT", "off");
        Belay { command }
    }

    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Belay {
        self.command.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Belay {
        self.command.env_remove(key);
        self
    }

    /// Runs with `stdin` as input; kills the process after `limit` (then `code` is `None`).
    pub fn run(mut self, stdin: &[u8], limit: Duration) -> Run {
        let start = Instant::now();
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the belay binary starts");
        let pid = child.id() as libc::pid_t;
        let input = stdin.to_vec();
        let mut pipe = child.stdin.take().unwrap();
        // belay may answer before reading everything (oversize input): a closed pipe is fine.
        let writer = std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
        let mut out = child.stdout.take().unwrap();
        let mut err = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = out.read_to_end(&mut s);
            s
        });
        let err_reader = std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = err.read_to_end(&mut s);
            s
        });
        // Kill the child if it overruns; wait4 below then reaps it.
        let watchdog = {
            let (tx, rx) = std::sync::mpsc::channel::<()>();
            let handle = std::thread::spawn(move || {
                if rx.recv_timeout(limit).is_err() {
                    // SAFETY: plain kill(2) of our own child, not yet reaped.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                }
            });
            (tx, handle)
        };
        let mut status = 0;
        // SAFETY: rusage is plain data; wait4 fills it in for the child we spawned.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        let wall = start.elapsed();
        assert_eq!(reaped, pid, "wait4 failed");
        let _ = watchdog.0.send(());
        watchdog.1.join().unwrap();
        writer.join().unwrap();
        let stdout = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
        let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
        // The child is reaped: `Child` must not wait for it again.
        std::mem::forget(child);
        let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
        Run {
            code,
            stdout,
            stderr,
            wall,
            // ru_maxrss is in kilobytes on Linux.
            max_rss: usage.ru_maxrss as u64 * 1024,
        }
    }
}

/// A private home directory for one test.
pub fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub fn path(home: &tempfile::TempDir) -> PathBuf {
    home.path().to_path_buf()
}

/// A Claude Code PreToolUse for `Bash` running `command` (kept as data, never run).
pub fn pre_bash(command: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "session_id": "hostile",
        "cwd": "/tmp",
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": { "command": command },
        "tool_use_id": "t1",
    }))
    .unwrap()
}
