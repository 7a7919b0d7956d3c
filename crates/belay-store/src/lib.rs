//! belay-store: belay's memory and audit log in an embedded SQLite database.
//!
//! Every `belay hook` process opens the store, reads what it needs about the session (the user's
//! prompts, earlier calls, taint from injected content, denial counters), and records the call and
//! its verdict. Many such processes run at once, so the database is in WAL mode with a busy timeout
//! of [`BUSY_TIMEOUT`]; every multi-statement write is one `BEGIN IMMEDIATE` transaction, so
//! writers queue instead of failing. `synchronous=NORMAL`: a power cut may lose the last few
//! records, never corrupt the file.
//!
//! The same tables are the audit log: [`Store::query_calls`] and [`Store::stats`] serve
//! `belay log` and `belay stats`.
//!
//! This crate knows the shared vocabulary of `belay_action` and nothing about hook protocols,
//! shells or policy. Timestamps are unix milliseconds.
//!
//! ```no_run
//! use belay_store::{CallRecord, Store};
//! # fn demo(action: &belay_action::Action, verdict: &belay_action::Verdict) -> Result<(), belay_store::StoreError> {
//! let store = Store::open_default()?;
//! store.ensure_session("sess-1", "claude-code", &action.cwd, None)?;
//! let session = store.load_session("sess-1", std::path::Path::new("/home/me"))?;
//! // ... judge `action` in `session` ...
//! let denials = store.note_decision("sess-1", verdict.decision)?;
//! store.record_call(&CallRecord::pre("sess-1", "claude-code", action, verdict, 850))?;
//! # let _ = (session, denials); Ok(()) }
//! ```

mod error;
mod model;
mod query;
mod schema;

use std::cell::Cell;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use belay_action::{
    Action, CallFacts, Category, Decision, PastCall, Session, Severity, Suspect, Verdict,
};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

pub use error::{Result, StoreError};
pub use model::{ModelCallRecord, ModelCallRow};
pub use query::{CallFilter, CallRow, SessionRow, Stats};
pub use schema::LATEST_VERSION;

/// How long a writer waits for another process's write lock before giving up. A write holds the
/// lock for about a millisecond, but on a loaded machine the holder can be descheduled for far
/// longer (2 s was exceeded with 16 concurrent hooks at a load average of 30); giving up loses a
/// record, so wait well within the agents' hook timeouts (belay installs 10 s).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How many earlier calls [`Store::load_session`] puts in [`Session::history`] (the most recent):
/// as many as the policy looks back on (`belay_policy::HISTORY_CALLS`), no more, since every
/// hook event reads them.
pub const DEFAULT_HISTORY_LIMIT: usize = 100;

/// Past this size the WAL is checkpointed and truncated by the next writer (64 pages of 4 KiB):
/// every process that opens the store reads the whole WAL, and a checkpoint costs an fsync, so
/// this trades about one fsync per dozen hook events for a cheap open.
pub const WAL_TRUNCATE_BYTES: u64 = 64 * 4096;

/// The database file name inside belay's data directory.
pub const DB_FILE_NAME: &str = "belay.db";

/// How much of each earlier call [`Store::history`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryDetail {
    /// Every call with its tool, input and facts: for showing the history (to the model tier).
    Full,
    /// What the rules need, and only that (the hook's judgment without the model tier): calls
    /// known to leave nothing behind (`{}` facts) are not read and do not count towards the
    /// limit (so the rules see as many calls that matter as possible, from further back), and
    /// a call with stored facts comes without its input (`Value::Null`), so a written file's
    /// whole content is not read and parsed again on every later call. Calls whose facts are
    /// unknown come with their input, to derive the facts from.
    Facts,
}

/// Which hook a recorded call came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Event {
    /// Before the tool runs (`PreToolUse`): the call belay judged.
    Pre,
    /// After the tool ran (`PostToolUse`).
    Post,
}

impl Event {
    /// `"pre"` or `"post"`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Pre => "pre",
            Event::Post => "post",
        }
    }

    /// The inverse of [`Event::as_str`].
    pub fn parse(s: &str) -> Option<Event> {
        match s {
            "pre" => Some(Event::Pre),
            "post" => Some(Event::Post),
            _ => None,
        }
    }
}

