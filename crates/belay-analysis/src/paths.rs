//! Path resolution: turns shell words and tool paths into absolute locations.
//!
//! `~` and `$HOME` become the home directory, relative paths are joined to the working
//! directory (after any `cd` in the same command line), and `.`/`..` are folded lexically.
//! A variable the script did not set resolves to nothing, as in the shell, and the location is
//! marked `uncertain`: `"$X/"*` with `X` unset is `/*`.

use belay_shell::{Cwd, Part, Word};
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// A resolved location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    /// Absolute, normalised path (glob characters kept as text).
    pub path: PathBuf,
    /// The word had an unquoted glob (`*`, `?`, `[`).
    pub glob: bool,
    /// Part of the word was unknown (a variable or substitution).
    pub uncertain: bool,
    /// The word as written, for messages.
    pub raw: String,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.path.display().to_string();
        if self.raw.is_empty() || self.raw == shown {
            write!(f, "{shown}")
        } else {
            write!(f, "{shown} ({})", self.raw)
        }
    }
}

impl Loc {
    /// The path without a trailing glob component (`/a/b/*` → `/a/b`): what a glob deletes inside.
    pub fn glob_base(&self) -> PathBuf {
        if !self.glob {
            return self.path.clone();
        }
        let mut base = PathBuf::new();
        for comp in self.path.components() {
            if comp.as_os_str().to_string_lossy().contains(['*', '?', '[']) {
                break;
            }
            base.push(comp);
        }
        base
    }

    /// The last path component as text.
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Resolves words against a working directory and home.
#[derive(Debug, Clone)]
pub struct Resolver {
    pub cwd: PathBuf,
    pub home: PathBuf,
}

impl Resolver {
    pub fn new(cwd: PathBuf, home: PathBuf) -> Resolver {
        Resolver { cwd, home }
    }

    /// The directory a command runs in, and whether it is unknown.
    pub fn dir(&self, cwd: &Cwd) -> (PathBuf, bool) {
        match cwd {
            Cwd::Start => (self.cwd.clone(), false),
            Cwd::Changed(path) => (self.join(&self.cwd, &self.expand_tilde(path)), false),
            Cwd::Unknown => (self.cwd.clone(), true),
        }
    }

    /// Resolves a shell word in the directory `cwd`.
    pub fn word(&self, word: &Word, cwd: &Cwd) -> Loc {
        let (dir, dir_unknown) = self.dir(cwd);
        let mut text = String::new();
        let mut uncertain = dir_unknown;
        for (i, part) in word.parts.iter().enumerate() {
            match part {
                Part::Lit { text: t, quoted } => {
                    if i == 0 && !quoted && (t == "~" || t.starts_with("~/")) {
                        text.push_str(&self.home.to_string_lossy());
                        text.push_str(&t[1..]);
                    } else {
                        text.push_str(t);
                    }
                }
                Part::Param { name } => match name.as_str() {
                    "HOME" => text.push_str(&self.home.to_string_lossy()),
                    "PWD" => text.push_str(&dir.to_string_lossy()),
                    // The temporary directory is temporary whatever it is set to.
                    "TMPDIR" | "TMP" | "TEMP" | "TEMPDIR" if i == 0 => text.push_str("/tmp"),
                    _ => uncertain = true,
                },
                Part::Subst => uncertain = true,
            }
        }
        let path = self.join(&dir, &text);
        Loc {
            path,
            glob: word.is_glob(),
            uncertain,
            raw: word.render(),
        }
    }

    /// Resolves a plain path string (from a file tool or a literal argument).
    pub fn text(&self, raw: &str, cwd: &Cwd) -> Loc {
        let (dir, uncertain) = self.dir(cwd);
        let expanded = self
            .expand_tilde(raw)
            .replace("$HOME", &self.home.to_string_lossy());
        let glob = raw.contains(['*', '?']);
        Loc {
            path: self.join(&dir, &expanded),
            glob,
            uncertain,
            raw: raw.to_string(),
        }
    }

    fn expand_tilde(&self, raw: &str) -> String {
        if raw == "~" || raw.starts_with("~/") {
            format!("{}{}", self.home.to_string_lossy(), &raw[1..])
        } else {
            raw.to_string()
        }
    }

    fn join(&self, dir: &Path, text: &str) -> PathBuf {
        let joined = if text.starts_with('/') {
            PathBuf::from(text)
        } else {
            dir.join(text)
        };
        normalize(&joined)
    }
}

/// Folds `.` and `..` lexically; the result is absolute when the input is.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for comp in path.components() {
        match comp {
            Component::CurDir => {}
            Component::ParentDir => {
                if out.parent().is_some() {
                    out.pop();
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        PathBuf::from("/")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r() -> Resolver {
        Resolver::new(
            PathBuf::from("/home/dev/projects/app"),
            PathBuf::from("/home/dev"),
        )
    }

    #[test]
    fn resolves_words() {
        let cases: &[(&str, &str)] = &[
            ("~", "/home/dev"),
            ("~/x/../y", "/home/dev/y"),
            ("build", "/home/dev/projects/app/build"),
            ("../other", "/home/dev/projects/other"),
            ("/tmp/./a", "/tmp/a"),
            ("../../../../..", "/"),
        ];
        for (raw, want) in cases {
            assert_eq!(
                r().text(raw, &Cwd::Start).path,
                PathBuf::from(want),
                "{raw}"
            );
        }
    }

    #[test]
    fn quoted_tilde_is_literal() {
        let word = Word {
            parts: vec![Part::Lit {
                text: "./~".into(),
                quoted: true,
            }],
        };
        assert_eq!(
            r().word(&word, &Cwd::Start).path,
            PathBuf::from("/home/dev/projects/app/~")
        );
    }

    #[test]
    fn unset_variable_resolves_to_nothing() {
        let word = Word {
            parts: vec![
                Part::Param {
                    name: "BUILD_ROOT".into(),
                },
                Part::Lit {
                    text: "/".into(),
                    quoted: true,
                },
                Part::Lit {
                    text: "*".into(),
                    quoted: false,
                },
            ],
        };
        let loc = r().word(&word, &Cwd::Start);
        assert_eq!(loc.path, PathBuf::from("/*"));
        assert!(loc.uncertain && loc.glob);
        assert_eq!(loc.glob_base(), PathBuf::from("/"));
    }

    #[test]
    fn cd_changes_the_base() {
        let loc = r().text("reports", &Cwd::Changed("~/Documents".into()));
        assert_eq!(loc.path, PathBuf::from("/home/dev/Documents/reports"));
    }
}
