//! belay-agents: the hook protocols of the coding agents.
//!
//! Each agent module turns the agent's hook payloads into the agent-neutral [`Event`] (and from
//! it belay [`Action`](belay_action::Action)s), and renders belay's answers back in exactly the
//! bytes the agent expects, through the [`Adapter`] trait. Nothing agent-specific leaves this
//! crate; nothing here judges anything.
//!
//! Agents: Claude Code ([`claude_code`], and its transcript format [`transcript`]), OpenAI Codex
//! CLI ([`codex`]), Google Gemini CLI ([`gemini`]), Cursor ([`cursor`]), GitHub Copilot CLI
//! ([`copilot`]). [`adapter()`] picks one by [`Agent`].

pub mod adapter;
pub mod claude_code;
pub mod codex;
pub mod copilot;
pub mod cursor;
pub mod event;
pub mod gemini;
mod tools;
pub mod transcript;

pub use adapter::{Adapter, Answer, adapter, ask_as_deny, sniff_string};
pub use claude_code::{
    extract_response_text, parse_event, post_tool_use_output, pre_tool_use_output,
    validate_tool_input,
};
pub use event::{Agent, Common, Event, EventKind, ParseFailure, ProtocolError};
pub use transcript::{TranscriptError, read_user_prompts};
