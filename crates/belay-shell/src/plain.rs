//! The fast front end for plain command lines.
//!
//! Most commands an agent runs are plain: words of ordinary characters and simple quotes,
//! joined by `|`, `&&`, `||` and `;` (`cargo test -p core`, `cd web && npm run build`,
//! `git log --oneline | head -20`). Reading them with tree-sitter costs most of a judgment, so
//! [`read`] takes them in one pass and the walker turns the result into commands through the
//! same pipeline, list, `cd` and unwrap code as a tree-sitter tree. The output must be exactly
//! what tree-sitter's reading gives.
//!
//! The accepted language is kept small so that this is easy to check, and anything outside it
//! makes [`read`] answer `None` (tree-sitter reads the line):
//! - a word is made of `[A-Za-z0-9_./:,+@%=-]`, `'single-quoted'` text, and `"double-quoted"`
//!   text without `\`, `$` or `` ` ``; nothing else, not even a non-ASCII letter outside quotes,
//!   nor a control character other than tab and newline inside them;
//! - the first word of each command is unquoted, made of `[A-Za-z0-9_./-]` (so not an
//!   assignment), does not start with `-`, and is not a reserved word or a declaration builtin;
//! - a word is not `==`, which tree-sitter-bash takes for a test operator anywhere;
//! - the operators are `|`, `&&`, `||` and `;` (a trailing `;` included), each between two
//!   commands; blanks are spaces and tabs, so there are no newlines outside quotes;
//! - a statement's first command may end with redirections after its words (`cargo test 2>&1
//!   | tail`, `make > build.log`, `grep x <in`): an optional descriptor of digits at the start of a word, then
//!   `>` or `>>` and a word (after optional blanks), or `>&` and digits right after it; or `<`
//!   and a word, without a descriptor.
//!   Nothing else: no word after a redirection, no `&>`, `>|`, `<>`, `<&` or here-documents.
//!
//! `parse_with_tree_sitter_only` is the reference: a test compares both readings on generated
//! lines around every boundary of this language, and the `shell_parse` fuzz target on any input.

use crate::parse::Walker;
use crate::words::push_lit;
use crate::{Redirect, RedirectOp, Word};

/// A plain command line: statements separated by `;`.
pub(crate) struct PlainScript<'a> {
    statements: Vec<AndOr<'a>>,
}

/// `a | b && c || d`: pipelines joined by `&&` and `||`.
type AndOr<'a> = Vec<Pipeline<'a>>;

/// `a | b`: simple commands joined by pipes.
type Pipeline<'a> = Vec<SimpleCommand<'a>>;

struct SimpleCommand<'a> {
    words: Vec<Word>,
    /// The redirections after the words.
    redirects: Vec<Redirect>,
    /// The command's source text, from its first word to the end of its last redirection.
    text: &'a str,
}

/// Words that mean something else than a program name in command position: reserved words,
/// and the declaration builtins, whose assignments tree-sitter reads as their own nodes.
const NOT_A_PROGRAM: &[&str] = &[
    "case", "coproc", "declare", "do", "done", "elif", "else", "esac", "export", "fi", "for",
    "function", "if", "in", "local", "readonly", "select", "then", "time", "typeset", "until",
    "unset", "while",
];

/// Bytes a word may contain outside quotes.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"_./:,+@%=-".contains(&b)
}

