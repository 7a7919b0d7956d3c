//! The resident hook: one long-lived `belay` process that answers hook events over a Unix
//! socket, so that the `belay hook` an agent starts on every tool call is a thin client.
//!
//! Why: a fresh hook process pays, on every call, for what does not change between calls:
//! SQLite parsing the store's schema and preparing its statements, and, for PostToolUse, the
//! injection detector compiling its patterns. The resident process keeps its stores open and
//! its patterns compiled; the client only reads the event, hands it over and prints the answer.
//! It is on by default; `BELAY_RESIDENT=off` in the agent's environment turns it off.
//!
//! How it stays the same judgment: the server runs [`crate::hook::answer_event`], the code a
//! hook process runs, with the same environment. A server serves only clients whose
//! environment fingerprint ([`Endpoint`]: the variables belay reads) and executable are its
//! own; the socket's name carries the fingerprint, so other environments get their own server.
//!
//! How it fails: closed, and never slower than without it. Whatever goes wrong on the client's
//! side (no server, a refused or broken connection, a late answer) ends in the event being
//! answered in the client's own process, as without a server; a client that finds no server
//! starts one for the next call. A server that is idle for [`IDLE_EXIT`], whose socket was
//! removed, or whose executable changed, exits; a client whose answer broke or came late
//! removes the socket, so a hung server is replaced. A server that judges for longer than
//! [`KEEPALIVE_EVERY`] (a model tier can take seconds) says so with a keepalive byte that often,
//! so a client waits for a slow answer as a hook process of its own would: it gives up only
//! after [`ANSWER_TIMEOUT`] of silence or [`LONGEST_ANSWER`] in all.

use crate::hook::{HookOutput, SessionLog, answer_event, home_dir};
use crate::memory::StoreLog;
use belay_store::Store;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The environment variable that turns the resident hook off (`0`, `off`, `false`, `no`), on
/// (the default: unset, empty, `1`, `on`, `true`, `yes`), or makes it required (`require`: an
/// event the resident process does not answer is `ask`, for checking that it works).
pub const ENV: &str = "BELAY_RESIDENT";

/// What [`ENV`] asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Off,
    On,
    Require,
}

/// A value of [`ENV`] that is none of those it takes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{ENV}={0:?} is not one of off, on, require (0/1, false/true, no/yes also work)")]
pub struct UnknownMode(pub String);

impl Mode {
    /// Reads a value of [`ENV`] (`None`: unset).
    pub fn parse(value: Option<&str>) -> Result<Mode, UnknownMode> {
        let Some(value) = value else {
            return Ok(Mode::On);
        };
        match value.trim().to_ascii_lowercase().as_str() {
            "" | "1" | "on" | "true" | "yes" => Ok(Mode::On),
            "0" | "off" | "false" | "no" => Ok(Mode::Off),
            "require" => Ok(Mode::Require),
            _ => Err(UnknownMode(value.to_string())),
        }
    }
}

/// The mode set in this environment. A value it does not know is an error: the caller says so
/// and goes on with the default (on), which answers exactly as off does.
pub fn mode() -> Result<Mode, UnknownMode> {
    match std::env::var(ENV) {
        Ok(value) => Mode::parse(Some(&value)),
        Err(std::env::VarError::NotPresent) => Mode::parse(None),
        Err(std::env::VarError::NotUnicode(v)) => Err(UnknownMode(v.to_string_lossy().into())),
    }
}
/// A server with no event for this long exits.
pub const IDLE_EXIT: Duration = Duration::from_secs(15 * 60);
/// How long a client waits for the server to say anything (an answer or a keepalive) before it
/// answers in its own process.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(4);
/// While it judges an event, the server sends a keepalive byte this often (the first within
/// twice this), so that a slow answer (a model tier can take seconds) is waited for rather than
/// judged twice.
pub const KEEPALIVE_EVERY: Duration = Duration::from_secs(1);
/// The longest a client waits for an answer, keepalives or not: longer than the model tier's
/// two stages at their default timeout (15 s each), shorter than agents' hook timeouts (60 s
/// for Claude Code).
pub const LONGEST_ANSWER: Duration = Duration::from_secs(45);
/// A keepalive byte (never the first byte of [`MAGIC`]).
const KEEPALIVE: u8 = b'.';
/// How often the server checks its socket, its executable and its idle time (and keeps the
/// store's WAL short when it has been idle for [`UPKEEP_WHEN_IDLE`]).
const WATCH_EVERY: Duration = Duration::from_secs(5);
/// Idle for this long, the server checkpoints and truncates the store's WAL, so that events
/// rarely find it past its bound (then the event that writes does it, with fsyncs that take
/// milliseconds) and the hook processes that open the store read little of it.
const UPKEEP_WHEN_IDLE: Duration = Duration::from_secs(1);
/// The first bytes of every request and reply (a protocol change changes them).
const MAGIC: &[u8; 8] = b"BELAYRS2";
/// The longest socket path Linux takes (`sun_path` is 108 bytes with its terminating NUL).
const MAX_SOCKET_PATH: usize = 107;
/// A request larger than this is refused (the hook's own input limit is smaller).
const MAX_REQUEST: usize = 64 * 1024 * 1024;

