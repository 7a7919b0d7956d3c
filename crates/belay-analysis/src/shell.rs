//! Shell commands: parse with belay-shell, then hand each simple command to the program
//! knowledge base, following data through pipes, substitutions and variables.

use crate::paths::{Loc, Resolver};
use crate::programs;
use crate::{Analysis, Data, Effect, EffectKind};
use belay_shell::{Command, Flow, Part, RedirectOp, Script, Word, Wrapper};
use std::collections::HashMap;
use std::path::PathBuf;

/// One simple command, ready for the knowledge base.
pub struct Cmd<'a> {
    pub index: usize,
    pub raw: &'a Command,
    /// Program name without directory.
    pub prog: String,
    /// The program word as written (`./scripts/deploy.sh`).
    pub prog_path: String,
    /// Arguments after the program, rendered.
    pub args: Vec<String>,
    /// Argument words after the program (parallel to `args`).
    pub words: &'a [Word],
}

impl Cmd<'_> {
    /// True when any of `flags` is present, long (`--force`) or inside a short cluster (`-rf`).
    pub fn has(&self, flags: &[&str]) -> bool {
        self.args.iter().any(|a| {
            flags.iter().any(|f| {
                if a == f {
                    return true;
                }
                if let Some(long) = f.strip_prefix("--") {
                    return a
                        .strip_prefix("--")
                        .is_some_and(|x| x.split('=').next() == Some(long));
                }
                if let Some(short) = f.strip_prefix('-')
                    && short.len() == 1
                    && a.starts_with('-')
                    && !a.starts_with("--")
                    && a.len() > 2
                    && a[1..].chars().all(|c| c.is_ascii_alphabetic())
                {
                    return a[1..].contains(short);
                }
                false
            })
        })
    }

    /// The value of an option: `--opt value`, `--opt=value`, `-o value`, `-ovalue`.
    pub fn opt(&self, names: &[&str]) -> Option<String> {
        self.opts(names).into_iter().next()
    }

    /// All values of a repeatable option.
    pub fn opts(&self, names: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        let mut iter = self.args.iter();
        while let Some(arg) = iter.next() {
            for name in names {
                if arg == name {
                    if let Some(v) = iter.next() {
                        out.push(v.clone());
                    }
                    break;
                }
                if name.starts_with("--") {
                    if let Some(v) = arg.strip_prefix(name).and_then(|v| v.strip_prefix('=')) {
                        out.push(v.to_string());
                        break;
                    }
                } else if name.len() == 2
                    && arg.starts_with(name)
                    && arg.len() > 2
                    && !arg.starts_with("--")
                {
                    out.push(arg[2..].trim_start_matches('=').to_string());
                    break;
                }
            }
        }
        out
    }

    /// Arguments that are not options, skipping the values of the options listed in `with_value`.
    pub fn positional(&self, with_value: &[&str]) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        let mut skip = false;
        let mut after_dashes = false;
        for (i, arg) in self.args.iter().enumerate() {
            if skip {
                skip = false;
                continue;
            }
            if after_dashes {
                out.push((i, arg.clone()));
                continue;
            }
            if arg == "--" {
                after_dashes = true;
                continue;
            }
            if arg.starts_with('-') && arg.len() > 1 {
                if with_value.contains(&arg.as_str()) {
                    skip = true;
                }
                continue;
            }
            out.push((i, arg.clone()));
        }
        out
    }

    /// Positional arguments as text only.
    pub fn operands(&self, with_value: &[&str]) -> Vec<String> {
        self.positional(with_value)
            .into_iter()
            .map(|(_, a)| a)
            .collect()
    }

    /// The first positional argument (a subcommand).
    pub fn sub(&self, with_value: &[&str]) -> Option<String> {
        self.operands(with_value).into_iter().next()
    }

    /// Resolves argument `i` (index into `args`) as a path.
    pub fn path(&self, ctx: &Ctx, i: usize) -> Loc {
        match self.words.get(i) {
            Some(word) => ctx.resolver.word(word, &self.raw.cwd),
            None => ctx.resolver.text(
                self.args.get(i).map(String::as_str).unwrap_or("."),
                &self.raw.cwd,
            ),
        }
    }

    /// Resolves a literal path text in this command's directory.
    pub fn path_text(&self, ctx: &Ctx, text: &str) -> Loc {
        ctx.resolver.text(text, &self.raw.cwd)
    }

    /// The whole command as written.
    pub fn text(&self) -> &str {
        &self.raw.text
    }

    /// The value of an environment assignment on this command (`RAILS_ENV=production rails ...`).
    pub fn env(&self, name: &str) -> Option<String> {
        self.raw
            .assignments
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.render())
    }
}

