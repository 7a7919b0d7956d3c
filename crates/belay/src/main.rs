//! The `belay` command line: the hook the agents run, and the tools a person uses around it.
//!
//! Kept thin: parsing arguments, reading and printing; the work is in the library (`belay::*`).
//! No async runtime, no network, nothing heavy before judging.

// The entry point is `start::main`: Rust's own start-up costs a hook process more than it gives
// (see the module).
#![no_main]

mod start;

use anyhow::{Context as _, bail};
use belay::eval::{self, Bars, Corpus};
use belay::hook::{self, Context, HookOutput, MemoryLog, SessionLog, home_dir};
use belay::memory::StoreLog;
use belay::model::ModelTier;
use belay::replay::{self, Call, Scenario};
use clap::{Parser, Subcommand, ValueEnum};
use start::ExitCode;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Exit code of a failed command (bad usage, unreadable input).
const EXIT_ERROR: u8 = 3;

const ABOUT: &str = "An auto mode for coding agents: judges each tool call before it runs.";

const LONG_ABOUT: &str = "\
An auto mode for coding agents: judges each tool call before it runs.

Claude Code (or Codex CLI, Gemini CLI, Cursor, Copilot CLI) runs `belay hook <agent>` before
every tool call; belay answers allow (the call
runs without a permission prompt), ask (the user decides) or deny (the agent gets the reason and
tries another way). After a call, belay screens the tool's output for prompt injection and warns
the agent when it finds some.";

const MAIN_EXAMPLES: &str = "\
Examples:
  # See what belay would say about a command
  belay check -- git push --force origin main
  belay check --prompt 'force-push my branch after the rebase' -- git push --force-with-lease origin feat/x

  # Measure the engine on a labeled corpus
  belay eval ../shared/corpus/actions.dev.jsonl

  # The hook itself (Claude Code runs this; the event comes on stdin)
  echo '{\"session_id\":\"s\",\"cwd\":\"/tmp\",\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"ls\"}}' | belay hook claude-code";

#[derive(Parser)]
#[command(name = "belay", version, about = ABOUT, long_about = LONG_ABOUT, after_long_help = MAIN_EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Answer one hook event from a coding agent (the agent runs this)
    #[command(after_long_help = HOOK_HELP)]
    Hook {
        #[arg(value_enum)]
        agent: Agent,
    },
    /// Judge one tool call and explain the verdict
    #[command(after_long_help = CHECK_HELP)]
    Check(CheckArgs),
    /// Measure the engine on a labeled corpus (JSON Lines)
    #[command(after_long_help = EVAL_HELP)]
    Eval(EvalArgs),
    /// Add belay's hooks to the agent's settings (backup kept; idempotent)
    #[command(after_long_help = INSTALL_HELP)]
    Install(InstallArgs),
    /// Remove belay's hooks from the agent's settings
    #[command(after_long_help = UNINSTALL_HELP)]
    Uninstall(InstallArgs),
    /// Check the installation, risky settings and the store
    #[command(after_long_help = DOCTOR_HELP)]
    Doctor {
        /// The project whose .claude/settings*.json to check too (default: the current directory)
        #[arg(long, value_name = "DIR")]
        project: Option<PathBuf>,
        /// Print JSON instead of the report
        #[arg(long)]
        json: bool,
    },
    /// Show the audit log: every call belay judged, newest last
    #[command(after_long_help = LOG_HELP)]
    Log {
        #[command(flatten)]
        filter: FilterArgs,
        /// Show at most this many calls (the most recent)
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print JSON Lines (one call per line) instead of the table
        #[arg(long)]
        json: bool,
    },
    /// Count the audit log's calls by verdict, category and rule
    #[command(after_long_help = STATS_HELP)]
    Stats {
        #[command(flatten)]
        filter: FilterArgs,
        /// Print one JSON object instead of the tables
        #[arg(long)]
        json: bool,
    },
    /// List belay's rules with the severities in force, or explain one
    #[command(after_long_help = RULES_HELP)]
    Rules {
        #[command(subcommand)]
        command: Option<RulesCmd>,
        /// Print JSON instead of the table
        #[arg(long)]
        json: bool,
        /// The project whose .belay.toml overrides apply (default: the current directory)
        #[arg(long, value_name = "DIR", global = true)]
        cwd: Option<PathBuf>,
    },
    /// Check belay's configuration files and show where they are read from
    #[command(after_long_help = CONFIG_HELP)]
    Config {
        #[command(subcommand)]
        command: ConfigCmd,
    },
    /// Run a stdio MCP server behind belay: judge each tools/call, screen each result
    #[command(after_long_help = MCP_PROXY_HELP)]
    McpProxy(McpProxyArgs),
    /// Serve hook events from one long-lived process (on by default; BELAY_RESIDENT=off)
    #[command(after_long_help = RESIDENT_HELP)]
    Resident,
    /// Measure the whole-process latency of the hook
    #[command(after_long_help = BENCH_HELP)]
    Bench {
        /// Number of timed runs (each spawns the hook and /bin/true once)
        #[arg(long, default_value_t = 1000)]
        runs: usize,
        /// The baseline program to compare against
        #[arg(long, default_value = "/bin/true")]
        baseline: String,
        /// The hook event to send: the judgment (pre) or the output screen (post)
        #[arg(long, value_enum, default_value_t = belay::bench::BenchEvent::Pre)]
        event: belay::bench::BenchEvent,
        /// Print one JSON object instead of the table
        #[arg(long)]
        json: bool,
        /// Load test instead: concurrent hook processes against one store, then check the store
        #[arg(long)]
        load: bool,
        /// Concurrent workers for --load (each runs one hook process at a time)
        #[arg(long, default_value_t = 16, requires = "load")]
        workers: usize,
        /// How long --load runs, in seconds
        #[arg(long, default_value_t = 60, requires = "load")]
        seconds: u64,
    },
}

#[derive(Subcommand)]
enum RulesCmd {
    /// Explain one rule: what it catches, the advice, an example, and the overrides that apply
    #[command(after_long_help = RULES_SHOW_HELP)]
    Show {
        /// The rule id, e.g. git.force-push
        id: String,
    },
}

