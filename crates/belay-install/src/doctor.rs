//! `belay doctor` for Claude Code: is belay hooked in, and do the settings undercut it?
//!
//! [`doctor_claude_code`] reads one settings file and reports, per event, whether belay's hook is
//! there and sees every call, and flags settings that make belay moot: `disableAllHooks`,
//! `permissions.defaultMode: "bypassPermissions"`, and `permissions.allow` rules that grant
//! arbitrary code execution ([`classify_allow_rule`]). Claude Code merges user, project, local and
//! managed settings, so callers check each file and combine the findings.

use std::fs;
use std::io;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::claude::{CLAUDE_CODE_EVENTS, HOOK_ARGS};
use crate::json::Json;

/// How much a finding matters, least first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// All good.
    Ok,
    /// Worth knowing, nothing to fix.
    Info,
    /// Weakens belay; check it.
    Warning,
    /// Lets the agent run code belay never sees or can be talked around easily.
    High,
    /// belay is off, or any code can run without it being asked.
    Critical,
}

impl Level {
    /// `ok`, `info`, `warning`, `high` or `critical`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }
}

/// One line of a doctor report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoctorFinding {
    pub level: Level,
    /// A stable id for the kind of finding, e.g. `hook-missing`, `risky-allow-rule`.
    pub code: &'static str,
    /// What it is about: an event name, a rule, a setting.
    pub subject: String,
    /// One line for a person.
    pub message: String,
}

impl DoctorFinding {
    fn new(level: Level, code: &'static str, subject: impl Into<String>, message: String) -> Self {
        DoctorFinding {
            level,
            code,
            subject: subject.into(),
            message,
        }
    }
}

/// A `permissions.allow` rule that grants too much.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskyRule {
    pub level: Level,
    /// One line: what the rule lets the agent do.
    pub explanation: String,
}

/// How a program in an allow rule is risky.
struct Pattern {
    program: &'static str,
    /// Words after the program that the rule must fix exactly (then only flags may follow).
    sub: &'static [&'static str],
    level: Level,
    why: &'static str,
}

const fn p(
    program: &'static str,
    sub: &'static [&'static str],
    level: Level,
    why: &'static str,
) -> Pattern {
    Pattern {
        program,
        sub,
        level,
        why,
    }
}

use Level::{Critical, High, Warning};

const INLINE_CODE: &str =
    "runs any code given on the command line (e.g. `-c`/`-e`), so any command";