/// Whether the resident hook is on in this environment (a value [`mode`] does not know counts
/// as the default, on).
pub fn enabled() -> bool {
    mode().unwrap_or(Mode::On) != Mode::Off
}

/// Where the server for this environment listens, and what a client must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub socket: PathBuf,
    /// Hash of the environment variables belay's judgment reads.
    pub fingerprint: u64,
    /// Hash of this executable's identity (device, inode, size, modification time).
    pub executable: u64,
}

impl Endpoint {
    /// The endpoint of this process: the socket sits in a private `run` directory beside the
    /// store. `None` when the store's location or the executable cannot be found, or when a
    /// location belay reads from the environment is a relative path (the server runs in `/`,
    /// so it would read another file than this process would).
    /// `None` too when the socket's path would be longer than a Unix socket address holds
    /// (so no client keeps starting servers that cannot listen).
    pub fn of_this_process() -> Option<Endpoint> {
        let vars: Vec<_> = std::env::vars_os().collect();
        if vars
            .iter()
            .any(|(name, value)| relative_location(name, value))
        {
            return None;
        }
        let dir = run_dir(&belay_store::default_path().ok()?)?;
        let endpoint = Endpoint::new(&dir, environment_fingerprint(vars), executable_identity()?);
        (endpoint.socket.as_os_str().len() < MAX_SOCKET_PATH).then_some(endpoint)
    }

    fn new(dir: &Path, fingerprint: u64, executable: u64) -> Endpoint {
        Endpoint {
            socket: dir.join(format!("hook-{fingerprint:016x}.sock")),
            fingerprint,
            executable,
        }
    }

    fn lock_path(&self) -> PathBuf {
        self.socket.with_extension("lock")
    }
}

/// The private directory beside the store `store` where resident processes listen.
pub fn run_dir(store: &Path) -> Option<PathBuf> {
    Some(store.parent()?.join("run"))
}

/// Whether a variable can change what belay decides or where it keeps its memory: its own
/// settings, the home and configuration directories, the user, the credentials the model tier
/// may read (by the usual names: a model `api_key_env` named otherwise is read from the
/// resident process's own environment), and the proxies its HTTP client follows.
fn judgment_reads(name: &str) -> bool {
    (name.starts_with("BELAY_") && name != ENV)
        || matches!(
            name,
            "HOME" | "USER" | "XDG_CONFIG_HOME" | "XDG_DATA_HOME" | "CLAUDE_CONFIG_DIR"
        )
        || name.ends_with("_KEY")
        || name.ends_with("_TOKEN")
        || name.ends_with("_SECRET")
        || name.to_ascii_lowercase().ends_with("_proxy")
}

/// Whether `name` is a location belay reads (its home, configuration and data directories,
/// its own files) and `value` a relative path, which depends on the working directory.
fn relative_location(name: &std::ffi::OsStr, value: &std::ffi::OsStr) -> bool {
    let location = matches!(
        name.to_str(),
        Some(
            "HOME"
                | "XDG_CONFIG_HOME"
                | "XDG_DATA_HOME"
                | "CLAUDE_CONFIG_DIR"
                | "BELAY_HOME"
                | "BELAY_CONFIG"
        )
    );
    location && !value.is_empty() && Path::new(value).is_relative()
}

/// A hash of the variables that [`judgment_reads`], in name order.
pub fn environment_fingerprint(
    vars: impl IntoIterator<Item = (std::ffi::OsString, std::ffi::OsString)>,
) -> u64 {
    let mut relevant: Vec<_> = vars
        .into_iter()
        .filter(|(name, _)| name.to_str().is_some_and(judgment_reads))
        .collect();
    relevant.sort();
    let mut hasher = DefaultHasher::new();
    relevant.hash(&mut hasher);
    hasher.finish()
}