/// What the analysis of one script has gathered so far.
pub struct Ctx<'a> {
    pub script: &'a Script,
    pub resolver: &'a Resolver,
    pub effects: Vec<Effect>,
    /// Files the script downloads, by path, with their origin URL.
    pub downloads: HashMap<PathBuf, String>,
    /// Directories the script clones, with the repository URL.
    pub clones: Vec<(PathBuf, String)>,
    /// The index of the command being analysed (for attaching `via`).
    pub current: usize,
    /// Data-flow steps left: bounds the work on hostile command lines.
    pub flow_budget: std::cell::Cell<usize>,
}

const FLOW_DEPTH: usize = 24;
/// Data-flow steps per command line, whatever its shape.
const FLOW_BUDGET: usize = 20_000;

impl Ctx<'_> {
    pub fn emit(&mut self, mut kind: EffectKind) {
        if let EffectKind::Send { data, .. } = &mut kind {
            let mut seen: Vec<Data> = Vec::new();
            data.retain(|d| {
                let new = !seen.contains(d);
                if new {
                    seen.push(d.clone());
                }
                new
            });
        }
        let (origin, via) = match self.script.commands.get(self.current) {
            Some(cmd) => (
                cmd.text.clone(),
                cmd.wrappers.iter().map(describe_wrapper).collect(),
            ),
            None => (String::new(), Vec::new()),
        };
        self.effects.push(Effect { kind, origin, via });
    }

    /// The data that flows into command `index`: through its stdin (pipes and `<` redirects)
    /// and through arguments filled by substitutions or variables.
    pub fn inflow(&self, index: usize) -> Vec<Data> {
        let Some(cmd) = self.script.commands.get(index) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for &up in &cmd.stdin_from {
            out.extend(self.produces_own(up, 0));
        }
        for (i, other) in self.script.commands.iter().enumerate() {
            match &other.stdout_to {
                Flow::Argument(target) if *target == index && i != index => {
                    out.extend(self.produces_at(i, 0))
                }
                Flow::Variable(name)
                    if i != index && cmd.argv.iter().any(|w| uses_param(w, name)) =>
                {
                    out.extend(self.produces_at(i, 0))
                }
                _ => {}
            }
        }
        for redirect in &cmd.redirects {
            if redirect.op == RedirectOp::Read
                && let Some(target) = &redirect.target
            {
                out.push(self.classify_file(self.resolver.word(target, &cmd.cwd)));
            }
            if matches!(redirect.op, RedirectOp::HereDoc | RedirectOp::HereString)
                && let Some(body) = &redirect.body
                && crate::looks_like_secret_text(body)
            {
                out.push(Data::Secret("a credential in a here-document".into()));
            }
        }
        out
    }

    /// The data command `index` writes to its standard output.
    pub fn produces(&self, index: usize) -> Vec<Data> {
        self.produces_at(index, 0)
    }

    pub fn produces_at(&self, index: usize, depth: usize) -> Vec<Data> {
        self.flow(index, depth, true)
    }

    /// What command `index` itself writes, without what reaches it through its stdin (the
    /// pipeline's upstream lists are already transitive, so following them again would
    /// multiply the work with every stage).
    pub fn produces_own(&self, index: usize, depth: usize) -> Vec<Data> {
        self.flow(index, depth, false)
    }

    fn flow(&self, index: usize, depth: usize, follow_stdin: bool) -> Vec<Data> {
        if depth > FLOW_DEPTH || index >= self.script.commands.len() || self.flow_budget.get() == 0
        {
            return Vec::new();
        }
        self.flow_budget.set(self.flow_budget.get() - 1);
        programs::produces(self, index, depth, follow_stdin)
    }

    /// A file's content as data: a secret when the path is a credential store.
    pub fn classify_file(&self, loc: Loc) -> Data {
        match crate::secret_path_kind(&loc.path, &self.resolver.home) {
            Some(kind) => Data::Secret(format!("{kind} {}", loc.path.display())),
            None => Data::File(loc),
        }
    }

    /// Secrets read anywhere in the script whose output goes somewhere other than the terminal
    /// (a pipe, a substitution, a variable): a conservative data-flow edge.
    pub fn secret_in_motion(&self) -> Vec<Data> {
        let mut out = Vec::new();
        for (i, c) in self.script.commands.iter().enumerate() {
            if c.stdout_to != Flow::Out {
                out.extend(
                    self.produces(i)
                        .into_iter()
                        .filter(|d| matches!(d, Data::Secret(_) | Data::Environment)),
                );
            }
        }
        out
    }
}

