//! Interpreter one-liners: finds the code given to `python -c`, `node -e`, `perl -e`,
//! `ruby -e`, `php -r`, `awk 'prog'` (or fed through a heredoc / here-string) and extracts
//! the shell commands it obviously runs (`os.system("...")`, `subprocess.run([...])`,
//! `child_process.execSync('...')`, `system(...)`, backticks, `%x(...)`, ...).
//!
//! This is a small hand-written scanner, not a parser for those languages: it recognises
//! string literals, lists of strings and `+`/`.` concatenation; any other expression becomes
//! `${UNKNOWN}` in the extracted shell code. It never fails: odd code just yields nothing.

use crate::unwrap::{Inner, Scope, Unwrapped};
use crate::words::code_of;
use crate::{Command, RedirectOp, Word, Wrapper};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lang {
    Py,
    Js,
    Perl,
    Ruby,
    Php,
    Awk,
}

fn lang_of(program: &str) -> Option<Lang> {
    let p = program;
    if p == "python"
        || p.starts_with("python2")
        || p.starts_with("python3")
        || p == "pypy"
        || p == "pypy3"
    {
        return Some(Lang::Py);
    }
    match p {
        "node" | "nodejs" | "bun" => Some(Lang::Js),
        "perl" => Some(Lang::Perl),
        "ruby" => Some(Lang::Ruby),
        "php" => Some(Lang::Php),
        "awk" | "gawk" | "mawk" | "nawk" => Some(Lang::Awk),
        _ => None,
    }
}

fn lit(w: &Word) -> Option<String> {
    w.literal()
}

/// The code an interpreter command runs: from `-c`/`-e`/`-r`, the awk program, or a
/// heredoc / here-string when no script file is named.
fn find_code(lang: Lang, cmd: &Command) -> Option<String> {
    let args = cmd.argv.get(1..).unwrap_or(&[]);
    let mut i = 0;
    let mut script_named = false;
    while i < args.len() {
        let Some(a) = lit(&args[i]) else {
            script_named = true;
            break;
        };
        let next = || args.get(i + 1).map(code_of);
        match lang {
            Lang::Py => match a.as_str() {
                "-c" => return next(),
                "-m" => return None,
                "-W" | "-X" | "-Q" => i += 2,
                "-" => break,
                _ if a.starts_with("-c") => return Some(a[2..].to_string()),
                _ if a.starts_with('-') => i += 1,
                _ => {
                    script_named = true;
                    break;
                }
            },
            Lang::Js => match a.as_str() {
                "-e" | "--eval" | "-p" | "--print" => return next(),
                "-r" | "--require" | "--import" => i += 2,
                "-" => break,
                _ if a.starts_with("--eval=") => return Some(a["--eval=".len()..].to_string()),
                _ if a.starts_with('-') => i += 1,
                _ => {
                    script_named = true;
                    break;
                }
            },
            Lang::Perl | Lang::Ruby => {
                if a == "--" || a == "-" {
                    break;
                }
                if a.starts_with('-')
                    && !a.starts_with("--")
                    && (a.contains('e') || a.contains('E'))
                {
                    // `-e`, `-ne`, `-lpe`: the code follows (or is attached after `e`).
                    let pos = a.find(['e', 'E']).unwrap_or(a.len());
                    let attached = &a[pos + 1..];
                    if !attached.is_empty() && a.len() > 2 && a.starts_with("-e") {
                        return Some(attached.to_string());
                    }
                    return next();
                }
                if a.starts_with('-') {
                    i += 1;
                } else {
                    script_named = true;
                    break;
                }
            }
            Lang::Php => match a.as_str() {
                "-r" => return next(),
                "-f" => return None,
                "-d" | "-c" => i += 2,
                _ if a.starts_with('-') => i += 1,
                _ => {
                    script_named = true;
                    break;
                }
            },
            Lang::Awk => match a.as_str() {
                "-F" | "-v" => i += 2,
                "-f" | "--file" => return None,
                "-e" | "--source" => return next(),
                "--" => return args.get(i + 1).map(code_of),
                _ if a.starts_with('-') && a.len() > 1 => i += 1,
                _ => return Some(code_of(&args[i])),
            },
        }
    }
    if script_named {
        return None;
    }
    cmd.redirects.iter().find_map(|r| match r.op {
        RedirectOp::HereDoc | RedirectOp::HereString => r.body.clone(),
        _ => None,
    })
}