const RULES_HELP: &str = "\
Every rule belay's engine can fire, in catalog order: id, category, severity in force (after the
[severity] overrides of your config.toml and the project's .belay.toml; marked *), what it
catches and an example. Your own permission rules decide with ids config.deny, config.ask,
config.protected and config.allow; a broken config asks with config.invalid.

Examples:
  belay rules
  belay rules --json | jq '.[] | select(.severity == \"hard\") | .id'
  belay rules show git.force-push";

const RULES_SHOW_HELP: &str = "\
Examples:
  belay rules show fs.delete-critical
  belay rules show exec.remote-code --cwd ~/projects/api";

#[derive(Subcommand)]
enum ConfigCmd {
    /// Validate a config file with line-precise errors (exit 1 on errors)
    #[command(after_long_help = CONFIG_CHECK_HELP)]
    Check {
        /// The file (default: your config.toml); a file named .belay.toml is checked as a project file
        file: Option<PathBuf>,
    },
    /// Print where each configuration file is read from
    #[command(after_long_help = CONFIG_PATH_HELP)]
    Path {
        /// The project directory (default: the current directory)
        #[arg(long, value_name = "DIR")]
        cwd: Option<PathBuf>,
    },
}

const CONFIG_HELP: &str = "\
belay reads your config.toml ($BELAY_CONFIG, else $XDG_CONFIG_HOME/belay/config.toml, else
~/.config/belay/config.toml), the autoMode block of Claude Code's settings
($CLAUDE_CONFIG_DIR/settings.json or ~/.claude/settings.json), and every .belay.toml from the
working directory up to the repository root. A project file can only tighten: deny/ask rules,
protected paths, \"hard\" severities, lower limits. Anything else in it is ignored and reported.

Examples:
  belay config check
  belay config check .belay.toml
  belay config path";

const CONFIG_CHECK_HELP: &str = "\
Prints one line per problem as FILE:LINE:COLUMN: message, then a summary. Exit code 0 when the
file can be used as written (warnings allowed), 1 otherwise (for a .belay.toml: when any item
would be ignored), 3 when the file cannot be found.

Examples:
  belay config check
  belay config check ~/.config/belay/config.toml
  belay config check .belay.toml";

const CONFIG_PATH_HELP: &str = "\
Examples:
  belay config path
  BELAY_CONFIG=./team.toml belay config path --cwd ~/projects/api";

#[derive(clap::Args)]
struct InstallArgs {
    #[arg(value_enum)]
    agent: Agent,
    /// The project's hook file (e.g. DIR/.claude/settings.json; DIR defaults to the current
    /// directory) instead of the user's; Copilot's is always the project's
    #[arg(long, value_name = "DIR", num_args = 0..=1, default_missing_value = ".")]
    project: Option<PathBuf>,
    /// How the agent should run belay (default: this executable's absolute path)
    #[arg(long, value_name = "PATH")]
    command: Option<String>,
}

const INSTALL_HELP: &str = "\
Adds `belay hook <agent>` to the agent's own hook file, for its tool, prompt and session events:
  claude-code  ~/.claude/settings.json   ($CLAUDE_CONFIG_DIR/settings.json)
  codex        ~/.codex/hooks.json       ($CODEX_HOME/hooks.json)
  gemini       ~/.gemini/settings.json   ($GEMINI_CLI_HOME/.gemini/settings.json; hooks switched on)
  cursor       ~/.cursor/hooks.json      (permission hooks get failClosed: true)
  copilot      .github/hooks/belay.json  (in the repository; always per project)
With --project, the project's file instead (.claude/, .codex/, .gemini/, .cursor/). Everything
else in the file stays as it was; the old file is copied to <file>.belay-backup-<time> first;
running it twice changes nothing. Start a new agent session afterwards.

Examples:
  belay install claude-code
  belay install claude-code --project
  belay install codex --command ~/.cargo/bin/belay
  belay install copilot --project ~/projects/api";

const UNINSTALL_HELP: &str = "\
Removes belay's hooks (and only those) from the settings file.

Examples:
  belay uninstall claude-code
  belay uninstall claude-code --project";

const DOCTOR_HELP: &str = "\
Checks ~/.claude/settings.json, the project's .claude/settings.json and .claude/settings.local.json
(Claude Code merges them): belay's hooks present and seeing every call, settings that switch
hooks off or bypass permissions, allow rules that let any code run unseen; that the store
opens; and belay's own configuration: errors in your config.toml or Claude settings (the hook
then asks before every call) and every item of the project's .belay.toml that is ignored
because it would loosen something. Exit code 0 when nothing is worse than info, 1 otherwise.

Examples:
  belay doctor
  belay doctor --project ~/projects/api --json";

#[derive(clap::Args)]
struct McpProxyArgs {
    /// The server's name as the agent knows it: its tools are judged as mcp__NAME__TOOL
    /// (default: from the server command, e.g. `filesystem` for npx ...server-filesystem)
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// The MCP server to run, with its arguments
    #[arg(last = true, required = true, value_name = "SERVER_COMMAND")]
    command: Vec<String>,
}

const MCP_PROXY_HELP: &str = "\
Put `belay mcp-proxy --name NAME --` in front of a stdio MCP server's command in the agent's
MCP configuration. belay starts the server and passes every JSON-RPC message through unchanged,
except:
  tools/call    judged as the tool mcp__NAME__TOOL with the call's arguments, like a hook would
                judge it. deny: the client gets a JSON-RPC error (code -32001) with belay's
                reason and the server never sees the call. ask: the same refusal, saying the
                user must approve, unless the client declared elicitation support, in which
                case belay asks the user (elicitation/create) and runs the call only if approved.
  results       of allowed calls are screened for prompt injection; when found, a text item
                starting with \"[belay warning]\" is put in front of result.content.
Lines that are not JSON, JSON-RPC batches and other unreadable input from the client are
answered with a JSON-RPC error and never forwarded; non-JSON lines from the server are dropped.
Every call, verdict and screened result goes to the store under one session per run (see
`belay log --session ID`; the id is printed on stderr). The server's stderr is passed through.
belay exits with the server's exit code (128+N when a signal N ended it).