fn executable_identity() -> Option<u64> {
    let meta = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let mut hasher = DefaultHasher::new();
    (
        meta.dev(),
        meta.ino(),
        meta.size(),
        meta.mtime(),
        meta.mtime_nsec(),
    )
        .hash(&mut hasher);
    Some(hasher.finish())
}

/// Why a client answers in its own process.
#[derive(Debug, thiserror::Error)]
pub enum Miss {
    /// The store's location or this executable cannot be found.
    #[error("no endpoint for a resident process (no store location or executable)")]
    NoEndpoint,
    /// No server listens (or the socket cannot be reached).
    #[error("no resident process: {0}")]
    Absent(std::io::Error),
    /// A server answered that it serves another executable or environment.
    #[error("the resident process serves another belay or environment")]
    Refused,
    /// The connection broke or the answer came late or malformed.
    #[error("the resident process did not answer: {0}")]
    Broken(std::io::Error),
}

/// The client: hands `input` (one event of `agent`) to the server and returns its answer.
pub fn ask(
    endpoint: &Endpoint,
    agent: belay_agents::Agent,
    input: &[u8],
) -> Result<HookOutput, Miss> {
    ask_within(endpoint, agent, input, ANSWER_TIMEOUT, LONGEST_ANSWER)
}

/// [`ask`], giving up after `quiet` without a byte from the server or `longest` in all.
fn ask_within(
    endpoint: &Endpoint,
    agent: belay_agents::Agent,
    input: &[u8],
    quiet: Duration,
    longest: Duration,
) -> Result<HookOutput, Miss> {
    let started = Instant::now();
    let mut stream = UnixStream::connect(&endpoint.socket).map_err(Miss::Absent)?;
    let mut exchange = || -> std::io::Result<Option<HookOutput>> {
        stream.set_write_timeout(Some(quiet))?;
        let mut request = Vec::with_capacity(input.len() + 64);
        request.extend_from_slice(MAGIC);
        request.extend_from_slice(&endpoint.fingerprint.to_le_bytes());
        request.extend_from_slice(&endpoint.executable.to_le_bytes());
        put_bytes(&mut request, agent.as_str().as_bytes());
        put_bytes(&mut request, input);
        stream.write_all(&request)?;
        stream.shutdown(std::net::Shutdown::Write)?;
        let reply = read_reply(&mut stream, started, quiet, longest)?;
        parse_reply(&reply).ok_or_else(|| invalid("malformed reply"))
    };
    match exchange() {
        Ok(Some(out)) => Ok(out),
        Ok(None) => Err(Miss::Refused),
        Err(e) => Err(Miss::Broken(e)),
    }
}

/// Reads the server's reply to its end, without the keepalive bytes before it: each read waits
/// at most `quiet`, all of them together until `longest` after `started`.
fn read_reply(
    stream: &mut UnixStream,
    started: Instant,
    quiet: Duration,
    longest: Duration,
) -> std::io::Result<Vec<u8>> {
    let mut reply = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let left = longest.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("no answer within {longest:?}"),
            ));
        }
        stream.set_read_timeout(Some(quiet.min(left)))?;
        let n = match stream.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(reply);
        }
        let mut got = &chunk[..n];
        if reply.is_empty() {
            while let [KEEPALIVE, rest @ ..] = got {
                got = rest;
            }
        }
        reply.extend_from_slice(got);
    }
}

/// The socket a resident process listens on in `run_dir` (`$BELAY_HOME/run`), if any.
pub fn listening_socket(run_dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(run_dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "sock"))
}

/// After a broken or late answer: removes the server's socket, so that the server (which
/// watches it) exits and the next client starts a fresh one, rather than every later call
/// waiting for [`ANSWER_TIMEOUT`] on a process that hangs.
pub fn retire(socket: Option<&Path>) {
    if let Some(socket) = socket {
        let _ = std::fs::remove_file(socket);
    }
}

/// A client that finds no server starts one at most this often: a server that cannot run
/// here (a file system without Unix sockets, say) must not cost every hook a process start.
pub const RESTART_AFTER: Duration = Duration::from_secs(30);

