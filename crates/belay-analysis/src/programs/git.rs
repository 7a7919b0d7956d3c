//! git and the GitHub CLI: discarded work, pushes, history rewrites, remotes, skipped checks,
//! pull-request and issue actions.

use crate::shell::{Cmd, Ctx};
use crate::{Data, EffectKind};

/// git's global options that take a value.
const GLOBAL_WITH_VALUE: &[&str] = &[
    "-C",
    "-c",
    "--git-dir",
    "--work-tree",
    "--namespace",
    "--exec-path",
    "--config-env",
];

pub fn analyze(ctx: &mut Ctx, cmd: &Cmd) {
    let args = &cmd.args;
    let mut i = 0;
    let mut configs = Vec::new();
    while i < args.len() && args[i].starts_with('-') {
        if args[i] == "-c"
            && let Some(v) = args.get(i + 1)
        {
            configs.push(v.clone());
        }
        if GLOBAL_WITH_VALUE.contains(&args[i].as_str()) {
            i += 1;
        }
        i += 1;
    }
    for c in &configs {
        let lower = c.to_lowercase();
        if lower.starts_with("core.hookspath") {
            ctx.emit(EffectKind::SkipChecks {
                how: format!("git -c {c}"),
            });
        }
        if lower.starts_with("http.sslverify=false") {
            ctx.emit(EffectKind::Weaken {
                what: format!("git -c {c}"),
                machine_wide: false,
            });
        }
    }
    if cmd.env("HUSKY").as_deref() == Some("0")
        || cmd.env("SKIP").is_some()
        || cmd.env("PRE_COMMIT_ALLOW_NO_CONFIG").is_some()
    {
        ctx.emit(EffectKind::SkipChecks {
            how: "hooks disabled through the environment".into(),
        });
    }
    let Some(sub) = args.get(i) else { return };
    let rest: Vec<String> = args[i + 1..].to_vec();
    let sub_words = &cmd.words[(i + 1).min(cmd.words.len())..];
    let has = |flags: &[&str]| {
        rest.iter().any(|a| {
            flags.iter().any(|f| {
                a == f
                    || (f.starts_with("--") && a.starts_with(&format!("{f}=")))
                    || (f.len() == 2
                        && !f.starts_with("--")
                        && a.starts_with('-')
                        && !a.starts_with("--")
                        && a.len() > 2
                        && a[1..].chars().all(|c| c.is_ascii_alphabetic())
                        && a[1..].contains(&f[1..]))
            })
        })
    };
    let operands: Vec<(usize, String)> = rest
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.starts_with('-'))
        .map(|(n, a)| (n, a.clone()))
        .collect();
    let loc = |ctx: &Ctx, n: usize| match sub_words.get(n) {
        Some(w) => ctx.resolver.word(w, &cmd.raw.cwd),
        None => ctx.resolver.text(&rest[n], &cmd.raw.cwd),
    };
    let discard = |ctx: &mut Ctx, scope| {
        ctx.emit(EffectKind::GitDiscard {
            what: format!("git {sub} {}", rest.join(" ")).trim().to_string(),
            scope,
        })
    };
    match sub.as_str() {
        "push" => push(
            ctx,
            &rest,
            has(&["-f", "--force"]),
            has(&["--force-with-lease", "--force-if-includes"]),
        ),
        "reset" if has(&["--hard", "--merge"]) => discard(ctx, Vec::new()),
        "checkout" | "restore" => {
            let dashdash = rest.iter().position(|a| a == "--");
            let staged_only =
                sub == "restore" && has(&["--staged", "-S"]) && !has(&["--worktree", "-W"]);
            let paths: Vec<usize> = match dashdash {
                Some(p) => (p + 1..rest.len()).collect(),
                None if sub == "restore" => operands
                    .iter()
                    .map(|(n, _)| *n)
                    .filter(|n| {
                        rest.get(n.wrapping_sub(1))
                            .is_none_or(|p| p != "--source" && p != "-s")
                    })
                    .collect(),
                None if rest.iter().any(|a| a == ".") => operands.iter().map(|(n, _)| *n).collect(),
                None => Vec::new(),
            };
            let force = sub == "checkout" && has(&["-f", "--force"]);
            if (!paths.is_empty() && !staged_only) || force {
                let scope = paths.iter().map(|&n| loc(ctx, n)).collect();
                discard(ctx, scope);
            }
        }
        "clean" if !has(&["-n", "--dry-run"]) && has(&["-f", "--force"]) => {
            discard(ctx, Vec::new())
        }
        "stash" if matches!(rest.first().map(String::as_str), Some("drop" | "clear")) => {
            discard(ctx, Vec::new())
        }
        "branch" if has(&["-D"]) || (has(&["-d", "--delete"]) && has(&["-f", "--force"])) => {
            discard(ctx, Vec::new())
        }
        "worktree" if rest.first().is_some_and(|a| a == "remove") && has(&["-f", "--force"]) => {
            discard(ctx, Vec::new())
        }
        "filter-repo" | "filter-branch" => ctx.emit(EffectKind::GitRewrite {
            how: format!("git {sub}"),
        }),
        "reflog" if rest.iter().any(|a| a == "expire") => ctx.emit(EffectKind::GitRewrite {
            how: "git reflog expire".into(),
        }),
        "gc" if rest.iter().any(|a| a.starts_with("--prune=now")) => {
            ctx.emit(EffectKind::GitRewrite {
                how: "git gc --prune=now".into(),
            })
        }
        "remote" => {
            let ops: Vec<&String> = rest.iter().filter(|a| !a.starts_with('-')).collect();
            if ops.len() >= 3 && matches!(ops[0].as_str(), "add" | "set-url") {
                ctx.emit(EffectKind::GitRemote {
                    name: ops[1].clone(),
                    url: ops[2].clone(),
                });
            }
        }
        "commit" => {
            if has(&["-n", "--no-verify"]) {
                ctx.emit(EffectKind::SkipChecks {
                    how: "git commit --no-verify".into(),
                });
            }
            let message = rest.join(" ").to_lowercase();
            for marker in [
                "[skip ci]",
                "[ci skip]",
                "[no ci]",
                "[skip actions]",
                "skip-checks: true",
                "[skip-ci]",
                "***no_ci***",
            ] {
                if message.contains(marker) {
                    ctx.emit(EffectKind::SkipChecks {
                        how: format!("commit message {marker}"),
                    });
                }
            }
        }
        "add" => {
            let paths = operands.iter().map(|(n, _)| loc(ctx, *n)).collect();
            ctx.emit(EffectKind::GitAdd { paths });
        }
        "rm" if !has(&["--cached"]) => {
            let recursive = has(&["-r"]);
            for (n, _) in &operands {
                let target = loc(ctx, *n);
                ctx.emit(EffectKind::Delete { target, recursive });
            }
        }
        "config" if has(&["--global", "--system"]) => {
            let key = operands
                .first()
                .map(|(_, k)| k.to_lowercase())
                .unwrap_or_default();
            let value = operands
                .get(1)
                .map(|(_, v)| v.to_lowercase())
                .unwrap_or_default();
            if key == "http.sslverify" && value == "false" {
                ctx.emit(EffectKind::Weaken {
                    what: "git TLS verification off globally".into(),
                    machine_wide: true,
                });
            } else if key.starts_with("core.hookspath")
                || (key.starts_with("alias.") && value.starts_with('!'))
                || key.contains("insteadof")
                || key.starts_with("credential.")
                || key.starts_with("core.sshcommand")
                || key.starts_with("core.fsmonitor")
                || key.starts_with("core.pager")
                || key.starts_with("init.templatedir")
            {
                ctx.emit(EffectKind::Persist {
                    mechanism: format!("git config --global {key}"),
                });
            }
        }
        "clone" => {
            if let Some((_, url)) = operands.first() {
                let dir = operands.get(1).map(|(_, d)| d.clone()).unwrap_or_else(|| {
                    url.trim_end_matches('/')
                        .trim_end_matches(".git")
                        .rsplit(['/', ':'])
                        .next()
                        .unwrap_or("")
                        .to_string()
                });
                let dir = cmd.path_text(ctx, &dir);
                ctx.clones.push((dir.path, url.clone()));
                ctx.emit(EffectKind::Fetch { dest: url.clone() });
            }
        }
        _ => {}
    }
}