Examples:
  belay mcp-proxy --name filesystem -- npx -y @modelcontextprotocol/server-filesystem ~/projects
  belay mcp-proxy -- uvx mcp-server-git --repository .
  claude mcp add github -- belay mcp-proxy --name github -- docker run -i --rm ghcr.io/github/github-mcp-server";

#[derive(clap::Args)]
struct FilterArgs {
    /// Only this session (its id, as Claude Code gives it)
    #[arg(long, value_name = "ID")]
    session: Option<String>,
    /// Only calls with this verdict
    #[arg(long, value_enum)]
    verdict: Option<VerdictArg>,
    /// Only calls decided by this rule (e.g. git.force-push)
    #[arg(long, value_name = "RULE")]
    rule: Option<String>,
    /// Only calls since then: a duration back from now (30m, 2h, 7d) or a UTC date (2026-11-26T12:00)
    #[arg(long, value_name = "WHEN")]
    since: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum VerdictArg {
    Allow,
    Ask,
    Deny,
}

const LOG_HELP: &str = "\
The log is belay's SQLite store ($BELAY_HOME/belay.db, default ~/.local/share/belay/belay.db).
Asked and denied calls show their reason on a second line; calls the model tier was asked about
show its requests (stage, answer or error, latency, tokens) on another. Times are UTC.

Examples:
  belay log --since 2h
  belay log --verdict deny --rule git.force-push
  belay log --session 9f1c2a7e-3b4d-4e5f-8a6b-7c8d9e0f1a2b --json | jq .input";

const STATS_HELP: &str = "\
Examples:
  belay stats
  belay stats --since 7d --json";

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Agent {
    /// Claude Code (PreToolUse, PostToolUse, UserPromptSubmit, SessionStart)
    #[value(name = "claude-code", alias = "claude")]
    ClaudeCode,
    /// OpenAI Codex CLI (PreToolUse, PostToolUse, UserPromptSubmit, SessionStart; ask -> deny)
    Codex,
    /// Google Gemini CLI (BeforeTool, AfterTool, BeforeAgent, SessionStart; ask -> deny)
    #[value(name = "gemini", alias = "gemini-cli")]
    Gemini,
    /// Cursor (beforeShellExecution, beforeMCPExecution, beforeReadFile, preToolUse, ...)
    Cursor,
    /// GitHub Copilot CLI (preToolUse, postToolUse, userPromptSubmitted, sessionStart)
    #[value(name = "copilot", alias = "copilot-cli")]
    Copilot,
}

impl Agent {
    fn protocol(self) -> belay_agents::Agent {
        match self {
            Agent::ClaudeCode => belay_agents::Agent::ClaudeCode,
            Agent::Codex => belay_agents::Agent::Codex,
            Agent::Gemini => belay_agents::Agent::Gemini,
            Agent::Cursor => belay_agents::Agent::Cursor,
            Agent::Copilot => belay_agents::Agent::Copilot,
        }
    }
}

const HOOK_HELP: &str = "\
Reads one JSON event on stdin (at most 16 MB) and answers on stdout in the agent's own format.
For Claude Code:
  PreToolUse    {\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"allow|ask|deny\",...}}
  PostToolUse   a warning in additionalContext when the output carries a prompt injection
  others        nothing (SessionStart and UserPromptSubmit are remembered)
Exit code 0, or 2 (blocking, reason on stderr) when no answer can be written at all.
Input belay cannot read or judge is `ask`, never `allow`. Codex and Gemini cannot ask: there
`ask` is a deny whose reason tells the agent to ask the user. Copilot ignores exit 2, so it gets
an `ask` on stdout instead.

Example:
  echo '{\"session_id\":\"s\",\"cwd\":\"/tmp\",\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"rm -rf ~\"}}' | belay hook claude-code";

const RESIDENT_HELP: &str = "\
By default `belay hook` hands each event to one long-lived belay process over a Unix socket
beside the store ($BELAY_HOME/run/), and that process answers it with the same code and the
same environment, keeping its store open and the injection detector compiled between calls:
a tool call then costs little more than starting a small program. The first hook that finds
no such process starts one (this command) and answers its own event itself.

Whatever goes wrong there, the hook answers in its own process, exactly as without it: no
process yet (a hook starts one at most every 30 s), one serving another belay executable or
another environment (HOME, USER, XDG_*, CLAUDE_CONFIG_DIR, BELAY_* but BELAY_RESIDENT, *_KEY,
*_TOKEN, *_SECRET, *_PROXY), a relative path in HOME, XDG_CONFIG_HOME, XDG_DATA_HOME,
CLAUDE_CONFIG_DIR, BELAY_HOME or BELAY_CONFIG (the process runs in /), or 4 s without a word
from it. While it judges (a model tier can take seconds), it says every second that it is
still at it, and the hook waits up to 45 s, as long as it would judge the event itself. The
process exits after 15 minutes without events, when its socket is removed, or when the belay
executable is replaced (an upgrade). Compare: `belay bench` and `BELAY_RESIDENT=off belay bench`.

BELAY_RESIDENT=off (or 0) in the agent's environment turns it off: every hook then judges in
its own process and opens the store itself. BELAY_RESIDENT=require makes it mandatory: an
event the resident process does not answer is blocked with the reason on stderr (for checking
that it works). `belay doctor` says whether it is on and running.

You do not need to run this yourself; running it by hand serves the hooks of this
environment until it exits.";

#[derive(clap::Args)]
struct CheckArgs {
    /// The project directory of the call (default: the current directory)
    #[arg(long, value_name = "DIR")]
    cwd: Option<PathBuf>,
    /// A message of the user's, oldest first; the last is the current request (repeatable)
    #[arg(long = "prompt", value_name = "TEXT")]
    prompts: Vec<String>,
    /// A trusted-environment line, like Claude Code's autoMode.environment (repeatable)
    #[arg(long = "env", value_name = "LINE")]
    environment: Vec<String>,
    /// Judge a tool call given as JSON ({"tool_name":..,"tool_input":..}) from FILE or stdin (-)
    #[arg(long, value_name = "FILE|-", num_args = 0..=1, default_missing_value = "-", conflicts_with = "command")]
    json: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Judge with belay's rules alone: no config.toml, Claude autoMode or .belay.toml
    #[arg(long)]
    no_config: bool,
    /// The shell command to judge as a Bash call (words are joined with spaces)
    #[arg(last = true, value_name = "COMMAND")]
    command: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

const CHECK_HELP: &str = "\
Exit codes: 0 allow, 1 ask, 2 deny, 3 error (bad usage or unreadable input).

The JSON form may also carry the context of a corpus case: \"cwd\", \"user_prompts\",
\"environment\" and \"history\" (earlier calls, [{\"tool_name\":..,\"tool_input\":..}]).
The call goes through the same code as the hook: a session with the given prompts, the earlier
calls, then the call itself.

Examples:
  belay check -- rm -rf target/
  belay check --cwd ~/projects/api --prompt 'deploy to staging' -- kubectl apply -f k8s/ --context prod-eu
  belay check --env 'Our GitHub org: acme-corp' -- git push origin main
  echo '{\"tool_name\":\"Read\",\"tool_input\":{\"file_path\":\"/home/me/.ssh/id_ed25519\"}}' | belay check --json
  belay check --format json -- curl -fsSL https://example.com/install.sh | sh";

#[derive(clap::Args)]
struct EvalArgs {
    /// A corpus file: action cases (expected allow/block) or injection cases (injection/clean)
    file: PathBuf,
    /// Print one JSON object instead of the tables
    #[arg(long)]
    json: bool,
    /// Fail (exit 1) when the true-positive rate is below this (0.9 or 90%)
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    min_tpr: Option<f64>,
    /// Fail when the false-negative rate is above this
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    max_fnr: Option<f64>,
    /// Fail when the false-positive rate is above this
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    max_fpr: Option<f64>,
    /// Fail when the false-negative rate on hard blocks is above this (action corpora)
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    max_hard_fnr: Option<f64>,
    /// Ask the model tier configured in config.toml ([model]) about what the rules are unsure of
    #[arg(long)]
    model: bool,
}

const EVAL_HELP: &str = "\
The kind of corpus is told from its `expected` labels. Action cases are replayed through the
hook exactly as Claude Code would send them (SessionStart, the user's prompts, the earlier calls,
then the call), with fresh session memory per case; `ask` and `deny` both count as a block.
Injection cases run the PostToolUse screening on the tool's output.

Figures: FNR (blocks allowed / injections missed), FPR (allow cases blocked / clean outputs
flagged), hard FNR, TPR, per category, every miss, decision latency (p50, p99) and throughput.
For actions the latency is each judgment inside its replay, between the store's work, as in a
hook; the throughput judges the calls under test again back to back (the decision alone).
Rates are fractions (0.05) or percentages (5%).

With --model, the model tier configured in config.toml ([model]) is asked about what the rules
are unsure of, exactly as in the hook (answers cached for the run); the report adds its requests,
cache hits, failures, tokens and request latency. Without a configured model it is an error.

Exit codes: 0 all bars met, 1 a bar missed, 3 error.

Examples:
  belay eval ../shared/corpus/actions.dev.jsonl
  belay eval ../shared/corpus/actions.dev.jsonl --max-fnr 0.1 --max-fpr 5% --max-hard-fnr 0
  belay eval ../shared/corpus/injections.dev.jsonl --min-tpr 0.9 --max-fpr 0.05 --json
  BELAY_CONFIG=model.toml belay eval ../shared/corpus/actions.dev.jsonl --model";

const BENCH_HELP: &str = "\
Spawns `belay hook claude-code` with a typical PreToolUse event on stdin, --runs times, and
/bin/true as many times in the same loop; prints p50/p99 of each and the ratio. Targets:
p50 <= 2 ms and ratio <= 3x (reported, not enforced). Build with --release first; session
memory goes to a temporary BELAY_HOME.

With --load: --workers threads (default 16) each spawn the hook one event after another for
--seconds (default 60), all against one temporary store; then the store is read back to check
that every call was recorded exactly once. Prints p50/p99/max latency and throughput; exits 1
if a hook did not answer, hit a store fault, or a record was lost.

Examples:
  cargo build --release -p belay && target/release/belay bench --runs 1000
  target/release/belay bench --load --workers 16 --seconds 60";

fn parse_rate(s: &str) -> Result<f64, String> {
    let (num, scale) = match s.strip_suffix('%') {
        Some(n) => (n, 100.0),
        None => (s, 1.0),
    };
    let v: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a rate (0.05 or 5%)"))?;
    let v = v / scale;
    if !(0.0..=1.0).contains(&v) {
        return Err(format!("`{s}` is not between 0 and 1 (0%..100%)"));
    }
    Ok(v)
}

/// One line per panic on stderr. With `once`, a message seen before is not repeated (`belay eval`
/// replays hundreds of cases in one process; the hook catches each panic and answers `ask`).
fn set_panic_hook(once: bool) {
    let seen = std::sync::Mutex::new(std::collections::HashSet::new());
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let line = format!("belay: internal error: {}{at}", msg.replace('\n', " "));
        if once {
            let Ok(mut seen) = seen.lock() else { return };
            if !seen.insert(line.clone()) {
                return;
            }
        }
        eprintln!("{line}");
    }));
}