/// Starts a server in the background (this executable, `belay resident`) with this process's
/// environment, unless one was started for `endpoint` less than [`RESTART_AFTER`] ago (it may
/// still be starting, or it failed). Its output goes nowhere: a server that cannot start
/// leaves the clients answering in their own processes, as before.
pub fn start_server(endpoint: &Endpoint) -> std::io::Result<()> {
    if !claim_start(endpoint, std::time::SystemTime::now())? {
        return Ok(());
    }
    use std::os::unix::process::CommandExt;
    let exe = std::env::current_exe()?;
    std::process::Command::new(exe)
        .arg("resident")
        // Not holding on to the project directory the first client ran in.
        .current_dir("/")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        // Its own process group: the agent's terminal signals do not reach it.
        .process_group(0)
        .spawn()
        .map(drop)
}

/// Whether this client should start a server for `endpoint` at `now`: no start is recorded
/// in the run directory within [`RESTART_AFTER`]. Records this start (creating the private
/// run directory if needed); a start that cannot be recorded is not made.
fn claim_start(endpoint: &Endpoint, now: std::time::SystemTime) -> std::io::Result<bool> {
    let marker = endpoint.socket.with_extension("started");
    if let Ok(at) = std::fs::metadata(&marker).and_then(|m| m.modified())
        && now.duration_since(at).is_ok_and(|age| age < RESTART_AFTER)
    {
        return Ok(false);
    }
    if let Some(dir) = endpoint.socket.parent()
        && !dir.is_dir()
    {
        std::fs::create_dir_all(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    std::fs::File::create(&marker)?.set_modified(now)?;
    Ok(true)
}

fn put_bytes(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    buf.extend_from_slice(bytes);
}

fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string())
}

/// Reads what [`put_bytes`] wrote, advancing `at`.
fn take_bytes<'a>(buf: &'a [u8], at: &mut usize) -> Option<&'a [u8]> {
    let len = u64::from_le_bytes(buf.get(*at..*at + 8)?.try_into().ok()?);
    let len = usize::try_from(len).ok().filter(|&l| l <= MAX_REQUEST)?;
    let start = *at + 8;
    let bytes = buf.get(start..start.checked_add(len)?)?;
    *at = start + len;
    Some(bytes)
}

fn take_u64(buf: &[u8], at: &mut usize) -> Option<u64> {
    let v = u64::from_le_bytes(buf.get(*at..*at + 8)?.try_into().ok()?);
    *at += 8;
    Some(v)
}

/// Reply: MAGIC, then 0 (answered) with exit code, stdout, stderr; or 1 (refused).
fn encode_reply(out: Option<&HookOutput>) -> Vec<u8> {
    let mut reply = MAGIC.to_vec();
    match out {
        Some(out) => {
            reply.push(0);
            reply.push(if out.exit_code == 2 { 2 } else { 0 });
            put_bytes(&mut reply, out.stdout.as_bytes());
            put_bytes(&mut reply, out.stderr.as_bytes());
        }
        None => reply.push(1),
    }
    reply
}

/// `None` inside: refused. `None` outside: malformed.
fn parse_reply(reply: &[u8]) -> Option<Option<HookOutput>> {
    if reply.get(..MAGIC.len())? != MAGIC {
        return None;
    }
    let mut at = MAGIC.len();
    match *reply.get(at)? {
        1 if reply.len() == at + 1 => Some(None),
        0 => {
            let exit_code = i32::from(*reply.get(at + 1)?);
            at += 2;
            let stdout = String::from_utf8(take_bytes(reply, &mut at)?.to_vec()).ok()?;
            let stderr = String::from_utf8(take_bytes(reply, &mut at)?.to_vec()).ok()?;
            (at == reply.len() && (exit_code == 0 || exit_code == 2)).then_some(Some(HookOutput {
                stdout,
                stderr,
                exit_code,
                ..HookOutput::default()
            }))
        }
        _ => None,
    }
}

/// A request as the server reads it.
struct Request {
    fingerprint: u64,
    executable: u64,
    agent: Option<belay_agents::Agent>,
    input: Vec<u8>,
}

fn parse_request(buf: &[u8]) -> Option<Request> {
    if buf.get(..MAGIC.len())? != MAGIC {
        return None;
    }
    let mut at = MAGIC.len();
    let fingerprint = take_u64(buf, &mut at)?;
    let executable = take_u64(buf, &mut at)?;
    let agent = std::str::from_utf8(take_bytes(buf, &mut at)?).ok()?;
    let agent = belay_agents::Agent::ALL
        .into_iter()
        .find(|a| a.as_str() == agent);
    let input = take_bytes(buf, &mut at)?.to_vec();
    (at == buf.len()).then_some(Request {
        fingerprint,
        executable,
        agent,
        input,
    })
}

