//! The agent-neutral hook event: what every adapter parses its agent's payload into.
//!
//! An [`Event`] is a session start, a user prompt, a tool call before or after it runs, or
//! anything else (ignored). Tool names and inputs are belay's (Claude Code's) vocabulary:
//! `Bash`, `Write`, `Edit`, `Read`, `WebFetch`, `mcp__server__tool`, ...; an agent's tool that
//! has no exact counterpart keeps its own name (and the judge asks about tools it does not know).

use belay_action::Action;
use serde_json::Value;
use std::path::PathBuf;

/// The coding agents belay speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Agent {
    #[default]
    ClaudeCode,
    Codex,
    Gemini,
    Cursor,
    Copilot,
}

impl Agent {
    pub const ALL: [Agent; 5] = [
        Agent::ClaudeCode,
        Agent::Codex,
        Agent::Gemini,
        Agent::Cursor,
        Agent::Copilot,
    ];

    /// The name on the command line (`belay hook <name>`) and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Agent::ClaudeCode => "claude-code",
            Agent::Codex => "codex",
            Agent::Gemini => "gemini",
            Agent::Cursor => "cursor",
            Agent::Copilot => "copilot",
        }
    }

    /// The product name, for people.
    pub fn display_name(self) -> &'static str {
        match self {
            Agent::ClaudeCode => "Claude Code",
            Agent::Codex => "OpenAI Codex CLI",
            Agent::Gemini => "Google Gemini CLI",
            Agent::Cursor => "Cursor",
            Agent::Copilot => "GitHub Copilot CLI",
        }
    }
}

/// What an event is about, whatever the agent calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    SessionStart,
    UserPrompt,
    PreToolUse,
    PostToolUse,
    Other,
}

/// Why an event could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    #[error("hook input is not JSON: {0}")]
    NotJson(String),
    #[error("hook input is not a JSON object")]
    NotObject,
    #[error("{event} event has no `{field}` field")]
    MissingField { event: String, field: &'static str },
    #[error("{event} event field `{field}` is not {expected}")]
    WrongType {
        event: String,
        field: &'static str,
        expected: &'static str,
    },
    #[error("{tool} tool_input does not fit the tool: {problem}")]
    BadToolInput { tool: String, problem: String },
}

/// A failed parse, with the event name when it could be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
pub struct ParseFailure {
    /// `hook_event_name`, when the input was a JSON object that carried it as a string.
    pub event: Option<String>,
    pub error: ProtocolError,
}

/// Fields every hook event carries, whatever the agent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Common {
    pub session_id: String,
    /// The session transcript (JSONL); written asynchronously, may lag or be absent.
    pub transcript_path: Option<PathBuf>,
    pub cwd: PathBuf,
    /// `default`, `plan`, `acceptEdits`, `auto`, `dontAsk`, `bypassPermissions`; not on every event.
    pub permission_mode: Option<String>,
    /// The agent's own name for the event (`PreToolUse`, `BeforeTool`, `beforeShellExecution`...).
    pub hook_event_name: String,
    /// The agent that sent the event.
    pub agent: Agent,
}

/// One hook event, in belay's terms: the agent's tool names and inputs are already mapped onto
/// belay's vocabulary (Claude Code's tool names) where the semantics match.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    SessionStart {
        common: Common,
        /// `startup`, `resume`, `clear`, `compact`, `fork`.
        source: Option<String>,
    },
    /// The user submitted a prompt (Claude Code `UserPromptSubmit`, Gemini `BeforeAgent`, ...).
    UserPromptSubmit { common: Common, prompt: String },
    PreToolUse {
        common: Common,
        tool_name: String,
        tool_input: Value,
        tool_use_id: Option<String>,
    },
    PostToolUse {
        common: Common,
        tool_name: String,
        tool_input: Value,
        tool_response: Value,
        tool_use_id: Option<String>,
    },
    /// Any other event (Stop, Notification, SessionEnd, ...): belay does not answer it.
    Other { common: Common },
}

impl Event {
    pub fn common(&self) -> &Common {
        match self {
            Event::SessionStart { common, .. }
            | Event::UserPromptSubmit { common, .. }
            | Event::PreToolUse { common, .. }
            | Event::PostToolUse { common, .. }
            | Event::Other { common } => common,
        }
    }

    /// The action a `PreToolUse` or `PostToolUse` event is about.
    pub fn action(&self) -> Option<Action> {
        match self {
            Event::PreToolUse {
                common,
                tool_name,
                tool_input,
                ..
            }
            | Event::PostToolUse {
                common,
                tool_name,
                tool_input,
                ..
            } => Some(Action {
                tool: tool_name.clone(),
                input: tool_input.clone(),
                cwd: common.cwd.clone(),
            }),
            _ => None,
        }
    }
}