fn uses_param(word: &Word, name: &str) -> bool {
    word.parts
        .iter()
        .any(|p| matches!(p, Part::Param { name: n } if n == name))
}

pub fn describe_wrapper(w: &Wrapper) -> String {
    match w {
        Wrapper::Sudo { user: Some(u) } => format!("sudo -u {u}"),
        Wrapper::Sudo { user: None } => "sudo".into(),
        Wrapper::Runner { program } => program.clone(),
        Wrapper::Xargs => "xargs".into(),
        Wrapper::FindExec => "find -exec".into(),
        Wrapper::Shell { program } => format!("{program} -c"),
        Wrapper::Ssh { host } => format!("ssh {host}"),
        Wrapper::Container { runtime, target } => format!("{runtime} {target}"),
        Wrapper::Interpreter { program } => program.clone(),
    }
}

pub fn analyze_command(command: &str, resolver: &Resolver) -> Analysis {
    let script = belay_shell::parse(command);
    let mut analysis = analyze_script(&script, resolver);
    // A fork bomb needs `|` and `&` (`:(){ :|:& };:`); most commands have neither.
    let squeezed = || -> String { command.chars().filter(|c| !c.is_whitespace()).collect() };
    if command.contains('|') && command.contains('&') && programs::has_fork_bomb(&squeezed()) {
        analysis.effects.push(Effect::new(
            EffectKind::Abuse {
                what: "fork bomb".into(),
            },
            crate::truncate(command, 80),
        ));
    }
    analysis
}

/// Analyses the text of a script file as shell, as if run in `cwd` (scripts written earlier in
/// the session and executed now are judged by their content).
pub fn analyze_script_text(text: &str, cwd: PathBuf, home: PathBuf) -> Analysis {
    analyze_command(text, &Resolver::new(cwd, home))
}

pub fn analyze_script(script: &Script, resolver: &Resolver) -> Analysis {
    let mut ctx = Ctx {
        script,
        resolver,
        effects: Vec::new(),
        downloads: HashMap::new(),
        clones: Vec::new(),
        current: 0,
        flow_budget: std::cell::Cell::new(FLOW_BUDGET),
    };
    for (index, raw) in script.commands.iter().enumerate() {
        ctx.current = index;
        for wrapper in &raw.wrappers {
            if let Wrapper::Sudo { user } = wrapper {
                let how = match user {
                    Some(u) => format!("sudo -u {u}"),
                    None => "sudo".to_string(),
                };
                ctx.emit(EffectKind::Elevate { how });
            }
        }
        programs::redirects(&mut ctx, index);
        let Some(first) = raw.argv.first() else {
            continue;
        };
        let prog_path = first.render();
        let prog = raw.program().unwrap_or_else(|| prog_path.clone());
        let cmd = Cmd {
            index,
            raw,
            prog,
            prog_path,
            args: raw.args(),
            words: &raw.argv[1..],
        };
        programs::analyze(&mut ctx, &cmd);
    }
    programs::whole_script(&mut ctx, script);
    let effects = dedup(ctx.effects);
    Analysis {
        effects,
        incomplete: script.incomplete.clone(),
    }
}

fn dedup(effects: Vec<Effect>) -> Vec<Effect> {
    let mut out: Vec<Effect> = Vec::with_capacity(effects.len());
    for e in effects {
        if !out.iter().any(|o| o.kind == e.kind) {
            out.push(e);
        }
    }
    out
}