/// Open stores kept between events, one per concurrent event at most.
#[derive(Default)]
struct Stores(Mutex<Vec<Store>>);

impl Stores {
    fn take(&self) -> Result<Store, String> {
        let pooled = self.0.lock().ok().and_then(|mut v| v.pop());
        match pooled {
            Some(store) => Ok(store),
            None => Store::open_default().map_err(|e| e.to_string()),
        }
    }

    /// Keeps the WAL under `bytes` with a store that is not in use, if there is one (otherwise
    /// a later call does it).
    fn keep_wal_under(&self, bytes: u64) {
        let pooled = self.0.lock().ok().and_then(|mut v| v.pop());
        if let Some(store) = pooled {
            store.keep_wal_under(bytes);
            self.give_back(store);
        }
    }

    fn give_back(&self, store: Store) {
        if let Ok(mut v) = self.0.lock() {
            v.push(store);
        }
    }
}

/// Why a server did not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot find belay's store or executable, so there is no endpoint")]
    NoEndpoint,
    #[error("another resident process serves {0}")]
    AlreadyServed(PathBuf),
    #[error("{what} {path}: {source}")]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The server (`belay resident`): serves this environment's clients until idle for
/// [`IDLE_EXIT`], its socket is removed or replaced, or its executable changes.
pub fn serve() -> Result<(), ServeError> {
    let endpoint = Endpoint::of_this_process().ok_or(ServeError::NoEndpoint)?;
    let io = |what, path: &Path| {
        let path = path.to_path_buf();
        move |source| ServeError::Io { what, path, source }
    };
    let dir = endpoint.socket.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io("creating", dir))?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .map_err(io("restricting", dir))?;
    // One server per endpoint: the lock is held for the server's life (the kernel releases
    // it when the process ends, however it ends).
    let lock_path = endpoint.lock_path();
    let lock = std::fs::File::create(&lock_path).map_err(io("creating", &lock_path))?;
    if lock.try_lock().is_err() {
        return Err(ServeError::AlreadyServed(endpoint.socket));
    }
    // The lock holder owns the socket path: a socket left by a server that died is stale.
    let _ = std::fs::remove_file(&endpoint.socket);
    let listener =
        UnixListener::bind(&endpoint.socket).map_err(io("listening on", &endpoint.socket))?;
    let socket_inode = std::fs::metadata(&endpoint.socket)
        .map_err(io("reading", &endpoint.socket))?
        .ino();
    let started = Instant::now();
    let last_event = Arc::new(AtomicU64::new(0));
    let stores = Arc::new(Stores::default());
    {
        let (endpoint, last_event) = (endpoint.clone(), Arc::clone(&last_event));
        let stores = Arc::clone(&stores);
        std::thread::spawn(move || {
            watch(&endpoint, socket_inode, started, &last_event, &stores);
        });
    }
    // Build the detector's automata before the first large output arrives (its first
    // screening would otherwise pay for them: 38 ms instead of 10 for a megabyte with an
    // injection in it), at a lower priority than the events served meanwhile. A thread that
    // cannot start only leaves that cost where it was.
    let _ = std::thread::Builder::new()
        .name("prepare".into())
        .spawn(|| {
            lower_this_threads_priority();
            belay_inject::prepare();
        });
    let keepalive = Keepalive::start(KEEPALIVE_EVERY);
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of descriptors or memory, say: wait rather than spin.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        last_event.store(millis_since(started), Ordering::Relaxed);
        let (endpoint, stores, keepalive) =
            (endpoint.clone(), Arc::clone(&stores), keepalive.clone());
        std::thread::spawn(move || serve_one(stream, &endpoint, &stores, &keepalive));
    }
    drop(lock);
    Ok(())
}

/// On Linux a thread has its own nice value: raise this one's (best effort).
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread's own id, no memory is passed.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 10);
    }
}

