//! The store's error type. Every variant names the database file, and says what is wrong in words
//! a person can act on (read-only directory, corrupt file, lock held too long, schema too new).

use std::io;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// Everything that can go wrong opening or using the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `open_default` found no place for the database.
    #[error(
        "cannot locate belay's database: none of BELAY_HOME, XDG_DATA_HOME or HOME is set; set BELAY_HOME to a writable directory"
    )]
    NoHome,

    /// The database's directory could not be created.
    #[error("cannot create the directory {path} for belay's database: {source}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    /// SQLite could not open (or create) the file.
    #[error(
        "cannot open belay's database {path}: {detail} (check that its directory exists and is writable, and that the file is readable)"
    )]
    CantOpen { path: PathBuf, detail: String },

    /// The file or its directory is not writable.
    #[error(
        "cannot write belay's database {path}: the file or its directory is read-only ({detail}); belay needs write access to the file and to its directory (for the -wal and -shm files)"
    )]
    ReadOnly { path: PathBuf, detail: String },

    /// The file is not an SQLite database, or is damaged.
    #[error(
        "{path} is not a belay database or is corrupt ({detail}); move it aside and belay will create a fresh one"
    )]
    Corrupt { path: PathBuf, detail: String },

    /// Another process held the write lock longer than the busy timeout.
    #[error(
        "belay's database {path} is locked ({context}): another process held it for more than {timeout_ms} ms"
    )]
    Locked {
        path: PathBuf,
        context: &'static str,
        timeout_ms: u64,
    },

    /// SQLite would not put the database in WAL mode.
    #[error(
        "belay's database {path} cannot use write-ahead logging (its journal mode stays {mode}); belay needs it so that hook processes can read while another writes. Is the file on a network file system? Point BELAY_HOME at a local directory"
    )]
    NoWal { path: PathBuf, mode: String },

    /// The disk (or a quota) is full.
    #[error("cannot write belay's database {path}: the disk is full")]
    DiskFull { path: PathBuf },

    /// The database was written by a newer belay.
    #[error(
        "belay's database {path} has schema version {found}, but this belay only knows versions up to {known}; upgrade belay, or move the database aside"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    /// Any other SQLite failure, with what the store was doing.
    #[error("belay's database {path}: {context} failed: {source}")]
    Sqlite {
        path: PathBuf,
        context: &'static str,
        #[source]
        source: rusqlite::Error,
    },
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// Classify an SQLite error into the variant a person can act on.
    pub(crate) fn from_sqlite(path: &Path, context: &'static str, err: rusqlite::Error) -> Self {
        let path = path.to_path_buf();
        let code = err.sqlite_error_code();
        let detail = err.to_string();
        match code {
            Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
                StoreError::Corrupt { path, detail }
            }
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path, detail },
            Some(ErrorCode::CannotOpen) => StoreError::CantOpen { path, detail },
            code if is_lock_conflict(code) => StoreError::Locked {
                path,
                context,
                timeout_ms: crate::BUSY_TIMEOUT.as_millis() as u64,
            },
            Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
            _ => StoreError::Sqlite {
                path,
                context,
                source: err,
            },
        }
    }
}

/// SQLite's answer when another connection holds the lock this one needs.
pub(crate) fn is_lock_conflict(code: Option<ErrorCode>) -> bool {
    matches!(
        code,
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}
