//! The tree walk: turns a tree-sitter-bash tree into the flat list of [`Command`]s, with data
//! flow (pipes, substitutions, variables), working-directory tracking, literal variables and
//! aliases. Recursion is bounded twice: by node depth ([`NODE_DEPTH_CAP`]) and by logical
//! nesting of substitutions, subshells, compound commands and unwrapped code ([`MAX_DEPTH`]).
//!
//! Flow conventions:
//! - substitution commands are listed before the command whose words contain them and point at
//!   it with `Flow::Argument`; `X=$(cmd)` gives `Flow::Variable("X")`;
//! - `for x in $(cmd)`: `cmd` gets `Flow::Argument(i)` where `i` is the first command of the loop
//!   body (or `Flow::Out` when the body has none);
//! - substitutions in places without a command (`[[ ... ]]`, `(( ... ))`, `case` words) keep
//!   `Flow::Out`.
//!
//! State: `cd` and literal assignments carry forward in source order. Code that may not run
//! (if/while/for/case bodies, the right side of `&&`/`||`) updates the state while it is
//! walked, but afterwards what it changed becomes unknown (`Cwd::Unknown`, variable left as
//! `Param`). Subshells, substitutions, pipeline stages and `bash -c` code do not leak state.
//!
//! Every `Flow::Pipe` and `Flow::Argument` points at a later index and `stdin_from` at earlier
//! ones, so the flow graph has no cycles.

use std::collections::HashMap;

use tree_sitter::{Node, Parser};

use crate::unwrap::{self, Inner, Scope};
use crate::words::quote_word;
use crate::{
    Assignment, Command, Cwd, Flow, MAX_DEPTH, MAX_INPUT_BYTES, Part, Redirect, RedirectOp, Script,
    Word, Wrapper,
};

/// Maximum depth of tree nodes walked recursively (keeps the Rust stack small).
pub(crate) const NODE_DEPTH_CAP: usize = 256;
/// Maximum number of nested wrappers unwrapped in one command.
const MAX_UNWRAP: usize = 8;
/// Maximum number of upstream commands listed in one `stdin_from` (long pipelines are cut).
const MAX_UPSTREAM: usize = 256;
/// Maximum number of literal variables remembered (the map is cloned per subshell).
const MAX_VARS: usize = 512;
/// Maximum number of commands collected (bounds memory and time on hostile input).
const MAX_COMMANDS: usize = 10_000;

/// The source text of a node, or "" when the range is not valid for `src`.
pub(crate) fn node_text<'a>(node: Node, src: &'a str) -> &'a str {
    src.get(node.byte_range()).unwrap_or("")
}

fn named_children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect()
}

