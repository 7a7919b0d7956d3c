//! belay-analysis: what would this action do?
//!
//! Turns an [`Action`] into [`Effect`]s: deletions, writes, reads of secrets, data sent over the
//! network, code fetched and run, git history rewritten, remote systems changed, and so on. Each
//! effect says which part of the call it came from. Paths are resolved against the working
//! directory, `~` and `$HOME`; unknown variables are resolved the way an unset variable would be
//! (to nothing), which is the conservative reading.
//!
//! No judgment happens here: whether an effect may happen is `belay-policy`'s job. This crate
//! knows programs (a knowledge base per program family under `programs/`) and tools, not users.

mod data;
mod files;
mod mcp;
mod paths;
mod programs;
mod shell;
mod web;

use belay_action::Action;
use std::fmt;
use std::path::Path;

pub use belay_shell::Cwd as ShellCwd;
pub use data::{is_env_file, looks_like_secret_text, secret_path_kind};
pub use files::READ_ONLY_TOOLS;
pub use mcp::{is_read_tool, split_name, strings as json_strings};
pub use paths::{Loc, Resolver};
pub use programs::has_fork_bomb;
pub use shell::analyze_script_text;
pub use web::host_of;

/// What an action would do, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    pub kind: EffectKind,
    /// The command (or tool) text this effect came from, for messages.
    pub origin: String,
    /// Wrappers the command ran under, outermost first (`sudo`, `ssh host`, `bash -c`, ...).
    pub via: Vec<String>,
}

/// Where data that leaves the machine comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data {
    /// A credential: a key file, a token store, `.env`, a secret fetched from a cluster.
    Secret(String),
    /// The whole process environment (`env`, `printenv`, `os.environ`).
    Environment,
    /// Bulk records from a database (dump or query export).
    Records(String),
    /// A file or directory's content.
    File(Loc),
    /// The repository's code and history (`git push`).
    Repository,
    /// Inline text given on the command line or in a tool input.
    Text(String),
}

/// The kinds of effect belay reasons about.
#[derive(Debug, Clone, PartialEq)]
pub enum EffectKind {
    /// Removes files or directories.
    Delete { target: Loc, recursive: bool },
    /// Replaces or truncates an existing file's content.
    Overwrite { target: Loc },
    /// Writes (creates or appends to) a file.
    Write {
        target: Loc,
        append: bool,
        content: Option<String>,
    },
    /// An editor-tool change of a file, with what it removes and adds.
    Edit {
        target: Loc,
        removed: String,
        added: String,
    },
    /// Moves files away (`mv a b`).
    Move { from: Loc, to: Loc },
    /// Reads a file.
    Read { target: Loc },
    /// Discards uncommitted or unpushed git work.
    GitDiscard { what: String, scope: Vec<Loc> },
    /// Pushes to a remote.
    GitPush {
        remote: String,
        url: Option<String>,
        refs: Vec<String>,
        force: bool,
        lease: bool,
        delete: bool,
        all: bool,
    },
    /// Rewrites history (filter-repo, filter-branch, reflog expiry).
    GitRewrite { how: String },
    /// Adds or repoints a remote.
    GitRemote { name: String, url: String },
    /// Stages files into a commit.
    GitAdd { paths: Vec<Loc> },
    /// Skips checks or review: `--no-verify`, disabled hooks, `[skip ci]`.
    SkipChecks { how: String },
    /// Data leaves the machine to `dest` (a host, URL or remote path).
    Send {
        dest: String,
        data: Vec<Data>,
        public: bool,
    },
    /// Contacts a host without sending local data (downloads, API reads, port checks).
    Fetch { dest: String },
    /// Runs code obtained from `origin` (a URL, a host, an unvetted repo or file).
    RunUntrusted { origin: String, how: String },
    /// Installs packages.
    Install {
        ecosystem: &'static str,
        packages: Vec<String>,
        source: Option<String>,
    },
    /// Runs a container image.
    RunImage {
        image: String,
        privileged: bool,
        host_mount: bool,
    },
    /// Publishes a package or release to a public registry.
    Publish { registry: String, what: String },
    /// Changes a remote system: a deployment, cluster, cloud resource, database or flag.
    /// Systems whose name ends in `(local)` are this machine's own.
    RemoteChange {
        system: String,
        target: String,
        action: String,
        destructive: bool,
    },
    /// Weakens a protection.
    Weaken { what: String, machine_wide: bool },
    /// Grants access or privilege to someone.
    Grant { what: String },
    /// Sets up something that outlives the session.
    Persist { mechanism: String },
    /// Runs with elevated privilege.
    Elevate { how: String },
    /// Starts another agent; `unsupervised` when its permission checks are disabled.
    SpawnAgent {
        program: String,
        unsupervised: bool,
        prompt: String,
    },
    /// Signals processes; `others` when they belong to other users or everything.
    Kill { others: bool, what: String },
    /// Acts where other people see it: messages, issue/PR state, calendars, docs.
    Communicate {
        service: String,
        action: String,
        target: String,
        text: String,
    },
    /// Consumes resources out of proportion: loops of requests, huge files, fleets, mining.
    Abuse { what: String },
}

/// The result of analysing one action.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    pub effects: Vec<Effect>,
    /// Set when part of the action could not be analysed (unparsable shell, unknown tool
    /// shape). The caller must not allow such an action silently.
    pub incomplete: Option<String>,
}

