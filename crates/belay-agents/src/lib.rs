//! belay-agents: the hook protocols of the coding agents.
//!
//! Each agent module turns the agent's hook payloads into typed events (and from them belay
//! [`Action`](belay_action::Action)s), and renders belay's answers back in exactly the bytes the
//! agent expects. Nothing agent-specific leaves this crate; nothing here judges anything.
//!
//! Today: Claude Code ([`claude_code`]) and its transcript format ([`transcript`]).

pub mod claude_code;
pub mod transcript;

pub use claude_code::{
    Common, Event, ParseFailure, ProtocolError, extract_response_text, parse_event,
    post_tool_use_output, pre_tool_use_output, validate_tool_input,
};
pub use transcript::{TranscriptError, read_user_prompts};