/// For an interpreter command: keeps it and adds the shell commands its code runs.
pub(crate) fn unwrap_interpreter(program: &str, cmd: &Command) -> Option<Unwrapped> {
    let lang = lang_of(program)?;
    let code = find_code(lang, cmd)?;
    let commands = extract(lang, &code);
    if commands.is_empty() {
        return None;
    }
    let inner = commands
        .into_iter()
        .map(|code| Inner::Code {
            wrapper: Wrapper::Interpreter {
                program: program.to_string(),
            },
            code,
            scope: Scope::Child,
        })
        .collect();
    Some(Unwrapped {
        keep_outer: true,
        inner,
    })
}

/// A piece of a string expression.
#[derive(Clone, Debug)]
enum Piece {
    Lit(String),
    Unknown,
}

/// A call argument.
#[derive(Debug)]
enum Arg {
    Str(Vec<Piece>),
    List(Vec<Vec<Piece>>),
    Other,
}

/// Maximum extracted commands per code string and scanner steps (hostile input).
const MAX_EXTRACTED: usize = 64;
const MAX_STEPS: usize = 1_000_000;

struct Scanner {
    s: Vec<char>,
    lang: Lang,
    steps: usize,
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

impl Scanner {
    fn at(&self, i: usize) -> Option<char> {
        self.s.get(i).copied()
    }

    fn tick(&mut self) -> bool {
        self.steps += 1;
        self.steps < MAX_STEPS
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        i
    }

    /// Parses a string literal starting at `i` (with Python prefixes); returns its pieces and
    /// the index after it.
    fn string(&mut self, i: usize) -> Option<(Vec<Piece>, usize)> {
        let mut j = i;
        let mut raw = false;
        let mut fmt = false;
        if self.lang == Lang::Py {
            while let Some(c) = self.at(j) {
                match c.to_ascii_lowercase() {
                    'r' => raw = true,
                    'f' => fmt = true,
                    'b' | 'u' => {}
                    _ => break,
                }
                j += 1;
                if j - i > 2 {
                    return None;
                }
            }
        }
        let quote = self.at(j)?;
        if !matches!(quote, '\'' | '"' | '`') || (quote == '`' && self.lang != Lang::Js) {
            return None;
        }
        let triple =
            self.lang == Lang::Py && self.at(j + 1) == Some(quote) && self.at(j + 2) == Some(quote);
        j += if triple { 3 } else { 1 };
        let interpolates = match self.lang {
            Lang::Py => fmt,
            Lang::Js => quote == '`',
            Lang::Perl | Lang::Php | Lang::Ruby => quote == '"',
            Lang::Awk => false,
        };
        let escapes_all = match self.lang {
            Lang::Perl | Lang::Php | Lang::Ruby => quote == '"',
            Lang::Py => !raw,
            _ => true,
        };
        let mut pieces = Vec::new();
        let mut cur = String::new();
        loop {
            if !self.tick() {
                return None;
            }
            let c = self.at(j)?;
            if c == quote {
                if !triple {
                    j += 1;
                    break;
                }
                if self.at(j + 1) == Some(quote) && self.at(j + 2) == Some(quote) {
                    j += 3;
                    break;
                }
            }
            if c == '\\' {
                let e = self.at(j + 1)?;
                j += 2;
                if !escapes_all {
                    if (e == quote || e == '\\') && !raw {
                        cur.push(e);
                    } else {
                        cur.push('\\');
                        cur.push(e);
                    }
                    continue;
                }
                match e {
                    'n' => cur.push('\n'),
                    't' => cur.push('\t'),
                    'r' => cur.push('\r'),
                    '0' => cur.push('\0'),
                    'x' => {
                        let hex: String = (0..2).filter_map(|k| self.at(j + k)).collect();
                        match u8::from_str_radix(&hex, 16) {
                            Ok(v) if hex.len() == 2 => {
                                cur.push(v as char);
                                j += 2;
                            }
                            _ => cur.push('x'),
                        }
                    }
                    '\n' => {}
                    other => cur.push(other),
                }
                continue;
            }
            if interpolates {
                let open = match self.lang {
                    Lang::Py if c == '{' && self.at(j + 1) == Some('{') => {
                        cur.push('{');
                        j += 2;
                        continue;
                    }
                    Lang::Py if c == '}' && self.at(j + 1) == Some('}') => {
                        cur.push('}');
                        j += 2;
                        continue;
                    }
                    Lang::Py => c == '{',
                    Lang::Js => c == '$' && self.at(j + 1) == Some('{'),
                    Lang::Ruby => c == '#' && self.at(j + 1) == Some('{'),
                    Lang::Perl | Lang::Php => {
                        (c == '$' || c == '@')
                            && self
                                .at(j + 1)
                                .is_some_and(|n| n.is_alphabetic() || n == '_' || n == '{')
                    }
                    Lang::Awk => false,
                };
                if open {
                    if !cur.is_empty() {
                        pieces.push(Piece::Lit(std::mem::take(&mut cur)));
                    }
                    pieces.push(Piece::Unknown);
                    if matches!(self.lang, Lang::Perl | Lang::Php) && self.at(j + 1) != Some('{') {
                        j += 1;
                        while self.at(j).is_some_and(|n| n.is_alphanumeric() || n == '_') {
                            j += 1;
                        }
                    } else {
                        // Skip to the matching `}`.
                        let mut depth = 0usize;
                        while let Some(n) = self.at(j) {
                            if !self.tick() {
                                return None;
                            }
                            j += 1;
                            if n == '{' {
                                depth += 1;
                            } else if n == '}' {
                                depth = depth.saturating_sub(1);
                                if depth == 0 {
                                    break;
                                }
                            }
                        }
                    }
                    continue;
                }
            }
            cur.push(c);
            j += 1;
        }
        if !cur.is_empty() || pieces.is_empty() {
            pieces.push(Piece::Lit(cur));
        }
        Some((pieces, j))
    }

