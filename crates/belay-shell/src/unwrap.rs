//! Wrapper programs: recognises commands that run another command (`sudo`, `env`, runners,
//! `xargs`, `find -exec`, `bash -c`, `eval`, `ssh`, containers, interpreter one-liners) and
//! says what they run, skipping each wrapper's own options and their values.

use crate::words::{code_of, quote_word};
use crate::{Assignment, Command, Part, RedirectOp, Word, Wrapper};

/// Something a wrapper runs.
pub(crate) enum Inner {
    /// A command given as words (`sudo rm -rf x`).
    Argv {
        wrapper: Wrapper,
        argv: Vec<Word>,
        assignments: Vec<Assignment>,
    },
    /// Shell code given as a string (`bash -c '...'`, `eval`, `ssh host '...'`).
    Code {
        wrapper: Wrapper,
        code: String,
        scope: Scope,
    },
}

/// The shell state unwrapped code runs in.
#[derive(Clone, Copy)]
pub(crate) enum Scope {
    /// The same shell (`eval`, aliases): `cd` and variables carry over.
    Same,
    /// A child shell on this machine (`bash -c`): starts with our state, changes do not leak.
    Child,
    /// Another machine or container: unknown directory, no variables.
    Remote,
}

pub(crate) struct Unwrapped {
    /// Keep the wrapper command itself as its own entry (ssh, docker run, find, interpreters).
    pub(crate) keep_outer: bool,
    pub(crate) inner: Vec<Inner>,
}

pub(crate) const SHELLS: &[&str] = &[
    "bash", "sh", "zsh", "dash", "ksh", "fish", "ash", "mksh", "busybox",
];

fn lit(w: &Word) -> Option<String> {
    w.literal()
}

fn base(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// Which options take a value.
struct Opts {
    /// Short options that take a value (`-u root`, `-uroot`).
    short: &'static str,
    /// Long options that take a value when given as `--name value`.
    long: &'static [&'static str],
    /// Stop at the first argument that does not start with `-`.
    numeric_flags: bool,
}

/// Skips options starting at `args[i]`; returns the index of the first operand and the
/// options seen (`-u` → value).
fn skip_opts(args: &[Word], mut i: usize, opts: &Opts) -> (usize, Vec<(String, Option<Word>)>) {
    let mut seen = Vec::new();
    while i < args.len() {
        let Some(a) = lit(&args[i]) else { break };
        if a == "--" {
            i += 1;
            break;
        }
        if !a.starts_with('-') || a == "-" {
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            if let Some((name, value)) = long.split_once('=') {
                seen.push((format!("--{name}"), Some(Word::lit(value))));
                i += 1;
            } else if opts.long.contains(&long) {
                seen.push((a.clone(), args.get(i + 1).cloned()));
                i += 2;
            } else {
                seen.push((a.clone(), None));
                i += 1;
            }
            continue;
        }
        if opts.numeric_flags && a[1..].bytes().all(|b| b.is_ascii_digit()) {
            seen.push((a.clone(), None));
            i += 1;
            continue;
        }
        let chars: Vec<char> = a[1..].chars().collect();
        let mut consumed_next = false;
        for (k, c) in chars.iter().enumerate() {
            if opts.short.contains(*c) {
                let rest: String = chars[k + 1..].iter().collect();
                if rest.is_empty() {
                    seen.push((format!("-{c}"), args.get(i + 1).cloned()));
                    consumed_next = true;
                } else {
                    seen.push((format!("-{c}"), Some(Word::lit(&rest))));
                }
                break;
            }
            seen.push((format!("-{c}"), None));
        }
        i += if consumed_next { 2 } else { 1 };
    }
    (i.min(args.len()), seen)
}

fn opt_value(seen: &[(String, Option<Word>)], names: &[&str]) -> Option<String> {
    seen.iter()
        .rev()
        .find(|(n, _)| names.contains(&n.as_str()))
        .and_then(|(_, v)| v.as_ref().map(|w| w.render()))
}