/// Analyses one action. `home` resolves `~` and `$HOME`.
pub fn analyze(action: &Action, home: &Path) -> Analysis {
    let resolver = Resolver::new(action.cwd.clone(), home.to_path_buf());
    match action.tool.as_str() {
        "Bash" | "PowerShell" => match action.input.get("command").and_then(|c| c.as_str()) {
            Some(command) => shell::analyze_command(command, &resolver),
            None => incomplete(&format!("the {} call has no string `command`", action.tool)),
        },
        tool if tool.starts_with("mcp__") => match mcp::shell_command(tool, &action.input) {
            Some(command) => shell::analyze_command(command, &resolver),
            None => mcp::analyze(tool, &action.input),
        },
        "WebFetch" | "WebSearch" => web::analyze(&action.tool, &action.input),
        _ => files::analyze(&action.tool, &action.input, &resolver),
    }
}

fn incomplete(reason: &str) -> Analysis {
    Analysis {
        effects: Vec::new(),
        incomplete: Some(reason.to_string()),
    }
}

impl Effect {
    pub fn new(kind: EffectKind, origin: impl Into<String>) -> Effect {
        Effect {
            kind,
            origin: origin.into(),
            via: Vec::new(),
        }
    }
}

impl fmt::Display for Data {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Data::Secret(s) => write!(f, "{s}"),
            Data::Environment => f.write_str("the environment"),
            Data::Records(s) => write!(f, "records from {s}"),
            Data::File(l) => write!(f, "{l}"),
            Data::Repository => f.write_str("the repository"),
            Data::Text(t) => write!(f, "text {:?}", truncate(t, 40)),
        }
    }
}

fn list<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for EffectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use EffectKind::*;
        match self {
            Delete { target, recursive } => {
                write!(
                    f,
                    "delete{} {target}",
                    if *recursive { " recursively" } else { "" }
                )
            }
            Overwrite { target } => write!(f, "overwrite {target}"),
            Write { target, append, .. } => write!(
                f,
                "{} {target}",
                if *append { "append to" } else { "write" }
            ),
            Edit { target, .. } => write!(f, "edit {target}"),
            Move { from, to } => write!(f, "move {from} to {to}"),
            Read { target } => write!(f, "read {target}"),
            GitDiscard { what, .. } => write!(f, "discard git work ({what})"),
            GitPush {
                remote,
                refs,
                force,
                lease,
                delete,
                all,
                ..
            } => {
                let mode = if *delete {
                    " --delete"
                } else if *lease {
                    " --force-with-lease"
                } else if *force {
                    " --force"
                } else {
                    ""
                };
                let what = if *all {
                    "all branches".to_string()
                } else {
                    refs.join(" ")
                };
                write!(f, "git push{mode} to {remote} {what}")
            }
            GitRewrite { how } => write!(f, "rewrite git history ({how})"),
            GitRemote { name, url } => write!(f, "point git remote {name} at {url}"),
            GitAdd { paths } => write!(f, "stage {}", list(paths)),
            SkipChecks { how } => write!(f, "skip checks ({how})"),
            Send { dest, data, public } => {
                let what = if data.is_empty() {
                    "data".to_string()
                } else {
                    list(data)
                };
                write!(
                    f,
                    "send {what} to {dest}{}",
                    if *public { " (public)" } else { "" }
                )
            }
            Fetch { dest } => write!(f, "contact {dest}"),
            RunUntrusted { origin, how } => write!(f, "run code from {origin} ({how})"),
            Install {
                ecosystem,
                packages,
                source,
            } => {
                write!(f, "install {ecosystem} packages {}", packages.join(" "))?;
                if let Some(s) = source {
                    write!(f, " from {s}")?;
                }
                Ok(())
            }
            RunImage {
                image,
                privileged,
                host_mount,
            } => {
                write!(f, "run image {image}")?;
                if *privileged {
                    f.write_str(" privileged")?;
                }
                if *host_mount {
                    f.write_str(" with the host filesystem mounted")?;
                }
                Ok(())
            }
            Publish { registry, what } => write!(f, "publish {what} to {registry}"),
            RemoteChange {
                system,
                target,
                action,
                ..
            } => write!(f, "{system}: {action} {target}"),
            Weaken { what, .. } => write!(f, "weaken security: {what}"),
            Grant { what } => write!(f, "grant access: {what}"),
            Persist { mechanism } => write!(f, "persist via {mechanism}"),
            Elevate { how } => write!(f, "run with elevated privilege ({how})"),
            SpawnAgent {
                program,
                unsupervised,
                ..
            } => write!(
                f,
                "start agent {program}{}",
                if *unsupervised {
                    " with permission checks disabled"
                } else {
                    ""
                }
            ),
            Kill { what, .. } => write!(f, "kill {what}"),
            Communicate {
                service,
                action,
                target,
                ..
            } => write!(f, "{service}: {action} {target}"),
            Abuse { what } => write!(f, "resource abuse: {what}"),
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if !self.via.is_empty() {
            write!(f, " (via {})", self.via.join(" > "))?;
        }
        Ok(())
    }
}

/// Shortens text for messages, on a char boundary.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}…")
}

/// 0 for a read, 1 for a write, 2 for a destructive statement.
pub(crate) fn programs_sql(sql: &str) -> u8 {
    match programs::db::classify_sql(sql) {
        programs::db::Change::Read => 0,
        programs::db::Change::Write => 1,
        programs::db::Change::Destroy => 2,
    }
}
