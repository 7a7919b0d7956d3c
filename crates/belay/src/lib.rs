//! The `belay` binary's library: everything the CLI does, so that tests and `belay eval` reach
//! the exact code the hook runs.
//!
//! - [`hook`]: one agent event in, one answer out ([`hook::handle_agent_event`]).
//! - [`screen`]: tool-output screening and the warning text.
//! - [`replay`]: turns a tool call with its context (prompts, history, environment) into the
//!   sequence of hook events Claude Code would send, and runs them through the hook.
//! - [`eval`]: metrics over the labeled corpora.
//! - [`bench`]: whole-process latency of the hook.
//! - [`audit`]: `belay log` and `belay stats` over the store.
//! - [`memory`]: the session memory in belay's SQLite store.
//! - [`config`]: loading the configuration for the hook, and the permission-rule step.
//! - [`explain`]: `belay rules` and `belay config check` / `path`.
//! - [`mcp`]: `belay mcp-proxy`, belay's judgment and screen behind the MCP proxy.
//! - [`model`]: the optional model tier: what it is asked about, its cache and its records.
//! - [`resident`]: the opt-in resident hook process and its thin client.
//! - [`setup`]: the doctor report over every agent's installation and belay's configuration.

pub mod audit;
pub mod bench;
pub mod config;
pub mod eval;
pub mod explain;
pub mod hook;
pub mod mcp;
pub mod memory;
pub mod model;
pub mod replay;
pub mod resident;
pub mod screen;
pub mod setup;
