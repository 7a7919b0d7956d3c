//! `belay mcp-proxy`: belay's judgment and injection screen behind the MCP proxy
//! (`belay-mcp`).
//!
//! [`BelayGuard`] turns each `tools/call` into the action an agent's hook would see for that
//! MCP tool (`mcp__<server>__<tool>` with the call's arguments) and runs it through the same
//! code as the hook ([`hook::judge_action`], [`hook::screen_action_output`]): the same policy,
//! session memory, denial limits and store records, under one session id per proxy run.

use crate::hook::{self, Context};
use belay_action::{Action, Decision};
use belay_agents::claude_code::Common;
use belay_mcp::{Guard, Judgment, ToolCall};
use serde_json::Value;
use std::path::PathBuf;

/// The agent name the store records for the proxy's sessions and calls.
pub const AGENT: &str = "mcp-proxy";

/// Launchers whose first real argument names the server (`npx -y @scope/server-x`).
const LAUNCHERS: &[&str] = &[
    "npx", "pnpx", "bunx", "uvx", "uv", "pipx", "node", "nodejs", "deno", "bun", "python",
    "python3", "py", "ruby", "java", "docker", "podman", "env", "go", "cargo", "npm", "pnpm",
    "yarn", "dotnet",
];

/// Arguments of a launcher that are sub-commands, not the server.
const LAUNCHER_WORDS: &[&str] = &["run", "exec", "x", "dlx", "tool", "start", "-"];

/// A server name as MCP clients show it: characters other than letters, digits, `_` and `-`
/// become `_` (Claude Code's normalization); never empty.
pub fn normalize_server_name(name: &str) -> String {
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "server".to_string()
    } else {
        name
    }
}

/// The server's name when `--name` is not given, from its command: the program's file name, or
/// for a launcher (npx, uvx, python, docker, ...) its first argument that is not an option or a
/// sub-command; without directories, versions, file extensions and `mcp`/`server` affixes.
/// `npx -y @modelcontextprotocol/server-filesystem /tmp` gives `filesystem`.
pub fn default_server_name(command: &[String]) -> String {
    let base = |s: &str| s.rsplit(['/', '\\']).next().unwrap_or(s).to_string();
    let Some(program) = command.first() else {
        return "server".to_string();
    };
    let program_name = base(program);
    let launcher = program_name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let mut name = if LAUNCHERS.contains(&launcher) {
        command[1..]
            .iter()
            .find(|a| !a.starts_with('-') && !LAUNCHER_WORDS.contains(&a.as_str()))
            .map(|a| {
                // `@scope/pkg@1.2` → `pkg`; `ghcr.io/org/image:tag` → `image`.
                let a = a.strip_prefix('@').unwrap_or(a);
                base(a).split(['@', ':']).next().unwrap_or("").to_string()
            })
            .unwrap_or(program_name)
    } else {
        program_name
    };
    for ext in [".js", ".mjs", ".cjs", ".ts", ".py", ".rb", ".jar", ".exe"] {
        if let Some(stem) = name.strip_suffix(ext) {
            name = stem.to_string();
        }
    }
    let mut name = name.as_str();
    for prefix in ["mcp-server-", "mcp_server_", "server-", "mcp-"] {
        name = name.strip_prefix(prefix).unwrap_or(name);
    }
    for suffix in ["-mcp-server", "_mcp_server", "-mcp", "-server", "_mcp"] {
        name = name.strip_suffix(suffix).unwrap_or(name);
    }
    normalize_server_name(name)
}

/// A session id for one proxy run: `mcp-<server>-<unix ms>-<pid>`.
pub fn session_id(server: &str) -> String {
    format!(
        "mcp-{server}-{}-{}",
        belay_store::now_ms(),
        std::process::id()
    )
}

/// belay's judgment and screen for the proxy. Notes go to stderr.
pub struct BelayGuard {
    ctx: Context,
    common: Common,
    server: String,
}

impl BelayGuard {
    /// A guard judging calls to `server` in session `session_id`, run from `cwd`. Starts the
    /// session in the context's log.
    pub fn new(mut ctx: Context, session_id: String, cwd: PathBuf, server: String) -> BelayGuard {
        let common = Common {
            session_id,
            transcript_path: None,
            cwd,
            permission_mode: None,
            hook_event_name: "PreToolUse".to_string(),
            // The proxy judges as for Claude Code's MCP tools; the store records `mcp-proxy`.
            agent: belay_agents::Agent::ClaudeCode,
        };
        if let Some(log) = ctx.log.as_mut()
            && let Err(e) = log.start_session(&common, Some(AGENT))
        {
            eprintln!("belay: session store: {e:#}");
        }
        BelayGuard {
            ctx,
            common,
            server,
        }
    }

    /// The action a hook would see for this call.
    pub fn action(&self, call: &ToolCall) -> Action {
        Action {
            tool: format!("mcp__{}__{}", self.server, call.name),
            input: call.arguments.clone(),
            cwd: self.common.cwd.clone(),
        }
    }
}

impl Guard for BelayGuard {
    fn judge(&mut self, call: &ToolCall) -> Judgment {
        let action = self.action(call);
        let id = call.id.to_string();
        let out = hook::judge_action(&mut self.ctx, &self.common, &action, Some(&id));
        eprint!("{}", out.stderr);
        let Some(verdict) = out.verdict else {
            return Judgment::Ask("belay could not judge this call".to_string());
        };
        let reason = match &verdict.rule {
            Some(_) => verdict.message(),
            None => format!("belay: {}", verdict.reason),
        };
        match verdict.decision {
            Decision::Allow => Judgment::Allow,
            Decision::Deny => Judgment::Deny(reason),
            Decision::Ask => Judgment::Ask(reason),
        }
    }

    fn screen(&mut self, call: &ToolCall, outcome: &Value) -> Option<String> {
        let action = self.action(call);
        let id = call.id.to_string();
        let out =
            hook::screen_action_output(&mut self.ctx, &self.common, &action, outcome, Some(&id));
        eprint!("{}", out.stderr);
        out.warning
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_server_name_table() {
        let cases: &[(&str, &str)] = &[
            (
                "npx -y @modelcontextprotocol/server-filesystem /tmp",
                "filesystem",
            ),
            ("npx @playwright/mcp@latest", "mcp"),
            ("uvx mcp-server-git --repository .", "git"),
            ("uv run weather.py", "weather"),
            ("python3.12 -m", "python3_12"),
            ("node /opt/servers/build/index.js", "index"),
            ("/usr/local/bin/github-mcp-server stdio", "github"),
            (
                "docker run -i --rm ghcr.io/github/github-mcp-server",
                "github",
            ),
            ("./my server", "my"),
            ("", "server"),
        ];
        for (command, want) in cases {
            let words: Vec<String> = command
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect();
            assert_eq!(default_server_name(&words), *want, "{command}");
        }
    }

    #[test]
    fn normalize_table() {
        assert_eq!(normalize_server_name("my server.v2"), "my_server_v2");
        assert_eq!(normalize_server_name("git-hub_1"), "git-hub_1");
        assert_eq!(normalize_server_name(""), "server");
    }
}