/// One tool call to record in the audit log. Build it with [`CallRecord::pre`] or fill the fields.
#[derive(Debug, Clone, Copy)]
pub struct CallRecord<'a> {
    pub session: &'a str,
    /// The agent, e.g. `claude-code`.
    pub agent: &'a str,
    pub event: Event,
    pub tool: &'a str,
    pub input: &'a serde_json::Value,
    pub cwd: &'a Path,
    /// The verdict; `None` for an event belay only observed (e.g. a post-tool record).
    pub verdict: Option<&'a Verdict>,
    /// Time belay spent on the call, in microseconds.
    pub latency_us: u64,
    /// The agent's id for the tool call (Claude Code's `tool_use_id`), linking pre, post and
    /// [`Store::record_result`].
    pub tool_use_id: Option<&'a str>,
    /// What the call leaves behind for later judgments, if worked out (see [`PastCall::facts`]).
    pub facts: Option<&'a CallFacts>,
}

impl<'a> CallRecord<'a> {
    /// A pre-tool call judged with `verdict`. Set [`CallRecord::tool_use_id`] if the agent gave one.
    pub fn pre(
        session: &'a str,
        agent: &'a str,
        action: &'a Action,
        verdict: &'a Verdict,
        latency_us: u64,
    ) -> Self {
        CallRecord {
            session,
            agent,
            event: Event::Pre,
            tool: &action.tool,
            input: &action.input,
            cwd: &action.cwd,
            verdict: Some(verdict),
            latency_us,
            tool_use_id: None,
            facts: None,
        }
    }

    /// Set the agent's tool-call id.
    pub fn with_tool_use_id(mut self, tool_use_id: Option<&'a str>) -> Self {
        self.tool_use_id = tool_use_id;
        self
    }

    /// Set what the call leaves behind for later judgments.
    pub fn with_facts(mut self, facts: Option<&'a CallFacts>) -> Self {
        self.facts = facts;
        self
    }
}

/// A session's denial counters, after [`Store::note_decision`] or from [`Store::denials`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DenialState {
    /// Denials since the last allow.
    pub consecutive: u32,
    /// Denials in the whole session.
    pub total: u32,
}

/// One screened tool result, from [`Store::results`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultRow {
    pub id: i64,
    pub session_id: String,
    /// The pre-tool call with the same `tool_use_id`, if it was recorded first.
    pub call_id: Option<i64>,
    pub tool_use_id: Option<String>,
    pub tool: String,
    pub findings: serde_json::Value,
    pub injected: bool,
    pub at_ms: i64,
}

/// The current time in unix milliseconds (0 if the clock is before 1970).
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Where the database lives, from explicit values of `BELAY_HOME`, `XDG_DATA_HOME` and `HOME`
/// (empty values count as unset): `$BELAY_HOME/belay.db`, else `$XDG_DATA_HOME/belay/belay.db`,
/// else `$HOME/.local/share/belay/belay.db`. Pure, for tests; [`default_path`] reads the
/// environment.
pub fn resolve_default_path(
    belay_home: Option<OsString>,
    xdg_data_home: Option<OsString>,
    home: Option<OsString>,
) -> Option<PathBuf> {
    let set = |v: Option<OsString>| v.filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = set(belay_home) {
        return Some(dir.join(DB_FILE_NAME));
    }
    if let Some(dir) = set(xdg_data_home) {
        return Some(dir.join("belay").join(DB_FILE_NAME));
    }
    set(home).map(|h| h.join(".local/share/belay").join(DB_FILE_NAME))
}

/// Where [`Store::open_default`] puts the database (see [`resolve_default_path`]).
pub fn default_path() -> Result<PathBuf> {
    resolve_default_path(
        std::env::var_os("BELAY_HOME"),
        std::env::var_os("XDG_DATA_HOME"),
        std::env::var_os("HOME"),
    )
    .ok_or(StoreError::NoHome)
}

/// An open store: one SQLite connection. Not `Sync`; open one per thread (opening is cheap).
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

fn decision_parse(s: &str) -> Option<Decision> {
    match s {
        "allow" => Some(Decision::Allow),
        "ask" => Some(Decision::Ask),
        "deny" => Some(Decision::Deny),
        _ => None,
    }
}

