//! belay-shell: what would this shell command run?
//!
//! [`parse`] turns a command string into a flat list of [`Command`]s: every simple command the
//! string would execute, including those inside pipelines, lists, subshells, compound commands,
//! command and process substitutions, function bodies, and the strings handed to wrappers
//! (`sudo`, `env`, `bash -c`, `eval`, `xargs`, `find -exec`, `ssh host '...'`, `python -c
//! "os.system(...)"`, ...), which are unwrapped recursively. Each command keeps how data flows
//! into and out of it, so a caller can follow `curl ... | sh` or `cat .env | curl -d @- ...`.
//!
//! This crate knows shell syntax and the wrapper programs only. It does not know which programs
//! are dangerous: that is `belay-analysis`'s job.
//!
//! Built on tree-sitter-bash, which recovers from errors instead of failing: anything the parser
//! could not read is reported in [`Script::incomplete`], and callers must then not allow silently.

mod decode;
mod interp;
mod parse;
mod plain;
mod unwrap;
mod words;

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Script {
    /// Every simple command the script would run, in source order (outer before inner for
    /// unwrapped wrappers). Indices into this vector are used by [`Flow`] and [`Command::stdin_from`].
    pub commands: Vec<Command>,
    /// Set when part of the input could not be understood (syntax error, error recovery,
    /// nesting or size beyond limits). The commands found are still listed.
    pub incomplete: Option<String>,
}

/// One simple command, after unwrapping.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Command {
    /// The effective program and its arguments. For `sudo -u x env A=1 rm -rf /tmp/x` this is
    /// `["rm", "-rf", "/tmp/x"]`; the wrappers are in [`Command::wrappers`].
    pub argv: Vec<Word>,
    /// `NAME=value` words before the program (and those given to `env`).
    pub assignments: Vec<Assignment>,
    pub redirects: Vec<Redirect>,
    /// Wrappers this command was found inside, outermost first.
    pub wrappers: Vec<Wrapper>,
    /// Indices of commands whose standard output reaches this command's standard input through
    /// pipes, transitively (for `a | b | c`, `c` has `[a, b]`). Redirections and here-documents
    /// are in [`Command::redirects`].
    pub stdin_from: Vec<usize>,
    /// Where this command's standard output goes.
    pub stdout_to: Flow,
    /// The working directory the command runs in, relative to the script's start, when `cd`
    /// (or `pushd`, or `git -C`-like wrappers do not count) changed it earlier in the same
    /// shell: `cd build && make` gives `make` a `cwd` of `Cwd::Changed("build")`.
    pub cwd: Cwd,
    /// Runs in the background (`&`).
    pub background: bool,
    /// The source text of the command (for a command unwrapped from a string, the inner text).
    pub text: String,
}

/// Where a command's standard output goes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Flow {
    /// To the terminal / the agent, or redirected to a file (see the redirects).
    #[default]
    Out,
    /// Into the standard input of the command at this index.
    Pipe(usize),
    /// Into an argument (command substitution, process substitution) of the command at this index.
    Argument(usize),
    /// Into a shell variable (`X=$(cmd)`).
    Variable(String),
}

/// The working directory a command runs in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Cwd {
    /// The script's starting directory.
    #[default]
    Start,
    /// Changed by `cd` to this path (may be relative to the start, absolute, or start with `~`).
    Changed(String),
    /// Changed to something not known statically (`cd "$DIR"`, `cd -`).
    Unknown,
}

/// A `NAME=value` assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub name: String,
    pub value: Word,
}