/// The program, called by [`start::main`].
fn belay_main() -> ExitCode {
    set_panic_hook(false);
    if let Some(agent) = hook_arguments() {
        return run_hook(agent);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            let _ = e.print();
            return match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                // A misconfigured hook command must block, not fail open.
                _ if std::env::args().nth(1).as_deref() == Some("hook") => ExitCode::from(2),
                _ => ExitCode::from(EXIT_ERROR),
            };
        }
    };
    let result = match cli.command {
        Cmd::Hook { agent } => return run_hook(agent),
        Cmd::Check(args) => run_check(args),
        Cmd::Resident => belay::resident::serve()
            .map(|()| ExitCode::SUCCESS)
            .map_err(anyhow::Error::from),
        Cmd::Eval(args) => run_eval(args),
        Cmd::Bench {
            load: true,
            workers,
            seconds,
            json,
            ..
        } => run_bench_load(workers, seconds, json),
        Cmd::Bench {
            runs,
            baseline,
            event,
            json,
            ..
        } => run_bench(runs, &baseline, event, json),
        Cmd::Log {
            filter,
            limit,
            json,
        } => run_log(&filter, limit, json),
        Cmd::Stats { filter, json } => run_stats(&filter, json),
        Cmd::Install(args) => run_install(&args, true),
        Cmd::Uninstall(args) => run_install(&args, false),
        Cmd::Doctor { project, json } => run_doctor(project, json),
        Cmd::Rules { command, json, cwd } => run_rules(command, json, cwd),
        Cmd::Config { command } => run_config(command),
        Cmd::McpProxy(args) => run_mcp_proxy(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("belay: error: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Writes to stdout; a closed pipe (`belay eval ... | head`) is not an error.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// `belay hook <agent>`, read without building the whole command-line interface: agents run it
/// on every tool call, and clap's command tree costs ~130 000 instructions per start (a tenth
/// of a hook event's own work). Anything else, `belay hook --help` or an unknown agent among
/// them, goes through clap with its help and errors.
fn hook_arguments() -> Option<Agent> {
    let mut args = std::env::args_os().skip(1);
    let (Some(command), Some(agent), None) = (args.next(), args.next(), args.next()) else {
        return None;
    };
    if command != "hook" {
        return None;
    }
    <Agent as clap::ValueEnum>::from_str(agent.to_str()?, false).ok()
}

/// `belay hook <agent>`: exit 0 or 2, never anything else, never a panic escaping.
fn run_hook(agent: Agent) -> ExitCode {
    let adapter = belay_agents::adapter(agent.protocol());
    let out =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| hook_once(agent.protocol())))
            .unwrap_or_else(|_| {
                HookOutput::blocking(adapter, "internal error while handling the event")
            });
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(out.stderr.as_bytes());
    let written = stdout
        .write_all(out.stdout.as_bytes())
        .and_then(|()| stdout.flush());
    if written.is_err() && !out.stdout.is_empty() {
        let _ = writeln!(stderr, "belay: could not write the answer to stdout");
        return ExitCode::from(2);
    }
    ExitCode::from(if out.exit_code == 2 { 2 } else { 0 })
}

/// `belay mcp-proxy`: the server's exit code, or 3 when it cannot be started.
fn run_mcp_proxy(args: McpProxyArgs) -> anyhow::Result<ExitCode> {
    use std::process::{Command, Stdio};
    let name = match &args.name {
        Some(name) => belay::mcp::normalize_server_name(name),
        None => belay::mcp::default_server_name(&args.command),
    };
    let mut child = Command::new(&args.command[0])
        .args(&args.command[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("starting the MCP server `{}`", args.command[0]))?;
    let (Some(server_in), Some(server_out)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        bail!("the MCP server's stdin or stdout is not a pipe");
    };
    let home = home_dir();
    let (log, fault): (Option<Box<dyn SessionLog>>, _) = match belay_store::Store::open_default() {
        Ok(store) => (
            Some(Box::new(StoreLog::with_agent(store, belay::mcp::AGENT))),
            None,
        ),
        Err(e) => {
            eprintln!(
                "belay: session store unavailable: {e}; until it works no call is allowed without asking (see `belay doctor`)"
            );
            (None, Some(e.to_string()))
        }
    };
    let mut ctx = Context::new(log, home.clone());
    ctx.memory_fault = fault;
    ctx.read_transcript = false;
    ctx.config_files = Some(belay::config::Locations::from_env());
    let cwd = std::env::current_dir().unwrap_or_default();
    let session = belay::mcp::session_id(&name);
    eprintln!(
        "belay mcp-proxy: judging tools/call of server `{name}` as mcp__{name}__<tool>; session {session}"
    );
    let guard = belay::mcp::BelayGuard::new(ctx, session.clone(), cwd, name);
    let mut proxy = belay_mcp::Proxy::new(guard, format!("belay-{session}"));
    let mut stdout = std::io::stdout().lock();
    let end = belay_mcp::run(
        &mut proxy,
        std::io::stdin(),
        &mut stdout,
        Box::new(server_in),
        server_out,
        &mut |note| eprintln!("belay mcp-proxy: {note}"),
        std::time::Duration::from_secs(10),
    );
    if end == belay_mcp::End::ServerLingering {
        eprintln!(
            "belay mcp-proxy: the server did not exit 10 s after its stdin closed; stopping it"
        );
        let _ = child.kill();
    }
    let status = child.wait().context("waiting for the MCP server")?;
    Ok(ExitCode::from(exit_code_of(status)))
}

/// A child's exit code as ours: its own code, or 128+N when signal N ended it.
fn exit_code_of(status: std::process::ExitStatus) -> u8 {
    if let Some(code) = status.code() {
        return u8::try_from(code).unwrap_or(1);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return u8::try_from(128 + signal).unwrap_or(1);
        }
    }
    1
}

fn hook_once(agent: belay_agents::Agent) -> HookOutput {
    let adapter = belay_agents::adapter(agent);
    let mut input = Vec::new();
    let limit = hook::MAX_INPUT_BYTES as u64 + 1;
    if let Err(e) = std::io::stdin().lock().take(limit).read_to_end(&mut input) {
        return hook::read_failure_for(adapter, &e);
    }
    if input.len() > hook::MAX_INPUT_BYTES {
        return hook::handle_oversize_for(adapter, &input);
    }
    let mut notes = String::new();
    let resident = belay::resident::mode().unwrap_or_else(|unknown| {
        notes.push_str(&format!("belay: {unknown}; it is on\n"));
        belay::resident::Mode::On
    });
    if resident != belay::resident::Mode::Off {
        use belay::resident::Miss;
        let endpoint = belay::resident::Endpoint::of_this_process();
        let asked = match &endpoint {
            Some(endpoint) => belay::resident::ask(endpoint, agent, &input),
            None => Err(Miss::NoEndpoint),
        };
        match asked {
            Ok(mut out) => {
                notes.push_str(&out.stderr);
                out.stderr = notes;
                return out;
            }
            Err(miss) => {
                if let (Miss::Absent(_), Some(endpoint)) = (&miss, &endpoint) {
                    // Started for the next call; this one is answered here, without waiting.
                    let _ = belay::resident::start_server(endpoint);
                }
                if resident == belay::resident::Mode::Require {
                    return HookOutput::blocking(
                        adapter,
                        format!("{miss}, and BELAY_RESIDENT=require"),
                    );
                }
                if let Miss::Broken(_) = miss {
                    belay::resident::retire(endpoint.as_ref().map(|e| e.socket.as_path()));
                    notes.push_str(&format!("belay: {miss}; answered here\n"));
                }
            }
        }
    }
    let log = belay_store::Store::open_default()
        .map(|store| Box::new(StoreLog::new(store)) as Box<dyn SessionLog>)
        .map_err(|e| e.to_string());
    let (mut out, ctx) = hook::answer_event(adapter, &input, log, home_dir());
    notes.push_str(&out.stderr);
    out.stderr = notes;
    // The process ends right after the answer is written. Closing the store properly would
    // free its parsed schema and statements one by one (~180 000 instructions, a seventh of
    // the event) for nothing: every record is committed to the WAL already, the connection is
    // configured not to checkpoint on close, and the kernel drops its locks at exit.
    std::mem::forget(ctx);
    out
}

fn read_input(path: &str) -> anyhow::Result<String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading stdin")?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("reading {path}"))
    }
}

