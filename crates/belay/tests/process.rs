//! The process's own start and end (`start.rs`, which stands in for Rust's runtime start-up):
//! a reader that goes away is an error the hook reports, not a signal that kills it silently;
//! closed standard descriptors do not crash it; arguments and exit codes come through.
//!
//! That descriptors 0–2 are filled with `/dev/null` is not observable from here: SQLite keeps
//! its own files off them, and Rust's stdout swallows writes to a closed descriptor.

mod common;

use common::{Belay, home, pre_bash};
use std::io::{Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::Stdio;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(30);

/// An agent that stops reading before the answer comes: with SIGPIPE ignored the write fails,
/// and the hook blocks (exit 2) and says why, rather than dying by signal 13.
#[test]
fn a_reader_that_went_away_is_an_error_not_a_signal() {
    let h = home();
    let mut belay = Belay::new(&["hook", "claude-code"], h.path());
    let mut child = belay
        .command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The hook is still waiting for its input, so nothing was written yet.
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&pre_bash("ls")).unwrap();
    drop(stdin);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), None, "killed by a signal: {stderr}");
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("could not write the answer"), "{stderr}");
}

/// Started with stdin, stdout and stderr all closed, the hook still runs to its end: it reads
/// no event (so it blocks, exit 2) and the store it opened is intact afterwards.
#[test]
fn closed_standard_descriptors_do_not_crash_the_hook() {
    let h = home();
    let mut belay = Belay::new(&["hook", "claude-code"], h.path());
    // SAFETY: only async-signal-safe calls (close) between fork and exec.
    unsafe {
        belay.command.pre_exec(|| {
            for fd in 0..3 {
                libc::close(fd);
            }
            Ok(())
        });
    }
    let status = belay.command.status().unwrap();
    assert_eq!(status.signal(), None);
    assert_eq!(status.code(), Some(2));
    // The store still works: a later hook is answered and recorded.
    let run = Belay::new(&["hook", "claude-code"], h.path()).run(&pre_bash("ls"), LIMIT);
    assert_eq!(run.decision().as_deref(), Some("allow"), "{}", run.stderr);
}

/// Arguments reach the program and its exit codes leave it: help is 0, an unknown command is
/// the CLI's error code, a misconfigured hook command blocks (2).
#[test]
fn arguments_and_exit_codes_come_through() {
    let h = home();
    let cases: &[(&[&str], i32)] = &[
        (&["--version"], 0),
        (&["hook", "--help"], 0),
        (&["no-such-command"], 3),
        (&["hook", "no-such-agent"], 2),
    ];
    for &(args, code) in cases {
        let run = Belay::new(args, h.path()).run(b"", LIMIT);
        assert_eq!(run.code, Some(code), "{args:?}: {}", run.stderr);
    }
    let version = Belay::new(&["--version"], h.path()).run(b"", LIMIT);
    assert!(version.stdout.starts_with("belay "), "{}", version.stdout);
}
