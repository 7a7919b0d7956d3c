//! Word evaluation: turns tree-sitter word nodes into [`Word`]s (quote removal, parameter
//! expansion of literal variables, `$IFS` splitting, ANSI-C decoding) and helpers to render
//! words back into shell text for re-parsing.

use crate::parse::{Walker, node_text};
use crate::{Part, Word};
use tree_sitter::Node;

/// Collects the parts of one or more words; an unquoted `$IFS` or an unquoted expansion of a
/// literal containing blanks starts a new word.
#[derive(Default)]
pub(crate) struct WordBuilder {
    words: Vec<Word>,
    cur: Vec<Part>,
    /// The current word has content even if its parts are empty (`""`).
    touched: bool,
}

impl WordBuilder {
    pub(crate) fn lit(&mut self, text: &str, quoted: bool) {
        self.touched = true;
        push_lit(&mut self.cur, text, quoted);
    }

    pub(crate) fn part(&mut self, part: Part) {
        self.touched = true;
        self.cur.push(part);
    }

    /// Ends the current word (field splitting).
    pub(crate) fn split(&mut self) {
        if !self.cur.is_empty() {
            self.words.push(Word {
                parts: std::mem::take(&mut self.cur),
            });
        }
        self.touched = false;
    }

    pub(crate) fn finish(mut self) -> Vec<Word> {
        if !self.cur.is_empty() || self.touched {
            self.words.push(Word {
                parts: std::mem::take(&mut self.cur),
            });
        }
        self.words
    }
}

/// Appends literal text to a word's parts, joining it to a last part quoted the same way.
pub(crate) fn push_lit(parts: &mut Vec<Part>, text: &str, quoted: bool) {
    if text.is_empty() {
        return;
    }
    match parts.last_mut() {
        Some(Part::Lit {
            text: last,
            quoted: q,
        }) if *q == quoted => last.push_str(text),
        _ => parts.push(Part::Lit {
            text: text.to_string(),
            quoted,
        }),
    }
}

/// Position of the first `$` followed by a name start or `{` in `text`.
fn find_dollar_name(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b'$'
            && bytes
                .get(i + 1)
                .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_' || c == b'{')
    })
}

fn has_dollar_name(text: &str) -> bool {
    find_dollar_name(text).is_some()
}

/// Removes backslash quoting from an unquoted word: `\x` becomes a quoted `x`, a backslash
/// before a newline disappears.
fn unquoted_text(text: &str, b: &mut WordBuilder) {
    let mut plain = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('\n') => {}
                Some(e) => {
                    b.lit(&plain, false);
                    plain.clear();
                    b.lit(&e.to_string(), true);
                }
                None => plain.push('\\'),
            }
        } else {
            plain.push(c);
        }
    }
    b.lit(&plain, false);
}

/// Removes backslash quoting inside double quotes (only before `$`, `` ` ``, `"`, `\`, newline).
pub(crate) fn unescape_dquoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('$' | '`' | '"' | '\\') => {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                }
                Some('\n') => {
                    chars.next();
                }
                _ => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Decodes the body of an ANSI-C quoted string `$'...'` (without the `$'` and `'`).
