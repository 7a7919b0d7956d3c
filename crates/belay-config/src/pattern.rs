//! Permission-rule patterns in a syntax close to Claude Code's `permissions` rules, and how they
//! match a tool call.
//!
//! | Pattern                      | Matches                                                              |
//! |------------------------------|----------------------------------------------------------------------|
//! | `Bash`                       | every call of the tool (any tool name works bare)                    |
//! | `Bash(npm test)`             | exactly that command (whitespace runs count as one space)            |
//! | `Bash(git push:*)`           | the command `git push` alone or followed by a space and anything      |
//! | `Bash(git push *)`           | the same: a trailing ` *` also matches the bare prefix                |
//! | `Bash(rm -rf *)`, `Bash(*x*)`| glob: `*` matches any run of characters (spaces and `/` included)     |
//! | `PowerShell(...)`            | as `Bash`, on the PowerShell command                                  |
//! | `Edit(./src/**)`, `Write(..)`| a path glob, for every file-writing tool (Write, Edit, MultiEdit, NotebookEdit) |
//! | `Read(~/.ssh/**)`            | a path glob, for the reading tools (Read, Grep, Glob, LS, NotebookRead)|
//! | `WebFetch(domain:a.com)`     | fetches of exactly host `a.com`; `domain:*.a.com` matches subdomains  |
//! | `Agent(Explore)`/`Task(..)`  | a subagent of that type (`Agent` and `Task` are one tool)             |
//! | `mcp__server__tool`          | that MCP tool; `mcp__server__*` or `mcp__server` every tool of server |
//!
//! Path globs use `globset` with `*` not crossing `/` and `**` crossing it, anchored like Claude
//! Code's rules: `~/p` under the home directory, `//p` absolute, `/p`, `./p` and `p/q` relative
//! to the project directory, and a pattern with no `/` at all (`.env`, `*.pem`) matches that name
//! at any depth of the project (gitignore style). A pattern also matches everything below a
//! directory it matches (`Edit(~/.ssh)` covers `~/.ssh/id_rsa`). `..` in a pattern is rejected.
//! The target path is made absolute against the working directory and normalised lexically
//! (`.`/`..` removed, `~` and `$HOME` expanded). Symlinks are then resolved too (the nearest
//! existing ancestor is canonicalised): deny and ask rules match when either the lexical or the
//! resolved path matches ([`Pattern::matches`]); allow rules need both ([`Pattern::matches_strict`]),
//! so a symlink inside an allowed directory cannot carry a write out of it.
//!
//! A specifier on a tool belay cannot look inside (e.g. `WebSearch(rust)`) is kept but never
//! matches; `belay config check` warns about it.

use globset::{Glob, GlobBuilder, GlobMatcher};
use serde_json::Value;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// Tool names belay knows (besides `mcp__*`); other names are accepted with a warning.
pub const KNOWN_TOOLS: &[&str] = &[
    "Bash",
    "PowerShell",
    "Read",
    "Write",
    "Edit",
    "MultiEdit",
    "NotebookEdit",
    "NotebookRead",
    "Glob",
    "Grep",
    "LS",
    "WebFetch",
    "WebSearch",
    "Task",
    "Agent",
    "TodoWrite",
    "ExitPlanMode",
    "BashOutput",
    "KillShell",
    "SlashCommand",
    "Skill",
    "Monitor",
    "SendMessage",
];

/// Interpreters and command runners: a wildcarded allow rule on them runs anything.
const INTERPRETERS: &[&str] = &[
    "bash",
    "sh",
    "zsh",
    "dash",
    "ksh",
    "fish",
    "pwsh",
    "powershell",
    "python",
    "node",
    "deno",
    "bun",
    "ruby",
    "perl",
    "php",
    "lua",
    "Rscript",
    "osascript",
    "env",
    "xargs",
    "eval",
    "exec",
    "sudo",
    "doas",
    "npx",
    "bunx",
    "pnpx",
    "uvx",
    "nohup",
    "timeout",
    "watch",
    "ssh",
    "docker",
    "kubectl",
];