fn push(ctx: &mut Ctx, rest: &[String], force: bool, lease: bool) {
    let with_value = [
        "--repo",
        "--receive-pack",
        "--exec",
        "-o",
        "--push-option",
        "--signed",
    ];
    let mut ops = Vec::new();
    let mut skip = false;
    for a in rest {
        if skip {
            skip = false;
            continue;
        }
        if a.starts_with('-') {
            skip = with_value.contains(&a.as_str());
            continue;
        }
        ops.push(a.clone());
    }
    let remote = ops.first().cloned().unwrap_or_else(|| "origin".to_string());
    let url = (remote.contains("://") || remote.contains('@')).then(|| remote.clone());
    let refspecs: Vec<String> = ops.iter().skip(1).cloned().collect();
    let plus = refspecs.iter().any(|r| r.starts_with('+'));
    let delete = rest.iter().any(|a| a == "-d" || a == "--delete")
        || refspecs.iter().any(|r| r.starts_with(':'));
    let all = rest.iter().any(|a| a == "--all" || a == "--mirror");
    let mut refs: Vec<String> = refspecs
        .iter()
        .map(|r| {
            r.trim_start_matches('+')
                .rsplit(':')
                .next()
                .unwrap_or("")
                .trim_start_matches("refs/heads/")
                .to_string()
        })
        .collect();
    if refs.is_empty() && !all {
        refs.push("HEAD".into());
    }
    let mirror = rest.iter().any(|a| a == "--mirror");
    ctx.emit(EffectKind::GitPush {
        remote: remote.clone(),
        url: url.clone(),
        refs,
        force: (force || plus || mirror) && !lease,
        lease,
        delete,
        all,
    });
    ctx.emit(EffectKind::Send {
        dest: url.unwrap_or(remote),
        data: vec![Data::Repository],
        public: false,
    });
}