/// Fresh session memory: an in-memory store (the same code as the hook's), or plain process
/// memory if SQLite cannot even do that.
fn fresh_log() -> Box<dyn SessionLog> {
    match belay_store::Store::open_in_memory() {
        Ok(store) => Box::new(StoreLog::new(store)),
        Err(_) => Box::new(MemoryLog::default()),
    }
}

/// A context with fresh session memory, for `check`.
fn memory_context() -> Context {
    let mut ctx = Context::new(Some(fresh_log()), home_dir());
    ctx.read_transcript = false;
    ctx
}

fn run_check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let mut scenario = match (&args.json, args.command.is_empty()) {
        (Some(path), _) => {
            let text = read_input(path)?;
            let value: serde_json::Value =
                serde_json::from_str(&text).context("the tool call is not JSON")?;
            if value.get("tool_name").and_then(|v| v.as_str()).is_none() {
                bail!("the tool call has no string `tool_name`");
            }
            let mut value = value;
            if value.get("cwd").is_none() {
                value["cwd"] = serde_json::Value::String(String::new());
            }
            serde_json::from_value::<Scenario>(value).context("reading the tool call")?
        }
        (None, false) => Scenario {
            cwd: String::new(),
            user_prompts: Vec::new(),
            environment: Vec::new(),
            history: Vec::new(),
            call: Call {
                tool_name: "Bash".to_string(),
                tool_input: serde_json::json!({ "command": args.command.join(" ") }),
            },
        },
        (None, true) => bail!("nothing to check: give `-- COMMAND...` or `--json [FILE|-]`"),
    };
    if let Some(cwd) = &args.cwd {
        scenario.cwd = cwd.display().to_string();
    }
    if scenario.cwd.is_empty() {
        scenario.cwd = std::env::current_dir()
            .context("reading the current directory")?
            .display()
            .to_string();
    }
    scenario.user_prompts.extend(args.prompts);
    scenario.environment.extend(args.environment);
    let mut ctx = memory_context();
    if !args.no_config {
        ctx.config_files = Some(belay::config::Locations::from_env());
    }
    let out = replay::replay(&mut ctx, "belay-check", &scenario).output;
    let Some(verdict) = out.verdict.clone() else {
        bail!("no verdict: {}", out.stderr.trim());
    };
    match args.format {
        Format::Json => {
            let value = serde_json::json!({
                "decision": verdict.decision,
                "rule": verdict.rule,
                "category": verdict.category,
                "severity": verdict.severity,
                "reason": verdict.reason,
                "effects": verdict.effects,
                "message": verdict.message(),
                "hook_stdout": out.stdout,
            });
            emit(&format!("{}\n", serde_json::to_string_pretty(&value)?));
        }
        Format::Human => emit(&render_verdict(&scenario, &verdict, &out)),
    }
    Ok(ExitCode::from(match verdict.decision {
        belay_action::Decision::Allow => 0,
        belay_action::Decision::Ask => 1,
        belay_action::Decision::Deny => 2,
    }))
}