/// Milliseconds since `started` (the server's clock for its last event).
fn millis_since(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Exits the process when the server should no longer serve.
fn watch(
    endpoint: &Endpoint,
    socket_inode: u64,
    started: Instant,
    last_event: &AtomicU64,
    stores: &Stores,
) {
    loop {
        std::thread::sleep(WATCH_EVERY);
        let now = millis_since(started);
        let idle = Duration::from_millis(now - last_event.load(Ordering::Relaxed).min(now));
        if idle >= UPKEEP_WHEN_IDLE {
            stores.keep_wal_under(0);
        }
        let socket_gone =
            std::fs::metadata(&endpoint.socket).map_or(true, |m| m.ino() != socket_inode);
        let replaced = executable_identity() != Some(endpoint.executable);
        if idle >= IDLE_EXIT || socket_gone || replaced {
            if !socket_gone {
                let _ = std::fs::remove_file(&endpoint.socket);
            }
            std::process::exit(0);
        }
    }
}

fn serve_one(mut stream: UnixStream, endpoint: &Endpoint, stores: &Stores, keepalive: &Keepalive) {
    let _ = stream.set_read_timeout(Some(ANSWER_TIMEOUT));
    let _ = stream.set_write_timeout(Some(ANSWER_TIMEOUT));
    // Room for a typical event at once (one read rather than a doubling series of them).
    let mut buf = Vec::with_capacity(16 * 1024);
    if (&mut stream)
        .take(MAX_REQUEST as u64 + 1)
        .read_to_end(&mut buf)
        .is_err()
    {
        return;
    }
    let reply = match parse_request(&buf) {
        Some(req)
            if req.fingerprint == endpoint.fingerprint && req.executable == endpoint.executable =>
        {
            match req.agent {
                Some(agent) => keepalive.while_judging(&stream, || {
                    encode_reply(Some(&answer(agent, &req.input, stores)))
                }),
                None => encode_reply(None),
            }
        }
        _ => encode_reply(None),
    };
    let _ = stream.write_all(&reply);
}

/// The events being judged, each with the server's end of its connection: one thread sends a
/// keepalive byte to those judged for longer than its period, so that no event pays for a
/// thread of its own.
#[derive(Clone)]
struct Keepalive {
    judging: Arc<Mutex<Judging>>,
}

#[derive(Default)]
struct Judging {
    next: u64,
    streams: Vec<(u64, Instant, UnixStream)>,
}

impl Keepalive {
    /// Starts the thread that sends keepalives every `every`.
    fn start(every: Duration) -> Keepalive {
        let keepalive = Keepalive {
            judging: Arc::new(Mutex::new(Judging::default())),
        };
        let judging = Arc::clone(&keepalive.judging);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(every);
                let Ok(mut judging) = judging.lock() else {
                    return;
                };
                for (_, since, stream) in &mut judging.streams {
                    if since.elapsed() >= every {
                        // A client that went away is the judging thread's to notice.
                        let _ = stream.write_all(&[KEEPALIVE]);
                    }
                }
            }
        });
        keepalive
    }

    /// Runs `judge` with keepalives sent on `stream` meanwhile, and returns what it gave once
    /// no more can be sent (so none follows the reply). Without a second handle on the
    /// stream, `judge` runs without keepalives.
    fn while_judging<T>(&self, stream: &UnixStream, judge: impl FnOnce() -> T) -> T {
        let id = match (stream.try_clone(), self.judging.lock()) {
            (Ok(handle), Ok(mut judging)) => {
                let id = judging.next;
                judging.next += 1;
                judging.streams.push((id, Instant::now(), handle));
                Some(id)
            }
            _ => None,
        };
        let value = judge();
        if let (Some(id), Ok(mut judging)) = (id, self.judging.lock()) {
            judging.streams.retain(|(other, ..)| *other != id);
        }
        value
    }
}