fn has_opt(seen: &[(String, Option<Word>)], names: &[&str]) -> bool {
    seen.iter().any(|(n, _)| names.contains(&n.as_str()))
}

fn argv_inner(wrapper: Wrapper, argv: &[Word]) -> Option<Unwrapped> {
    if argv.is_empty() {
        return None;
    }
    Some(Unwrapped {
        keep_outer: false,
        inner: vec![Inner::Argv {
            wrapper,
            argv: argv.to_vec(),
            assignments: Vec::new(),
        }],
    })
}

fn code_inner(wrapper: Wrapper, code: String, scope: Scope, keep_outer: bool) -> Unwrapped {
    Unwrapped {
        keep_outer,
        inner: vec![Inner::Code {
            wrapper,
            code,
            scope,
        }],
    }
}

/// Joins words the way `eval`, `ssh` and `watch` do: their values separated by spaces.
fn join_values(words: &[Word]) -> String {
    words.iter().map(code_of).collect::<Vec<_>>().join(" ")
}

/// Splits `NAME=value` into an assignment when NAME is a literal identifier.
fn split_assignment(word: &Word) -> Option<Assignment> {
    let Some(Part::Lit {
        text,
        quoted: false,
    }) = word.parts.first()
    else {
        return None;
    };
    let (name, rest) = text.split_once('=')?;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let mut parts = Vec::new();
    if !rest.is_empty() {
        parts.push(Part::Lit {
            text: rest.to_string(),
            quoted: false,
        });
    }
    parts.extend(word.parts.iter().skip(1).cloned());
    Some(Assignment {
        name: name.to_string(),
        value: Word { parts },
    })
}