/// Reads `code` when it is a plain command line, `None` otherwise.
pub(crate) fn read(code: &str) -> Option<PlainScript<'_>> {
    let bytes = code.as_bytes();
    let mut statements = Vec::new();
    let mut and_or: AndOr = Vec::new();
    let mut pipeline: Pipeline = Vec::new();
    let mut words: Vec<Word> = Vec::new();
    let mut redirects: Vec<Redirect> = Vec::new();
    let (mut start, mut end) = (0, 0);
    let mut i = 0;
    loop {
        while bytes.get(i).is_some_and(|b| matches!(b, b' ' | b'\t')) {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if !matches!(b, b';' | b'|' | b'&') {
            if let Some((redirect, after)) = read_redirect(code, i) {
                // A redirection ends a command that has a program.
                if words.is_empty() {
                    return None;
                }
                redirects.push(redirect?);
                end = after;
                i = after;
                continue;
            }
            // No word after a redirection: tree-sitter's reading of that is not checked.
            if !redirects.is_empty() {
                return None;
            }
            if words.is_empty() {
                start = i;
            }
            let (word, after) = read_word(code, i)?;
            if words.is_empty() && !is_program_word(&code[i..after]) {
                return None;
            }
            // tree-sitter-bash reads a lone `==` as a test operator, a syntax error here; and it
            // can drop a word that a redirection follows without a blank (`-u10>f`).
            if &code[i..after] == "==" || matches!(bytes.get(after), Some(b'>' | b'<')) {
                return None;
            }
            words.push(word);
            end = after;
            i = after;
            continue;
        }
        // An operator ends a command, which must be there.
        if words.is_empty() {
            return None;
        }
        end_command(
            &mut pipeline,
            &and_or,
            std::mem::take(&mut words),
            std::mem::take(&mut redirects),
            &code[start..end],
        )?;
        match (b, bytes.get(i + 1)) {
            (b'|', Some(b'|')) | (b'&', Some(b'&')) => {
                and_or.push(std::mem::take(&mut pipeline));
                i += 2;
            }
            (b'|', _) => i += 1,
            (b';', _) => {
                and_or.push(std::mem::take(&mut pipeline));
                statements.push(checked(std::mem::take(&mut and_or))?);
                i += 1;
            }
            _ => return None,
        }
    }
    if words.is_empty() {
        // Only a statement ended by `;` (or nothing at all) may end the line.
        if !pipeline.is_empty() || !and_or.is_empty() {
            return None;
        }
    } else {
        end_command(&mut pipeline, &and_or, words, redirects, &code[start..end])?;
        and_or.push(pipeline);
        statements.push(checked(and_or)?);
    }
    Some(PlainScript { statements })
}

/// Adds a finished command to `pipeline`; `None` when it has redirections but is not its
/// statement's first command. tree-sitter-bash reads a redirection after a later command around
/// the statement so far (`a | b > f`, `a | b >f | c`, `a && b > f && c`, and `a || b >f | c` as
/// `(a || b) >f | c`), so redirections are plain on the first command only.
fn end_command<'a>(
    pipeline: &mut Pipeline<'a>,
    and_or: &AndOr<'a>,
    words: Vec<Word>,
    redirects: Vec<Redirect>,
    text: &'a str,
) -> Option<()> {
    let first = pipeline.is_empty() && and_or.is_empty();
    if !first && !redirects.is_empty() {
        return None;
    }
    pipeline.push(SimpleCommand {
        words,
        redirects,
        text,
    });
    Some(())
}

/// `None` for the one shape tree-sitter-bash reads differently from bash: a statement that
/// starts with a pipeline of three or more commands followed by `&&` or `||`
/// (`a | b | c && d` becomes `a | (b | c && d)`). The line is left to tree-sitter, so both
/// front ends give the same reading.
fn checked(and_or: AndOr) -> Option<AndOr> {
    let misread = and_or.len() > 1 && and_or.first().is_some_and(|p| p.len() >= 3);
    (!misread).then_some(and_or)
}

/// A command's first word: unquoted, not an assignment, not a reserved word, and made of
/// `[A-Za-z0-9_./-]` only, not starting with `-`. tree-sitter-bash misreads odd program names
/// (`user@host` loses `user`, `x+:` is a syntax error, `- a=b x` drops `-`), so those are left
/// to it and both readings stay the same.
fn is_program_word(text: &str) -> bool {
    !text.starts_with('-')
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'/' | b'-'))
        && !NOT_A_PROGRAM.contains(&text)
}

/// Control characters other than tab and newline: tree-sitter's lexer stops at a NUL, and no
/// real command line has them, so such a line is left to tree-sitter.
fn has_control(text: &str) -> bool {
    text.bytes()
        .any(|b| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f)
}