/// One event, as `belay hook` answers it, with a store from the pool. A store that was in use
/// when the judgment panicked is not reused.
fn answer(agent: belay_agents::Agent, input: &[u8], stores: &Stores) -> HookOutput {
    let adapter = belay_agents::adapter(agent);
    let home = home_dir();
    let store = stores.take().map(Rc::new);
    let lent = store.as_ref().ok().map(Rc::clone);
    let log = store.map(|s| Box::new(StoreLog::new(s)) as Box<dyn SessionLog>);
    let answered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        answer_event(adapter, input, log, home).0
    }));
    match answered {
        Ok(out) => {
            if let Some(store) = lent.and_then(|rc| Rc::try_unwrap(rc).ok()) {
                stores.give_back(store);
            }
            out
        }
        Err(_) => HookOutput::blocking(adapter, "internal error while handling the event"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mode_is_on_unless_turned_off() {
        let cases: &[(Option<&str>, Option<Mode>)] = &[
            (None, Some(Mode::On)),
            (Some(""), Some(Mode::On)),
            (Some("1"), Some(Mode::On)),
            (Some(" Yes "), Some(Mode::On)),
            (Some("true"), Some(Mode::On)),
            (Some("0"), Some(Mode::Off)),
            (Some("OFF"), Some(Mode::Off)),
            (Some("no"), Some(Mode::Off)),
            (Some("false"), Some(Mode::Off)),
            (Some("require"), Some(Mode::Require)),
            (Some("sometimes"), None),
            (Some("2"), None),
        ];
        for &(value, want) in cases {
            assert_eq!(Mode::parse(value).ok(), want, "{value:?}");
        }
        let unknown = Mode::parse(Some("sometimes")).unwrap_err().to_string();
        assert!(
            unknown.contains("BELAY_RESIDENT=\"sometimes\""),
            "{unknown}"
        );
    }

    /// A server on a socket in a fresh directory that reads one request and answers `out`
    /// after `judging`, sending keepalives every `every` meanwhile.
    fn slow_server(
        judging: Duration,
        every: Duration,
    ) -> (tempfile::TempDir, Endpoint, std::thread::JoinHandle<()>) {
        let dir = tempfile::tempdir().unwrap();
        let endpoint = Endpoint::new(dir.path(), 7, 9);
        let listener = UnixListener::bind(&endpoint.socket).unwrap();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            stream.read_to_end(&mut request).unwrap();
            assert!(parse_request(&request).is_some());
            let reply = Keepalive::start(every).while_judging(&stream, || {
                std::thread::sleep(judging);
                encode_reply(Some(&HookOutput {
                    stdout: "answered".into(),
                    ..HookOutput::default()
                }))
            });
            // The client may have given up already.
            let _ = stream.write_all(&reply);
        });
        (dir, endpoint, server)
    }

    const SOME_AGENT: belay_agents::Agent = belay_agents::Agent::ClaudeCode;

    #[test]
    fn a_slow_answer_is_waited_for_while_the_server_keeps_alive() {
        let quiet = Duration::from_millis(100);
        let (_dir, endpoint, server) = slow_server(quiet * 4, quiet / 5);
        let out = ask_within(&endpoint, SOME_AGENT, b"{}", quiet, quiet * 50).unwrap();
        assert_eq!(out.stdout, "answered");
        server.join().unwrap();
    }

    #[test]
    fn a_silent_server_is_given_up_on() {
        let quiet = Duration::from_millis(100);
        let (_dir, endpoint, server) = slow_server(quiet * 4, quiet * 100);
        let miss = ask_within(&endpoint, SOME_AGENT, b"{}", quiet, quiet * 50).unwrap_err();
        assert!(matches!(miss, Miss::Broken(_)), "{miss}");
        server.join().unwrap();
    }

    #[test]
    fn keepalives_do_not_extend_the_wait_past_the_longest() {
        let quiet = Duration::from_millis(100);
        let (_dir, endpoint, server) = slow_server(quiet * 6, quiet / 5);
        let started = Instant::now();
        let miss = ask_within(&endpoint, SOME_AGENT, b"{}", quiet, quiet * 2).unwrap_err();
        assert!(matches!(miss, Miss::Broken(_)), "{miss}");
        assert!(started.elapsed() < quiet * 6, "{:?}", started.elapsed());
        server.join().unwrap();
    }

    #[test]
    fn a_server_is_started_at_most_once_per_restart_period() {
        let dir = tempfile::tempdir().unwrap();
        let endpoint = Endpoint::new(&dir.path().join("run"), 7, 9);
        let t0 = std::time::SystemTime::now();
        // The first client claims the start, and creates the private run directory.
        assert!(claim_start(&endpoint, t0).unwrap());
        let mode = std::fs::metadata(dir.path().join("run")).unwrap().mode();
        assert_eq!(mode & 0o777, 0o700);
        // Others within the period do not (the server may be starting, or it failed) ...
        assert!(!claim_start(&endpoint, t0 + Duration::from_secs(1)).unwrap());
        assert!(!claim_start(&endpoint, t0 + RESTART_AFTER - Duration::from_secs(1)).unwrap());
        // ... and one after it does, once.
        let later = t0 + RESTART_AFTER + Duration::from_secs(1);
        assert!(claim_start(&endpoint, later).unwrap());
        assert!(!claim_start(&endpoint, later + Duration::from_secs(1)).unwrap());
        // Another environment's endpoint has its own record.
        assert!(claim_start(&Endpoint::new(&dir.path().join("run"), 8, 9), t0).unwrap());
    }

    #[test]
    fn a_start_that_cannot_be_recorded_is_not_made() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-directory");
        std::fs::write(&file, "").unwrap();
        let endpoint = Endpoint::new(&file.join("run"), 7, 9);
        assert!(claim_start(&endpoint, std::time::SystemTime::now()).is_err());
    }

    #[test]
    fn replies_round_trip() {
        let out = HookOutput {
            stdout: "{\"decision\":\"deny\"}".into(),
            stderr: "belay: note\n".into(),
            exit_code: 2,
            ..HookOutput::default()
        };
        let back = parse_reply(&encode_reply(Some(&out))).unwrap().unwrap();
        assert_eq!(
            (back.stdout, back.stderr, back.exit_code),
            (out.stdout, out.stderr, 2)
        );
        assert!(parse_reply(&encode_reply(None)).unwrap().is_none());
    }

    #[test]
    fn malformed_replies_and_requests_are_rejected() {
        let good = encode_reply(Some(&HookOutput::default()));
        for cut in 0..good.len() {
            assert!(parse_reply(&good[..cut]).is_none(), "cut at {cut}");
        }
        let mut extra = good.clone();
        extra.push(0);
        assert!(parse_reply(&extra).is_none());
        assert!(parse_request(b"BELAYRS1").is_none());
        assert!(parse_request(b"").is_none());
    }

    #[test]
    fn requests_round_trip() {
        let mut req = MAGIC.to_vec();
        req.extend_from_slice(&7u64.to_le_bytes());
        req.extend_from_slice(&9u64.to_le_bytes());
        put_bytes(&mut req, b"codex");
        put_bytes(&mut req, b"{}");
        let parsed = parse_request(&req).unwrap();
        assert_eq!((parsed.fingerprint, parsed.executable), (7, 9));
        assert_eq!(parsed.agent, Some(belay_agents::Agent::Codex));
        assert_eq!(parsed.input, b"{}");
        for cut in 0..req.len() {
            assert!(parse_request(&req[..cut]).is_none(), "cut at {cut}");
        }
    }

    #[test]
    fn relative_locations_are_not_served() {
        let cases = [
            ("BELAY_CONFIG", "belay.toml", true),
            ("BELAY_HOME", "./state", true),
            ("HOME", "home/me", true),
            ("XDG_CONFIG_HOME", "cfg", true),
            ("CLAUDE_CONFIG_DIR", "../claude", true),
            ("BELAY_CONFIG", "/etc/belay.toml", false),
            ("HOME", "/home/me", false),
            ("BELAY_HOME", "", false),
            ("PWD", "relative", false),
            ("ANTHROPIC_API_KEY", "key", false),
        ];
        for (name, value, relative) in cases {
            assert_eq!(
                relative_location(name.as_ref(), value.as_ref()),
                relative,
                "{name}={value}"
            );
        }
    }

    #[test]
    fn the_fingerprint_covers_what_the_judgment_reads_only() {
        let vars = |pairs: &[(&str, &str)]| -> Vec<(std::ffi::OsString, std::ffi::OsString)> {
            pairs.iter().map(|(k, v)| (k.into(), v.into())).collect()
        };
        let base = environment_fingerprint(vars(&[("HOME", "/home/a"), ("TERM", "xterm")]));
        // Unrelated variables and their order do not matter ...
        assert_eq!(
            base,
            environment_fingerprint(vars(&[("PWD", "/x"), ("HOME", "/home/a"), (ENV, "1")]))
        );
        // ... what belay reads does.
        for changed in [
            vars(&[("HOME", "/home/b")]),
            vars(&[("HOME", "/home/a"), ("BELAY_CONFIG", "/c.toml")]),
            vars(&[("HOME", "/home/a"), ("ANTHROPIC_API_KEY", "k")]),
            vars(&[("HOME", "/home/a"), ("XDG_DATA_HOME", "/d")]),
            vars(&[("HOME", "/home/a"), ("https_proxy", "http://p:3128")]),
            vars(&[("HOME", "/home/a"), ("NO_PROXY", "localhost")]),
            vars(&[("HOME", "/home/a"), ("LLM_SECRET", "s")]),
        ] {
            assert_ne!(base, environment_fingerprint(changed));
        }
    }
}