/// Package-manager run commands (Claude Code suspends wildcarded allow rules on them).
const RUNNERS: &[&str] = &[
    "npm run",
    "npm exec",
    "pnpm run",
    "pnpm exec",
    "pnpm dlx",
    "yarn run",
    "yarn exec",
    "yarn dlx",
    "bun run",
    "bun x",
    "uv run",
    "poetry run",
    "pipx run",
    "cargo run",
    "go run",
    "make",
];

const WRITE_TOOLS: &[&str] = &["Write", "Edit", "MultiEdit", "NotebookEdit"];
const READ_TOOLS: &[&str] = &["Read", "Grep", "Glob", "LS", "NotebookRead"];

/// Why a pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("empty pattern")]
    Empty,
    #[error("unbalanced parentheses in `{0}`")]
    Unbalanced(String),
    #[error("invalid tool name `{0}` (expected a name like `Bash` or `mcp__server__tool`)")]
    BadTool(String),
    #[error("empty specifier in `{0}`; write `{1}` alone to match every call")]
    EmptySpec(String, String),
    #[error("`WebFetch` rules take `domain:HOST`, not `{0}`")]
    WebFetchSpec(String),
    #[error("MCP rules take no parentheses: `{0}`")]
    McpSpec(String),
    #[error("`..` is not supported in path patterns (`{0}`); use `//absolute/path` or `~/path`")]
    ParentDir(String),
    #[error("invalid path glob `{0}`: {1}")]
    Glob(String, String),
}

/// Something worth a warning in a pattern that is still usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternWarning {
    /// The tool name is not one belay knows (it still matches a tool of exactly that name).
    UnknownTool(String),
    /// belay cannot look inside this tool's input: the rule never matches.
    OpaqueSpecifier(String),
    /// `/path` is project-relative (as in Claude Code), which may surprise.
    RootRelative(String),
}

impl fmt::Display for PatternWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternWarning::UnknownTool(t) => write!(
                f,
                "unknown tool `{t}` (known: {}, mcp__server__tool)",
                KNOWN_TOOLS.join(", ")
            ),
            PatternWarning::OpaqueSpecifier(t) => write!(
                f,
                "belay cannot match inside `{t}` calls; this rule never matches (use bare `{t}`)"
            ),
            PatternWarning::RootRelative(p) => write!(
                f,
                "`{p}` is relative to the project directory, as in Claude Code; write `/{p}` for an absolute path"
            ),
        }
    }
}

/// A parsed, compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    text: String,
    tool: String,
    matcher: Matcher,
    warnings: Vec<PatternWarning>,
}

#[derive(Debug, Clone)]
enum Matcher {
    /// Bare tool name: every call.
    Any,
    /// `mcp__server__*` and `mcp__server`: tool names starting with this.
    ToolPrefix(String),
    /// A shell command pattern: any alternative matches.
    Command(Vec<String>),
    /// A path glob for the write tools (`write == true`) or the read tools.
    Path {
        write: bool,
        anchor: Anchor,
        /// Empty: everything under the anchor. Otherwise any glob matching the path or an ancestor.
        globs: LazyGlobs,
    },
    Domain {
        domain: String,
        subdomains: bool,
    },
    Agent(String),
    /// A specifier belay cannot evaluate: never matches.
    Opaque,
}

/// Globs parsed with the pattern (so `belay config check` reports their errors) and compiled on
/// first use: compiling is the costly part, and most calls never reach a path pattern (the hook
/// loads the configuration afresh for every call).
#[derive(Debug, Clone, Default)]
struct LazyGlobs {
    globs: Vec<Glob>,
    compiled: OnceLock<Vec<GlobMatcher>>,
}

impl LazyGlobs {
    fn is_empty(&self) -> bool {
        self.globs.is_empty()
    }