    /// Skips a balanced expression up to `,`, `+`, `.`-concatenation or a closing bracket.
    fn skip_expr(&mut self, mut i: usize) -> usize {
        let mut depth = 0usize;
        while let Some(c) = self.at(i) {
            if !self.tick() {
                return self.s.len();
            }
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => {
                    if depth == 0 {
                        return i;
                    }
                    depth -= 1;
                }
                ',' | ';' | '+' if depth == 0 => return i,
                '\n' if depth == 0 && self.lang == Lang::Py => return i,
                '\'' | '"' => {
                    if let Some((_, end)) = self.string(i) {
                        i = end;
                        continue;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        i
    }

    /// Parses one argument expression at `i`: strings joined by `+` / `.` / juxtaposition,
    /// a list of such strings, or something else.
    fn expr(&mut self, i: usize, nesting: usize) -> (Arg, usize) {
        let mut i = self.skip_ws(i);
        if nesting > 8 {
            return (Arg::Other, self.skip_expr(i));
        }
        if self.at(i) == Some('[') || (self.lang == Lang::Perl && self.at(i) == Some('(')) {
            let (args, end) = self.args(i + 1, nesting + 1);
            let mut items = Vec::new();
            for a in args {
                match a {
                    Arg::Str(p) => items.push(p),
                    _ => items.push(vec![Piece::Unknown]),
                }
            }
            return (Arg::List(items), end);
        }
        let mut pieces: Vec<Piece> = Vec::new();
        let mut any_str = false;
        loop {
            if !self.tick() {
                return (Arg::Other, self.s.len());
            }
            i = self.skip_ws(i);
            if let Some((p, end)) = self.string(i) {
                pieces.extend(p);
                any_str = true;
                i = end;
            } else if self.starts_with(i, "os.path.expanduser(") {
                let (args, end) = self.args(i + "os.path.expanduser(".len(), nesting + 1);
                match args.into_iter().next() {
                    Some(Arg::Str(p)) => pieces.extend(p),
                    _ => pieces.push(Piece::Unknown),
                }
                any_str = true;
                i = end;
            } else {
                let end = self.skip_expr(i);
                if end == i {
                    break;
                }
                pieces.push(Piece::Unknown);
                i = end;
            }
            i = self.skip_ws(i);
            match self.at(i) {
                Some('+') => i += 1,
                Some('.') if matches!(self.lang, Lang::Perl | Lang::Php) => i += 1,
                Some('\'' | '"') if matches!(self.lang, Lang::Py | Lang::Awk) => {}
                // awk concatenates by juxtaposition.
                Some(c) if self.lang == Lang::Awk && !",;)]}".contains(c) => {}
                _ => break,
            }
        }
        if any_str {
            (Arg::Str(pieces), i)
        } else {
            (Arg::Other, i)
        }
    }

    fn starts_with(&self, i: usize, pat: &str) -> bool {
        (i..).zip(pat.chars()).all(|(k, c)| self.at(k) == Some(c))
    }

    /// Parses a comma-separated argument list starting after the opening bracket; returns the
    /// arguments and the index after the closing bracket.
    fn args(&mut self, mut i: usize, nesting: usize) -> (Vec<Arg>, usize) {
        let mut out = Vec::new();
        loop {
            if !self.tick() || out.len() > 256 {
                return (out, self.s.len());
            }
            i = self.skip_ws(i);
            match self.at(i) {
                None => return (out, i),
                Some(')' | ']' | '}') => return (out, i + 1),
                Some(',') => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let (arg, end) = self.expr(i, nesting);
            out.push(arg);
            i = if end == i { i + 1 } else { end };
        }
    }

    /// Arguments of a call without parentheses (`system "rm x", "y";` in Perl/Ruby).
    fn bare_args(&mut self, mut i: usize) -> Vec<Arg> {
        let mut out = Vec::new();
        loop {
            i = self.skip_ws(i);
            if !self.tick() || out.len() > 256 {
                return out;
            }
            let (arg, end) = self.expr(i, 1);
            let is_other = matches!(arg, Arg::Other);
            out.push(arg);
            i = self.skip_ws(end);
            if self.at(i) != Some(',') || is_other {
                return out;
            }
            i += 1;
        }
    }

    /// Reads a delimited literal (`%x(...)`, `qx{...}`) starting at the opening delimiter.
    fn delimited(&mut self, i: usize) -> Option<(String, usize)> {
        let open = self.at(i)?;
        let close = match open {
            '(' => ')',
            '{' => '}',
            '[' => ']',
            '<' => '>',
            c if c.is_ascii_punctuation() => c,
            _ => return None,
        };
        let mut depth = 0usize;
        let mut out = String::new();
        let mut j = i + 1;
        while let Some(c) = self.at(j) {
            if !self.tick() {
                return None;
            }
            if c == close && depth == 0 {
                return Some((out, j + 1));
            }
            if c == open && open != close {
                depth += 1;
            } else if c == close {
                depth = depth.saturating_sub(1);
            }
            out.push(c);
            j += 1;
        }
        None
    }
}

/// Shell code for one piece list: literals as is, unknown parts as `${UNKNOWN}`.
fn pieces_code(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Lit(t) => out.push_str(t),
            Piece::Unknown => out.push_str("${UNKNOWN}"),
        }
    }
    out
}

/// One shell word for an argv element.
fn pieces_word(pieces: &[Piece]) -> String {
    let all_lit = pieces.iter().all(|p| matches!(p, Piece::Lit(_)));
    let code = pieces_code(pieces);
    if all_lit {
        let plain = !code.is_empty()
            && code
                .chars()
                .all(|c| c.is_alphanumeric() || "-_./=:,@%+^~".contains(c));
        if plain {
            code
        } else {
            format!("'{}'", code.replace('\'', "'\\''"))
        }
    } else {
        format!("\"{code}\"")
    }
}

fn argv_code(items: &[Vec<Piece>]) -> String {
    items
        .iter()
        .map(|p| pieces_word(p))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Replaces Ruby `#{...}` and Perl/PHP `$var` interpolation in backtick text.
fn interpolated_code(lang: Lang, text: &str) -> String {
    let mut sc = Scanner {
        s: format!("\"{}\"", text.replace('"', "\\\""))
            .chars()
            .collect(),
        lang,
        steps: 0,
    };
    if lang == Lang::Js {
        sc.s = format!("`{}`", text).chars().collect();
    }
    match sc.string(0) {
        Some((pieces, _)) => pieces_code(&pieces),
        None => text.to_string(),
    }
}

fn call_names(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Py => &[
            "system",
            "popen",
            "run",
            "call",
            "check_call",
            "check_output",
            "Popen",
            "getoutput",
            "getstatusoutput",
        ],
        Lang::Js => &[
            "exec",
            "execSync",
            "spawn",
            "spawnSync",
            "execFile",
            "execFileSync",
        ],
        Lang::Perl => &["system", "exec"],
        Lang::Ruby => &[
            "system",
            "exec",
            "spawn",
            "popen",
            "capture2",
            "capture2e",
            "capture3",
            "popen3",
        ],
        Lang::Php => &[
            "system",
            "shell_exec",
            "exec",
            "passthru",
            "popen",
            "proc_open",
        ],
        Lang::Awk => &["system"],
    }
}

/// Whether the dotted call chain names a command-running function.
fn is_shell_call(lang: Lang, chain: &str) -> bool {
    let (prefix, name) = match chain.rsplit_once('.') {
        Some((p, n)) => (Some(p), n),
        None => (None, chain),
    };
    if !call_names(lang).contains(&name) {
        return false;
    }
    match lang {
        Lang::Py => match name {
            "system" | "popen" => prefix.is_none_or(|p| p == "os"),
            "run" | "call" => prefix.is_some_and(|p| p == "subprocess" || p == "sp"),
            _ => true,
        },
        _ => true,
    }
}

/// Extracts the shell command strings `code` runs.
fn extract(lang: Lang, code: &str) -> Vec<String> {
    let mut sc = Scanner {
        s: code.chars().collect(),
        lang,
        steps: 0,
    };
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sc.s.len() && out.len() < MAX_EXTRACTED {
        if !sc.tick() {
            break;
        }
        let c = sc.s[i];
        let prev_ident = i > 0 && is_ident(sc.s[i - 1]);
        // Backticks and %x()/qx() in Perl, Ruby, PHP.
        if c == '`'
            && matches!(lang, Lang::Perl | Lang::Ruby | Lang::Php)
            && let Some((text, end)) = sc.delimited(i)
        {
            out.push(interpolated_code(lang, &text));
            i = end;
            continue;
        }
        if !prev_ident && matches!(lang, Lang::Perl | Lang::Ruby) {
            let opener = if lang == Lang::Ruby && sc.starts_with(i, "%x") {
                Some(i + 2)
            } else if lang == Lang::Perl
                && sc.starts_with(i, "qx")
                && !sc.at(i + 2).is_some_and(is_ident)
            {
                Some(sc.skip_ws(i + 2))
            } else {
                None
            };
            if let Some(open) = opener
                && let Some((text, end)) = sc.delimited(open)
            {
                out.push(interpolated_code(lang, &text));
                i = end;
                continue;
            }
        }
        if !prev_ident && (c.is_alphabetic() || c == '_') {
            let start = i;
            let mut j = i;
            while sc.at(j).is_some_and(|c| is_ident(c) || c == '.') {
                j += 1;
            }
            let chain: String = sc.s[start..j].iter().collect();
            let chain = chain.trim_end_matches('.');
            if is_shell_call(lang, chain) {
                let k = sc.skip_ws(j);
                let args = if sc.at(k) == Some('(') {
                    let (args, _) = sc.args(k + 1, 0);
                    Some(args)
                } else if matches!(lang, Lang::Perl | Lang::Ruby) && k > j {
                    Some(sc.bare_args(k))
                } else {
                    None
                };
                if let Some(args) = args
                    && let Some(cmd) = command_of_args(lang, chain, args)
                {
                    out.push(cmd);
                }
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    out.retain(|c| {
        c.chars()
            .any(|ch| ch.is_alphanumeric() || "/.~-".contains(ch))
            && c.replace("${UNKNOWN}", "")
                .trim()
                .chars()
                .any(|ch| !ch.is_whitespace())
    });
    out
}

/// Turns the arguments of a command-running call into shell code.
fn command_of_args(lang: Lang, chain: &str, args: Vec<Arg>) -> Option<String> {
    let name = chain.rsplit('.').next().unwrap_or(chain);
    // Ruby/Perl `system(env_hash, ...)`, PHP `proc_open(cmd, ...)`: skip leading non-strings
    // only for Ruby, where an environment hash may come first.
    let mut args = args;
    if lang == Lang::Ruby {
        while matches!(args.first(), Some(Arg::Other)) && args.len() > 1 {
            args.remove(0);
        }
    }
    let multi_argv = match lang {
        Lang::Perl | Lang::Ruby => true,
        Lang::Js => matches!(name, "spawn" | "spawnSync" | "execFile" | "execFileSync"),
        _ => false,
    };
    match args.first()? {
        Arg::List(items) => Some(argv_code(items)),
        Arg::Str(pieces) => {
            if multi_argv && args.len() > 1 {
                let mut items = vec![pieces.clone()];
                for a in &args[1..] {
                    match a {
                        Arg::Str(p) if lang != Lang::Js => items.push(p.clone()),
                        Arg::List(list) if lang == Lang::Js => items.extend(list.iter().cloned()),
                        _ => {}
                    }
                }
                Some(argv_code(&items))
            } else {
                Some(pieces_code(pieces))
            }
        }
        Arg::Other => None,
    }
}