/// What `cmd` runs when its program is a wrapper.
pub(crate) fn unwrap(cmd: &Command) -> Option<Unwrapped> {
    let argv = &cmd.argv;
    let program_word = lit(argv.first()?)?;
    let program = base(&program_word).to_string();
    let runner = |p: &str| Wrapper::Runner {
        program: p.to_string(),
    };
    match program.as_str() {
        "sudo" => {
            let opts = Opts {
                short: "ughpCrtUDRT",
                long: &[
                    "user",
                    "group",
                    "host",
                    "prompt",
                    "chdir",
                    "close-from",
                    "role",
                    "type",
                    "other-user",
                    "command-timeout",
                    "chroot",
                ],
                numeric_flags: false,
            };
            let (i, seen) = skip_opts(argv, 1, &opts);
            let user = opt_value(&seen, &["-u", "--user"]);
            let wrapper = Wrapper::Sudo { user };
            if i >= argv.len() {
                return None;
            }
            // `sudo NAME=value cmd` sets environment variables.
            let mut j = i;
            let mut assignments = Vec::new();
            while j < argv.len() {
                match split_assignment(&argv[j]) {
                    Some(a) => assignments.push(a),
                    None => break,
                }
                j += 1;
            }
            if j >= argv.len() {
                return None;
            }
            Some(Unwrapped {
                keep_outer: false,
                inner: vec![Inner::Argv {
                    wrapper,
                    argv: argv[j..].to_vec(),
                    assignments,
                }],
            })
        }
        "doas" => {
            let opts = Opts {
                short: "uC",
                long: &[],
                numeric_flags: false,
            };
            let (i, seen) = skip_opts(argv, 1, &opts);
            argv_inner(
                Wrapper::Sudo {
                    user: opt_value(&seen, &["-u"]),
                },
                &argv[i..],
            )
        }
        "pkexec" => {
            let opts = Opts {
                short: "",
                long: &["user"],
                numeric_flags: false,
            };
            let (i, seen) = skip_opts(argv, 1, &opts);
            argv_inner(
                Wrapper::Sudo {
                    user: opt_value(&seen, &["--user"]),
                },
                &argv[i..],
            )
        }
        "su" => {
            let mut code = None;
            let mut user = None;
            let mut i = 1;
            while i < argv.len() {
                let a = lit(&argv[i]).unwrap_or_default();
                match a.as_str() {
                    "-c" | "--command" | "--session-command" => {
                        code = argv.get(i + 1).map(code_of);
                        i += 2;
                    }
                    "-s"
                    | "--shell"
                    | "-g"
                    | "--group"
                    | "-G"
                    | "--supp-group"
                    | "-w"
                    | "--whitelist-environment" => i += 2,
                    _ if a.starts_with("--command=") => {
                        code = Some(a["--command=".len()..].to_string());
                        i += 1;
                    }
                    _ if a.starts_with('-') => i += 1,
                    _ => {
                        if user.is_none() {
                            user = Some(argv[i].render());
                        }
                        i += 1;
                    }
                }
            }
            code.map(|c| code_inner(Wrapper::Sudo { user }, c, Scope::Child, false))
        }
        "env" => {
            let opts = Opts {
                short: "uCS",
                long: &["unset", "chdir", "split-string"],
                numeric_flags: false,
            };
            let (mut i, seen) = skip_opts(argv, 1, &opts);
            let mut assignments = Vec::new();
            while i < argv.len() {
                match split_assignment(&argv[i]) {
                    Some(a) => assignments.push(a),
                    None => break,
                }
                i += 1;
            }
            if let Some(split) = opt_value(&seen, &["-S", "--split-string"]) {
                let mut code = split;
                for w in &argv[i..] {
                    code.push(' ');
                    code.push_str(&quote_word(w));
                }
                return Some(code_inner(runner("env"), code, Scope::Child, false));
            }
            if i >= argv.len() {
                return None;
            }
            Some(Unwrapped {
                keep_outer: false,
                inner: vec![Inner::Argv {
                    wrapper: runner("env"),
                    argv: argv[i..].to_vec(),
                    assignments,
                }],
            })
        }
        "nice" => runner_with(
            argv,
            "nice",
            Opts {
                short: "n",
                long: &["adjustment"],
                numeric_flags: true,
            },
            0,
        ),
        "nohup" | "builtin" | "chronic" | "unbuffer" | "setsid" => runner_with(
            argv,
            &program,
            Opts {
                short: "",
                long: &[],
                numeric_flags: false,
            },
            0,
        ),
        "timeout" => runner_with(
            argv,
            "timeout",
            Opts {
                short: "sk",
                long: &["signal", "kill-after"],
                numeric_flags: false,
            },
            1,
        ),
        "time" => runner_with(
            argv,
            "time",
            Opts {
                short: "fo",
                long: &["format", "output"],
                numeric_flags: false,
            },
            0,
        ),
        "stdbuf" => runner_with(
            argv,
            "stdbuf",
            Opts {
                short: "ioe",
                long: &["input", "output", "error"],
                numeric_flags: false,
            },
            0,
        ),
        "ionice" => {
            let opts = Opts {
                short: "cnpPu",
                long: &["class", "classdata", "pid", "pgid", "uid"],
                numeric_flags: false,
            };
            let (_, seen) = skip_opts(argv, 1, &opts);
            if has_opt(&seen, &["-p", "-P", "-u", "--pid", "--pgid", "--uid"]) {
                return None;
            }
            runner_with(argv, "ionice", opts, 0)
        }
        "command" => {
            let (i, seen) = skip_opts(
                argv,
                1,
                &Opts {
                    short: "",
                    long: &[],
                    numeric_flags: false,
                },
            );
            if has_opt(&seen, &["-v", "-V"]) {
                return None;
            }
            argv_inner(runner("command"), &argv[i..])
        }
        "exec" => runner_with(
            argv,
            "exec",
            Opts {
                short: "a",
                long: &[],
                numeric_flags: false,
            },
            0,
        ),
        "caffeinate" => {
            let opts = Opts {
                short: "tw",
                long: &[],
                numeric_flags: false,
            };
            runner_with(argv, "caffeinate", opts, 0)
        }
        "flock" => {
            let opts = Opts {
                short: "wEc",
                long: &["timeout", "wait", "conflict-exit-code", "command"],
                numeric_flags: false,
            };
            let (i, seen) = skip_opts(argv, 1, &opts);
            if let Some(code) = seen
                .iter()
                .rev()
                .find(|(n, _)| n == "-c" || n == "--command")
                .and_then(|(_, v)| v.as_ref().map(code_of))
            {
                return Some(code_inner(runner("flock"), code, Scope::Child, false));
            }
            // flock FILE cmd...; after the file, more options may follow.
            let (j, seen2) = skip_opts(argv, i + 1, &opts);
            if let Some(code) = seen2
                .iter()
                .rev()
                .find(|(n, _)| n == "-c" || n == "--command")
                .and_then(|(_, v)| v.as_ref().map(code_of))
            {
                return Some(code_inner(runner("flock"), code, Scope::Child, false));
            }
            argv_inner(runner("flock"), argv.get(j..).unwrap_or(&[]))
        }
        "watch" => {
            let opts = Opts {
                short: "nq",
                long: &["interval", "equexit"],
                numeric_flags: false,
            };
            let (i, seen) = skip_opts(argv, 1, &opts);
            if i >= argv.len() {
                return None;
            }
            if has_opt(&seen, &["-x", "--exec"]) {
                return argv_inner(runner("watch"), &argv[i..]);
            }
            Some(code_inner(
                runner("watch"),
                join_values(&argv[i..]),
                Scope::Child,
                false,
            ))
        }
        "xargs" => {
            let opts = Opts {
                short: "adEILnPs",
                long: &[
                    "arg-file",
                    "delimiter",
                    "max-args",
                    "max-procs",
                    "max-lines",
                    "max-chars",
                    "process-slot-var",
                ],
                numeric_flags: false,
            };
            let (i, _) = skip_opts(argv, 1, &opts);
            let inner = if i >= argv.len() {
                vec![Word::lit("echo")]
            } else {
                argv[i..].to_vec()
            };
            argv_inner(Wrapper::Xargs, &inner)
        }
        "find" => find_exec(argv),
        "eval" => {
            if argv.len() < 2 {
                return None;
            }
            Some(code_inner(
                Wrapper::Shell {
                    program: "eval".into(),
                },
                join_values(&argv[1..]),
                Scope::Same,
                false,
            ))
        }
        "ssh" => ssh(argv),
        "docker" | "podman" | "docker-compose" | "nerdctl" => container(&program, argv),
        "kubectl" | "oc" => kubectl(&program, argv),
        p if SHELLS.contains(&p) => shell(p, cmd),
        p => crate::interp::unwrap_interpreter(p, cmd),
    }
}

