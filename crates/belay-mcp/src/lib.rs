//! A stdio MCP proxy core, with judgment and screening supplied by the caller.
//!
//! - [`framing`]: newline-delimited JSON-RPC lines of any size (up to a cap), and writing them.
//! - [`message`]: what a line is (request, notification, response, batch, not JSON), the
//!   pieces of a `tools/call`, and JSON-RPC error responses.
//! - [`proxy`]: the state machine ([`Proxy`]) behind a [`Guard`] trait, and [`run`], which
//!   drives it over real streams with one reader thread per direction.
//!
//! No async runtime, no knowledge of belay's policy: `belay mcp-proxy` plugs those in.

pub mod framing;
pub mod message;
pub mod proxy;

pub use framing::{Frame, LineReader, MAX_MESSAGE_BYTES};
pub use message::ToolCall;
pub use proxy::{End, Guard, Judgment, Out, Proxy, run};