fn severity_parse(s: &str) -> Option<Severity> {
    match s {
        "soft" => Some(Severity::Soft),
        "hard" => Some(Severity::Hard),
        _ => None,
    }
}

/// Parse stored JSON text; text that is somehow not JSON comes back as a JSON string.
fn json_or_string(text: String) -> serde_json::Value {
    serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
}

fn path_text(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Put the database in WAL mode (persistent; on a WAL database this is a cheap no-op) and check
/// that it took.
///
/// When several processes create the database at once, the switch from the rollback journal can
/// fail with `SQLITE_BUSY` at once, without consulting the busy handler, so it is retried here
/// until [`BUSY_TIMEOUT`]. SQLite reports a switch it cannot make (a file system without shared
/// memory, for one) by answering with the old mode; belay refuses that rather than run with
/// readers and writers blocking each other.
fn enable_wal(conn: &Connection, path: &Path) -> Result<()> {
    let context = "switching to write-ahead logging";
    let mut attempt = 0;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") || mode.eq_ignore_ascii_case("memory") => {
                return Ok(());
            }
            Ok(mode) => {
                return Err(StoreError::NoWal {
                    path: path.to_path_buf(),
                    mode,
                });
            }
            Err(e) if error::is_lock_conflict(e.sqlite_error_code()) && wait_for_lock(attempt) => {
                attempt += 1
            }
            Err(e) => return Err(StoreError::from_sqlite(path, context, e)),
        }
    }
}

thread_local! {
    /// When the current busy episode of this thread began.
    static WAITING_SINCE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// Cleared while this thread does work that must not wait for a lock (see
    /// [`Store::keep_wal_short`]); the busy handler is per connection and needs `&mut`.
    static LOCK_WAITS: Cell<bool> = const { Cell::new(true) };
}

/// The busy handler: called by SQLite with the number of earlier calls for the same lock;
/// sleeps and answers whether to try again.
///
/// SQLite's own busy timeout sleeps 1, 2, 5, 10 … up to 100 ms between tries. A hook holds the
/// write lock for well under a millisecond, so those sleeps are mostly idle time added to the
/// agent's wait, and a waiter that looks only every 100 ms can starve behind writers that look
/// more often: with 16 writers in a loop on a loaded 2-core machine, one waited out the whole
/// [`BUSY_TIMEOUT`]. So waiters look often (every 50 µs at first, at most every 2 ms), with a
/// little jitter so that they do not move in step, and give up after [`BUSY_TIMEOUT`].
fn wait_for_lock(attempt: i32) -> bool {
    if !LOCK_WAITS.get() {
        return false;
    }
    let now = Instant::now();
    let since = WAITING_SINCE.with(|since| {
        if attempt == 0 || since.get().is_none() {
            since.set(Some(now));
        }
        since.get().unwrap_or(now)
    });
    if now.duration_since(since) >= BUSY_TIMEOUT {
        return false;
    }
    let base = Duration::from_micros(50) * 2u32.saturating_pow(attempt.clamp(0, 6) as u32);
    let base = base.min(Duration::from_millis(2));
    // Jitter from the clock's low bits: up to half the base again.
    let jitter_us =
        now.duration_since(since).subsec_nanos() as u64 / 1_000 % (base.as_micros() as u64 / 2 + 1);
    std::thread::sleep(base + Duration::from_micros(jitter_us));
    true
}

/// Process-wide SQLite settings, applied once before the first connection (SQLite takes them
/// only before it initialises), for the short-lived hook process (callgrind and page faults of
/// one hook event):
/// - no allocation statistics: belay never reads them, and keeping them takes a global mutex
///   around every allocation (~140 000 instructions, 7% of the event);
/// - a small lookaside pool (32 slots of 256 bytes) instead of the default 120 KB, which is
///   set up page by page on every open: 10 page faults fewer, at about the same instructions.
fn configure_sqlite() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: called before any connection exists (every connection is opened after this
        // `Once`), with the arguments each option documents (ints). If SQLite was
        // initialised already by other code in the process it answers SQLITE_MISUSE and keeps
        // its settings, which is harmless.
        unsafe {
            rusqlite::ffi::sqlite3_config(
                rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS,
                0 as std::ffi::c_int,
            );
            rusqlite::ffi::sqlite3_config(
                rusqlite::ffi::SQLITE_CONFIG_LOOKASIDE,
                256 as std::ffi::c_int,
                32 as std::ffi::c_int,
            );
        }
    });
}