    fn matchers(&self) -> &[GlobMatcher] {
        self.compiled
            .get_or_init(|| self.globs.iter().map(Glob::compile_matcher).collect())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Project,
    Home,
    Root,
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

fn valid_tool_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Pattern {
    /// Parses a rule pattern such as `Bash(git push:*)`.
    pub fn parse(text: &str) -> Result<Pattern, PatternError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PatternError::Empty);
        }
        let (tool, spec) = match text.find('(') {
            None => {
                if text.contains(')') {
                    return Err(PatternError::Unbalanced(text.to_string()));
                }
                (text, None)
            }
            Some(open) => {
                let Some(inner) = text[open + 1..].strip_suffix(')') else {
                    return Err(PatternError::Unbalanced(text.to_string()));
                };
                let mut depth = 0i64;
                for c in inner.chars() {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    if depth < 0 {
                        return Err(PatternError::Unbalanced(text.to_string()));
                    }
                }
                if depth != 0 {
                    return Err(PatternError::Unbalanced(text.to_string()));
                }
                (text[..open].trim_end(), Some(inner.trim()))
            }
        };
        let mut warnings = Vec::new();
        if let Some(rest) = tool.strip_prefix("mcp__") {
            if spec.is_some() {
                return Err(PatternError::McpSpec(text.to_string()));
            }
            let base = rest.strip_suffix('*').unwrap_or(rest);
            let body_ok = base.is_empty()
                || base
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !body_ok || (rest.ends_with('*') && !(base.is_empty() || base.ends_with("__"))) {
                return Err(PatternError::BadTool(tool.to_string()));
            }
            let matcher = if rest.ends_with('*') {
                Matcher::ToolPrefix(format!("mcp__{base}"))
            } else if !base.contains("__") {
                // `mcp__server`: every tool of the server.
                Matcher::ToolPrefix(format!("mcp__{base}__"))
            } else {
                Matcher::Any
            };
            return Ok(Pattern {
                text: text.to_string(),
                tool: tool.to_string(),
                matcher,
                warnings,
            });
        }
        if !valid_tool_name(tool) {
            return Err(PatternError::BadTool(tool.to_string()));
        }
        if !KNOWN_TOOLS.contains(&tool) {
            warnings.push(PatternWarning::UnknownTool(tool.to_string()));
        }
        let matcher = match spec {
            None => Matcher::Any,
            Some("") => return Err(PatternError::EmptySpec(text.to_string(), tool.to_string())),
            Some(spec) => match tool {
                "Bash" | "PowerShell" => Matcher::Command(command_alternatives(spec)),
                "Write" | "Edit" | "MultiEdit" | "NotebookEdit" => {
                    path_matcher(spec, true, text, &mut warnings)?
                }
                "Read" | "Grep" | "Glob" | "LS" | "NotebookRead" => {
                    path_matcher(spec, false, text, &mut warnings)?
                }
                "WebFetch" => {
                    let Some(domain) = spec.strip_prefix("domain:") else {
                        return Err(PatternError::WebFetchSpec(spec.to_string()));
                    };
                    let domain = domain.trim().to_ascii_lowercase();
                    let (domain, subdomains) = match domain.strip_prefix("*.") {
                        Some(d) => (d.to_string(), true),
                        None => (domain, false),
                    };
                    if domain.is_empty()
                        || !domain
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || ".-_:".contains(c))
                    {
                        return Err(PatternError::WebFetchSpec(spec.to_string()));
                    }
                    Matcher::Domain { domain, subdomains }
                }
                "Agent" | "Task" => Matcher::Agent(spec.to_string()),
                _ => {
                    if KNOWN_TOOLS.contains(&tool) {
                        warnings.push(PatternWarning::OpaqueSpecifier(tool.to_string()));
                    }
                    Matcher::Opaque
                }
            },
        };
        Ok(Pattern {
            text: text.to_string(),
            tool: tool.to_string(),
            matcher,
            warnings,
        })
    }

    /// The pattern as written (trimmed).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The tool name part (`Bash`, `Edit`, `mcp__server__*`).
    pub fn tool(&self) -> &str {
        &self.tool
    }

    /// Non-fatal remarks about the pattern.
    pub fn warnings(&self) -> &[PatternWarning] {
        &self.warnings
    }

    /// True for an allow pattern that amounts to arbitrary code execution, which Claude Code
    /// suspends in auto mode (spec §1.4): bare `Bash`/`PowerShell`/`Agent`/`Task`, a shell
    /// pattern starting with a wildcard (`Bash(*)`), and a wildcarded interpreter or
    /// package-manager run command (`Bash(python*)`, `Bash(bash:*)`, `Bash(bash -c:*)`,
    /// `Bash(npm run:*)`, `Bash(npx *)`): the text before the first `*` is an interpreter or
    /// wrapper (see `INTERPRETERS`: shells, language runtimes, `env`, `xargs`, `sudo`, `npx`,
    /// `ssh`, `docker`, `kubectl`, ...) followed only by options, or a runner (`npm run`,
    /// `uv run`, `cargo run`, `make`, ... or its first word alone). Exact commands such as
    /// `Bash(npm test)` and narrowed ones such as `Bash(python -m pytest:*)` are not broad.
    pub fn is_broad_allow(&self) -> bool {
        match &self.matcher {
            Matcher::Any => matches!(self.tool.as_str(), "Bash" | "PowerShell" | "Agent" | "Task"),
            Matcher::Command(_) => {
                let spec = self
                    .text
                    .find('(')
                    .map(|i| &self.text[i + 1..self.text.len().saturating_sub(1)])
                    .unwrap_or("");
                let spec = normalize_ws(spec);
                if !spec.contains('*') {
                    return false;
                }
                let head = spec.split('*').next().unwrap_or("");
                let head = head.trim_end_matches(':').trim();
                if head.is_empty() {
                    return true;
                }
                let first = head.split(' ').next().unwrap_or("");
                let base = first
                    .rsplit('/')
                    .next()
                    .unwrap_or(first)
                    .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
                (INTERPRETERS.contains(&base)
                    && head.split(' ').skip(1).all(|w| w.starts_with('-')))
                    || RUNNERS.contains(&head)
                    || (head == first
                        && RUNNERS.iter().any(|r| r.starts_with(&format!("{first} "))))
            }
            _ => false,
        }
    }

    /// True for `Bash`/`PowerShell` patterns (bare or with a command specifier).
    pub fn is_shell(&self) -> bool {
        matches!(self.tool.as_str(), "Bash" | "PowerShell")
    }

    /// Does this pattern match one shell command string (for `Bash`/`PowerShell` patterns;
    /// `tool` is the calling tool)?
    pub fn matches_command(&self, tool: &str, command: &str) -> bool {
        if tool != self.tool {
            return false;
        }
        match &self.matcher {
            Matcher::Any => true,
            Matcher::Command(alts) => {
                let cmd = normalize_ws(command);
                alts.iter().any(|a| wildcard(a, &cmd))
            }
            _ => false,
        }
    }

    /// Does this pattern match the call? For shell tools this matches the whole command string
    /// only; [`crate::EffectiveConfig::user_rule`] also tries each simple command. For path
    /// patterns, either the lexical path or the path with symlinks resolved may match (the
    /// reading for deny and ask rules).
    pub fn matches(&self, tool: &str, input: &Value, cwd: &Path, home: &Path) -> bool {
        self.matches_paths(tool, input, cwd, home, false)
    }

    /// As [`Pattern::matches`], but a path pattern must match both the lexical path and the path
    /// with symlinks resolved (the reading for allow rules: a symlink cannot smuggle a write
    /// out of an allowed directory).
    pub fn matches_strict(&self, tool: &str, input: &Value, cwd: &Path, home: &Path) -> bool {
        self.matches_paths(tool, input, cwd, home, true)
    }

    fn matches_paths(
        &self,
        tool: &str,
        input: &Value,
        cwd: &Path,
        home: &Path,
        all_paths: bool,
    ) -> bool {
        match &self.matcher {
            Matcher::ToolPrefix(prefix) => tool.starts_with(prefix.as_str()),
            Matcher::Any => {
                tool == self.tool
                    || (is_agent(tool) && is_agent(&self.tool))
                    || (self.tool == "Edit" && WRITE_TOOLS.contains(&tool))
                    || (self.tool == "Write" && WRITE_TOOLS.contains(&tool))
                    || (self.tool == "Read" && READ_TOOLS.contains(&tool))
            }
            Matcher::Command(_) => match input.get("command").and_then(Value::as_str) {
                Some(cmd) => self.matches_command(tool, cmd),
                None => false,
            },
            Matcher::Path {
                write,
                anchor,
                globs,
            } => {
                let tools = if *write { WRITE_TOOLS } else { READ_TOOLS };
                if !tools.contains(&tool) {
                    return false;
                }
                let Some(target) = target_path(tool, input, cwd, home) else {
                    return false;
                };
                let base = match anchor {
                    Anchor::Project => normalize(cwd),
                    Anchor::Home => normalize(home),
                    Anchor::Root => PathBuf::from("/"),
                };
                let mut bases = vec![base.clone()];
                if let Ok(real) = std::fs::canonicalize(&base)
                    && real != base
                {
                    bases.push(real);
                }
                let mut targets = vec![target.clone()];
                if let Some(real) = real_path(&target)
                    && real != target
                {
                    targets.push(real);
                }
                let hit = |t: &PathBuf| {
                    bases.iter().any(|b| {
                        t.strip_prefix(b).is_ok_and(|rel| {
                            globs.is_empty()
                                || rel.ancestors().any(|a| {
                                    !a.as_os_str().is_empty()
                                        && globs.matchers().iter().any(|g| g.is_match(a))
                                })
                        })
                    })
                };
                if all_paths {
                    targets.iter().all(hit)
                } else {
                    targets.iter().any(hit)
                }
            }
            Matcher::Domain { domain, subdomains } => {
                if tool != "WebFetch" {
                    return false;
                }
                let Some(host) = input
                    .get("url")
                    .and_then(Value::as_str)
                    .and_then(host_of_url)
                else {
                    return false;
                };
                if *subdomains {
                    host.len() > domain.len()
                        && host.ends_with(domain.as_str())
                        && host[..host.len() - domain.len()].ends_with('.')
                } else {
                    host == *domain
                }
            }
            Matcher::Agent(name) => {
                is_agent(tool)
                    && input.get("subagent_type").and_then(Value::as_str) == Some(name.as_str())
            }
            Matcher::Opaque => false,
        }
    }
}

