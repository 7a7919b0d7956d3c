//! The schema and its migrations.
//!
//! `PRAGMA user_version` holds the number of migrations applied. [`MIGRATIONS`] is append-only:
//! never edit a released entry, add a new one. Opening a database runs the missing ones in a single
//! `BEGIN IMMEDIATE` transaction (so concurrent first opens serialise, and the loser re-reads the
//! version and finds nothing to do); a database with a higher version than the code knows is
//! refused rather than guessed at.
//!
//! Timestamps are unix milliseconds (`INTEGER`). JSON columns hold compact JSON text.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Result, StoreError};

/// The migrations, in order; migration `i` takes the database from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // v1: the initial schema.
    r#"
    -- One row per agent session. Rows may first be created by any session-scoped write with
    -- agent/cwd unknown (NULL); `ensure_session` fills them in.
    CREATE TABLE sessions (
        id              TEXT PRIMARY KEY NOT NULL,
        agent           TEXT,
        cwd             TEXT,
        transcript_path TEXT,
        started_at      INTEGER NOT NULL
    );

    -- The user's own messages, numbered 1.. per session.
    CREATE TABLE prompts (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq        INTEGER NOT NULL,
        text       TEXT NOT NULL,
        at         INTEGER NOT NULL,
        PRIMARY KEY (session_id, seq)
    ) WITHOUT ROWID;

    -- Every tool call belay saw, with its verdict: the audit log.
    CREATE TABLE calls (
        id           INTEGER PRIMARY KEY,
        session_id   TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        agent        TEXT NOT NULL,
        event        TEXT NOT NULL CHECK (event IN ('pre', 'post')),
        tool         TEXT NOT NULL,
        tool_use_id  TEXT,
        input_json   TEXT NOT NULL,
        cwd          TEXT NOT NULL,
        decision     TEXT CHECK (decision IN ('allow', 'ask', 'deny')),
        rule         TEXT,
        category     TEXT,
        severity     TEXT CHECK (severity IN ('soft', 'hard')),
        reason       TEXT,
        effects_json TEXT,
        latency_us   INTEGER,
        at           INTEGER NOT NULL
    );
    CREATE INDEX calls_by_session ON calls (session_id, event, id);
    CREATE INDEX calls_by_time ON calls (at);
    CREATE INDEX calls_by_tool_use ON calls (tool_use_id) WHERE tool_use_id IS NOT NULL;

    -- Injection screening of tool output (PostToolUse).
    CREATE TABLE results (
        id            INTEGER PRIMARY KEY,
        session_id    TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        call_id       INTEGER REFERENCES calls(id) ON DELETE SET NULL,
        tool_use_id   TEXT,
        tool          TEXT NOT NULL,
        findings_json TEXT NOT NULL,
        injected      INTEGER NOT NULL CHECK (injected IN (0, 1)),
        at            INTEGER NOT NULL
    );
    CREATE INDEX results_by_session ON results (session_id, id);

    -- Taint: strings that injected content told the agent to use.
    CREATE TABLE suspects (
        id         INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        text       TEXT NOT NULL,
        source     TEXT NOT NULL,
        at         INTEGER NOT NULL,
        UNIQUE (session_id, text, source)
    );

    -- Denial counters per session.
    CREATE TABLE denials (
        session_id  TEXT PRIMARY KEY NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        consecutive INTEGER NOT NULL DEFAULT 0,
        total       INTEGER NOT NULL DEFAULT 0,
        updated_at  INTEGER NOT NULL
    ) WITHOUT ROWID;
    "#,
    // v2: what each judged call left behind for later judgments (files created and written,
    // remotes, secrets read; `belay_action::CallFacts` as JSON), worked out once when the call is
    // recorded so a later call does not re-parse the whole history. NULL: derive when needed.
    r#"
    ALTER TABLE calls ADD COLUMN facts_json TEXT;
    "#,
    // v3: the model tier.
    r#"
    -- Every request to the model tier (and every answer served from its cache), linked to
    -- the judged call by (session_id, tool_use_id).
    CREATE TABLE model_calls (
        id            INTEGER PRIMARY KEY,
        session_id    TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        tool_use_id   TEXT,
        stage         TEXT NOT NULL CHECK (stage IN ('stage1', 'stage2', 'cache')),
        provider      TEXT NOT NULL,
        model         TEXT NOT NULL,
        cache_key     TEXT NOT NULL,
        latency_ms    INTEGER NOT NULL,
        input_tokens  INTEGER,
        output_tokens INTEGER,
        -- 'block' or 'allow' (what this stage answered), or 'error'.
        outcome       TEXT NOT NULL CHECK (outcome IN ('block', 'allow', 'error')),
        -- The error kind (timeout, http, unparsable, missing-key, ...) when outcome = 'error'.
        error         TEXT,
        detail        TEXT,
        at            INTEGER NOT NULL
    );
    CREATE INDEX model_calls_by_session ON model_calls (session_id, id);
    CREATE INDEX model_calls_by_tool_use ON model_calls (tool_use_id)
        WHERE tool_use_id IS NOT NULL;

    -- Model verdicts by the hash of everything that determines them (provider, endpoint,
    -- model, system prompt, transcript, stage), so an identical question is not asked twice.
    CREATE TABLE model_cache (
        key          TEXT PRIMARY KEY NOT NULL,
        verdict_json TEXT NOT NULL,
        at           INTEGER NOT NULL
    ) WITHOUT ROWID;
    "#,
    // v4: the calls the rules learn from (run or maybe run, and not known to leave nothing
    // behind), so a hook reads only those rows (`HistoryDetail::Facts`) instead of stepping
    // through every earlier call of a long session.
    r#"
    CREATE INDEX calls_with_facts ON calls (session_id, id)
        WHERE event = 'pre' AND decision IS NOT 'deny' AND facts_json IS NOT '{}';
    "#,
];

/// The schema version this code writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

fn user_version(conn: &Connection, path: &Path) -> Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .map_err(|e| StoreError::from_sqlite(path, "reading the schema version", e))
}

/// Bring `conn` up to `migrations.len()`, or refuse a database that is ahead of it.
pub(crate) fn migrate(conn: &Connection, path: &Path, migrations: &[&str]) -> Result<()> {
    let known = migrations.len() as i64;
    let found = user_version(conn, path)?;
    if found == known {
        return Ok(());
    }
    if found > known {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known,
        });
    }
    let err = |e| StoreError::from_sqlite(path, "migrating the schema", e);
    let tx =
        rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate).map_err(err)?;
    // Another process may have migrated while we waited for the write lock.
    let found = user_version(&tx, path)?;
    if found > known {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known,
        });
    }
    for sql in &migrations[found as usize..] {
        tx.execute_batch(sql).map_err(err)?;
    }
    tx.pragma_update(None, "user_version", known).map_err(err)?;
    tx.commit().map_err(err)
}