/// Programs whose wildcard rules are risky. Program names are matched without a version suffix
/// (`python3.12` → `python`).
#[rustfmt::skip]
const PATTERNS: &[Pattern] = &[
    // Interpreters.
    p("python", &[], Critical, INLINE_CODE),
    p("ipython", &[], Critical, INLINE_CODE),
    p("node", &[], Critical, INLINE_CODE),
    p("nodejs", &[], Critical, INLINE_CODE),
    p("bash", &[], Critical, INLINE_CODE),
    p("sh", &[], Critical, INLINE_CODE),
    p("zsh", &[], Critical, INLINE_CODE),
    p("dash", &[], Critical, INLINE_CODE),
    p("ksh", &[], Critical, INLINE_CODE),
    p("fish", &[], Critical, INLINE_CODE),
    p("pwsh", &[], Critical, INLINE_CODE),
    p("powershell", &[], Critical, INLINE_CODE),
    p("perl", &[], Critical, INLINE_CODE),
    p("ruby", &[], Critical, INLINE_CODE),
    p("irb", &[], Critical, INLINE_CODE),
    p("php", &[], Critical, INLINE_CODE),
    p("lua", &[], Critical, INLINE_CODE),
    p("luajit", &[], Critical, INLINE_CODE),
    p("Rscript", &[], Critical, INLINE_CODE),
    p("julia", &[], Critical, INLINE_CODE),
    p("osascript", &[], Critical, INLINE_CODE),
    p("tclsh", &[], Critical, INLINE_CODE),
    p("awk", &[], Critical, "awk's system() runs any command"),
    p("gawk", &[], Critical, "awk's system() runs any command"),
    p("deno", &[], Critical, "runs any local or remote script (deno run/eval)"),
    p("deno", &["run"], Critical, "runs any local or remote script"),
    p("deno", &["eval"], Critical, INLINE_CODE),
    p("bun", &[], Critical, "runs any script or package (bun run, bun x, bun -e)"),
    p("bun", &["run"], High, "runs any script or package.json script, which the agent can write"),
    p("bun", &["x"], Critical, "downloads and runs any npm package"),
    p("bunx", &[], Critical, "downloads and runs any npm package"),
    // Shell built-ins that run their argument.
    p("eval", &[], Critical, "evaluates any shell code"),
    p("exec", &[], Critical, "runs any command"),
    p("source", &[], Critical, "runs any shell script, which the agent can write"),
    p(".", &[], Critical, "runs any shell script, which the agent can write"),
    // Package runners that fetch and run remote code, and task runners.
    p("npx", &[], Critical, "downloads and runs any npm package"),
    p("pnpx", &[], Critical, "downloads and runs any npm package"),
    p("uvx", &[], Critical, "downloads and runs any Python package"),
    p("npm", &[], Critical, "npm exec and npm run run any package or script"),
    p("npm", &["exec"], Critical, "downloads and runs any npm package"),
    p("npm", &["x"], Critical, "downloads and runs any npm package"),
    p("npm", &["run"], High, "runs any package.json script, which the agent can write"),
    p("npm", &["run-script"], High, "runs any package.json script, which the agent can write"),
    p("npm", &["start"], Warning, "runs the package.json start script, which the agent can write"),
    p("npm", &["install"], Warning, "installs any package, whose install scripts run code"),
    p("npm", &["i"], Warning, "installs any package, whose install scripts run code"),
    p("pnpm", &[], Critical, "pnpm dlx and pnpm run run any package or script"),
    p("pnpm", &["dlx"], Critical, "downloads and runs any npm package"),
    p("pnpm", &["exec"], High, "runs any installed binary"),
    p("pnpm", &["run"], High, "runs any package.json script, which the agent can write"),
    p("yarn", &[], Critical, "yarn dlx and yarn <script> run any package or script"),
    p("yarn", &["dlx"], Critical, "downloads and runs any npm package"),
    p("yarn", &["exec"], High, "runs any installed binary"),
    p("yarn", &["run"], High, "runs any package.json script, which the agent can write"),
    p("uv", &[], Critical, "uv run runs any command"),
    p("uv", &["run"], Critical, "runs any command in the project environment"),
    p("uv", &["tool", "run"], Critical, "downloads and runs any Python package"),
    p("pipx", &["run"], Critical, "downloads and runs any Python package"),
    p("pipx", &[], Critical, "pipx run downloads and runs any Python package"),
    p("poetry", &["run"], Critical, "runs any command in the project environment"),
    p("pdm", &["run"], Critical, "runs any command or project script"),
    p("hatch", &["run"], Critical, "runs any command in a project environment"),
    p("pipenv", &["run"], Critical, "runs any command in the project environment"),
    p("pip", &[], Warning, "installs any package, whose build scripts run code"),
    p("pip", &["install"], Warning, "installs any package, whose build scripts run code"),
    p("go", &["run"], Critical, "builds and runs any local or remote Go program"),
    p("go", &[], Critical, "go run builds and runs any local or remote Go program"),
    p("cargo", &["run"], High, "builds and runs the project's code, which the agent can write"),
    p("cargo", &[], High, "cargo run and build scripts run the project's code, which the agent can write"),
    p("make", &[], High, "runs any Makefile target, and the agent can write the Makefile"),
    p("gmake", &[], High, "runs any Makefile target, and the agent can write the Makefile"),
    p("just", &[], High, "runs any justfile recipe, and the agent can write the justfile"),
    p("rake", &[], High, "runs any Rakefile task, and the agent can write the Rakefile"),
    p("dotnet", &["run"], High, "builds and runs the project's code, which the agent can write"),
    p("gradle", &[], High, "runs build scripts, which the agent can write"),
    p("./gradlew", &[], High, "runs build scripts, which the agent can write"),
    // Remote and container execution.
    p("ssh", &[], Critical, "runs any command on any reachable host"),
    p("docker", &[], Critical, "docker run/exec run any command, as root with the host's files mountable"),
    p("docker", &["run"], Critical, "runs any container, as root with the host's files mountable"),
    p("docker", &["exec"], Critical, "runs any command in a running container"),
    p("docker", &["compose"], High, "starts and runs commands in containers defined by files the agent can write"),
    p("podman", &[], Critical, "podman run/exec run any command in a container"),
    p("podman", &["run"], Critical, "runs any container with the host's files mountable"),
    p("podman", &["exec"], Critical, "runs any command in a running container"),
    p("kubectl", &[], Critical, "kubectl exec/run/apply/delete act on the cluster without limits"),
    p("kubectl", &["exec"], Critical, "runs any command in any pod the credentials reach"),
    p("kubectl", &["run"], Critical, "starts any pod with any command"),
    p("kubectl", &["debug"], Critical, "starts a debug container in any pod or node"),
    // Other escape hatches.
    p("git", &[], High, "git -c, aliases and hooks can run any command; push --force and reset --hard destroy work"),
    p("find", &[], High, "find -exec runs any command and -delete deletes anything"),
    p("sed", &[], Warning, "GNU sed's `e` command runs shell commands, and -i rewrites any file"),
    p("curl", &[], Warning, "can send any local file to any host (curl -d @file) and fetch anything"),
    p("wget", &[], Warning, "can send local files to any host (--post-file) and fetch anything"),
    p("rm", &[], Warning, "deletes any file the user can"),
];

