//! Errors from editing settings files. Each names the file and says what to do.

use std::io;
use std::path::PathBuf;

/// Why a settings file could not be read or edited. When this is returned the file is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("{path} is not UTF-8 text; belay will not edit it")]
    NotUtf8 { path: PathBuf },

    #[error(
        "cannot parse {path} as JSON (line {line}, column {column}): {message}; belay will not edit a file it cannot parse: fix it or move it aside"
    )]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    /// The JSON is valid but not shaped like Claude Code settings where belay needs to write.
    #[error("{path}: {what}; belay will not edit it")]
    Shape { path: PathBuf, what: String },

    #[error("cannot create the directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("cannot write the backup {path}: {source}")]
    Backup {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}
