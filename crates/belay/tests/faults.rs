//! Faults around the hook process: a read-only store directory, a full disk, a corrupt database,
//! a locked database, no home directory. belay must still answer, never `allow` because of the
//! fault (a call it would allow with a working store becomes `ask`), and say what is wrong on
//! stderr. (A store directory that is a file is in `cli.rs`; the store's own error messages are
//! in belay-store's `open.rs`.)
//!
//! Read-only and full filesystems are small tmpfs mounts, which need root: the tests that use
//! them skip (saying so) where mounting is not allowed.

mod common;

use common::{Belay, Run, home, pre_bash};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(30);
/// A call belay allows with a working store.
const HARMLESS: &str = "ls src";

fn hook(home: &Path, belay_home: &Path) -> Run {
    Belay::new(&["hook", "claude-code"], home)
        .env("BELAY_HOME", belay_home)
        .run(&pre_bash(HARMLESS), LIMIT)
}

/// The answer is there, is not `allow`, and stderr says what is wrong.
fn fails_closed(run: &Run, says: &str) {
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.decision().as_deref(), Some("ask"), "{run:?}");
    assert!(run.stderr.starts_with("belay: "), "{}", run.stderr);
    assert!(
        run.stderr.contains(says),
        "wanted {says:?} in {}",
        run.stderr
    );
}

#[test]
fn the_harmless_call_is_allowed_with_a_working_store() {
    // The baseline: every fault below turns this very answer into `ask`.
    let home = home();
    let run = hook(home.path(), &home.path().join("belay"));
    assert_eq!(run.decision().as_deref(), Some("allow"), "{run:?}");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn a_corrupt_database_is_ask() {
    let home = home();
    let dir = home.path().join("belay");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("belay.db"), "not a database at all. ".repeat(300)).unwrap();
    let run = hook(home.path(), &dir);
    fails_closed(&run, "corrupt");
    // The file is left as it was, for the user to look at.
    assert!(
        std::fs::read(dir.join("belay.db"))
            .unwrap()
            .starts_with(b"not a database")
    );
}

#[test]
fn a_locked_database_is_ask_after_the_busy_timeout() {
    let home = home();
    let dir = home.path().join("belay");
    // A working store first, then someone holds an exclusive lock on it.
    let run = hook(home.path(), &dir);
    assert_eq!(run.decision().as_deref(), Some("allow"), "{run:?}");
    let holder = rusqlite::Connection::open(dir.join("belay.db")).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let run = hook(home.path(), &dir);
    holder.execute_batch("ROLLBACK;").unwrap();
    fails_closed(&run, "locked");
    eprintln!("locked database answered in {:?}", run.wall);
}

#[test]
fn no_home_directory_still_answers() {
    let home = home();
    let run = Belay::new(&["hook", "claude-code"], home.path())
        .env_remove("HOME")
        .env_remove("BELAY_HOME")
        .env_remove("XDG_DATA_HOME")
        .run(&pre_bash(HARMLESS), LIMIT);
    fails_closed(&run, "session store unavailable");
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Mount {
    dir: PathBuf,
    _parent: tempfile::TempDir,
}

impl Mount {
    /// A tmpfs of `size` (e.g. `64k`), or `None` (after saying why) where mounting fails.
    fn tmpfs(size: &str) -> Option<Mount> {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("mnt");
        std::fs::create_dir(&dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("skipping: cannot mount a tmpfs here (needs root)");
            return None;
        }
        Some(Mount {
            dir,
            _parent: parent,
        })
    }

    fn remount_read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.dir)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
    }
}

#[test]
fn a_read_only_store_directory_is_ask() {
    let Some(mount) = Mount::tmpfs("1m") else {
        return;
    };
    let home = home();
    mount.remount_read_only();
    let run = hook(home.path(), &mount.dir.join("belay"));
    fails_closed(&run, "session store unavailable");
}

#[test]
fn a_store_on_a_filesystem_turned_read_only_is_ask() {
    let Some(mount) = Mount::tmpfs("4m") else {
        return;
    };
    let home = home();
    let dir = mount.dir.join("belay");
    let run = hook(home.path(), &dir);
    assert_eq!(run.decision().as_deref(), Some("allow"), "{run:?}");
    mount.remount_read_only();
    let run = hook(home.path(), &dir);
    fails_closed(&run, "read-only");
}

#[test]
fn a_full_disk_is_ask() {
    let Some(mount) = Mount::tmpfs("256k") else {
        return;
    };
    let home = home();
    let dir = mount.dir.join("belay");
    let run = hook(home.path(), &dir);
    assert_eq!(run.decision().as_deref(), Some("allow"), "{run:?}");
    // Fill every byte that is left.
    let filler = mount.dir.join("filler");
    let chunk = vec![0u8; 4096];
    let mut file = std::fs::File::create(&filler).unwrap();
    while std::io::Write::write_all(&mut file, &chunk).is_ok() {}
    drop(file);
    // Enough new sessions that the database must grow past what the WAL already holds.
    let mut last = None;
    for i in 0..20 {
        let event = serde_json::to_vec(&serde_json::json!({
            "session_id": format!("full-{i}"),
            "cwd": "/tmp",
            "hook_event_name": "PreToolUse",
            "tool_name": "Bash",
            "tool_input": { "command": format!("{HARMLESS} {}", "x".repeat(4000)) },
            "tool_use_id": format!("t{i}"),
        }))
        .unwrap();
        let run = Belay::new(&["hook", "claude-code"], home.path())
            .env("BELAY_HOME", &dir)
            .run(&event, LIMIT);
        assert_eq!(run.code, Some(0), "{run:?}");
        let faulted = !run.stderr.is_empty();
        if faulted {
            last = Some(run);
            break;
        }
        assert_eq!(run.decision().as_deref(), Some("allow"), "{run:?}");
    }
    let run = last.expect("the full disk was never noticed");
    fails_closed(&run, "full");
}
