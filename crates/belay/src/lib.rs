//! The `belay` binary's library: everything the CLI does, so that tests and `belay eval` reach
//! the exact code the hook runs.
//!
//! - [`hook`]: one Claude Code event in, one answer out ([`hook::handle_event`]).
//! - [`screen`]: tool-output screening and the warning text.
//! - [`replay`]: turns a tool call with its context (prompts, history, environment) into the
//!   sequence of hook events Claude Code would send, and runs them through the hook.
//! - [`eval`]: metrics over the labeled corpora.
//! - [`bench`]: whole-process latency of the hook.
//! - [`audit`]: `belay log` and `belay stats` over the store.
//! - [`memory`]: the session memory in belay's SQLite store.
//! - [`mcp`]: `belay mcp-proxy`, belay's judgment and screen behind the MCP proxy.
//! - [`config`]: the user's trusted-environment lines.
//! - [`setup`]: install, uninstall and doctor for Claude Code.

pub mod audit;
pub mod bench;
pub mod config;
pub mod eval;
pub mod hook;
pub mod mcp;
pub mod memory;
pub mod replay;
pub mod screen;
pub mod setup;