/// A program that runs the rest of its command line.
struct Wrapper {
    name: &'static str,
    /// Runs it as another user (root).
    privileged: bool,
    /// Options that take a separate value.
    valued: &'static [&'static str],
    /// Positional arguments before the command (`timeout DURATION cmd`).
    positional: usize,
}

const fn w(
    name: &'static str,
    privileged: bool,
    valued: &'static [&'static str],
    positional: usize,
) -> Wrapper {
    Wrapper {
        name,
        privileged,
        valued,
        positional,
    }
}

const WRAPPERS: &[Wrapper] = &[
    w(
        "sudo",
        true,
        &[
            "-u",
            "-g",
            "-C",
            "-D",
            "-h",
            "-p",
            "-r",
            "-t",
            "-U",
            "-T",
            "--user",
            "--group",
            "--chdir",
            "--host",
            "--prompt",
            "--close-from",
            "--role",
            "--type",
            "--other-user",
            "--command-timeout",
        ],
        0,
    ),
    w("doas", true, &["-u", "-C"], 0),
    w("su", true, &["-s", "-g", "-G", "--shell", "--group"], 0),
    w("pkexec", true, &["--user"], 0),
    w("env", false, &["-u", "-C", "--unset", "--chdir"], 0),
    w(
        "xargs",
        false,
        &[
            "-n",
            "-I",
            "-P",
            "-d",
            "-L",
            "-s",
            "-E",
            "-a",
            "--max-args",
            "--replace",
            "--max-procs",
            "--delimiter",
            "--max-lines",
            "--arg-file",
        ],
        0,
    ),
    w("command", false, &[], 0),
    w("builtin", false, &[], 0),
    w("nohup", false, &[], 0),
    w(
        "timeout",
        false,
        &["-s", "-k", "--signal", "--kill-after"],
        1,
    ),
    w("nice", false, &["-n", "--adjustment"], 0),
    w(
        "ionice",
        false,
        &["-c", "-n", "-p", "--class", "--classdata"],
        0,
    ),
    w("time", false, &["-f", "-o", "--format", "--output"], 0),
    w("watch", false, &["-n", "--interval"], 0),
    w("strace", false, &["-o", "-e", "-p", "-s", "-u"], 0),
    w("ltrace", false, &["-o", "-e", "-p", "-s", "-u"], 0),
    w("setsid", false, &[], 0),
    w("stdbuf", false, &[], 0),
    w("chroot", true, &["--userspec", "--groups"], 1),
    w("unshare", false, &[], 0),
    w("nsenter", true, &["-t", "--target"], 0),
    w("parallel", false, &["-j", "--jobs"], 0),
    w("script", false, &[], 0),
    w("flock", false, &["-w", "-E", "--timeout"], 1),
];

/// The command a wrapper runs: its words after options, option values, `VAR=value` (for `env`)
/// and positional arguments.
fn wrapped<'a>(wrapper: &Wrapper, words: &[&'a str]) -> Vec<&'a str> {
    let mut i = 0;
    let mut positional = wrapper.positional;
    while i < words.len() {
        let word = words[i];
        if word == "--" {
            i += 1;
        } else if is_flag(word) {
            i += if wrapper.valued.contains(&word) { 2 } else { 1 };
            continue;
        } else if wrapper.name == "env" && word.contains('=') {
            i += 1;
            continue;
        } else if positional > 0 {
            positional -= 1;
            i += 1;
            continue;
        }
        break;
    }
    words.get(i..).unwrap_or(&[]).to_vec()
}

/// The program name as matched: the path's last component without a version suffix.
fn program_name(word: &str) -> &str {
    if word == "./gradlew" || word == "." {
        return word;
    }
    let base = word.rsplit('/').next().unwrap_or(word);
    let trimmed = base.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    if trimmed.is_empty() { base } else { trimmed }
}