fn render_verdict(
    scenario: &Scenario,
    verdict: &belay_action::Verdict,
    out: &HookOutput,
) -> String {
    let call = &scenario.call;
    let what = match call.tool_input.get("command").and_then(|c| c.as_str()) {
        Some(cmd) if call.tool_name == "Bash" => cmd.to_string(),
        _ => format!("{} {}", call.tool_name, call.tool_input),
    };
    let mut s = format!("{}  {}\n", verdict.decision.as_str().to_uppercase(), what);
    s.push_str(&format!(
        "  rule      {}\n",
        verdict.rule.as_deref().unwrap_or("-")
    ));
    s.push_str(&format!("  category  {}\n", verdict.category));
    s.push_str(&format!(
        "  severity  {}\n",
        verdict.severity.map(|s| s.as_str()).unwrap_or("-")
    ));
    s.push_str(&format!("  reason    {}\n", verdict.reason));
    if verdict.effects.is_empty() {
        s.push_str("  effects   (none listed)\n");
    } else {
        s.push_str("  effects\n");
        for e in &verdict.effects {
            s.push_str(&format!("    - {e}\n"));
        }
    }
    for line in out.stderr.lines() {
        s.push_str(&format!("  note      {line}\n"));
    }
    s
}

/// A context for one eval case: a fresh in-memory store; the corpora's home is /home/dev
/// (`~` and `$HOME` in their commands mean that). The environment comes from the case.
fn eval_context() -> Context {
    let mut ctx = Context::new(Some(fresh_log()), PathBuf::from("/home/dev"));
    ctx.read_transcript = false;
    ctx
}

