//! Errors from loading configuration.

use crate::diagnostic::{Diagnostic, render};
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("invalid Claude settings {path}: {message}")]
    Settings { path: PathBuf, message: String },
    #[error("{}", render(.0).trim_end())]
    Invalid(Vec<Diagnostic>),
    #[error("no home directory: set HOME or BELAY_CONFIG")]
    NoHome,
}
