//! The `belay` binary's library: everything the CLI does, so that tests and `belay eval` reach
//! the exact code the hook runs.
//!
//! - [`hook`]: one Claude Code event in, one answer out ([`hook::handle_event`]).
//! - [`screen`]: tool-output screening and the warning text.
//! - [`replay`]: turns a tool call with its context (prompts, history, environment) into the
//!   sequence of hook events Claude Code would send, and runs them through the hook.
//! - [`eval`]: metrics over the labeled corpora.
//! - [`bench`]: whole-process latency of the hook.
//! - [`config`]: the user's trusted-environment lines.

pub mod bench;
pub mod config;
pub mod eval;
pub mod hook;
pub mod replay;
pub mod screen;