/// The GitHub CLI.
pub fn gh(ctx: &mut Ctx, cmd: &Cmd) {
    let with_value = [
        "-R",
        "--repo",
        "-X",
        "--method",
        "-b",
        "--body",
        "-t",
        "--title",
        "-f",
        "-F",
        "--field",
        "--raw-field",
        "-q",
        "--jq",
        "--json",
        "-l",
        "--label",
        "-a",
        "--assignee",
        "-H",
        "--header",
        "-d",
        "--description",
        "--desc",
        "--visibility",
        "-B",
        "--base",
        "--head",
        "-m",
        "--milestone",
        "--limit",
        "-L",
        "-s",
        "--state",
        "--filename",
        "--template",
        "--input",
    ];
    let ops = cmd.operands(&with_value);
    let group = ops.first().map(String::as_str).unwrap_or("");
    let action = ops.get(1).map(String::as_str).unwrap_or("");
    let repo = cmd.opt(&["-R", "--repo"]).unwrap_or_default();
    let target = format!("{} {repo}", ops.get(2).cloned().unwrap_or_default())
        .trim()
        .to_string();
    let body = cmd.opts(&["-b", "--body", "-t", "--title"]).join(" ");
    let communicate = |ctx: &mut Ctx, action: &str| {
        ctx.emit(EffectKind::Communicate {
            service: "github".into(),
            action: format!("{group} {action}"),
            target: target.clone(),
            text: body.clone(),
        })
    };
    match (group, action) {
        ("pr", "merge") => {
            if cmd.has(&["--admin"]) {
                ctx.emit(EffectKind::SkipChecks {
                    how: "gh pr merge --admin".into(),
                });
            }
            communicate(ctx, "merge");
        }
        ("pr", "review") if cmd.has(&["--approve", "-a"]) => communicate(ctx, "approve"),
        (
            "pr" | "issue",
            "close" | "reopen" | "comment" | "edit" | "delete" | "transfer" | "lock" | "ready"
            | "review" | "pin",
        ) => communicate(ctx, action),
        ("issue", "create") => communicate(ctx, action),
        ("release", "create" | "upload" | "edit") => ctx.emit(EffectKind::Publish {
            registry: "GitHub releases".into(),
            what: target.clone(),
        }),
        ("release", "delete") | ("repo", "delete" | "archive") => {
            ctx.emit(EffectKind::RemoteChange {
                system: "github".into(),
                target: target.clone(),
                action: format!("{group} {action}"),
                destructive: true,
            })
        }
        ("repo", "edit") if cmd.opt(&["--visibility"]).as_deref() == Some("public") => {
            let name = ops
                .get(2)
                .cloned()
                .unwrap_or_else(|| "this repository".into());
            ctx.emit(EffectKind::Send {
                dest: format!("public repository {name}"),
                data: vec![Data::Repository],
                public: true,
            });
        }
        ("repo", "create") if cmd.has(&["--public"]) => ctx.emit(EffectKind::Send {
            dest: format!("new public repository {target}"),
            data: vec![Data::Repository],
            public: true,
        }),
        ("gist", "create") => {
            let public = cmd.has(&["--public", "-p"]);
            let mut data: Vec<Data> = Vec::new();
            for (i, a) in cmd.positional(&with_value).into_iter().skip(2) {
                if a != "-" {
                    let loc = cmd.path(ctx, i);
                    data.push(ctx.classify_file(loc));
                }
            }
            data.extend(ctx.inflow(cmd.index));
            ctx.emit(EffectKind::Send {
                dest: "gist.github.com".into(),
                data,
                public,
            });
        }
        ("secret" | "variable", "set" | "delete") => ctx.emit(EffectKind::RemoteChange {
            system: "github".into(),
            target: target.clone(),
            action: format!("{group} {action}"),
            destructive: action == "delete",
        }),
        ("api", _) => {
            let method = cmd
                .opt(&["-X", "--method"])
                .unwrap_or_default()
                .to_uppercase();
            let has_fields = cmd.has(&["-f", "-F", "--field", "--raw-field", "--input"]);
            if (!method.is_empty() && method != "GET") || (method.is_empty() && has_fields) {
                let path = ops.get(1).cloned().unwrap_or_default();
                let method = if method.is_empty() {
                    "POST".to_string()
                } else {
                    method
                };
                let destructive = method == "DELETE";
                ctx.emit(EffectKind::RemoteChange {
                    system: "github api".into(),
                    target: path,
                    action: method,
                    destructive,
                });
                let data = ctx.inflow(cmd.index);
                if !data.is_empty() {
                    ctx.emit(EffectKind::Send {
                        dest: "api.github.com".into(),
                        data,
                        public: false,
                    });
                }
            }
        }
        _ => {}
    }
}