/// A runner: options, then `skip` positional arguments (timeout's duration), then the command.
fn runner_with(argv: &[Word], program: &str, opts: Opts, skip: usize) -> Option<Unwrapped> {
    let (i, _) = skip_opts(argv, 1, &opts);
    let start = i + skip;
    argv_inner(
        Wrapper::Runner {
            program: program.to_string(),
        },
        argv.get(start..).unwrap_or(&[]),
    )
}

/// `find ... -exec cmd args {} ;` : one command per `-exec`; find itself stays.
fn find_exec(argv: &[Word]) -> Option<Unwrapped> {
    let mut inner = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        let a = lit(&argv[i]).unwrap_or_default();
        if matches!(a.as_str(), "-exec" | "-execdir" | "-ok" | "-okdir") {
            let start = i + 1;
            let mut end = start;
            while end < argv.len() {
                let t = lit(&argv[end]).unwrap_or_default();
                if t == ";" || t == "+" {
                    break;
                }
                end += 1;
            }
            if end > start {
                inner.push(Inner::Argv {
                    wrapper: Wrapper::FindExec,
                    argv: argv[start..end].to_vec(),
                    assignments: Vec::new(),
                });
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    if inner.is_empty() {
        return None;
    }
    Some(Unwrapped {
        keep_outer: true,
        inner,
    })
}

/// `bash [-opts] -c 'code'`, or a shell reading a heredoc / here-string.
fn shell(program: &str, cmd: &Command) -> Option<Unwrapped> {
    let argv = &cmd.argv;
    let wrapper = Wrapper::Shell {
        program: program.to_string(),
    };
    let mut i = 1;
    let mut has_c = false;
    // `busybox sh -c`.
    if program == "busybox" {
        let sub = argv.get(1).and_then(lit)?;
        if !SHELLS.contains(&sub.as_str()) || sub == "busybox" {
            return None;
        }
        i = 2;
    }
    while i < argv.len() {
        let Some(a) = lit(&argv[i]) else { break };
        if a == "--" || a == "-" {
            i += 1;
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            i += if matches!(long, "rcfile" | "init-file") {
                2
            } else {
                1
            };
            continue;
        }
        if (a.starts_with('-') || a.starts_with('+')) && a.len() > 1 {
            if a.contains('c') && a.starts_with('-') {
                has_c = true;
            }
            i += if a.ends_with('o') || a.ends_with('O') {
                2
            } else {
                1
            };
            continue;
        }
        break;
    }
    if has_c {
        let code = argv.get(i).map(code_of)?;
        return Some(code_inner(wrapper, code, Scope::Child, false));
    }
    if i < argv.len() {
        // A script file: not unwrapped here.
        return None;
    }
    let body = cmd.redirects.iter().find_map(|r| match r.op {
        RedirectOp::HereDoc | RedirectOp::HereString => r.body.clone(),
        _ => None,
    })?;
    Some(code_inner(wrapper, body, Scope::Child, false))
}

/// `ssh [opts] [user@]host cmd...`: the outer command stays, the remote command is parsed.
fn ssh(argv: &[Word]) -> Option<Unwrapped> {
    let opts = Opts {
        short: "bcDEeFIiJLlmOopQRSWw",
        long: &[],
        numeric_flags: false,
    };
    let (i, _) = skip_opts(argv, 1, &opts);
    let dest = argv.get(i)?.render();
    let rest = argv.get(i + 1..)?;
    if rest.is_empty() {
        return None;
    }
    let dest = dest.strip_prefix("ssh://").unwrap_or(&dest).to_string();
    let host = dest.rsplit('@').next().unwrap_or(&dest).to_string();
    Some(code_inner(
        Wrapper::Ssh { host },
        join_values(rest),
        Scope::Remote,
        true,
    ))
}

/// `docker exec`, `docker run`, `docker compose exec`, `podman exec`.
fn container(program: &str, argv: &[Word]) -> Option<Unwrapped> {
    let mut i = 1;
    let mut runtime = program.to_string();
    // Global options before the subcommand (`docker --context x exec`).
    while i < argv.len() {
        let a = lit(&argv[i])?;
        if !a.starts_with('-') {
            break;
        }
        i += if a.contains('=') || matches!(a.as_str(), "-D" | "--debug" | "--tls" | "--tlsverify")
        {
            1
        } else {
            2
        };
    }
    let mut sub = lit(argv.get(i)?)?;
    if sub == "compose" || sub == "container" {
        runtime = format!("{runtime} {sub}");
        i += 1;
        if sub == "compose" {
            // compose global options: -f FILE, -p NAME, --profile X ...
            while i < argv.len() {
                let a = lit(&argv[i])?;
                if !a.starts_with('-') {
                    break;
                }
                i += if a.contains('=') { 1 } else { 2 };
            }
        }
        sub = lit(argv.get(i)?)?;
    }
    match sub.as_str() {
        "exec" => {
            let opts = Opts {
                short: "euw",
                long: &["env", "env-file", "user", "workdir", "detach-keys", "index"],
                numeric_flags: false,
            };
            let (j, _) = skip_opts(argv, i + 1, &opts);
            let target = argv.get(j)?.render();
            let cmd = argv.get(j + 1..)?;
            let wrapper = Wrapper::Container {
                runtime: format!("{runtime} exec"),
                target,
            };
            argv_inner(wrapper, cmd)
        }
        "run" => {
            let opts = Opts {
                short: "acehlmpuvw",
                long: &[
                    "volume",
                    "env",
                    "publish",
                    "name",
                    "workdir",
                    "entrypoint",
                    "network",
                    "net",
                    "user",
                    "env-file",
                    "mount",
                    "platform",
                    "pid",
                    "hostname",
                    "label",
                    "cpus",
                    "memory",
                    "add-host",
                    "cap-add",
                    "cap-drop",
                    "device",
                    "dns",
                    "ipc",
                    "log-driver",
                    "log-opt",
                    "restart",
                    "security-opt",
                    "shm-size",
                    "ulimit",
                    "tmpfs",
                    "volumes-from",
                    "runtime",
                    "gpus",
                    "label-file",
                    "expose",
                    "link",
                    "stop-signal",
                    "cidfile",
                    "cgroupns",
                    "uts",
                    "userns",
                    "group-add",
                    "attach",
                    "health-cmd",
                    "cpu-shares",
                    "cpuset-cpus",
                    "memory-swap",
                    "pull",
                    "sysctl",
                    "stop-timeout",
                    "ip",
                    "network-alias",
                    "mac-address",
                    "init-path",
                    "storage-opt",
                    "isolation",
                    "device-cgroup-rule",
                    "service-ports",
                    "cgroup-parent",
                ],
                numeric_flags: false,
            };
            let (j, _) = skip_opts(argv, i + 1, &opts);
            let target = argv.get(j)?.render();
            let cmd = argv.get(j + 1..)?;
            if cmd.is_empty() {
                return None;
            }
            let wrapper = Wrapper::Container {
                runtime: format!("{runtime} run"),
                target,
            };
            Some(Unwrapped {
                keep_outer: true,
                inner: vec![Inner::Argv {
                    wrapper,
                    argv: cmd.to_vec(),
                    assignments: Vec::new(),
                }],
            })
        }
        _ => None,
    }
}

/// `kubectl exec [opts] POD -- cmd...`: the outer command stays.
fn kubectl(program: &str, argv: &[Word]) -> Option<Unwrapped> {
    let pos = argv
        .iter()
        .position(|w| lit(w).as_deref() == Some("exec"))?;
    let opts = Opts {
        short: "cnf",
        long: &[
            "container",
            "namespace",
            "context",
            "kubeconfig",
            "cluster",
            "user",
            "filename",
            "pod-running-timeout",
        ],
        numeric_flags: false,
    };
    let mut j = pos + 1;
    let mut target = None;
    let mut cmd: &[Word] = &[];
    while j < argv.len() {
        let (k, _) = skip_opts_no_dashdash(argv, j, &opts);
        j = k;
        if j >= argv.len() {
            break;
        }
        if lit(&argv[j]).as_deref() == Some("--") {
            cmd = &argv[j + 1..];
            break;
        }
        if target.is_none() {
            target = Some(argv[j].render());
            j += 1;
        } else {
            cmd = &argv[j..];
            break;
        }
    }
    let target = target?;
    if cmd.is_empty() {
        return None;
    }
    let wrapper = Wrapper::Container {
        runtime: format!("{program} exec"),
        target,
    };
    Some(Unwrapped {
        keep_outer: true,
        inner: vec![Inner::Argv {
            wrapper,
            argv: cmd.to_vec(),
            assignments: Vec::new(),
        }],
    })
}

/// Like [`skip_opts`] but stops at `--` without consuming it.
fn skip_opts_no_dashdash(
    args: &[Word],
    i: usize,
    opts: &Opts,
) -> (usize, Vec<(String, Option<Word>)>) {
    let end = args[i..]
        .iter()
        .position(|w| lit(w).as_deref() == Some("--"))
        .map(|p| p + i)
        .unwrap_or(args.len());
    let (k, seen) = skip_opts(&args[..end], i, opts);
    (k, seen)
}
