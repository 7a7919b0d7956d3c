//! Many hook processes write at once: none may lose a record or fail.

use std::path::PathBuf;
use std::sync::{Arc, Barrier};

use belay_action::{Action, Decision, Verdict};
use belay_store::{CallFilter, CallRecord, Store};
use serde_json::json;

const THREADS: usize = 16;
const CALLS: usize = 200;

#[test]
fn sixteen_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = Arc::new(dir.path().join("belay.db"));
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let path = Arc::clone(&path);
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || -> Result<(), String> {
                barrier.wait();
                // Every thread opens its own store, including the first (racing) open that
                // creates the schema.
                let store = Store::open(&path).map_err(|e| e.to_string())?;
                let session = format!("s{}", t % 4);
                for i in 0..CALLS {
                    let action = Action {
                        tool: "Bash".into(),
                        input: json!({ "command": format!("echo {t} {i}") }),
                        cwd: PathBuf::from("/proj"),
                    };
                    let verdict = Verdict::allow("ok");
                    store
                        .record_call(&CallRecord::pre(
                            &session,
                            "claude-code",
                            &action,
                            &verdict,
                            10,
                        ))
                        .map_err(|e| e.to_string())?;
                    if i % 50 == 0 {
                        store
                            .note_decision(&session, Decision::Deny)
                            .map_err(|e| e.to_string())?;
                        store
                            .add_prompt(&session, &format!("prompt {t} {i}"))
                            .map_err(|e| e.to_string())?;
                    }
                }
                Ok(())
            })
        })
        .collect();
    for h in handles {
        h.join().expect("thread panicked").expect("store error");
    }
    let store = Store::open(&path).unwrap();
    let stats = store.stats(&CallFilter::default()).unwrap();
    assert_eq!(stats.total, (THREADS * CALLS) as u64);
    assert_eq!(stats.sessions, 4);
    let denials: u32 = (0..4)
        .map(|s| store.denials(&format!("s{s}")).unwrap().total)
        .sum();
    assert_eq!(denials as usize, THREADS * CALLS / 50);
    let prompts: usize = (0..4)
        .map(|s| store.prompts(&format!("s{s}")).unwrap().len())
        .sum();
    assert_eq!(prompts, THREADS * CALLS / 50);
}

const CHILD_ENV: &str = "BELAY_STORE_TEST_CHILD_DB";

/// The body of one writer process (see `sixteen_processes_lose_nothing`); a no-op when run as a
/// plain test.
#[test]
fn child_writer() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let store = Store::open(std::path::Path::new(&path)).expect("open");
    let pid = std::process::id();
    let session = format!("proc-{pid}");
    for i in 0..CALLS {
        let action = Action {
            tool: "Bash".into(),
            input: json!({ "command": format!("echo {pid} {i}") }),
            cwd: PathBuf::from("/proj"),
        };
        store
            .record_call(&CallRecord::pre(
                &session,
                "claude-code",
                &action,
                &Verdict::allow("ok"),
                10,
            ))
            .expect("record_call");
    }
}

#[test]
fn sixteen_processes_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("belay.db");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..THREADS)
        .map(|_| {
            std::process::Command::new(&exe)
                .args(["--exact", "child_writer", "--test-threads=1", "--quiet"])
                .env(CHILD_ENV, &path)
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn writer process")
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success(), "a writer process failed");
    }
    let store = Store::open(&path).unwrap();
    let stats = store.stats(&CallFilter::default()).unwrap();
    assert_eq!(stats.total, (THREADS * CALLS) as u64);
    assert_eq!(stats.sessions, THREADS as u64);
}
