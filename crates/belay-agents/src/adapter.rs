//! The adapter contract: one per agent, bytes in -> [`Event`], belay's answer -> the exact stdout
//! and exit code that agent expects.
//!
//! belay's hook flow (`belay::hook`) is written once against [`Adapter`]; an adapter knows only
//! its agent's wire format. Every adapter must answer a call belay could not judge with the
//! safest thing its agent can express (`ask`, or a deny that tells the agent to ask the user), and
//! must never print anything the agent would read as "allow" for input it could not read.

use crate::event::{Agent, Event, EventKind, ParseFailure};
use belay_action::Decision;

/// What the hook prints on stdout and how it exits (0 or 2; stderr is the hook's business).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    pub stdout: String,
    pub exit_code: i32,
}

impl Answer {
    /// Print `stdout`, exit 0.
    pub fn json(stdout: String) -> Answer {
        Answer {
            stdout,
            exit_code: 0,
        }
    }

    /// Print nothing, exit 2: a blocking error (the reason goes to stderr).
    pub fn blocking() -> Answer {
        Answer {
            stdout: String::new(),
            exit_code: 2,
        }
    }
}

/// One agent's hook protocol.
pub trait Adapter: Sync {
    fn agent(&self) -> Agent;

    /// Reads one event. Never panics; on failure says which event it was when it could tell.
    fn parse(&self, bytes: &[u8]) -> Result<Event, ParseFailure>;

    /// What the agent's event name means.
    fn kind(&self, event_name: &str) -> EventKind;

    /// The event name of input that could not be parsed, when the bytes still say it.
    fn sniff(&self, bytes: &[u8]) -> Option<String> {
        sniff_string(bytes, "hook_event_name")
    }

    /// The answer to a tool call judged `decision` (the message is `reason`). Agents that cannot
    /// express `ask` get their closest safe answer.
    fn pre_tool_use(&self, event_name: &str, decision: Decision, reason: &str) -> Answer;

    /// The answer that puts `warning` next to a tool's output (after the tool ran). Agents that
    /// have no channel for it get their "nothing to say" answer (the session is still tainted).
    fn post_tool_use(&self, event_name: &str, warning: &str) -> Answer;

    /// The answer to an event belay has nothing to say about.
    fn nothing(&self, event_name: &str) -> Answer;

    /// The answer when not even the event could be told: the most blocking thing the agent
    /// honours.
    fn unreadable(&self) -> Answer {
        Answer::blocking()
    }
}

/// The adapter for `agent`.
pub fn adapter(agent: Agent) -> &'static dyn Adapter {
    match agent {
        Agent::ClaudeCode => &crate::claude_code::ClaudeCode,
        Agent::Codex => &crate::codex::Codex,
        Agent::Gemini => &crate::gemini::Gemini,
        Agent::Cursor => &crate::cursor::Cursor,
        Agent::Copilot => &crate::copilot::Copilot,
    }
}

/// The string value of `"key"` read without parsing the whole input (for input that cannot be
/// parsed). Stops at the first escape: a name with one is not a name belay knows anyway.
pub fn sniff_string(bytes: &[u8], key: &str) -> Option<String> {
    let key = format!("\"{key}\"");
    let key = key.as_bytes();
    let at = bytes.windows(key.len()).position(|w| w == key)? + key.len();
    let rest = &bytes[at..];
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
    let rest = rest.strip_prefix(b":")?;
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
    let rest = rest.strip_prefix(b"\"")?;
    let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
    String::from_utf8(rest[..end].to_vec()).ok()
}

/// Whether the bytes contain `"key"` at all (a key of a payload that did not parse).
pub(crate) fn has_key(bytes: &[u8], key: &str) -> bool {
    let key = format!("\"{key}\"");
    bytes.windows(key.len()).any(|w| w == key.as_bytes())
}

/// The reason given to an agent that cannot express `ask`, for a call belay wants the user to
/// decide: a deny that tells the agent to ask.
pub fn ask_as_deny(reason: &str) -> String {
    format!(
        "{reason} (belay wants the user to decide on this call, and this agent's hooks cannot ask \
         them: stop and ask the user whether to run it; do not try another way around it)"
    )
}
