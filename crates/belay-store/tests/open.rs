//! Opening: migrations, refusing newer schemas, and clear errors for bad files and places.

use belay_store::{LATEST_VERSION, Store, StoreError};
use rusqlite::Connection;

#[test]
fn fresh_db_is_at_latest_version_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("belay.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn version_zero_db_is_migrated() {
    // A database file that exists but has no schema yet (user_version 0), with an unrelated
    // table to show migration leaves existing content alone.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("belay.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE keepme(x); INSERT INTO keepme VALUES (42);")
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    store.add_prompt("s", "works").unwrap();
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let x: i64 = conn
        .query_row("SELECT x FROM keepme", [], |r| r.get(0))
        .unwrap();
    assert_eq!(x, 42);
}

#[test]
fn old_version_db_is_migrated_in_order_keeping_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("belay.db");
    let v1 = ["CREATE TABLE t (a INTEGER);"];
    let v3 = [
        v1[0],
        "ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'new';",
        "CREATE TABLE u (c INTEGER); INSERT INTO u SELECT a FROM t;",
    ];
    {
        let _s = Store::open_with_migrations(&path, &v1).unwrap();
        let conn = Connection::open(&path).unwrap();
        conn.execute("INSERT INTO t (a) VALUES (7)", []).unwrap();
    }
    let s = Store::open_with_migrations(&path, &v3).unwrap();
    assert_eq!(s.schema_version().unwrap(), 3);
    drop(s);
    let conn = Connection::open(&path).unwrap();
    let (a, b): (i64, String) = conn
        .query_row("SELECT a, b FROM t", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((a, b.as_str()), (7, "new"));
    let c: i64 = conn.query_row("SELECT c FROM u", [], |r| r.get(0)).unwrap();
    assert_eq!(c, 7);
}

#[test]
fn failed_migration_leaves_db_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("belay.db");
    let v1 = ["CREATE TABLE t (a INTEGER);"];
    drop(Store::open_with_migrations(&path, &v1).unwrap());
    let bad = [v1[0], "CREATE TABLE u (x);", "THIS IS NOT SQL;"];
    let err = Store::open_with_migrations(&path, &bad).unwrap_err();
    assert!(err.to_string().contains("migrating"), "{err}");
    let s = Store::open_with_migrations(&path, &v1).unwrap();
    assert_eq!(s.schema_version().unwrap(), 1);
    drop(s);
    let conn = Connection::open(&path).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'u'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn newer_version_db_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("belay.db");
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 5)
            .unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    match &err {
        StoreError::TooNew { found, known, .. } => {
            assert_eq!(*found, LATEST_VERSION + 5);
            assert_eq!(*known, LATEST_VERSION);
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("upgrade belay"), "{msg}");
    assert!(msg.contains(&path.display().to_string()), "{msg}");
}

#[test]
fn corrupt_file_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("belay.db");
    std::fs::write(&path, "this is not a database, just text. ".repeat(200)).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("not a belay database or is corrupt"), "{msg}");
    assert!(msg.contains(&path.display().to_string()), "{msg}");
}

#[test]
fn parent_that_is_a_file_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let path = file.join("sub/belay.db");
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::CreateDir { .. }), "{err:?}");
    assert!(
        err.to_string().contains("cannot create the directory"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn read_only_directory_gives_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permission bits: nothing to test there.
    if std::fs::write(ro.join("probe"), "x").is_ok() {
        eprintln!("skipping: permission bits are not enforced for this user");
        return;
    }
    let path = ro.join("belay.db");
    let err = Store::open(&path).unwrap_err();
    let msg = err.to_string();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(
        matches!(
            err,
            StoreError::CantOpen { .. } | StoreError::ReadOnly { .. }
        ),
        "{err:?}"
    );
    assert!(
        msg.contains("writable") || msg.contains("read-only"),
        "{msg}"
    );
    assert!(msg.contains(&path.display().to_string()), "{msg}");
}

#[cfg(unix)]
#[test]
fn read_only_file_gives_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("belay.db");
    // A database in rollback-journal mode (as if created by another tool), then made read-only:
    // switching it to WAL needs a write.
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE x(a);").unwrap();
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    if std::fs::OpenOptions::new().append(true).open(&path).is_ok() {
        eprintln!("skipping: permission bits are not enforced for this user");
        return;
    }
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    assert!(err.to_string().contains("read-only"), "{err}");
}

#[test]
fn lock_held_too_long_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("belay.db");
    drop(Store::open(&path).unwrap());
    let holder = Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let store = Store::open(&path);
    // Opening only reads; under WAL it may succeed or time out, but a write must report the lock.
    let err = match store {
        Ok(s) => s.add_prompt("s", "x").unwrap_err(),
        Err(e) => e,
    };
    holder.execute_batch("ROLLBACK;").unwrap();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    assert!(err.to_string().contains("is locked"), "{err}");
}

/// Each hook is a fresh process that opens the store, writes and exits. The WAL must not grow
/// with the session: every open reads all of it. (Opening per write reproduces what a hook does:
/// a new connection rebuilds the WAL index and forgets what was checkpointed.)
#[test]
fn wal_stays_bounded_across_short_lived_connections() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("belay.db");
    for i in 0..300 {
        let store = Store::open(&path).unwrap();
        store
            .add_prompt("s", &format!("prompt {i} {}", "x".repeat(2000)))
            .unwrap();
    }
    let wal = std::fs::metadata(dir.path().join("belay.db-wal")).map_or(0, |m| m.len());
    assert!(
        wal <= 2 * belay_store::WAL_TRUNCATE_BYTES + 64 * 1024,
        "the WAL grew to {wal} bytes"
    );
    let store = Store::open(&path).unwrap();
    assert_eq!(store.prompts("s").unwrap().len(), 300);
}

/// A long-lived owner (the resident process) truncates the WAL when it is idle, whatever its
/// size: `keep_wal_under(0)` empties it and loses no record.
#[test]
fn an_idle_owner_can_empty_the_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("belay.db");
    let wal_len = || std::fs::metadata(dir.path().join("belay.db-wal")).map_or(0, |m| m.len());
    let store = Store::open(&path).unwrap();
    for i in 0..5 {
        store.add_prompt("s", &format!("prompt {i}")).unwrap();
    }
    assert!(wal_len() > 0);
    store.keep_wal_under(belay_store::WAL_TRUNCATE_BYTES);
    assert!(wal_len() > 0, "a short WAL is left as it is");
    store.keep_wal_under(0);
    assert_eq!(wal_len(), 0);
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.prompts("s").unwrap().len(), 5);
}