fn is_flag(word: &str) -> bool {
    word.starts_with('-')
}

/// Classify the fixed words of a wildcard rule (the part before the wildcard).
fn classify_prefix(words: &[&str], depth: usize) -> Option<RiskyRule> {
    let Some((&first, rest)) = words.split_first() else {
        return Some(RiskyRule {
            level: Critical,
            explanation: "allows any shell command".into(),
        });
    };
    let name = program_name(first);
    if let Some(wrapper) = WRAPPERS.iter().find(|w| w.name == name) {
        let privileged = wrapper.privileged;
        let inner = wrapped(wrapper, rest);
        if inner.is_empty() {
            let what = if privileged {
                "runs any command as another user (root)"
            } else {
                "runs any command"
            };
            return Some(RiskyRule {
                level: Critical,
                explanation: format!("`{} ...` {what}", wrapper.name),
            });
        }
        if depth > 4 {
            return None;
        }
        return match classify_prefix(&inner, depth + 1) {
            Some(r) => Some(RiskyRule {
                level: if privileged { Critical } else { r.level },
                explanation: if privileged {
                    format!("as root: {}", r.explanation)
                } else {
                    r.explanation
                },
            }),
            None if privileged => Some(RiskyRule {
                level: Warning,
                explanation: format!("runs `{} ...` as root", inner.join(" ")),
            }),
            None => None,
        };
    }
    PATTERNS
        .iter()
        .filter(|pat| pat.program == name && rest.starts_with(pat.sub))
        .filter(|pat| rest[pat.sub.len()..].iter().all(|w| is_flag(w)))
        .max_by_key(|pat| pat.sub.len())
        .map(|pat| RiskyRule {
            level: pat.level,
            explanation: pat.why.to_string(),
        })
}

/// Judge one `permissions.allow` rule. `None`: not risky as far as belay knows.
///
/// Understands `Bash` and `Bash(*)` (any command), the legacy prefix form `Bash(npm run:*)` and
/// wildcards `Bash(python3 *)`: the words before the wildcard decide. Wrappers (`sudo`, `env`,
/// `timeout 30`, `xargs -n 1`...) are looked through. Rules without a wildcard allow one exact
/// command and are not flagged; neither are rules for other tools.
pub fn classify_allow_rule(rule: &str) -> Option<RiskyRule> {
    let rule = rule.trim();
    let (tool, content) = match rule.split_once('(') {
        Some((tool, rest)) => (
            tool.trim(),
            Some(rest.strip_suffix(')').unwrap_or(rest).trim()),
        ),
        None => (rule, None),
    };
    if tool != "Bash" && tool != "PowerShell" {
        return None;
    }
    let content = content.unwrap_or("");
    if matches!(content, "" | "*" | ":*" | "**") {
        return Some(RiskyRule {
            level: Critical,
            explanation: "allows any shell command".into(),
        });
    }
    let prefix = if let Some(p) = content.strip_suffix(":*") {
        p
    } else if let Some(i) = content.find('*') {
        &content[..i]
    } else {
        return None;
    };
    let words: Vec<&str> = prefix.split_whitespace().collect();
    classify_prefix(&words, 0)
}

/// Whether the first word of a hook command names a file that is missing (only absolute paths
/// are checked; bare names are looked up on `PATH` by the shell at run time).
fn missing_program(command: &str) -> Option<String> {
    let command = command.trim_start();
    let program = if let Some(rest) = command.strip_prefix('\'') {
        rest.split('\'').next().unwrap_or("")
    } else if let Some(rest) = command.strip_prefix('"') {
        rest.split('"').next().unwrap_or("")
    } else {
        command.split_whitespace().next().unwrap_or("")
    };
    (program.starts_with('/') && !Path::new(program).exists()).then(|| program.to_string())
}

fn belay_handler_command(handler: &Value) -> Option<&str> {
    let command = handler.get("command")?.as_str()?;
    let args_form = handler
        .get("args")
        .and_then(Value::as_array)
        .is_some_and(|a| a.len() >= 2 && a[0] == "hook" && a[1] == "claude-code");
    (command.contains(&format!(" {HOOK_ARGS}")) || args_form).then_some(command)
}