fn is_agent(tool: &str) -> bool {
    tool == "Agent" || tool == "Task"
}

fn command_alternatives(spec: &str) -> Vec<String> {
    let spec = normalize_ws(spec);
    if let Some(prefix) = spec.strip_suffix(":*") {
        let prefix = prefix.trim_end();
        vec![prefix.to_string(), format!("{prefix} *")]
    } else if let Some(prefix) = spec.strip_suffix(" *") {
        vec![prefix.to_string(), spec.clone()]
    } else {
        vec![spec]
    }
}

/// Collapses whitespace runs to one space and trims.
pub(crate) fn normalize_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `*` matches any run of characters; everything else is literal. Iterative, no recursion.
fn wildcard(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

fn path_matcher(
    spec: &str,
    write: bool,
    text: &str,
    warnings: &mut Vec<PatternWarning>,
) -> Result<Matcher, PatternError> {
    let (anchor, rest, gitignore_any_depth) = if let Some(r) = spec.strip_prefix("//") {
        (Anchor::Root, r, false)
    } else if spec == "~" {
        (Anchor::Home, "", false)
    } else if let Some(r) = spec.strip_prefix("~/") {
        (Anchor::Home, r, false)
    } else if let Some(r) = spec.strip_prefix('/') {
        warnings.push(PatternWarning::RootRelative(spec.to_string()));
        (Anchor::Project, r, false)
    } else if spec == "." {
        (Anchor::Project, "", false)
    } else if let Some(r) = spec.strip_prefix("./") {
        (Anchor::Project, r, false)
    } else {
        (Anchor::Project, spec, !spec.contains('/'))
    };
    let rest = rest.trim_end_matches('/');
    if rest.split('/').any(|c| c == "..") {
        return Err(PatternError::ParentDir(text.to_string()));
    }
    let rest = rest
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/");
    if rest.is_empty() {
        return Ok(Matcher::Path {
            write,
            anchor,
            globs: LazyGlobs::default(),
        });
    }
    let glob_text = if gitignore_any_depth {
        format!("**/{rest}")
    } else {
        rest
    };
    let mut texts = vec![glob_text.clone()];
    // `dir/**` also covers `dir` itself (a Grep or LS of the directory).
    if let Some(dir) = glob_text.strip_suffix("/**")
        && !dir.is_empty()
    {
        texts.push(dir.to_string());
    }
    let mut globs = Vec::new();
    for text in texts {
        let glob = GlobBuilder::new(&text)
            .literal_separator(true)
            .build()
            .map_err(|e| PatternError::Glob(spec.to_string(), e.kind().to_string()))?;
        globs.push(glob);
    }
    Ok(Matcher::Path {
        write,
        anchor,
        globs: LazyGlobs {
            globs,
            compiled: OnceLock::new(),
        },
    })
}

/// The file a file tool's input names, absolute and lexically normalised.
pub(crate) fn target_path(tool: &str, input: &Value, cwd: &Path, home: &Path) -> Option<PathBuf> {
    let key = match tool {
        "NotebookEdit" | "NotebookRead" => "notebook_path",
        "Grep" | "Glob" | "LS" => "path",
        _ => "file_path",
    };
    let raw = match input.get(key).and_then(Value::as_str) {
        Some(s) if !s.is_empty() => s,
        // Grep/Glob without a path search the working directory.
        _ if matches!(tool, "Grep" | "Glob") => ".",
        _ => return None,
    };
    Some(resolve(raw, cwd, home))
}

/// Makes `raw` absolute against `cwd` (expanding `~` and `$HOME`) and normalises it lexically.
pub fn resolve(raw: &str, cwd: &Path, home: &Path) -> PathBuf {
    let joined = if raw == "~" || raw == "$HOME" {
        home.to_path_buf()
    } else if let Some(r) = raw
        .strip_prefix("~/")
        .or_else(|| raw.strip_prefix("$HOME/"))
    {
        home.join(r)
    } else if Path::new(raw).is_absolute() {
        PathBuf::from(raw)
    } else {
        cwd.join(raw)
    };
    normalize(&joined)
}

/// The path with symlinks resolved: the nearest existing ancestor canonicalised, with the
/// missing rest appended. `None` when nothing of it exists.
fn real_path(path: &Path) -> Option<PathBuf> {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(&existing) {
            let mut out = real;
            for name in rest.iter().rev() {
                out.push(name);
            }
            return Some(out);
        }
        rest.push(existing.file_name()?.to_os_string());
        if !existing.pop() {
            return None;
        }
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push("/");
    }
    out
}