/// The model tier for `belay eval --model`: the user's configuration, answers cached and calls
/// recorded in an in-memory store shared by all cases of the run.
fn eval_model_tier() -> anyhow::Result<Arc<ModelTier>> {
    let config = belay_config::load_user().context("loading belay's configuration")?;
    let where_ = belay_config::paths::user_config_path_from_env()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "config.toml".to_string());
    if config.model.is_none() {
        bail!(
            "--model: no model is configured; add a [model] section to {where_} (or point BELAY_CONFIG at a file that has one)"
        );
    }
    let store = Arc::new(Mutex::new(belay_store::Store::open_in_memory()?));
    ModelTier::from_user_config(&config, &[], Some(store))
        .map_err(|e| anyhow::anyhow!("--model: {e} (in {where_})"))?
        .map(Arc::new)
        .context("--model: no model is configured")
}

fn run_eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    set_panic_hook(true);
    let corpus = eval::load(&args.file)?;
    let tier = if args.model {
        Some(eval_model_tier()?)
    } else {
        None
    };
    let new_ctx = || {
        let mut ctx = eval_context();
        ctx.model = tier.clone();
        ctx
    };
    let report = match &corpus {
        Corpus::Actions(cases) => eval::eval_actions(cases, &new_ctx),
        Corpus::Injections(cases) => eval::eval_injections(cases, &new_ctx),
    };
    let model = tier.as_ref().map(|t| t.totals());
    let bars = Bars {
        min_tpr: args.min_tpr,
        max_fnr: args.max_fnr,
        max_fpr: args.max_fpr,
        max_hard_fnr: args.max_hard_fnr,
    };
    let (missed, notes) = eval::check_bars(&report, &bars);
    if args.json {
        let mut value = serde_json::to_value(&report)?;
        value["file"] = serde_json::json!(args.file.display().to_string());
        value["bars_missed"] = serde_json::json!(missed);
        if let Some(model) = &model {
            value["model"] = serde_json::to_value(model)?;
        }
        emit(&format!("{}\n", serde_json::to_string(&value)?));
    } else {
        emit(&eval::render(&report, &args.file.display().to_string()));
        if let Some(model) = &model {
            emit(&belay::audit::render_model_totals(model));
        }
        for line in &missed {
            emit(&format!("BAR MISSED: {line}\n"));
        }
    }
    for note in &notes {
        eprintln!("belay: {note}");
    }
    Ok(if missed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run_bench(
    runs: usize,
    baseline: &str,
    event: belay::bench::BenchEvent,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let exe = std::env::current_exe().context("finding the belay executable")?;
    if cfg!(debug_assertions) {
        eprintln!("belay: note: this is a debug build; figures are for `cargo build --release`");
    }
    let report = belay::bench::run(Path::new(&exe), baseline, runs, event)?;
    if json {
        emit(&format!("{}\n", serde_json::to_string(&report)?));
    } else {
        emit(&belay::bench::render(&report));
    }
    Ok(ExitCode::SUCCESS)
}

/// `belay bench --load`: exit 0 when every hook answered and no record was lost, 1 otherwise.
fn run_bench_load(workers: usize, seconds: u64, json: bool) -> anyhow::Result<ExitCode> {
    let exe = std::env::current_exe().context("finding the belay executable")?;
    if cfg!(debug_assertions) {
        eprintln!("belay: note: this is a debug build; figures are for `cargo build --release`");
    }
    let report = belay::bench::run_load(
        Path::new(&exe),
        workers,
        std::time::Duration::from_secs(seconds),
    )?;
    if json {
        emit(&format!("{}\n", serde_json::to_string(&report)?));
    } else {
        emit(&belay::bench::render_load(&report));
    }
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn call_filter(args: &FilterArgs) -> anyhow::Result<belay_store::CallFilter> {
    let since_ms = match &args.since {
        Some(s) => {
            Some(belay::audit::parse_since(s, belay_store::now_ms()).map_err(anyhow::Error::msg)?)
        }
        None => None,
    };
    Ok(belay_store::CallFilter {
        session: args.session.clone(),
        decision: args.verdict.map(|v| match v {
            VerdictArg::Allow => belay_action::Decision::Allow,
            VerdictArg::Ask => belay_action::Decision::Ask,
            VerdictArg::Deny => belay_action::Decision::Deny,
        }),
        rule: args.rule.clone(),
        since_ms,
        event: Some(belay_store::Event::Pre),
        ..belay_store::CallFilter::default()
    })
}

fn open_store() -> anyhow::Result<belay_store::Store> {
    Ok(belay_store::Store::open_default()?)
}

fn run_log(filter: &FilterArgs, limit: usize, json: bool) -> anyhow::Result<ExitCode> {
    let mut filter = call_filter(filter)?;
    filter.limit = Some(limit);
    let store = open_store()?;
    let mut rows = store.query_calls(&filter)?;
    rows.sort_by_key(|r| (r.at_ms, r.id));
    let mut model = std::collections::HashMap::new();
    for row in &rows {
        if let Some(id) = &row.tool_use_id {
            let calls = store.model_calls(&row.session_id, Some(id))?;
            if !calls.is_empty() {
                model.insert(row.id, calls);
            }
        }
    }
    if json {
        let mut text = String::new();
        for row in &rows {
            let mut value = serde_json::to_value(row)?;
            if let Some(calls) = model.get(&row.id) {
                value["model"] = serde_json::to_value(calls)?;
            }
            text.push_str(&serde_json::to_string(&value)?);
            text.push('\n');
        }
        emit(&text);
    } else {
        emit(&belay::audit::render_log(&rows, &model));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_stats(filter: &FilterArgs, json: bool) -> anyhow::Result<ExitCode> {
    let stats = open_store()?.stats(&call_filter(filter)?)?;
    if json {
        emit(&format!("{}\n", serde_json::to_string(&stats)?));
    } else {
        emit(&belay::audit::render_stats(&stats));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_install(args: &InstallArgs, install: bool) -> anyhow::Result<ExitCode> {
    let project = match &args.project {
        Some(dir) => {
            Some(std::path::absolute(dir).with_context(|| format!("resolving {}", dir.display()))?)
        }
        None => None,
    };
    let command = match &args.command {
        Some(c) => c.clone(),
        None => std::env::current_exe()
            .context("finding the belay executable")?
            .display()
            .to_string(),
    };
    let spec = match args.agent {
        Agent::ClaudeCode => None,
        Agent::Codex => Some(belay_install::CODEX),
        Agent::Gemini => Some(belay_install::GEMINI),
        Agent::Cursor => Some(belay_install::CURSOR),
        Agent::Copilot => Some(belay_install::COPILOT),
    };
    let path = match args.agent {
        Agent::ClaudeCode => belay_install::claude_settings_path(project.as_deref()),
        Agent::Codex => belay_install::codex_hooks_path(project.as_deref()),
        Agent::Gemini => belay_install::gemini_settings_path(project.as_deref()),
        Agent::Cursor => belay_install::cursor_hooks_path(project.as_deref()),
        // Copilot CLI reads hooks from the repository only.
        Agent::Copilot => belay_install::copilot_hooks_path(&match project {
            Some(p) => p,
            None => std::env::current_dir().context("reading the current directory")?,
        }),
    };
    let report = match (spec, install) {
        (None, true) => belay_install::install_claude_code(&path, &command)?,
        (None, false) => belay_install::uninstall_claude_code(&path)?,
        (Some(spec), true) => spec.install(&path, &command)?,
        (Some(spec), false) => spec.uninstall(&path)?,
    };
    let agent_name = belay_agents::adapter(args.agent.protocol())
        .agent()
        .display_name();
    let mut text = String::new();
    if report.changes.is_empty() {
        text.push_str(&format!(
            "{}: nothing to change (belay's hooks are {})\n",
            report.settings_path.display(),
            if install {
                "already installed"
            } else {
                "not there"
            }
        ));
    } else {
        text.push_str(&format!("{}:\n", report.settings_path.display()));
        for change in &report.changes {
            text.push_str(&format!("  {change}\n"));
        }
        if let Some(backup) = &report.backup {
            text.push_str(&format!("  backup: {}\n", backup.display()));
        }
        if install {
            text.push_str(&format!(
                "Start a new {agent_name} session for the hooks to take effect; \
                 `belay doctor` checks the setup.\n"
            ));
        }
    }
    emit(&text);
    Ok(ExitCode::SUCCESS)
}

fn run_doctor(project: Option<PathBuf>, json: bool) -> anyhow::Result<ExitCode> {
    let project = match project {
        Some(p) => p,
        None => std::env::current_dir().context("reading the current directory")?,
    };
    let store = belay_store::Store::open_default()
        .map(|s| s.path().to_path_buf())
        .map_err(|e| e.to_string());
    let run_dir = store
        .as_ref()
        .ok()
        .and_then(|p| belay::resident::run_dir(p));
    let mut sections = belay::setup::doctor(&project, store.clone());
    if let Some(run_dir) = run_dir {
        sections.push(belay::setup::resident_section(
            belay::resident::mode(),
            &run_dir,
        ));
    }
    let locations = belay::config::Locations::from_env();
    let loaded = belay::config::load_for(&locations, &absolute(&project)?, &home_dir());
    sections.push(belay::setup::config_section(&loaded, &locations));
    if json {
        emit(&format!("{}\n", serde_json::to_string(&sections)?));
    } else {
        emit(&belay::setup::render(&sections));
    }
    Ok(
        if belay::setup::worst(&sections) <= belay_install::Level::Info {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        },
    )
}

fn absolute(dir: &Path) -> anyhow::Result<PathBuf> {
    std::path::absolute(dir).with_context(|| format!("resolving {}", dir.display()))
}

fn project_dir(cwd: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match cwd {
        Some(dir) => absolute(&dir),
        None => std::env::current_dir().context("reading the current directory"),
    }
}

fn run_rules(
    command: Option<RulesCmd>,
    json: bool,
    cwd: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let locations = belay::config::Locations::from_env();
    let loaded = belay::config::load_for(&locations, &project_dir(cwd)?, &home_dir());
    for fault in &loaded.faults {
        eprintln!("belay: config: {fault}");
    }
    match command {
        None => {
            let rows = belay::explain::catalog(&loaded, &locations);
            if json {
                emit(&format!("{}\n", serde_json::to_string_pretty(&rows)?));
            } else {
                emit(&belay::explain::render_catalog(&rows));
            }
        }
        Some(RulesCmd::Show { id }) => {
            match belay::explain::render_show(&id, &loaded, &locations) {
                Some(text) => emit(&text),
                None => {
                    let similar = belay::explain::similar_ids(&id);
                    if similar.is_empty() {
                        bail!("no rule `{id}` (`belay rules` lists them)");
                    }
                    bail!("no rule `{id}`; did you mean: {}?", similar.join(", "));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_config(command: ConfigCmd) -> anyhow::Result<ExitCode> {
    let locations = belay::config::Locations::from_env();
    match command {
        ConfigCmd::Check { file } => {
            let path = match file {
                Some(f) => {
                    if !f.exists() {
                        bail!("{}: no such file", f.display());
                    }
                    f
                }
                None => {
                    let Some(p) = locations.user_config else {
                        bail!("no config file location: set HOME or BELAY_CONFIG");
                    };
                    if !p.exists() {
                        emit(&format!(
                            "{}: not found; belay uses its defaults (`belay config path` shows where it looks)\n",
                            p.display()
                        ));
                        return Ok(ExitCode::SUCCESS);
                    }
                    p
                }
            };
            let report = belay::explain::check_file(&path);
            emit(&report.text);
            Ok(if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        ConfigCmd::Path { cwd } => {
            emit(&belay::explain::render_paths(
                &locations,
                &project_dir(cwd)?,
                &home_dir(),
            ));
            Ok(ExitCode::SUCCESS)
        }
    }
}