/// Children with their field names, read with one cursor pass (`Node::field_name_for_child`
/// and `Node::next_sibling` are linear in the number of siblings, so quadratic in loops).
fn children_with_fields<'t>(node: Node<'t>) -> Vec<(Option<&'t str>, Node<'t>)> {
    let mut out = Vec::new();
    let mut cursor = node.walk();
    if cursor.goto_first_child() {
        loop {
            out.push((cursor.field_name(), cursor.node()));
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    out
}

fn all_children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.children(&mut cursor).collect()
}

/// Bracket nesting beyond which input is cut before parsing: tree-sitter's error recovery
/// gets very slow on thousands of unclosed brackets, and no real command nests this deep.
const PRESCAN_DEPTH: usize = 512;

/// The byte offset where bracket nesting (ignoring quoting) first exceeds [`PRESCAN_DEPTH`].
fn too_deep_at(code: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in code.bytes().enumerate() {
        match b {
            b'(' | b'{' | b'[' => {
                depth += 1;
                if depth > PRESCAN_DEPTH {
                    return Some(i);
                }
            }
            b')' | b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Largest prefix of `s` no longer than `max` bytes that ends on a char boundary.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

pub(crate) fn parse_script(source: &str, plain_front_end: bool) -> Script {
    let mut walker = Walker::new(plain_front_end);
    walker.parse_source(source, 0);
    Script {
        commands: walker.out,
        incomplete: walker.incomplete,
    }
}

/// A statement whose walk is watched: `range` is the span of `out` it emitted.
struct TailWatch {
    node: usize,
    range: Option<(usize, usize)>,
}

/// The statement that runs last in `node`: for a pipeline or a `&&`/`||` list its last part,
/// itself for anything else.
fn tail_statement(node: Node) -> Node {
    let mut cur = node;
    while matches!(cur.kind(), "pipeline" | "list")
        && let Some(last) = named_children(cur)
            .into_iter()
            .rev()
            .find(|c| c.kind() != "comment")
    {
        cur = last;
    }
    cur
}

/// Walk state. Methods for words are in `words.rs`.
pub(crate) struct Walker {
    pub(crate) out: Vec<Command>,
    /// Substitution nesting level of each command in `out`.
    levels: Vec<usize>,
    pub(crate) incomplete: Option<String>,
    /// Variables assigned a literal earlier in the script.
    pub(crate) vars: HashMap<String, String>,
    aliases: HashMap<String, String>,
    /// Aliases being expanded (an alias is not expanded inside itself).
    expanding_aliases: Vec<String>,
    cwd: Cwd,
    /// Wrappers of the code currently being walked (for unwrapped strings).
    wrappers: Vec<Wrapper>,
    /// Current substitution level.
    level: usize,
    /// Logical nesting (substitutions, subshells, compound commands, unwrapped code).
    nest: usize,
    /// Unwrap depth of the code currently being walked.
    unwrap_depth: usize,
    /// A redirected statement whose heredoc continuation is being handled by the caller.
    skip_continuation: Option<usize>,
    /// Words tree-sitter left out of a command, added to the next command built.
    pending_words: Vec<Word>,
    /// The last statement of a redirected pipeline or list, whose commands the redirections
    /// are for, and the commands its walk emitted.
    tail_watch: Option<TailWatch>,
    /// Created on first use: plain command lines never need it (see `plain.rs`).
    parser: Option<Parser>,
    /// Whether plain command lines take the fast front end (off only to test it against
    /// tree-sitter).
    plain_front_end: bool,
}

impl Walker {
    pub(crate) fn new(plain_front_end: bool) -> Walker {
        Walker {
            out: Vec::new(),
            levels: Vec::new(),
            incomplete: None,
            vars: HashMap::new(),
            aliases: HashMap::new(),
            expanding_aliases: Vec::new(),
            cwd: Cwd::Start,
            wrappers: Vec::new(),
            level: 0,
            nest: 0,
            unwrap_depth: 0,
            skip_continuation: None,
            tail_watch: None,
            pending_words: Vec::new(),
            parser: None,
            plain_front_end,
        }
    }

    pub(crate) fn mark(&mut self, reason: &str) {
        if self.incomplete.is_none() {
            self.incomplete = Some(reason.to_string());
        }
    }

    /// Checks the node depth; false (and incomplete) when too deep.
    pub(crate) fn enter(&mut self, depth: usize) -> bool {
        if depth > NODE_DEPTH_CAP {
            self.mark("nesting deeper than the parser's limit");
            return false;
        }
        if self.out.len() >= MAX_COMMANDS {
            self.mark("too many commands");
            return false;
        }
        true
    }

    /// Runs `f` one logical nesting level deeper, unless that exceeds [`MAX_DEPTH`].
    fn nested(&mut self, f: impl FnOnce(&mut Walker)) {
        if self.nest >= MAX_DEPTH {
            self.mark("nesting deeper than MAX_DEPTH");
            return;
        }
        self.nest += 1;
        f(self);
        self.nest -= 1;
    }

    /// Runs `f` in a subshell: `cd` and variables do not leak out.
    fn scoped(&mut self, f: impl FnOnce(&mut Walker)) {
        let cwd = self.cwd.clone();
        let vars = self.vars.clone();
        f(self);
        self.cwd = cwd;
        self.vars = vars;
    }

    /// Parses `code` and walks it as a sequence of statements.
    fn parse_source(&mut self, code: &str, depth: usize) {
        let code = if code.len() > MAX_INPUT_BYTES {
            self.mark("input larger than MAX_INPUT_BYTES");
            truncate(code, MAX_INPUT_BYTES)
        } else {
            code
        };
        let code = match too_deep_at(code) {
            Some(cut) => {
                self.mark("nesting deeper than the parser's limit");
                &code[..cut]
            }
            None => code,
        };
        if self.plain_front_end
            && let Some(script) = crate::plain::read(code)
        {
            self.walk_plain(script);
            return;
        }
        if self.parser.is_none() {
            let mut parser = Parser::new();
            if parser
                .set_language(&tree_sitter_bash::LANGUAGE.into())
                .is_ok()
            {
                self.parser = Some(parser);
            }
        }
        let Some(tree) = self.parser.as_mut().and_then(|p| p.parse(code, None)) else {
            self.mark("the parser failed");
            return;
        };
        let root = tree.root_node();
        if root.has_error() {
            self.mark("syntax error");
        }
        self.sequence(root, code, depth + 1);
    }

    /// Walks the statements among `node`'s children in order; a statement followed by `&` runs
    /// in the background.
    fn sequence(&mut self, node: Node, src: &str, depth: usize) {
        if !self.enter(depth) {
            return;
        }
        let children = all_children(node);
        for (idx, child) in children.iter().enumerate() {
            if !child.is_named() {
                continue;
            }
            let start = self.out.len();
            self.stmt(*child, src, depth + 1);
            if children.get(idx + 1).is_some_and(|s| s.kind() == "&") {
                for i in start..self.out.len() {
                    if self.levels[i] == self.level {
                        self.out[i].background = true;
                    }
                }
            }
        }
    }

    fn stmt(&mut self, node: Node, src: &str, depth: usize) {
        let watched = self
            .tail_watch
            .as_ref()
            .is_some_and(|w| w.node == node.id());
        let start = self.out.len();
        self.statement(node, src, depth);
        if watched && let Some(w) = self.tail_watch.as_mut() {
            w.range = Some((start, self.out.len()));
        }
    }

    fn statement(&mut self, node: Node, src: &str, depth: usize) {
        if !self.enter(depth) {
            return;
        }
        match node.kind() {
            "comment" => {}
            "command" => self.simple_command(node, src, &[], node, depth),
            "declaration_command" | "unset_command" => self.declaration(node, src, depth),
            "variable_assignment" | "variable_assignments" => {
                self.bare_assignments(node, src, depth)
            }
            "pipeline" => {
                let stages = named_children(node);
                self.pipeline(stages.len(), |w, j| w.stmt(stages[j], src, depth + 1));
            }
            "list" => self.list(node, src, depth),
            "redirected_statement" => self.redirected(node, src, depth),
            "subshell" => {
                self.nested(|w| w.scoped(|w| w.sequence(node, src, depth + 1)));
            }
            "compound_statement" if node_text(node, src).starts_with("((") => {
                self.scan_substitutions(node, src, depth + 1)
            }
            "program" | "compound_statement" | "do_group" | "else_clause" | "elif_clause"
            | "case_item" | "negated_command" => {
                self.nested(|w| w.sequence(node, src, depth + 1));
            }
            "if_statement" | "while_statement" => {
                self.nested(|w| w.conditional(|w| w.sequence(node, src, depth + 1)));
            }
            "ERROR" => {
                self.mark("syntax error");
                self.nested(|w| w.sequence(node, src, depth + 1));
            }
            "for_statement" => self.nested(|w| w.conditional(|w| w.for_loop(node, src, depth + 1))),
            "c_style_for_statement" => self.nested(|w| {
                w.conditional(|w| {
                    for child in named_children(node) {
                        if child.kind() == "do_group" || child.kind() == "compound_statement" {
                            w.stmt(child, src, depth + 1);
                        } else {
                            w.scan_substitutions(child, src, depth + 1);
                        }
                    }
                })
            }),
            "case_statement" => self.nested(|w| {
                w.conditional(|w| {
                    for child in named_children(node) {
                        if child.kind() == "case_item" {
                            w.stmt(child, src, depth + 1);
                        } else {
                            w.scan_substitutions(child, src, depth + 1);
                        }
                    }
                })
            }),
            "function_definition" => self.nested(|w| {
                w.scoped(|w| {
                    if let Some(body) = node.child_by_field_name("body") {
                        w.stmt(body, src, depth + 1);
                    }
                })
            }),
            _ => self.scan_substitutions(node, src, depth + 1),
        }
    }

    /// `a && b || c; d`: tree-sitter nests lists to the left; flattened here without recursion.
    fn list(&mut self, node: Node, src: &str, depth: usize) {
        let mut items = Vec::new();
        let mut cur = node;
        while cur.kind() == "list" {
            let named = named_children(cur);
            let Some((first, rest)) = named.split_first() else {
                break;
            };
            for n in rest.iter().rev() {
                items.push(*n);
            }
            cur = *first;
        }
        items.push(cur);
        items.reverse();
        self.and_or(items.len(), |w, i| w.stmt(items[i], src, depth + 1));
    }

    /// The items of an `&&`/`||` list, walked by `item`: everything after the first may not run.
    pub(crate) fn and_or(&mut self, items: usize, mut item: impl FnMut(&mut Walker, usize)) {
        if items == 0 {
            return;
        }
        item(self, 0);
        self.conditional(|w| {
            for i in 1..items {
                item(w, i);
            }
        });
    }

    /// Runs `f` for code that may or may not run (branches, loop bodies, the right side of
    /// `&&`/`||`): inside it the state evolves normally, but afterwards a variable it changed
    /// is no longer known, and a directory it changed becomes `Cwd::Unknown`.
    fn conditional(&mut self, f: impl FnOnce(&mut Walker)) {
        let vars = self.vars.clone();
        let cwd = self.cwd.clone();
        f(self);
        self.vars.retain(|k, v| vars.get(k) == Some(v));
        if self.cwd != cwd {
            self.cwd = Cwd::Unknown;
        }
    }

    /// Commands found in the substitution, process substitution or heredoc body `node`.
    pub(crate) fn substitution(&mut self, node: Node, src: &str, depth: usize) {
        self.nested(|w| {
            w.scoped(|w| {
                w.level += 1;
                w.sequence(node, src, depth + 1);
                w.level -= 1;
            })
        });
    }

    /// Finds substitutions anywhere below `node` (iteratively) and walks them.
    pub(crate) fn scan_substitutions(&mut self, node: Node, src: &str, depth: usize) {
        if !self.enter(depth) {
            return;
        }
        let mut stack = vec![node];
        let mut visited = 0usize;
        while let Some(n) = stack.pop() {
            visited += 1;
            if visited > 100_000 {
                self.mark("expression too large");
                return;
            }
            match n.kind() {
                "command_substitution" | "process_substitution" => {
                    self.substitution(n, src, depth + 1)
                }
                "ERROR" => {
                    self.mark("syntax error");
                    let mut kids = named_children(n);
                    kids.reverse();
                    stack.extend(kids);
                }
                _ => {
                    let mut kids = named_children(n);
                    kids.reverse();
                    stack.extend(kids);
                }
            }
        }
    }

    /// Walks pipeline stages (`stage` walks the one at an index) and connects them: each
    /// stage's commands pipe into the first command of the next stage and read from every
    /// command of the stages before.
    pub(crate) fn pipeline(&mut self, stages: usize, mut stage: impl FnMut(&mut Walker, usize)) {
        let multi = stages > 1;
        let mut members: Vec<Vec<usize>> = Vec::with_capacity(stages);
        for j in 0..stages {
            let start = self.out.len();
            if multi {
                self.scoped(|w| stage(w, j));
            } else {
                stage(self, j);
            }
            let level = self.level;
            members.push(
                (start..self.out.len())
                    .filter(|&i| self.levels[i] == level)
                    .collect(),
            );
        }
        let mut upstream: Vec<usize> = Vec::new();
        for j in 0..members.len() {
            if j > 0 {
                if upstream.len() > MAX_UPSTREAM {
                    self.mark("pipeline too long");
                    upstream.drain(..upstream.len() - MAX_UPSTREAM);
                }
                for &m in &members[j] {
                    let cmd = &mut self.out[m];
                    cmd.stdin_from
                        .extend(upstream.iter().copied().filter(|&u| u < m));
                    cmd.stdin_from.sort_unstable();
                    cmd.stdin_from.dedup();
                }
            }
            let next = members[j + 1..].iter().find_map(|m| m.first().copied());
            if let Some(next) = next {
                for &m in &members[j] {
                    if m < next && self.out[m].stdout_to == Flow::Out {
                        self.out[m].stdout_to = Flow::Pipe(next);
                    }
                }
            }
            upstream.extend(members[j].iter().copied());
        }
        if multi {
            for j in 1..members.len() {
                if let Some(payload) = crate::decode::pipeline_payload(&self.out, &members, j) {
                    let Some(&shell_idx) = members[j].first() else {
                        continue;
                    };
                    let outer = self.out[shell_idx].clone();
                    let wrapper = Wrapper::Shell {
                        program: payload.decoder,
                    };
                    self.run_code(&outer, wrapper, &payload.code, Scope::Child);
                }
            }
        }
    }

    /// A statement with redirections, possibly with the heredoc continuations tree-sitter-bash
    /// nests inside `heredoc_redirect` (`cat <<EOF | sh`, `cat <<EOF && x`).
    fn redirected(&mut self, node: Node, src: &str, depth: usize) {
        let redirects: Vec<Node> = named_children(node)
            .into_iter()
            .filter(|c| c.kind().ends_with("_redirect"))
            .collect();
        if self.skip_continuation != Some(node.id()) {
            for r in &redirects {
                if r.kind() != "heredoc_redirect" {
                    continue;
                }
                let kids = all_children(*r);
                if let Some(p) = kids.iter().find(|k| k.kind() == "pipeline") {
                    let mut stages = vec![node];
                    for s in named_children(*p) {
                        if s.kind() == "pipeline" {
                            stages.extend(named_children(s));
                        } else {
                            stages.push(s);
                        }
                    }
                    self.skip_continuation = Some(node.id());
                    self.pipeline(stages.len(), |w, j| w.stmt(stages[j], src, depth + 1));
                    return;
                }
                if let Some(right) = r.child_by_field_name("right") {
                    self.skip_continuation = Some(node.id());
                    self.stmt(node, src, depth + 1);
                    self.stmt(right, src, depth + 1);
                    return;
                }
            }
        }
        self.skip_continuation = None;
        match node.child_by_field_name("body") {
            Some(body) if body.kind() == "command" => {
                // tree-sitter-bash drops some words before a heredoc (`python3 - <<X`): text
                // between the children that no node covers is kept as literal words.
                let mut pos = body.end_byte();
                for r in &redirects {
                    let gap = src.get(pos..r.start_byte()).unwrap_or("");
                    self.pending_words
                        .extend(gap.split_whitespace().map(Word::lit));
                    pos = pos.max(r.end_byte());
                }
                self.simple_command(body, src, &redirects, node, depth)
            }
            Some(body) => {
                // After a pipeline or a list (`a | b > f`, `a && b > f`), bash redirects the
                // last command only; tree-sitter-bash puts the redirection around the whole.
                let tail = tail_statement(body);
                let watch = TailWatch {
                    node: tail.id(),
                    range: None,
                };
                let outer = self.tail_watch.replace(watch);
                let start = self.out.len();
                self.stmt(body, src, depth + 1);
                let watched = std::mem::replace(&mut self.tail_watch, outer);
                let (start, end) = watched
                    .and_then(|w| w.range)
                    .unwrap_or((start, self.out.len()));
                let mut reds = Vec::new();
                let mut extra = Vec::new();
                for r in &redirects {
                    self.redirect(*r, src, depth + 1, &mut reds, &mut extra);
                }
                for i in start..end {
                    if self.levels[i] == self.level {
                        self.out[i].redirects.extend(reds.iter().cloned());
                    }
                }
            }
            None => {
                let mut reds = Vec::new();
                let mut extra = Vec::new();
                for r in &redirects {
                    self.redirect(*r, src, depth + 1, &mut reds, &mut extra);
                }
                let cmd = Command {
                    redirects: reds,
                    cwd: self.cwd.clone(),
                    wrappers: self.wrappers.clone(),
                    text: node_text(node, src).to_string(),
                    ..Command::default()
                };
                self.push(cmd);
            }
        }
    }

    fn for_loop(&mut self, node: Node, src: &str, depth: usize) {
        let start = self.out.len();
        for value in node.children_by_field_name("value", &mut node.walk()) {
            let _ = self.words(value, src, depth + 1);
        }
        let values_end = self.out.len();
        if let Some(var) = node.child_by_field_name("variable") {
            self.vars.remove(node_text(var, src));
        }
        let body_start = self.out.len();
        if let Some(body) = node.child_by_field_name("body") {
            self.stmt(body, src, depth + 1);
        }
        let level = self.level;
        let first_body = (body_start..self.out.len()).find(|&i| self.levels[i] == level);
        if let Some(target) = first_body {
            self.patch_flows(start, values_end, Flow::Argument(target));
        }
    }

    /// Points the top-level commands of the substitutions listed in `start..end` at `flow`.
    fn patch_flows(&mut self, start: usize, end: usize, flow: Flow) {
        // The target may be missing when the command limit was reached.
        if let Flow::Argument(t) | Flow::Pipe(t) = flow
            && t >= self.out.len()
        {
            return;
        }
        let sub_level = self.level + 1;
        for i in start..end.min(self.out.len()) {
            if self.levels[i] == sub_level && self.out[i].stdout_to == Flow::Out {
                self.out[i].stdout_to = flow.clone();
            }
        }
    }

    /// Evaluates a `variable_assignment` node. Returns the assignment and whether it was
    /// made only of substitutions' output (for flows).
    fn assignment(&mut self, node: Node, src: &str, depth: usize) -> Option<Assignment> {
        let name_node = node.child_by_field_name("name")?;
        let name = match name_node.kind() {
            "subscript" => name_node
                .child_by_field_name("name")
                .map(|n| node_text(n, src).to_string())
                .unwrap_or_default(),
            _ => node_text(name_node, src).to_string(),
        };
        let value = match node.child_by_field_name("value") {
            Some(v) => self.single_word(v, src, depth + 1),
            None => Word {
                parts: vec![Part::Lit {
                    text: String::new(),
                    quoted: false,
                }],
            },
        };
        Some(Assignment { name, value })
    }

    /// Records a shell variable assignment: literal values are remembered, others forgotten.
    fn record_var(&mut self, node: Node, assignment: &Assignment) {
        let appends = all_children(node).iter().any(|c| c.kind() == "+=");
        let is_array = node
            .child_by_field_name("value")
            .is_some_and(|v| v.kind() == "array");
        let indexed = node
            .child_by_field_name("name")
            .is_some_and(|n| n.kind() == "subscript");
        match assignment.value.literal() {
            Some(v) if !appends && !is_array && !indexed && self.vars.len() < MAX_VARS => {
                self.vars.insert(assignment.name.clone(), v);
            }
            _ => {
                self.vars.remove(&assignment.name);
            }
        }
    }

    /// `X=1`, `X=$(cmd)`: a command with no argv, which also sets shell variables.
    fn bare_assignments(&mut self, node: Node, src: &str, depth: usize) {
        let nodes = if node.kind() == "variable_assignments" {
            named_children(node)
        } else {
            vec![node]
        };
        let mut assignments = Vec::new();
        for n in nodes {
            let start = self.out.len();
            let Some(a) = self.assignment(n, src, depth + 1) else {
                continue;
            };
            self.patch_flows(start, self.out.len(), Flow::Variable(a.name.clone()));
            self.record_var(n, &a);
            assignments.push(a);
        }
        let cmd = Command {
            assignments,
            cwd: self.cwd.clone(),
            wrappers: self.wrappers.clone(),
            text: node_text(node, src).to_string(),
            ..Command::default()
        };
        self.push(cmd);
    }

    /// `export X=1`, `local -r Y`, `declare -a A=(..)`, `unset X`: a command whose argv is the
    /// keyword and its arguments; literal assignments are remembered.
    fn declaration(&mut self, node: Node, src: &str, depth: usize) {
        let mut argv = Vec::new();
        let start = self.out.len();
        for child in all_children(node) {
            if !child.is_named() {
                if argv.is_empty() {
                    argv.push(Word::lit(child.kind()));
                }
                continue;
            }
            match child.kind() {
                "variable_assignment" => {
                    let s = self.out.len();
                    if let Some(a) = self.assignment(child, src, depth + 1) {
                        self.patch_flows(s, self.out.len(), Flow::Variable(a.name.clone()));
                        self.record_var(child, &a);
                        let mut parts = vec![Part::Lit {
                            text: format!("{}=", a.name),
                            quoted: false,
                        }];
                        parts.extend(a.value.parts);
                        argv.push(Word { parts });
                    }
                }
                "variable_name" => {
                    let name = node_text(child, src);
                    if argv.first().and_then(Word::literal).as_deref() == Some("unset") {
                        self.vars.remove(name);
                    }
                    argv.push(Word::lit(name));
                }
                "comment" => {}
                _ => argv.extend(self.words(child, src, depth + 1)),
            }
        }
        if argv.first().and_then(Word::literal).as_deref() == Some("unset") {
            for w in argv.iter().skip(1) {
                if let Some(name) = w.literal() {
                    self.vars.remove(&name);
                }
            }
        }
        let end = self.out.len();
        let cmd = Command {
            argv,
            cwd: self.cwd.clone(),
            wrappers: self.wrappers.clone(),
            text: node_text(node, src).to_string(),
            ..Command::default()
        };
        let idx = self.emit(cmd);
        self.patch_flows(start, end, Flow::Argument(idx));
    }

    /// A simple command: assignments, words, redirections; then unwrapping and emission.
    fn simple_command(
        &mut self,
        node: Node,
        src: &str,
        extra: &[Node],
        text_node: Node,
        depth: usize,
    ) {
        let start = self.out.len();
        let mut assignments = Vec::new();
        let mut arg_nodes: Vec<Node> = Vec::new();
        let mut redirect_nodes: Vec<Node> = Vec::new();
        let children = children_with_fields(node);
        for (idx, (field, child)) in children.iter().enumerate() {
            let field = *field;
            // `$"text"`: tree-sitter-bash gives an anonymous `$` before the string.
            if !child.is_named()
                && child.kind() == "$"
                && children.get(idx + 1).is_some_and(|(_, n)| {
                    n.kind() == "string" && n.start_byte() == child.end_byte()
                })
            {
                continue;
            }
            match (field, child.kind()) {
                (_, "variable_assignment") if arg_nodes.is_empty() => {
                    if let Some(a) = self.assignment(*child, src, depth + 1) {
                        assignments.push(a);
                    }
                }
                (Some("name" | "argument"), _) => arg_nodes.push(*child),
                (Some("redirect"), _) => redirect_nodes.push(*child),
                (_, k) if k.ends_with("_redirect") => redirect_nodes.push(*child),
                (_, "comment") => {}
                (_, "subshell") => self.stmt(*child, src, depth + 1),
                (_, "ERROR") => {
                    self.mark("syntax error");
                    self.scan_substitutions(*child, src, depth + 1);
                }
                _ if child.is_named() => arg_nodes.push(*child),
                _ => {}
            }
        }
        // A line break between two words ends a command in bash, but tree-sitter-bash can run
        // a command on into the next line: after a pipeline of two or more commands, a line
        // that goes on with `&&` or `||` loses its first command to the arguments of the
        // pipeline's last (tree-sitter-bash issue 347). The words after the break are a command
        // of their own, and the reading is marked incomplete.
        let next_line = arg_nodes
            .windows(2)
            .position(|w| breaks_line(src.get(w[0].end_byte()..w[1].start_byte()).unwrap_or("")))
            .map(|at| arg_nodes.split_off(at + 1));
        let mut argv = self.argv_of(&arg_nodes, src, depth);
        let mut redirects = Vec::new();
        let mut extra_args = Vec::new();
        for r in extra.iter().chain(redirect_nodes.iter()) {
            self.redirect(*r, src, depth + 1, &mut redirects, &mut extra_args);
        }
        argv.append(&mut self.pending_words);
        for a in extra_args {
            argv.extend(self.words(a, src, depth + 1));
        }
        let end = self.out.len();
        let cmd = Command {
            argv,
            assignments,
            redirects,
            wrappers: self.wrappers.clone(),
            cwd: self.cwd.clone(),
            text: node_text(text_node, src).to_string(),
            ..Command::default()
        };
        let idx = self.emit(cmd);
        self.patch_flows(start, end, Flow::Argument(idx));
        if let Some(nodes) = next_line
            && let (Some(first), Some(last)) = (nodes.first(), nodes.last())
        {
            self.mark("a line break inside a command (tree-sitter-bash misread the line)");
            let start = self.out.len();
            let argv = self.argv_of(&nodes, src, depth);
            let end = self.out.len();
            let cmd = Command {
                argv,
                wrappers: self.wrappers.clone(),
                cwd: self.cwd.clone(),
                text: src
                    .get(first.start_byte()..last.end_byte())
                    .unwrap_or("")
                    .to_string(),
                ..Command::default()
            };
            let idx = self.emit(cmd);
            self.patch_flows(start, end, Flow::Argument(idx));
        }
    }

    /// The words of a command's name and argument nodes: adjacent nodes (no blank between
    /// them) make one word.
    fn argv_of(&mut self, nodes: &[Node], src: &str, depth: usize) -> Vec<Word> {
        let mut argv = Vec::new();
        let mut group: Vec<Node> = Vec::new();
        for &n in nodes {
            if let Some(last) = group.last()
                && last.end_byte() != n.start_byte()
            {
                argv.extend(self.words_of_nodes(&group, src, depth + 1));
                group.clear();
            }
            group.push(n);
        }
        if !group.is_empty() {
            argv.extend(self.words_of_nodes(&group, src, depth + 1));
        }
        argv
    }

    /// A simple command read by the plain front end: words, then redirections (see `plain.rs`).
    pub(crate) fn plain_command(
        &mut self,
        mut argv: Vec<Word>,
        redirects: Vec<Redirect>,
        text: &str,
    ) {
        if !self.enter(1) {
            return;
        }
        argv.append(&mut self.pending_words);
        let cmd = Command {
            argv,
            redirects,
            wrappers: self.wrappers.clone(),
            cwd: self.cwd.clone(),
            text: text.to_string(),
            ..Command::default()
        };
        self.emit(cmd);
    }

    /// Evaluates one redirect node into `out`; heredoc trailing arguments go to `extra_args`.
    fn redirect<'t>(
        &mut self,
        node: Node<'t>,
        src: &str,
        depth: usize,
        out: &mut Vec<Redirect>,
        extra_args: &mut Vec<Node<'t>>,
    ) {
        if !self.enter(depth) {
            return;
        }
        let fd = node
            .child_by_field_name("descriptor")
            .and_then(|d| node_text(d, src).parse::<u32>().ok());
        match node.kind() {
            "file_redirect" => {
                let mut op_token = "";
                let mut dests = Vec::new();
                for (field, c) in children_with_fields(node) {
                    if field == Some("descriptor") {
                        continue;
                    }
                    if field == Some("destination") {
                        dests.push(c);
                    } else if !c.is_named() && op_token.is_empty() {
                        op_token = c.kind();
                    } else if c.kind() == "ERROR" {
                        if op_token == "<" && node_text(c, src) == ">" {
                            op_token = "<>";
                        }
                    } else if c.is_named() {
                        dests.push(c);
                    }
                }
                let target = if dests.is_empty() {
                    None
                } else {
                    let words = self.words_of_nodes(&dests, src, depth + 1);
                    let mut parts = Vec::new();
                    for w in words {
                        parts.extend(w.parts);
                    }
                    Some(Word { parts })
                };
                let target_lit = target.as_ref().and_then(Word::literal);
                let is_fd = target_lit.as_deref().is_some_and(|t| {
                    t == "-" || (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                });
                let (op, target) = match op_token {
                    "<" => (RedirectOp::Read, target),
                    ">" | ">|" | "&>" => (RedirectOp::Write, target),
                    ">>" | "&>>" => (RedirectOp::Append, target),
                    "<>" => (RedirectOp::ReadWrite, target),
                    "<&-" | ">&-" => (RedirectOp::Dup, Some(Word::lit("-"))),
                    ">&" if !is_fd => (RedirectOp::Write, target),
                    "<&" if !is_fd => (RedirectOp::Read, target),
                    _ => (RedirectOp::Dup, target),
                };
                out.push(Redirect {
                    fd,
                    op,
                    target,
                    body: None,
                });
            }
            "heredoc_redirect" => {
                let kids = all_children(node);
                let strip_tabs = kids.iter().any(|k| k.kind() == "<<-");
                let quoted = kids
                    .iter()
                    .find(|k| k.kind() == "heredoc_start")
                    .is_some_and(|k| node_text(*k, src).contains(['\'', '"', '\\']));
                let mut body = String::new();
                let mut nested = Vec::new();
                for (field, k) in children_with_fields(node).iter() {
                    let field = *field;
                    match (field, k.kind()) {
                        (_, "heredoc_body") => {
                            body = node_text(*k, src).to_string();
                            if !quoted {
                                self.scan_substitutions(*k, src, depth + 1);
                            }
                        }
                        (Some("redirect"), _) | (_, "file_redirect" | "herestring_redirect") => {
                            let mut nested_extra = Vec::new();
                            self.redirect(*k, src, depth + 1, &mut nested, &mut nested_extra);
                        }
                        (Some("argument"), _) => extra_args.push(*k),
                        _ => {}
                    }
                }
                if strip_tabs {
                    let lines: Vec<&str> = body
                        .split('\n')
                        .map(|l| l.trim_start_matches('\t'))
                        .collect();
                    body = lines.join("\n");
                }
                out.push(Redirect {
                    fd,
                    op: RedirectOp::HereDoc,
                    target: None,
                    body: Some(body),
                });
                out.extend(nested);
            }
            "herestring_redirect" => {
                let parts: Vec<Node> = named_children(node)
                    .into_iter()
                    .filter(|c| c.kind() != "file_descriptor")
                    .collect();
                let words = self.words_of_nodes(&parts, src, depth + 1);
                let body = words.iter().map(Word::render).collect::<Vec<_>>().join(" ");
                out.push(Redirect {
                    fd,
                    op: RedirectOp::HereString,
                    target: None,
                    body: Some(body),
                });
            }
            _ => self.scan_substitutions(node, src, depth + 1),
        }
    }

    /// Emits a command after unwrapping wrappers; returns the index of its first entry.
    fn emit(&mut self, cmd: Command) -> usize {
        let first = self.out.len();
        let udepth = self.unwrap_depth;
        self.unwrap_and_push(cmd, udepth);
        first
    }

    fn unwrap_and_push(&mut self, cmd: Command, udepth: usize) {
        if udepth >= MAX_UNWRAP {
            self.mark("wrappers nested too deep");
            self.push(cmd);
            return;
        }
        if let Some(name) = cmd.argv.first().and_then(Word::literal)
            && !self.expanding_aliases.contains(&name)
            && let Some(value) = self.aliases.get(&name).cloned()
        {
            let mut code = value;
            for w in cmd.argv.iter().skip(1) {
                code.push(' ');
                code.push_str(&quote_word(w));
            }
            let wrapper = Wrapper::Shell {
                program: "alias".into(),
            };
            let before = self.out.len();
            self.expanding_aliases.push(name);
            self.run_code_at(&cmd, wrapper, &code, Scope::Same, udepth + 1);
            self.expanding_aliases.pop();
            if self.out.len() == before {
                self.push(cmd);
            }
            return;
        }
        let Some(unwrapped) = unwrap::unwrap(&cmd) else {
            self.push(cmd);
            return;
        };
        let before = self.out.len();
        if unwrapped.keep_outer || unwrapped.inner.is_empty() {
            self.push(cmd.clone());
        }
        for inner in unwrapped.inner {
            match inner {
                Inner::Argv {
                    wrapper,
                    argv,
                    assignments,
                } => {
                    let mut c = cmd.clone();
                    c.text = argv.iter().map(quote_word).collect::<Vec<_>>().join(" ");
                    c.argv = argv;
                    c.assignments.extend(assignments);
                    c.wrappers.push(wrapper);
                    if unwrapped.keep_outer {
                        c.redirects.clear();
                    }
                    self.unwrap_and_push(c, udepth + 1);
                }
                Inner::Code {
                    wrapper,
                    code,
                    scope,
                } => {
                    self.run_code_at(&cmd, wrapper, &code, scope, udepth + 1);
                }
            }
        }
        // Code that gave no command (`eval ''`, or only a syntax error) still leaves the wrapper
        // itself, so the command is not lost and flows pointing at it stay valid.
        if self.out.len() == before {
            self.push(cmd);
        }
    }

    /// Parses `code` as commands run by the wrapper `outer` + `wrapper`.
    fn run_code(&mut self, outer: &Command, wrapper: Wrapper, code: &str, scope: Scope) {
        let udepth = self.unwrap_depth + 1;
        self.run_code_at(outer, wrapper, code, scope, udepth);
    }

    fn run_code_at(
        &mut self,
        outer: &Command,
        wrapper: Wrapper,
        code: &str,
        scope: Scope,
        udepth: usize,
    ) {
        if udepth > MAX_UNWRAP {
            self.mark("wrappers nested too deep");
            return;
        }
        let mut wrappers = outer.wrappers.clone();
        wrappers.push(wrapper);
        let saved_wrappers = std::mem::replace(&mut self.wrappers, wrappers);
        let saved_udepth = std::mem::replace(&mut self.unwrap_depth, udepth);
        let first = self.out.len();
        // Code from a string starts a fresh tree: node depth restarts, logical nesting goes on.
        self.nested(|w| match scope {
            Scope::Same => w.parse_source(code, 0),
            Scope::Child => w.scoped(|w| w.parse_source(code, 0)),
            Scope::Remote => w.scoped(|w| {
                w.vars.clear();
                w.cwd = Cwd::Unknown;
                w.parse_source(code, 0)
            }),
        });
        self.wrappers = saved_wrappers;
        self.unwrap_depth = saved_udepth;
        // Environment given to the wrapper (`env A=1 bash -c ...`) reaches the inner commands.
        if !outer.assignments.is_empty() {
            for i in first..self.out.len() {
                if self.levels[i] == self.level {
                    let mut assignments = outer.assignments.clone();
                    assignments.append(&mut self.out[i].assignments);
                    self.out[i].assignments = assignments;
                }
            }
        }
    }

    /// Adds a command to the output and updates `cd` and alias state.
    fn push(&mut self, cmd: Command) {
        if self.out.len() >= MAX_COMMANDS {
            self.mark("too many commands");
            return;
        }
        self.track_state(&cmd);
        self.out.push(cmd);
        self.levels.push(self.level);
    }

    fn track_state(&mut self, cmd: &Command) {
        let Some(program) = cmd.argv.first().and_then(Word::literal) else {
            return;
        };
        match program.as_str() {
            "cd" | "pushd" => {
                let arg = cmd.argv.iter().skip(1).find(|w| {
                    !w.literal()
                        .is_some_and(|l| l.starts_with('-') && l.len() > 1 && l != "--")
                        && w.literal().as_deref() != Some("--")
                });
                self.cwd = match arg {
                    None if program == "cd" => apply_cd(&self.cwd, "~"),
                    None => Cwd::Unknown,
                    Some(w) => match w.literal() {
                        Some(dir) if dir != "-" && !dir.starts_with('+') => {
                            apply_cd(&self.cwd, &dir)
                        }
                        _ => Cwd::Unknown,
                    },
                };
            }
            "popd" => self.cwd = Cwd::Unknown,
            "alias" => {
                for w in cmd.argv.iter().skip(1) {
                    if let Some(def) = w.literal()
                        && let Some((name, value)) = def.split_once('=')
                        && !name.is_empty()
                    {
                        self.aliases.insert(name.to_string(), value.to_string());
                    }
                }
            }
            "unalias" => {
                for w in cmd.argv.iter().skip(1) {
                    if let Some(name) = w.literal() {
                        if name == "-a" {
                            self.aliases.clear();
                        }
                        self.aliases.remove(&name);
                    }
                }
            }
            "read" | "mapfile" | "readarray" => {
                for w in cmd.argv.iter().skip(1) {
                    if let Some(name) = w.literal()
                        && !name.starts_with('-')
                    {
                        self.vars.remove(&name);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether the text between two words holds a line break that ends a command: a newline not
/// escaped by a backslash (a comment before it ends at it too).
fn breaks_line(gap: &str) -> bool {
    let bytes = gap.as_bytes();
    (0..bytes.len()).any(|i| bytes[i] == b'\n' && (i == 0 || bytes[i - 1] != b'\\'))
}

/// The directory after `cd dir` from `cur`.
fn apply_cd(cur: &Cwd, dir: &str) -> Cwd {
    if dir.starts_with('/') || dir.starts_with('~') {
        return normalize(dir);
    }
    match cur {
        Cwd::Unknown => Cwd::Unknown,
        Cwd::Start => normalize(dir),
        Cwd::Changed(base) => normalize(&format!("{base}/{dir}")),
    }
}

/// Removes `.` and `name/..` components; an empty relative path is the start directory.
fn normalize(path: &str) -> Cwd {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for comp in path.split('/') {
        match comp {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." && !last.starts_with('~') => {
                    parts.pop();
                }
                None if absolute => {}
                _ => parts.push(".."),
            },
            c => parts.push(c),
        }
    }
    let joined = parts.join("/");
    if absolute {
        Cwd::Changed(format!("/{joined}"))
    } else if joined.is_empty() {
        Cwd::Start
    } else {
        Cwd::Changed(joined)
    }
}
