//! What can go wrong when asking the model, and a compact [`ErrorKind`] for logging.
//!
//! Every failure is an ordinary value: the combiner turns any of them into the rules' verdict
//! (or `ask`), so nothing here is fatal to a hook.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Which of the two stages a failure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// The single-token `block` / `allow` filter.
    One,
    /// The structured JSON verdict, asked only when stage one says `block`.
    Two,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::One => "stage1",
            Stage::Two => "stage2",
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failed model call. Messages never contain the API key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    /// The configured environment variable holding the API key is unset or empty.
    #[error(
        "model API key missing: environment variable `{var}` is not set (export it, or point `api_key_env` at the variable that holds the key)"
    )]
    MissingKey { var: String },
    /// The configuration cannot work (empty model name, bad base URL, ...).
    #[error("model configuration: {0}")]
    Config(String),
    /// Connecting or the whole request took longer than the configured timeout.
    #[error("model request timed out after {elapsed:?} ({what})")]
    Timeout { elapsed: Duration, what: String },
    /// The server answered with a non-2xx status.
    #[error("model endpoint answered HTTP {status}: {body}")]
    Http { status: u16, body: String },
    /// Connection refused, DNS, TLS, I/O, ...
    #[error("model request failed: {0}")]
    Transport(String),
    /// The HTTP answer was not in the provider's wire format (not JSON, no text, ...).
    #[error("model answer not in the expected wire format: {0}")]
    BadResponse(String),
    /// The model's text could not be read as a verdict.
    #[error("{stage}: unparsable model answer {answer:?}: {why}")]
    Unparsable {
        stage: Stage,
        answer: String,
        why: String,
    },
}

/// [`ModelError`] without its payload, for logs and [`crate::Outcome`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    MissingKey,
    Config,
    Timeout,
    Http,
    Transport,
    BadResponse,
    Unparsable,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::MissingKey => "missing-key",
            ErrorKind::Config => "config",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Http => "http",
            ErrorKind::Transport => "transport",
            ErrorKind::BadResponse => "bad-response",
            ErrorKind::Unparsable => "unparsable",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ModelError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            ModelError::MissingKey { .. } => ErrorKind::MissingKey,
            ModelError::Config(_) => ErrorKind::Config,
            ModelError::Timeout { .. } => ErrorKind::Timeout,
            ModelError::Http { .. } => ErrorKind::Http,
            ModelError::Transport(_) => ErrorKind::Transport,
            ModelError::BadResponse(_) => ErrorKind::BadResponse,
            ModelError::Unparsable { .. } => ErrorKind::Unparsable,
        }
    }
}

/// Cuts `text` to at most `max` bytes on a char boundary, adding `…` when cut. For error
/// messages and log excerpts.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = text.get(..end).unwrap_or_default().to_string();
    out.push('…');
    out
}
