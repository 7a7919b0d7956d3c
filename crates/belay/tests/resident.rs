//! The resident hook process (`belay resident`, on unless `BELAY_RESIDENT=off`): it answers
//! exactly as a hook process does, serves only its own environment, and goes away when its socket does.

mod common;

use belay::resident::listening_socket;
use common::{Belay, home, path, pre_bash};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(30);

/// A running `belay resident` for `home`, killed on drop.
struct Server {
    child: Child,
}

impl Server {
    fn start(home: &Path) -> Server {
        let mut belay = Belay::new(&["resident"], home);
        let child = belay
            .command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let server = Server { child };
        wait_for_socket(&home.join("belay").join("run"));
        server
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The socket of the resident process listening in `run_dir`, once there is one.
fn wait_for_socket(run_dir: &Path) -> PathBuf {
    let started = Instant::now();
    loop {
        if let Some(socket) = listening_socket(run_dir) {
            return socket;
        }
        assert!(started.elapsed() < LIMIT, "no resident process listened");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn fixture(name: &str) -> Vec<u8> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../belay-agents/tests/fixtures/claude-code");
    std::fs::read(dir.join(name)).unwrap()
}

fn hook(home: &Path, resident: &str, input: &[u8]) -> common::Run {
    Belay::new(&["hook", "claude-code"], home)
        .env("BELAY_RESIDENT", resident)
        .run(input, LIMIT)
}

/// Events answered by the resident process (`require`: no fallback) give the same answers as
/// hook processes of their own, for a session that goes from routine work to a denial to an
/// injected page.
#[test]
fn the_resident_process_answers_as_a_hook_process_does() {
    let events: Vec<Vec<u8>> = vec![
        fixture("session-start.json"),
        fixture("user-prompt-submit.json"),
        pre_bash("cargo test --workspace 2>&1 | tail -n 40"),
        pre_bash("rm -rf ~"),
        fixture("post-webfetch-injection.json"),
        fixture("pre-webfetch.json"),
    ];
    let alone = home();
    let served = home();
    let server = Server::start(&path(&served));
    for (i, event) in events.iter().enumerate() {
        let own = hook(&path(&alone), "0", event);
        let via = hook(&path(&served), "require", event);
        // The two homes differ; what is said about them must not.
        let own_home = path(&alone).display().to_string();
        let via_home = path(&served).display().to_string();
        let same = |text: &str, home: &str| text.replace(home, "HOME");
        assert_eq!(via.code, own.code, "event {i}: {}", via.stderr);
        assert_eq!(
            same(&via.stdout, &via_home),
            same(&own.stdout, &own_home),
            "event {i}"
        );
        assert_eq!(
            same(&via.stderr, &via_home),
            same(&own.stderr, &own_home),
            "event {i}"
        );
    }
    // The answers came from the server, and it kept the session's records.
    let log = Belay::new(&["log", "--json"], &path(&served)).run(b"", LIMIT);
    assert_eq!(log.code, Some(0), "{}", log.stderr);
    assert!(log.stdout.contains("rm -rf ~"), "{}", log.stdout);
    drop(server);
}

/// A client whose environment differs in what belay reads is not served by another
/// environment's process: with `require` its event is blocked, not judged elsewhere.
#[test]
fn another_environment_is_not_served() {
    let served = home();
    let _server = Server::start(&path(&served));
    let other = Belay::new(&["hook", "claude-code"], &path(&served))
        .env("BELAY_RESIDENT", "require")
        .env("BELAY_CONFIG", path(&served).join("other.toml"))
        .run(&pre_bash("ls"), LIMIT);
    assert_ne!(
        other.decision().as_deref(),
        Some("allow"),
        "{}",
        other.stdout
    );
    assert!(
        other.stderr.contains("BELAY_RESIDENT=require"),
        "{}",
        other.stderr
    );
}

/// By default (`BELAY_RESIDENT` unset) and with no process yet, the hook answers itself and
/// starts one; the process exits once its socket is removed.
#[test]
fn the_first_hook_starts_the_process_which_leaves_with_its_socket() {
    let h = home();
    let first = Belay::new(&["hook", "claude-code"], &path(&h))
        .env_remove("BELAY_RESIDENT")
        .run(&pre_bash("ls"), LIMIT);
    assert_eq!(
        first.decision().as_deref(),
        Some("allow"),
        "{}",
        first.stderr
    );
    let socket = wait_for_socket(&path(&h).join("belay").join("run"));
    let served = hook(&path(&h), "require", &pre_bash("ls"));
    assert_eq!(
        served.decision().as_deref(),
        Some("allow"),
        "{}",
        served.stderr
    );

    std::fs::remove_file(&socket).unwrap();
    let started = Instant::now();
    loop {
        let lock = socket.with_extension("lock");
        // The lock is free again once the process is gone.
        let free = std::fs::File::open(&lock).is_ok_and(|f| f.try_lock().is_ok());
        if free {
            break;
        }
        assert!(
            started.elapsed() < LIMIT,
            "the resident process outlived its socket"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Once idle, the resident process checkpoints and empties the store's WAL (so that a burst
/// of events rarely pays for it, and hook processes that open the store read little), losing
/// no record.
#[test]
fn the_wal_is_emptied_once_the_process_is_idle() {
    let h = home();
    let _server = Server::start(&path(&h));
    let wal = path(&h).join("belay").join("belay.db-wal");
    let wal_len = || std::fs::metadata(&wal).map_or(0, |m| m.len());
    let events = 5;
    for i in 0..events {
        let run = hook(&path(&h), "require", &pre_bash(&format!("ls -la dir{i}")));
        assert_eq!(run.decision().as_deref(), Some("allow"), "{}", run.stderr);
    }
    assert!(wal_len() > 0);
    let started = Instant::now();
    while wal_len() > 0 {
        assert!(
            started.elapsed() < LIMIT,
            "the WAL was not emptied: {} bytes",
            wal_len()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = Belay::new(&["log", "--json"], &path(&h)).run(b"", LIMIT);
    assert_eq!(log.code, Some(0), "{}", log.stderr);
    assert_eq!(
        log.stdout.matches("ls -la dir").count(),
        events,
        "{}",
        log.stdout
    );
}