impl Store {
    /// Open (creating if needed) the database at `path`, creating its directory too, and bring the
    /// schema up to date. Fails with a clear [`StoreError`] for a read-only location, a file that
    /// is not a database, a lock held too long, or a schema newer than this code.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with_migrations(path, schema::MIGRATIONS)
    }

    /// Open the database at [`default_path`].
    pub fn open_default() -> Result<Store> {
        Self::open(&default_path()?)
    }

    /// A private in-memory database (tests, `belay eval`).
    pub fn open_in_memory() -> Result<Store> {
        let path = PathBuf::from(":memory:");
        configure_sqlite();
        let conn = Connection::open_in_memory()
            .map_err(|e| StoreError::from_sqlite(&path, "opening", e))?;
        Self::setup(conn, path, schema::MIGRATIONS)
    }

    /// Open with an explicit migration list. For testing the migration machinery only.
    #[doc(hidden)]
    pub fn open_with_migrations(path: &Path, migrations: &[&str]) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        configure_sqlite();
        let conn =
            Connection::open(path).map_err(|e| StoreError::from_sqlite(path, "opening", e))?;
        Self::setup(conn, path.to_path_buf(), migrations)
    }

    fn setup(mut conn: Connection, path: PathBuf, migrations: &[&str]) -> Result<Store> {
        conn.busy_handler(Some(wait_for_lock))
            .map_err(|e| StoreError::from_sqlite(&path, "setting the busy handler", e))?;
        enable_wal(&conn, &path)?;
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 256;",
        )
        .map_err(|e| StoreError::from_sqlite(&path, "configuring the connection", e))?;
        // A hook process is short-lived: checkpointing (and fsyncing) the WAL every time the last
        // connection closes would dominate its cost. But the first connection of a process
        // rebuilds the WAL index from the whole WAL file, and that rebuild forgets what was
        // already checkpointed, so the WAL is never restarted and grows with every event (and
        // every open reads all of it: 1 000 frames cost 2.4 M instructions, more than the rest
        // of a hook event). So a writer truncates the WAL once it passes WAL_TRUNCATE_BYTES
        // ([`Store::write`]); the auto-checkpoint stays as a backstop.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(|e| StoreError::from_sqlite(&path, "configuring the connection", e))?;
        schema::migrate(&conn, &path, migrations)?;
        Ok(Store { conn, path })
    }

    /// The database file (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.err("reading the schema version", e))
    }

    fn err(&self, context: &'static str, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(&self.path, context, e)
    }

    /// Run `f` in a `BEGIN IMMEDIATE` transaction: writers take the lock up front, so the busy
    /// timeout applies instead of a deadlock error on lock upgrade.
    fn write<T>(
        &self,
        context: &'static str,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|e| self.err(context, e))?;
        let value = f(&tx).map_err(|e| self.err(context, e))?;
        tx.commit().map_err(|e| self.err(context, e))?;
        self.keep_wal_short();
        Ok(value)
    }

    /// Checkpoints and truncates the WAL when it has grown past [`WAL_TRUNCATE_BYTES`], without
    /// waiting: when another process is reading or writing, a later writer will do it. The
    /// records are safe either way (they are in the WAL); this only keeps opening cheap.
    /// Every write does this.
    pub fn keep_wal_short(&self) {
        self.keep_wal_under(WAL_TRUNCATE_BYTES);
    }

    /// [`Store::keep_wal_short`] with another bound: a long-lived owner that is idle truncates
    /// whatever the WAL holds (`0`), when nobody waits for the checkpoint's fsyncs.
    pub fn keep_wal_under(&self, bytes: u64) {
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        let large = std::fs::metadata(&wal).is_ok_and(|m| m.len() > bytes);
        if !large {
            return;
        }
        LOCK_WAITS.set(false);
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        LOCK_WAITS.set(true);
    }

    /// Make sure the session row exists (referenced by every session-scoped table), created
    /// with `agent` and `cwd` when they are known. One statement for every caller: each
    /// distinct SQL text costs a hook process a fresh prepare.
    pub(crate) fn touch_session(
        conn: &Connection,
        session: &str,
        agent: Option<&str>,
        cwd: Option<&str>,
        now: i64,
    ) -> rusqlite::Result<()> {
        conn.prepare_cached(
            "INSERT INTO sessions (id, agent, cwd, started_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![session, agent, cwd, now])?;
        Ok(())
    }

    /// Record a session (idempotent). A session first seen through another call (say
    /// [`Store::add_prompt`]) gets its unknown agent, cwd and transcript path filled in; known
    /// values are kept, so the cwd stays the one the session started in.
    pub fn ensure_session(
        &self,
        id: &str,
        agent: &str,
        cwd: &Path,
        transcript_path: Option<&Path>,
    ) -> Result<()> {
        let transcript = transcript_path.map(path_text);
        self.conn
            .prepare_cached(
                "INSERT INTO sessions (id, agent, cwd, transcript_path, started_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET
                    agent = COALESCE(sessions.agent, excluded.agent),
                    cwd = COALESCE(sessions.cwd, excluded.cwd),
                    transcript_path = COALESCE(sessions.transcript_path, excluded.transcript_path)",
            )
            .and_then(|mut st| st.execute(params![id, agent, path_text(cwd), transcript, now_ms()]))
            .map_err(|e| self.err("recording the session", e))?;
        Ok(())
    }

    /// The session's row, if it exists.
    pub fn session(&self, id: &str) -> Result<Option<SessionRow>> {
        self.conn
            .prepare_cached(
                "SELECT id, agent, cwd, transcript_path, started_at FROM sessions WHERE id = ?1",
            )
            .and_then(|mut st| st.query_row([id], SessionRow::from_row).optional())
            .map_err(|e| self.err("reading the session", e))
    }

    /// Append one of the user's own messages; returns its sequence number (1, 2, ...).
    pub fn add_prompt(&self, session: &str, text: &str) -> Result<i64> {
        self.write("recording the prompt", |c| {
            let now = now_ms();
            Self::touch_session(c, session, None, None, now)?;
            c.prepare_cached(
                "INSERT INTO prompts (session_id, seq, text, at)
                 SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3 FROM prompts WHERE session_id = ?1
                 RETURNING seq",
            )?
            .query_row(params![session, text, now], |r| r.get(0))
        })
    }

    /// The user's messages in the session, oldest first.
    pub fn prompts(&self, session: &str) -> Result<Vec<String>> {
        // Sorted here, not by ORDER BY: SQLite marks a statement with `= ?` and ORDER BY to be
        // prepared again whenever it is rebound, which a long-lived process pays on every
        // event (see the resident hook). The rows are few.
        let mut rows: Vec<(i64, String)> = self
            .conn
            .prepare_cached("SELECT seq, text FROM prompts WHERE session_id = ?1")
            .and_then(|mut st| {
                st.query_map([session], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect()
            })
            .map_err(|e| self.err("reading prompts", e))?;
        rows.sort_unstable_by_key(|(seq, _)| *seq);
        Ok(rows.into_iter().map(|(_, text)| text).collect())
    }

    /// Record a tool call and its verdict; returns the row id. Creates the session row if this is
    /// the first belay hears of the session.
    pub fn record_call(&self, rec: &CallRecord<'_>) -> Result<i64> {
        self.write("recording the call", |c| {
            Self::touch_call_session(c, rec)?;
            Self::insert_call(c, rec)
        })
    }

    /// A judged call in one write: count `decision` (the judge's, before any escalation) against
    /// the session's denial counters as [`Store::note_decision`] does, let `finish` settle the
    /// final `verdict` from the counters (e.g. escalate repeated denials), and record `rec` with
    /// that verdict as [`Store::record_call`] does. One transaction instead of two: every hook
    /// event pays for each. Returns the counters. `finish` runs at most once; if the write fails
    /// afterwards, `verdict` keeps what `finish` made of it.
    pub fn record_decision(
        &self,
        decision: Decision,
        rec: &CallRecord<'_>,
        verdict: &mut Verdict,
        finish: impl FnOnce(&mut Verdict, DenialState),
    ) -> Result<DenialState> {
        self.write("recording the call", |c| {
            // A session with denial counters has its row (the counters' foreign key), so only
            // its first judged call creates the row and the counters: one statement, not three,
            // for every later call (each distinct statement costs a hook process a prepare).
            let state = match Self::count_existing_decision(c, rec.session, decision)? {
                Some(state) => state,
                None => {
                    Self::touch_call_session(c, rec)?;
                    Self::count_decision(c, rec.session, decision)?
                }
            };
            finish(verdict, state);
            let rec = CallRecord {
                verdict: Some(verdict),
                ..*rec
            };
            Self::insert_call(c, &rec)?;
            Ok(state)
        })
    }

    /// The session row for a call, created with the call's agent and cwd if it is new.
    fn touch_call_session(c: &Connection, rec: &CallRecord<'_>) -> rusqlite::Result<()> {
        let cwd = path_text(rec.cwd);
        Self::touch_session(c, rec.session, Some(rec.agent), Some(&cwd), now_ms())
    }

    /// Inserts the call row (the session row must exist).
    fn insert_call(c: &Connection, rec: &CallRecord<'_>) -> rusqlite::Result<i64> {
        let input = rec.input.to_string();
        let v = rec.verdict;
        let effects = v.map(|v| serde_json::Value::from(v.effects.clone()).to_string());
        // `{}` for a call known to leave nothing behind; NULL only when unknown (derive later).
        let facts = rec.facts.and_then(|f| serde_json::to_string(f).ok());
        let latency = i64::try_from(rec.latency_us).unwrap_or(i64::MAX);
        let now = now_ms();
        c.prepare_cached(
            "INSERT INTO calls (session_id, agent, event, tool, tool_use_id, input_json, cwd,
                decision, rule, category, severity, reason, effects_json, latency_us, at,
                facts_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?
        .execute(params![
            rec.session,
            rec.agent,
            rec.event.as_str(),
            rec.tool,
            rec.tool_use_id,
            input,
            path_text(rec.cwd),
            v.map(|v| v.decision.as_str()),
            v.and_then(|v| v.rule.as_deref()),
            v.map(|v| v.category.as_str()),
            v.and_then(|v| v.severity).map(Severity::as_str),
            v.map(|v| v.reason.as_str()),
            effects,
            latency,
            now,
            facts,
        ])?;
        Ok(c.last_insert_rowid())
    }

    /// The session's last `limit` pre-tool calls, oldest first, as the policy sees history.
    /// Denied calls are left out: they never ran, so they cannot have written a script or read a
    /// secret. Allowed and asked calls are included (an asked call may have been approved).
    /// With [`HistoryDetail::Facts`], of those calls only the ones that matter to the rules.
    pub fn history(
        &self,
        session: &str,
        limit: usize,
        detail: HistoryDetail,
    ) -> Result<Vec<PastCall>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let sql = match detail {
            HistoryDetail::Full => {
                "SELECT tool, input_json, facts_json FROM calls
                 WHERE session_id = ?1 AND event = 'pre' AND decision IS NOT 'deny'
                 ORDER BY id DESC LIMIT ?2"
            }
            // The WHERE clause is the partial index `calls_with_facts`'s, term for term, so
            // SQLite can read that index and visit no other row; without statistics its
            // planner prefers `calls_by_session`, which steps through every call: hence
            // INDEXED BY (an error, not a slow plan, if the index could not be used).
            HistoryDetail::Facts => {
                "SELECT tool, CASE WHEN facts_json IS NULL THEN input_json END, facts_json
                 FROM calls INDEXED BY calls_with_facts
                 WHERE session_id = ?1
                   AND event = 'pre' AND decision IS NOT 'deny' AND facts_json IS NOT '{}'
                 ORDER BY id DESC LIMIT ?2"
            }
        };
        // Newest first, as the LIMIT needs; turned oldest first here rather than by an outer
        // SELECT, which would double what a hook process pays to prepare the statement.
        let mut calls: Vec<PastCall> = self
            .conn
            .prepare_cached(sql)
            .and_then(|mut st| {
                st.query_map(params![session, limit], |r| {
                    let facts: Option<String> = r.get(2)?;
                    let input: Option<String> = r.get(1)?;
                    Ok(PastCall {
                        tool: r.get(0)?,
                        input: input.map_or(serde_json::Value::Null, json_or_string),
                        // Unreadable facts are derived again rather than trusted half-read.
                        facts: facts.and_then(|f| serde_json::from_str(&f).ok()),
                    })
                })?
                .collect()
            })
            .map_err(|e| self.err("reading the call history", e))?;
        calls.reverse();
        Ok(calls)
    }

    /// Record the injection screening of a tool's output; returns the row id. The row is linked
    /// to the pre-tool call with the same `tool_use_id` when there is one.
    pub fn record_result(
        &self,
        session: &str,
        tool_use_id: Option<&str>,
        tool: &str,
        findings: &serde_json::Value,
        injected: bool,
    ) -> Result<i64> {
        let findings = findings.to_string();
        self.write("recording the tool result", |c| {
            let now = now_ms();
            Self::touch_session(c, session, None, None, now)?;
            c.prepare_cached(
                "INSERT INTO results (session_id, call_id, tool_use_id, tool, findings_json,
                    injected, at)
                 VALUES (?1, (SELECT MAX(id) FROM calls
                              WHERE ?2 IS NOT NULL AND tool_use_id = ?2 AND session_id = ?1
                                AND event = 'pre'),
                         ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![session, tool_use_id, tool, findings, injected, now])?;
            Ok(c.last_insert_rowid())
        })
    }

    /// The session's screened results, oldest first.
    pub fn results(&self, session: &str) -> Result<Vec<ResultRow>> {
        self.conn
            .prepare_cached(
                "SELECT id, session_id, call_id, tool_use_id, tool, findings_json, injected, at
                 FROM results WHERE session_id = ?1 ORDER BY id",
            )
            .and_then(|mut st| {
                st.query_map([session], |r| {
                    Ok(ResultRow {
                        id: r.get(0)?,
                        session_id: r.get(1)?,
                        call_id: r.get(2)?,
                        tool_use_id: r.get(3)?,
                        tool: r.get(4)?,
                        findings: json_or_string(r.get(5)?),
                        injected: r.get(6)?,
                        at_ms: r.get(7)?,
                    })
                })?
                .collect()
            })
            .map_err(|e| self.err("reading tool results", e))
    }

    /// Mark the session as tainted by these strings; duplicates (same text and source) are kept
    /// once. Returns how many were new.
    pub fn add_suspects(&self, session: &str, suspects: &[Suspect]) -> Result<usize> {
        if suspects.is_empty() {
            return Ok(0);
        }
        self.write("recording suspects", |c| {
            let now = now_ms();
            Self::touch_session(c, session, None, None, now)?;
            let mut st = c.prepare_cached(
                "INSERT INTO suspects (session_id, text, source, at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO NOTHING",
            )?;
            let mut added = 0;
            for s in suspects {
                added += st.execute(params![session, s.text, s.source, now])?;
            }
            Ok(added)
        })
    }

    /// The session's suspects, in the order first seen.
    pub fn suspects(&self, session: &str) -> Result<Vec<Suspect>> {
        // Sorted here, not by ORDER BY, for the reason given in [`Store::prompts`].
        let mut rows: Vec<(i64, Suspect)> = self
            .conn
            .prepare_cached("SELECT id, text, source FROM suspects WHERE session_id = ?1")
            .and_then(|mut st| {
                st.query_map([session], |r| {
                    let suspect = Suspect {
                        text: r.get(1)?,
                        source: r.get(2)?,
                    };
                    Ok((r.get(0)?, suspect))
                })?
                .collect()
            })
            .map_err(|e| self.err("reading suspects", e))?;
        rows.sort_unstable_by_key(|(id, _)| *id);
        Ok(rows.into_iter().map(|(_, suspect)| suspect).collect())
    }

    /// Everything the policy needs about a session: prompts, the last
    /// [`DEFAULT_HISTORY_LIMIT`] calls (see [`Store::history`]; `detail` says how much of
    /// them), suspects. `environment` is left empty (it comes from configuration); `home` is
    /// passed through. An unknown session gives an empty [`Session`]. Read in one transaction,
    /// so the parts are consistent.
    pub fn load_session(&self, id: &str, home: &Path, detail: HistoryDetail) -> Result<Session> {
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)
            .map_err(|e| self.err("reading the session", e))?;
        let session = Session {
            prompts: self.prompts(id)?,
            environment: Vec::new(),
            history: self.history(id, DEFAULT_HISTORY_LIMIT, detail)?,
            suspects: self.suspects(id)?,
            home: home.to_path_buf(),
            severity: Default::default(),
        };
        tx.commit()
            .map_err(|e| self.err("reading the session", e))?;
        Ok(session)
    }

    /// Count a decision against the session and return the counters after it:
    /// a `Deny` adds one to both counters; an `Allow` resets `consecutive` to 0; an `Ask` changes
    /// nothing (a person decides, and belay does not learn which way). Pass the decision the
    /// policy reached *before* any escalation of repeated denials, so the escalation does not
    /// reset the count that caused it.
    pub fn note_decision(&self, session: &str, decision: Decision) -> Result<DenialState> {
        self.write("updating denial counters", |c| {
            Self::touch_session(c, session, None, None, now_ms())?;
            Self::count_decision(c, session, decision)
        })
    }

    /// [`Store::count_decision`] for a session that has counters already; `None` (and nothing
    /// written) when it has none.
    fn count_existing_decision(
        c: &Connection,
        session: &str,
        decision: Decision,
    ) -> rusqlite::Result<Option<DenialState>> {
        let (deny, reset) = denial_step(decision);
        c.prepare_cached(
            "UPDATE denials SET
                consecutive = CASE WHEN ?3 THEN 0 ELSE consecutive + ?2 END,
                total = total + ?2,
                updated_at = ?4
             WHERE session_id = ?1
             RETURNING consecutive, total",
        )?
        .query_row(params![session, deny, reset, now_ms()], |r| {
            Ok(DenialState {
                consecutive: r.get(0)?,
                total: r.get(1)?,
            })
        })
        .optional()
    }

    fn count_decision(
        c: &Connection,
        session: &str,
        decision: Decision,
    ) -> rusqlite::Result<DenialState> {
        let (deny, reset) = denial_step(decision);
        let now = now_ms();
        c.prepare_cached(
            "INSERT INTO denials (session_id, consecutive, total, updated_at)
             VALUES (?1, ?2, ?2, ?4)
             ON CONFLICT (session_id) DO UPDATE SET
                consecutive = CASE WHEN ?3 THEN 0 ELSE denials.consecutive + ?2 END,
                total = denials.total + ?2,
                updated_at = ?4
             RETURNING consecutive, total",
        )?
        .query_row(params![session, deny, reset, now], |r| {
            Ok(DenialState {
                consecutive: r.get(0)?,
                total: r.get(1)?,
            })
        })
    }

    /// The session's denial counters (zero for an unknown session).
    pub fn denials(&self, session: &str) -> Result<DenialState> {
        self.conn
            .prepare_cached("SELECT consecutive, total FROM denials WHERE session_id = ?1")
            .and_then(|mut st| {
                st.query_row([session], |r| {
                    Ok(DenialState {
                        consecutive: r.get(0)?,
                        total: r.get(1)?,
                    })
                })
                .optional()
            })
            .map(Option::unwrap_or_default)
            .map_err(|e| self.err("reading denial counters", e))
    }
}

/// How a decision moves the denial counters: (denials to add, whether `consecutive` resets).
fn denial_step(decision: Decision) -> (i64, bool) {
    match decision {
        Decision::Deny => (1, false),
        Decision::Allow => (0, true),
        Decision::Ask => (0, false),
    }
}

pub(crate) fn parse_decision(s: Option<String>) -> Option<Decision> {
    s.as_deref().and_then(decision_parse)
}

pub(crate) fn parse_category(s: Option<String>) -> Option<Category> {
    s.as_deref().and_then(Category::parse)
}

pub(crate) fn parse_severity(s: Option<String>) -> Option<Severity> {
    s.as_deref().and_then(severity_parse)
}

pub(crate) fn parse_effects(s: Option<String>) -> Vec<String> {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

pub(crate) use json_or_string as parse_json;