/// Reads the redirection starting at `start`, if one starts there: `None` when none does,
/// `Some((None, _))` when one does but is outside the plain language (the line is then not
/// plain), else the redirection and the offset after it.
fn read_redirect(code: &str, start: usize) -> Option<(Option<Redirect>, usize)> {
    let bytes = code.as_bytes();
    let digits = bytes[start..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let at = start + digits;
    let op = *bytes.get(at).filter(|b| matches!(b, b'>' | b'<'))?;
    let refused = Some((None, at));
    let fd = match digits {
        0 => None,
        _ => match code[start..at].parse::<u32>() {
            Ok(fd) => Some(fd),
            Err(_) => return refused,
        },
    };
    let (op, mut i) = match (op, bytes.get(at + 1)) {
        (b'>', Some(b'>')) => (RedirectOp::Append, at + 2),
        (b'>', Some(b'&')) => {
            // `>&N`: a descriptor duplicated, digits right after the operator.
            let from = at + 2;
            let n = bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let after = from + n;
            let ends = bytes
                .get(after)
                .is_none_or(|b| matches!(b, b' ' | b'\t' | b';' | b'|' | b'&'));
            if n == 0 || !ends {
                return refused;
            }
            let redirect = Redirect {
                fd,
                op: RedirectOp::Dup,
                target: Some(Word::lit(&code[from..after])),
                body: None,
            };
            return Some((Some(redirect), after));
        }
        (b'>', Some(b'|' | b'<')) | (b'<', Some(b'<' | b'>' | b'&')) => return refused,
        // tree-sitter-bash can take `0<f` after another redirection for one more word of
        // that redirection's target (`<a 0<f` reads `<a0` and `<f`).
        (b'<', _) if fd.is_some() => return refused,
        (b'>', _) => (RedirectOp::Write, at + 1),
        _ => (RedirectOp::Read, at + 1),
    };
    while bytes.get(i).is_some_and(|b| matches!(b, b' ' | b'\t')) {
        i += 1;
    }
    // The target: a plain word, not an operator or the end of the line.
    if bytes
        .get(i)
        .is_none_or(|b| matches!(b, b';' | b'|' | b'&' | b'>' | b'<'))
    {
        return refused;
    }
    let Some((target, after)) = read_word(code, i) else {
        return refused;
    };
    let redirect = Redirect {
        fd,
        op,
        target: Some(target),
        body: None,
    };
    Some((Some(redirect), after))
}

/// Reads the word starting at `start`; returns it and the offset after it.
fn read_word(code: &str, start: usize) -> Option<(Word, usize)> {
    let bytes = code.as_bytes();
    let mut parts = Vec::with_capacity(1);
    let mut unquoted = start;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\'' | b'"' => {
                push_lit(&mut parts, &code[unquoted..i], false);
                let close = i + 1 + code[i + 1..].find(b as char)?;
                let inside = &code[i + 1..close];
                if (b == b'"' && inside.contains(['\\', '$', '`'])) || has_control(inside) {
                    return None;
                }
                push_lit(&mut parts, inside, true);
                i = close + 1;
                unquoted = i;
            }
            b' ' | b'\t' | b';' | b'|' | b'&' | b'>' | b'<' => break,
            _ if is_word_byte(b) => i += 1,
            _ => return None,
        }
    }
    push_lit(&mut parts, &code[unquoted..i], false);
    Some((Word { parts }, i))
}