pub fn decode_ansi_c(body: &str) -> String {
    let bytes = body.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16);
    while i < bytes.len() {
        let c = bytes[i];
        if c != b'\\' || i + 1 >= bytes.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let e = bytes[i + 1];
        i += 2;
        match e {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'e' | b'E' => out.push(27),
            b'f' => out.push(12),
            b'v' => out.push(11),
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'?' => out.push(b'?'),
            b'x' => {
                let mut v: u32 = 0;
                let mut n = 0;
                while n < 2 && i < bytes.len() {
                    match hex(bytes[i]) {
                        Some(d) => {
                            v = v * 16 + d;
                            i += 1;
                            n += 1;
                        }
                        None => break,
                    }
                }
                if n == 0 {
                    out.extend_from_slice(b"\\x");
                } else {
                    out.push(v as u8);
                }
            }
            b'u' | b'U' => {
                let max = if e == b'u' { 4 } else { 8 };
                let mut v: u32 = 0;
                let mut n = 0;
                while n < max && i < bytes.len() {
                    match hex(bytes[i]) {
                        Some(d) => {
                            v = v.saturating_mul(16).saturating_add(d);
                            i += 1;
                            n += 1;
                        }
                        None => break,
                    }
                }
                match char::from_u32(v).filter(|_| n > 0) {
                    Some(ch) => {
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                    }
                    None => {
                        out.push(b'\\');
                        out.push(e);
                    }
                }
            }
            b'0'..=b'7' => {
                let mut v: u32 = (e - b'0') as u32;
                let mut n = 1;
                while n < 3 && i < bytes.len() && (b'0'..=b'7').contains(&bytes[i]) {
                    v = v * 8 + (bytes[i] - b'0') as u32;
                    i += 1;
                    n += 1;
                }
                out.push((v & 0xff) as u8);
            }
            b'c' if i < bytes.len() => {
                out.push(bytes[i] & 0x1f);
                i += 1;
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Renders a word as shell source to be parsed again (for `bash -c`, `eval`, `ssh`): literal
/// text as is, parameters as `${NAME}`, substitutions as `${UNKNOWN}`.
pub(crate) fn code_of(word: &Word) -> String {
    let mut out = String::new();
    for part in &word.parts {
        match part {
            Part::Lit { text, .. } => out.push_str(text),
            Part::Param { name } => {
                out.push_str("${");
                out.push_str(name);
                out.push('}');
            }
            Part::Subst => out.push_str("${UNKNOWN}"),
        }
    }
    out
}

/// Renders a word as one shell word (quoted when needed), for joining argv back into code.
pub(crate) fn quote_word(word: &Word) -> String {
    let code = code_of(word);
    let plain = word.parts.iter().all(|p| match p {
        Part::Lit { text, .. } => !text
            .chars()
            .any(|c| " \t\n'\"\\;&|<>()$`*?[]{}#~".contains(c)),
        _ => true,
    });
    if plain && !code.is_empty() {
        return code;
    }
    if word.parts.iter().all(|p| matches!(p, Part::Lit { .. })) {
        return format!("'{}'", code.replace('\'', "'\\''"));
    }
    format!("\"{}\"", code.replace('"', "\\\""))
}

impl Walker {
    /// Evaluates a word-like node into zero or more words (more when `$IFS` splits it).
    pub(crate) fn words(&mut self, node: Node, src: &str, depth: usize) -> Vec<Word> {
        let mut b = WordBuilder::default();
        self.word_into(node, src, &mut b, false, depth);
        self.fix_dollar_literals(b.finish())
    }

    /// tree-sitter-bash sometimes leaves `$NAME` as plain text (`rm$IFS-rf$IFS/x` splits into
    /// `-rf$` and `IFS/x`); unquoted literal `$NAME` is expanded here.
    fn fix_dollar_literals(&mut self, words: Vec<Word>) -> Vec<Word> {
        let needs = words.iter().any(|w| {
            w.parts.iter().any(|p| match p {
                Part::Lit {
                    text,
                    quoted: false,
                } => has_dollar_name(text),
                _ => false,
            })
        });
        if !needs {
            return words;
        }
        let mut b = WordBuilder::default();
        for (i, w) in words.into_iter().enumerate() {
            if i > 0 {
                b.split();
            }
            for part in w.parts {
                match part {
                    Part::Lit {
                        text,
                        quoted: false,
                    } if has_dollar_name(&text) => {
                        let mut rest = text.as_str();
                        while let Some(pos) = find_dollar_name(rest) {
                            b.lit(&rest[..pos], false);
                            let after = &rest[pos + 1..];
                            let (name, len) = if let Some(braced) = after.strip_prefix('{') {
                                let end = braced.find('}').unwrap_or(braced.len());
                                (braced[..end].to_string(), (end + 2).min(after.len()))
                            } else {
                                let end = after
                                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                                    .unwrap_or(after.len());
                                (after[..end].to_string(), end)
                            };
                            self.param_into(&name, &mut b, false, true);
                            rest = &after[len..];
                        }
                        b.lit(rest, false);
                    }
                    other => b.part(other),
                }
            }
        }
        b.finish()
    }

    /// Evaluates several adjacent nodes (no blank between them) as one word.
    pub(crate) fn words_of_nodes(&mut self, nodes: &[Node], src: &str, depth: usize) -> Vec<Word> {
        let mut b = WordBuilder::default();
        for n in nodes {
            self.word_into(*n, src, &mut b, false, depth);
        }
        self.fix_dollar_literals(b.finish())
    }

    /// Evaluates a node as exactly one word (assignment values, redirect targets).
    pub(crate) fn single_word(&mut self, node: Node, src: &str, depth: usize) -> Word {
        let words = self.words(node, src, depth);
        let mut parts = Vec::new();
        for (i, w) in words.into_iter().enumerate() {
            if i > 0 {
                parts.push(Part::Lit {
                    text: " ".into(),
                    quoted: false,
                });
            }
            parts.extend(w.parts);
        }
        Word { parts }
    }

    fn word_into(
        &mut self,
        node: Node,
        src: &str,
        b: &mut WordBuilder,
        quoted: bool,
        depth: usize,
    ) {
        if !self.enter(depth) {
            b.part(Part::Param {
                name: "UNKNOWN".into(),
            });
            return;
        }
        let text = node_text(node, src);
        match node.kind() {
            "raw_string" => {
                let inner = text.strip_prefix('\'').unwrap_or(text);
                let inner = inner.strip_suffix('\'').unwrap_or(inner);
                b.lit(inner, true);
            }
            "ansi_c_string" => {
                let inner = text.strip_prefix("$'").unwrap_or(text);
                let inner = inner.strip_suffix('\'').unwrap_or(inner);
                b.lit(&decode_ansi_c(inner), true);
            }
            "string" => self.string_into(node, src, b, depth),
            "string_content" => b.lit(&unescape_dquoted(text), true),
            "simple_expansion" => {
                let name = text.trim_start_matches('$').to_string();
                self.param_into(&name, b, quoted, true);
            }
            "expansion" => self.expansion_into(node, src, b, quoted, depth),
            "command_substitution" | "process_substitution" => {
                self.substitution(node, src, depth + 1);
                b.part(Part::Subst);
            }
            "arithmetic_expansion" => {
                self.scan_substitutions(node, src, depth + 1);
                b.part(Part::Subst);
            }
            "variable_name" | "special_variable_name" => {
                // Appears directly only in odd positions; treat as literal text.
                if quoted {
                    b.lit(text, true)
                } else {
                    unquoted_text(text, b)
                }
            }
            _ => {
                let mut named = 0;
                let mut cursor = node.walk();
                let children: Vec<Node> = node.children(&mut cursor).collect();
                let mut pos = node.start_byte();
                for child in &children {
                    if !child.is_named() {
                        continue;
                    }
                    named += 1;
                    let gap = src.get(pos..child.start_byte()).unwrap_or("");
                    if quoted {
                        b.lit(gap, true)
                    } else {
                        unquoted_text(gap, b)
                    }
                    self.word_into(*child, src, b, quoted, depth + 1);
                    pos = child.end_byte();
                }
                if named == 0 {
                    if quoted {
                        b.lit(text, true)
                    } else {
                        unquoted_text(text, b)
                    }
                } else {
                    let tail = src.get(pos..node.end_byte()).unwrap_or("");
                    if quoted {
                        b.lit(tail, true)
                    } else {
                        unquoted_text(tail, b)
                    }
                }
            }
        }
    }

    /// A double-quoted string: literal gaps and `string_content` are unescaped, expansions kept.
    fn string_into(&mut self, node: Node, src: &str, b: &mut WordBuilder, depth: usize) {
        b.lit("", true);
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let mut pos = node.start_byte();
        for child in children {
            if !child.is_named() {
                if child.kind() == "\"" {
                    // Text before the closing quote that no `string_content` covers: tree-sitter
                    // leaves blanks and newlines there out of it, and its closing-quote token
                    // may even start at them (`" "`), so the gap runs to the node's last byte.
                    if child.start_byte() > node.start_byte() {
                        let end = node.end_byte().saturating_sub(1).max(pos);
                        let gap = src.get(pos..end).unwrap_or("");
                        b.lit(&unescape_dquoted(gap), true);
                    }
                    pos = child.end_byte();
                }
                continue;
            }
            let gap = src.get(pos..child.start_byte()).unwrap_or("");
            b.lit(&unescape_dquoted(gap), true);
            self.word_into(child, src, b, true, depth + 1);
            pos = child.end_byte();
        }
        // A string without its closing quote (error recovery) keeps its tail.
        if !node_text(node, src).ends_with('"') || node.end_byte() == node.start_byte() + 1 {
            let tail = src.get(pos..node.end_byte()).unwrap_or("");
            b.lit(&unescape_dquoted(tail), true);
        }
    }

    /// `${...}`: a plain `${NAME}` (or `${NAME:-d}` with a known NAME) is resolved like `$NAME`;
    /// anything else is an unknown parameter. Substitutions inside are still collected.
    fn expansion_into(
        &mut self,
        node: Node,
        src: &str,
        b: &mut WordBuilder,
        quoted: bool,
        depth: usize,
    ) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let mut name: Option<String> = None;
        let mut simple = true;
        let mut default_only = false;
        for c in &children {
            match c.kind() {
                "${" | "}" => {}
                "variable_name" | "special_variable_name" if name.is_none() => {
                    name = Some(node_text(*c, src).to_string())
                }
                "subscript" if name.is_none() => {
                    name = c
                        .child_by_field_name("name")
                        .map(|n| node_text(n, src).to_string());
                    simple = false;
                }
                ":-" | "-" if name.is_some() && simple => default_only = true,
                _ => {
                    if !default_only {
                        simple = false;
                    }
                }
            }
        }
        self.scan_substitutions(node, src, depth + 1);
        let name = name.unwrap_or_else(|| "UNKNOWN".to_string());
        if simple || (default_only && self.vars.contains_key(&name)) {
            self.param_into(&name, b, quoted, true);
        } else {
            let resolved = simple;
            self.param_into(&name, b, quoted, resolved);
        }
    }

    /// `$NAME`: a literal assigned earlier in the script replaces it; an unquoted `$IFS`
    /// splits the word.
    fn param_into(&mut self, name: &str, b: &mut WordBuilder, quoted: bool, resolve: bool) {
        if resolve {
            if name == "IFS" && !quoted && !self.vars.contains_key("IFS") {
                b.split();
                return;
            }
            if let Some(value) = self.vars.get(name).cloned() {
                if quoted {
                    b.lit(&value, true);
                } else {
                    let mut first = true;
                    for piece in value.split([' ', '\t', '\n']) {
                        if !first {
                            b.split();
                        }
                        first = false;
                        if !piece.is_empty() {
                            b.lit(piece, false);
                        }
                    }
                }
                return;
            }
        }
        b.part(Part::Param {
            name: name.to_string(),
        });
    }
}