/// Check one Claude Code settings file. Never fails: an unreadable file is itself a finding.
pub fn doctor_claude_code(settings_path: &Path) -> Vec<DoctorFinding> {
    let shown = settings_path.display();
    let mut out = Vec::new();
    let text = match fs::read(settings_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            out.push(DoctorFinding::new(
                Level::Warning,
                "settings-missing",
                shown.to_string(),
                format!("{shown} does not exist: belay is not installed there"),
            ));
            Vec::new()
        }
        Err(e) => {
            out.push(DoctorFinding::new(
                Level::Critical,
                "settings-unreadable",
                shown.to_string(),
                format!("cannot read {shown}: {e}"),
            ));
            return out;
        }
    };
    let text = String::from_utf8_lossy(&text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let settings: Value = if text.trim().is_empty() {
        Value::Object(Default::default())
    } else {
        match serde_json::from_str::<Json>(text) {
            // Parse with the order-preserving reader first for the same error text as install.
            Ok(_) => serde_json::from_str(text).unwrap_or(Value::Null),
            Err(e) => {
                let err = crate::claude::parse_error(settings_path, &e);
                out.push(DoctorFinding::new(
                    Level::Critical,
                    "settings-unparsable",
                    shown.to_string(),
                    format!("{err} (Claude Code will not load it either)"),
                ));
                return out;
            }
        }
    };

    for (event, _) in CLAUDE_CODE_EVENTS {
        let groups = settings
            .pointer(&format!("/hooks/{event}"))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let mut full = Vec::new();
        let mut narrow = Vec::new();
        for group in groups {
            let matcher = group.get("matcher").and_then(Value::as_str).unwrap_or("");
            let covers_all = matches!(matcher, "" | "*") || event == "UserPromptSubmit";
            for h in group
                .get("hooks")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(cmd) = belay_handler_command(h) {
                    if covers_all {
                        full.push(cmd)
                    } else {
                        narrow.push((matcher, cmd))
                    }
                }
            }
        }
        if let Some(cmd) = full.first() {
            out.push(DoctorFinding::new(
                Level::Ok,
                "hook-installed",
                event,
                format!("{event}: belay's hook is installed (`{cmd}`)"),
            ));
            if full.len() > 1 {
                out.push(DoctorFinding::new(
                    Level::Info,
                    "hook-duplicate",
                    event,
                    format!("{event}: belay's hook is installed {} times", full.len()),
                ));
            }
            for cmd in &full {
                if let Some(program) = missing_program(cmd) {
                    out.push(DoctorFinding::new(
                        Level::Critical,
                        "hook-program-missing",
                        event,
                        format!(
                            "{event}: the hook runs {program}, which does not exist; Claude Code treats the failure as non-blocking, so calls go unchecked"
                        ),
                    ));
                }
            }
        } else if let Some((matcher, _)) = narrow.first() {
            out.push(DoctorFinding::new(
                Level::High,
                "hook-narrow-matcher",
                event,
                format!(
                    "{event}: belay's hook only runs for matcher `{matcher}`; other tools are unchecked (reinstall to use `*`)"
                ),
            ));
        } else {
            out.push(DoctorFinding::new(
                Level::Warning,
                "hook-missing",
                event,
                format!("{event}: belay's hook is not installed in {shown}"),
            ));
        }
    }

    if settings.get("disableAllHooks") == Some(&Value::Bool(true)) {
        out.push(DoctorFinding::new(
            Level::Critical,
            "hooks-disabled",
            "disableAllHooks",
            "`disableAllHooks: true` turns off every hook, belay included".into(),
        ));
    }
    if settings.get("allowManagedHooksOnly") == Some(&Value::Bool(true)) {
        out.push(DoctorFinding::new(
            Level::Critical,
            "hooks-managed-only",
            "allowManagedHooksOnly",
            "`allowManagedHooksOnly: true` ignores user and project hooks, belay included, unless belay is installed in managed settings".into(),
        ));
    }
    if settings
        .pointer("/permissions/defaultMode")
        .and_then(Value::as_str)
        == Some("bypassPermissions")
    {
        out.push(DoctorFinding::new(
            Level::High,
            "bypass-permissions",
            "permissions.defaultMode",
            "`defaultMode: \"bypassPermissions\"` runs every tool call without asking; belay's hook is the only check left".into(),
        ));
    }
    for rule in settings
        .pointer("/permissions/allow")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if let Some(risk) = classify_allow_rule(rule) {
            out.push(DoctorFinding::new(
                risk.level,
                "risky-allow-rule",
                rule,
                format!("permissions.allow `{rule}`: {}", risk.explanation),
            ));
        }
    }
    out
}