/// A redirection.
#[derive(Debug, Clone, PartialEq)]
pub struct Redirect {
    /// The explicit file descriptor, if given (`2>`).
    pub fd: Option<u32>,
    pub op: RedirectOp,
    /// The file (or descriptor for dups); `None` for here-documents.
    pub target: Option<Word>,
    /// The body of a here-document or here-string.
    pub body: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectOp {
    /// `<`
    Read,
    /// `>`, `>|`, `&>`
    Write,
    /// `>>`, `&>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `<<`, `<<-`
    HereDoc,
    /// `<<<`
    HereString,
    /// `>&`, `<&`
    Dup,
}

/// A wrapper a command was unwrapped from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wrapper {
    /// `sudo`, `doas`, `su -c`, `pkexec`; the target user if given.
    Sudo { user: Option<String> },
    /// Programs that run their arguments as a command without changing what it does:
    /// `env`, `nice`, `nohup`, `timeout`, `time`, `stdbuf`, `ionice`, `command`, `builtin`,
    /// `exec`, `watch`, `caffeinate`, `chronic`, `unbuffer`, `setsid`, `flock`, ...
    Runner { program: String },
    /// `xargs`: the command gets extra arguments from its standard input.
    Xargs,
    /// `find ... -exec/-execdir/-ok`: the command gets found paths as arguments.
    FindExec,
    /// A string run as shell code: `bash -c`, `sh -c`, `zsh -c`, `eval`, `source <(...)`,
    /// an alias defined in the same script, or a literal payload decoded and piped to a shell
    /// (`echo <base64> | base64 -d | sh`).
    Shell { program: String },
    /// `ssh [opts] host 'cmd'`: runs on another machine.
    Ssh { host: String },
    /// `docker exec`, `docker run IMAGE cmd`, `podman exec`, `kubectl exec ... -- cmd`.
    Container { runtime: String, target: String },
    /// A shell command extracted from an interpreter one-liner: `python -c "os.system('...')"`,
    /// `node -e "child_process.execSync('...')"`, `perl -e 'system(...)'`, `ruby -e '`...`'`,
    /// `awk 'BEGIN{system(...)}'`.
    Interpreter { program: String },
}

/// A shell word, split into the parts that decide how far its value is known.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Word {
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Literal text after quote removal. `quoted` is true when it came from inside quotes
    /// (so `*`, `?`, `[` and a leading `~` in it are not special).
    Lit { text: String, quoted: bool },
    /// A parameter expansion: `$NAME`, `${NAME}`, `${NAME:-default}`, `$1`, `$@`. When the
    /// script assigned a literal to the variable earlier (`D=build; rm -rf "$D"`), the expansion
    /// is replaced by a `Lit` instead.
    Param { name: String },
    /// A command or process substitution, or arithmetic: its value is unknown statically.
    /// The commands inside are in the script with `Flow::Argument` pointing at this command.
    Subst,
}

impl Word {
    /// A word that is just this literal text (unquoted).
    pub fn lit(text: &str) -> Word {
        Word {
            parts: vec![Part::Lit {
                text: text.to_string(),
                quoted: false,
            }],
        }
    }

    /// The word's value when it is fully known (only literal parts).
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Lit { text, .. } => out.push_str(text),
                _ => return None,
            }
        }
        Some(out)
    }

    /// A readable rendering: literal text, `$NAME` for parameters, `$(…)` for substitutions.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Lit { text, .. } => out.push_str(text),
                Part::Param { name } => {
                    out.push('$');
                    out.push_str(name);
                }
                Part::Subst => out.push_str("$(…)"),
            }
        }
        out
    }

    /// True when an unquoted `*`, `?` or `[` makes this word a glob pattern.
    pub fn is_glob(&self) -> bool {
        self.parts.iter().any(
            |p| matches!(p, Part::Lit { text, quoted: false } if text.contains(['*', '?', '['])),
        )
    }

    /// True when the word starts with an unquoted `~` (tilde expansion applies).
    pub fn has_tilde(&self) -> bool {
        matches!(self.parts.first(), Some(Part::Lit { text, quoted: false }) if text.starts_with('~'))
    }
}

impl Command {
    /// The program name (argv\[0\]) when literal, without its directory (`/usr/bin/rm` → `rm`).
    pub fn program(&self) -> Option<String> {
        let first = self.argv.first()?;
        if let [Part::Lit { text, .. }] = first.parts.as_slice() {
            return Some(text.rsplit('/').next().unwrap_or(text).to_string());
        }
        let first = first.literal()?;
        Some(first.rsplit('/').next().unwrap_or(&first).to_string())
    }

    /// The arguments after the program, rendered.
    pub fn args(&self) -> Vec<String> {
        self.argv.iter().skip(1).map(Word::render).collect()
    }
}

/// Limits beyond which the script is reported as incomplete instead of analysed further.
pub const MAX_INPUT_BYTES: usize = 256 * 1024;
pub const MAX_DEPTH: usize = 64;

/// Parses a command string. Never panics; unreadable parts are reported in `incomplete`.
pub fn parse(source: &str) -> Script {
    parse::parse_script(source, true)
}

/// [`parse`] with every command line read by tree-sitter, plain ones too: the reference the
/// fast front end for plain command lines is checked against (tests and fuzzing).
#[doc(hidden)]
pub fn parse_with_tree_sitter_only(source: &str) -> Script {
    parse::parse_script(source, false)
}