/// The lowercase host of a URL (`https://user@Host:8080/x` → `host`); bare `host/path` too.
pub fn host_of_url(url: &str) -> Option<String> {
    let rest = url.trim();
    let rest = match rest.find("://") {
        Some(i) => &rest[i + 3..],
        None => rest,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        authority.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() { None } else { Some(host) }
}

/// The simple commands of a shell line, split without a shell parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitCommand {
    /// Each simple command, whitespace-normalised, in order.
    pub parts: Vec<String>,
    /// False when the line has constructs the splitter does not understand (command
    /// substitution, backticks, process substitution, subshells or groups, heredocs,
    /// unbalanced quotes, a trailing backslash). Allow rules then never match.
    pub confident: bool,
}

/// Splits a shell line on `;`, `&&`, `||`, `|`, `&` and newlines outside quotes.
pub fn split_commands(line: &str) -> SplitCommand {
    let chars: Vec<char> = line.chars().collect();
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut confident = true;
    let mut single = false;
    let mut double = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if single {
            if c == '\'' {
                single = false;
            }
            current.push(c);
            i += 1;
            continue;
        }
        if c == '\\' {
            match next {
                Some(n) => {
                    current.push(c);
                    current.push(n);
                    i += 2;
                }
                None => {
                    confident = false;
                    i += 1;
                }
            }
            continue;
        }
        if double {
            if c == '"' {
                double = false;
            } else if c == '`' || (c == '$' && next == Some('(')) {
                confident = false;
            }
            current.push(c);
            i += 1;
            continue;
        }
        match c {
            '\'' => {
                single = true;
                current.push(c);
            }
            '"' => {
                double = true;
                current.push(c);
            }
            '`' | '(' | ')' | '{' | '}' => {
                confident = false;
                current.push(c);
            }
            '<' if next == Some('<') || next == Some('(') => {
                confident = false;
                current.push(c);
            }
            '>' if next == Some('(') => {
                confident = false;
                current.push(c);
            }
            ';' | '\n' => {
                parts.push(std::mem::take(&mut current));
            }
            '|' => {
                parts.push(std::mem::take(&mut current));
                if next == Some('|') || next == Some('&') {
                    i += 1;
                }
            }
            '&' => {
                let prev = current.chars().last();
                if prev == Some('>') || prev == Some('<') || next == Some('>') {
                    // Redirections `2>&1`, `&>file`, `<&3`.
                    current.push(c);
                } else {
                    parts.push(std::mem::take(&mut current));
                    if next == Some('&') {
                        i += 1;
                    }
                }
            }
            _ => current.push(c),
        }
        i += 1;
    }
    if single || double {
        confident = false;
    }
    parts.push(current);
    let parts = parts
        .iter()
        .map(|p| normalize_ws(p))
        .filter(|p| !p.is_empty())
        .collect();
    SplitCommand { parts, confident }
}

