//! Shared test helpers: a compact one-line-per-command rendering of a [`Script`] and a
//! table runner that reports every mismatch at once.

#![allow(dead_code)]

use belay_shell::{Command, Cwd, Flow, Part, RedirectOp, Script, Word, Wrapper};

/// A word: unquoted literals as is, quoted literals in single quotes, `$NAME`, `$(…)`.
pub fn word(w: &Word) -> String {
    let mut out = String::new();
    for p in &w.parts {
        match p {
            Part::Lit {
                text,
                quoted: false,
            } => out.push_str(text),
            Part::Lit { text, quoted: true } => {
                out.push('\'');
                out.push_str(text);
                out.push('\'');
            }
            Part::Param { name } => {
                out.push('$');
                out.push_str(name);
            }
            Part::Subst => out.push_str("$(…)"),
        }
    }
    if out.is_empty() {
        out.push_str("''");
    }
    out
}

pub fn wrapper(w: &Wrapper) -> String {
    match w {
        Wrapper::Sudo { user: None } => "sudo".into(),
        Wrapper::Sudo { user: Some(u) } => format!("sudo({u})"),
        Wrapper::Runner { program } => program.clone(),
        Wrapper::Xargs => "xargs".into(),
        Wrapper::FindExec => "find-exec".into(),
        Wrapper::Shell { program } => format!("shell({program})"),
        Wrapper::Ssh { host } => format!("ssh({host})"),
        Wrapper::Container { runtime, target } => format!("{runtime}({target})"),
        Wrapper::Interpreter { program } => format!("interp({program})"),
    }
}

fn escape(s: &str) -> String {
    s.replace('\n', "\\n").replace('\t', "\\t")
}

pub fn command(c: &Command) -> String {
    let mut items: Vec<String> = Vec::new();
    if !c.wrappers.is_empty() {
        items.push(format!(
            "[{}]",
            c.wrappers.iter().map(wrapper).collect::<Vec<_>>().join(">")
        ));
    }
    for a in &c.assignments {
        items.push(format!("{}={}", a.name, word(&a.value)));
    }
    for w in &c.argv {
        items.push(word(w));
    }
    for r in &c.redirects {
        let fd = r.fd.map(|f| f.to_string()).unwrap_or_default();
        let op = match r.op {
            RedirectOp::Read => "<",
            RedirectOp::Write => ">",
            RedirectOp::Append => ">>",
            RedirectOp::ReadWrite => "<>",
            RedirectOp::HereDoc => "<<",
            RedirectOp::HereString => "<<<",
            RedirectOp::Dup => ">&",
        };
        let target = r.target.as_ref().map(word).unwrap_or_default();
        let body = r
            .body
            .as_ref()
            .map(|b| format!("[{}]", escape(b)))
            .unwrap_or_default();
        items.push(format!("{fd}{op}{target}{body}"));
    }
    if !c.stdin_from.is_empty() {
        items.push(format!(
            "<stdin:{}>",
            c.stdin_from
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ));
    }
    match &c.stdout_to {
        Flow::Out => {}
        Flow::Pipe(i) => items.push(format!(">pipe:{i}")),
        Flow::Argument(i) => items.push(format!(">arg:{i}")),
        Flow::Variable(v) => items.push(format!(">var:{v}")),
    }
    match &c.cwd {
        Cwd::Start => {}
        Cwd::Changed(d) => items.push(format!("cwd={d}")),
        Cwd::Unknown => items.push("cwd=?".into()),
    }
    if c.background {
        items.push("&".into());
    }
    items.join(" ")
}

/// One line per command, plus `!incomplete` when the script is incomplete.
pub fn render(s: &Script) -> String {
    let mut lines: Vec<String> = s.commands.iter().map(command).collect();
    if s.incomplete.is_some() {
        lines.push("!incomplete".into());
    }
    lines.join("\n")
}

/// Checks invariants every script must satisfy: valid indices, no cycles.
pub fn check_invariants(input: &str, s: &Script) {
    let n = s.commands.len();
    for (i, c) in s.commands.iter().enumerate() {
        match c.stdout_to {
            Flow::Pipe(t) | Flow::Argument(t) => {
                assert!(t < n, "{input:?}: command {i} flows to {t} out of range");
                assert!(t > i, "{input:?}: command {i} flows backwards to {t}");
            }
            _ => {}
        }
        for &u in &c.stdin_from {
            assert!(u < i, "{input:?}: command {i} reads stdin from {u}");
        }
    }
}

/// Runs a table of `(input, expected rendering)`; expected lines are joined with `\n`.
pub fn run_table(name: &str, table: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (input, expected) in table {
        let script = belay_shell::parse(input);
        check_invariants(input, &script);
        let actual = render(&script);
        let expected = expected.replace(" ⏎ ", "\n");
        if actual != expected {
            failures.push(format!(
                "input:    {input:?}\nexpected: {expected:?}\nactual:   {actual:?}\n"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} of {} failed\n\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}