impl Walker {
    /// Walks a plain command line as tree-sitter's reading of it would be walked.
    pub(crate) fn walk_plain(&mut self, script: PlainScript) {
        if !self.enter(1) {
            return;
        }
        for mut and_or in script.statements {
            self.and_or(and_or.len(), |w, i| {
                let pipeline = &mut and_or[i];
                w.pipeline(pipeline.len(), |w, j| {
                    let cmd = &mut pipeline[j];
                    w.plain_command(
                        std::mem::take(&mut cmd.words),
                        std::mem::take(&mut cmd.redirects),
                        cmd.text,
                    );
                });
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::{parse, parse_with_tree_sitter_only};

    /// Words around every edge of the plain language: ordinary ones, reserved words and
    /// builtins in every position, wrappers whose payloads are parsed again, quotes of each
    /// kind, and words the front end must refuse.
    const WORDS: &[&str] = include!("plain_words.in");

    /// Characters a plain word may hold, for words made up at random.
    const ODD: &[u8] = b"ax1_./:,+@%=-";

    /// What may stand between two words.
    const JOINS: &[&str] = &[
        " ", " ", " ", "  ", "\t", " | ", "|", " && ", "&&", " || ", "||", " ; ", ";", "; ", " & ",
        "&", " |& ", ";;", "", " \n ",
    ];

    /// A small deterministic generator, so a failure names a line that can be replayed.
    struct Lines(u64);

    impl Lines {
        fn next(&mut self, below: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % below as u64) as usize
        }

        fn line(&mut self) -> String {
            let mut line = String::new();
            if self.next(8) == 0 {
                line.push(' ');
            }
            let words = 1 + self.next(7);
            for i in 0..words {
                if i > 0 {
                    // Mostly blanks, so that many lines stay plain.
                    let join = if self.next(3) == 0 {
                        JOINS[self.next(JOINS.len())]
                    } else {
                        " "
                    };
                    line.push_str(join);
                }
                if self.next(4) == 0 {
                    // A word of odd characters, to find the ones tree-sitter reads differently.
                    for _ in 0..1 + self.next(4) {
                        let b = ODD[self.next(ODD.len())];
                        line.push(char::from(b));
                    }
                } else {
                    line.push_str(WORDS[self.next(WORDS.len())]);
                }
            }
            match self.next(8) {
                0 => line.push(';'),
                1 => line.push(' '),
                _ => {}
            }
            line
        }
    }

    #[test]
    fn plain_lines_read_exactly_as_tree_sitter_reads_them() {
        let mut lines = Lines(0x9e37_79b9_7f4a_7c15);
        let (mut plain, mut lists, mut quoted) = (0, 0, 0);
        for _ in 0..60_000 {
            let line = lines.line();
            let Some(script) = read(&line) else {
                continue;
            };
            plain += 1;
            lists += usize::from(script.statements.iter().flatten().count() > 1);
            quoted += usize::from(line.contains(['\'', '"']));
            assert_eq!(
                parse(&line),
                parse_with_tree_sitter_only(&line),
                "the plain front end reads {line:?} differently from tree-sitter"
            );
        }
        eprintln!("{plain} plain lines, {lists} with operators, {quoted} with quotes");
        // The comparison must cover the language, not only its simplest lines.
        assert!(plain > 5000, "only {plain} generated lines were plain");
        assert!(
            lists > 500 && quoted > 1000,
            "lists {lists}, quoted {quoted}"
        );
    }

    #[test]
    fn lines_outside_the_plain_language_go_to_tree_sitter() {
        for line in [
            "a &",
            "a & b",
            "a |& b",
            "a ;; b",
            "test a == b",
            "; a",
            "a ; ;",
            "a |",
            "| a",
            "a &&",
            "a && ; b",
            "a\nb",
            "X=1 a",
            "export A=1",
            "if true",
            "a; then",
            "time make",
            "x+: a",
            "g++ -c a.cc",
            ": a",
            "'rm' -rf x",
            "echo 'open",
            "echo \"open",
            "echo 'a\0b'",
            "echo \"a\rb\"",
            "echo \"$HOME\"",
            "echo \"a\\b\"",
            "echo \"`id`\"",
            "echo $HOME",
            "echo ~/x",
            "echo *",
            "echo a#b",
            "echo é",
            "echo (",
            "> f a",
            "a > f b",
            "a >",
            "a > ;",
            "a &> f",
            "a >| f",
            "a <> f",
            "a << EOF",
            "a <<< x",
            "a >&-",
            "a >& f",
            "a 2>&1x",
            "a>f",
            "a -u10>f",
            "a <b 0<c",
            "a 3<f",
            "a || b >f | c",
            "a && b 2>&1 | c",
            "a | b 1>f | c",
            "a | b > f",
            "a && b > f",
            "{ a; }",
        ] {
            assert!(read(line).is_none(), "{line:?} was read as plain");
        }
    }

    #[test]
    fn the_empty_line_a_trailing_semicolon_and_redirections_are_plain() {
        for line in [
            "",
            "  ",
            "a;",
            "a ;",
            "a; b;",
            "cargo test 2>&1 | tail -n 40",
            "make > build.log 2>&1",
            "grep x <in >>out",
            "a 2>&1 | b",
        ] {
            assert!(read(line).is_some(), "{line:?} was not read as plain");
            assert_eq!(parse(line), parse_with_tree_sitter_only(line), "{line:?}");
        }
    }
}