/// The command without leading `NAME=value` assignments (`FOO=1 git push` → `git push`).
pub fn strip_assignments(command: &str) -> &str {
    let mut rest = command.trim_start();
    loop {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..word_end];
        let is_assignment = match word.split_once('=') {
            Some((name, value)) => {
                valid_env_name(name) && !value.contains(['\'', '"', '`', '$', '\\'])
            }
            None => false,
        };
        if !is_assignment || word_end == rest.len() {
            return rest;
        }
        rest = rest[word_end..].trim_start();
    }
}

/// Wrapper words that run the rest of the line as a command.
const WRAPPERS: &[&str] = &["sudo", "command", "exec", "nohup", "time", "env", "builtin"];

/// The command without leading assignments and option-less wrappers (`sudo`, `env`, `nohup`,
/// `time`, `command`, `exec`, `builtin`): `sudo FOO=1 rm -rf x` → `rm -rf x`. A wrapper followed
/// by an option (`sudo -u bob ...`) is left alone. Used only to find more deny/ask matches.
pub fn strip_wrappers(command: &str) -> &str {
    let mut rest = strip_assignments(command);
    for _ in 0..8 {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if word_end == rest.len() || !WRAPPERS.contains(&&rest[..word_end]) {
            break;
        }
        let next = rest[word_end..].trim_start();
        if next.starts_with('-') {
            break;
        }
        rest = strip_assignments(next);
    }
    rest
}

fn valid_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
