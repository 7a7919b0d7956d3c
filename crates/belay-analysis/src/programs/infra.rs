//! Clusters, clouds, infrastructure as code, deployment platforms and containers.

use crate::EffectKind;
use crate::shell::{Cmd, Ctx};

const KUBE_WITH_VALUE: &[&str] = &[
    "--context",
    "-n",
    "--namespace",
    "--kubeconfig",
    "-l",
    "--selector",
    "-o",
    "--output",
    "-c",
    "--container",
    "-f",
    "--filename",
    "--image",
    "--replicas",
    "--field-selector",
    "--type",
    "-p",
    "--patch",
    "--timeout",
    "--grace-period",
    "--cluster",
    "--user",
    "-s",
    "--server",
    "--kube-context",
    "--values",
    "--set",
    "--version",
    "--tail",
    "--since",
    "-k",
    "--kustomize",
    "--restart",
    "--port",
    "--overrides",
    "--sort-by",
    "--to-revision",
    "--role",
    "--clusterrole",
    "--serviceaccount",
    "--group",
    "--template",
    "--env",
    "--set-string",
    "--repo",
    "--create-namespace",
];

const KUBE_READS: &[&str] = &[
    "get",
    "describe",
    "logs",
    "top",
    "explain",
    "version",
    "api-resources",
    "api-versions",
    "cluster-info",
    "config",
    "auth",
    "diff",
    "wait",
    "events",
    "port-forward",
    "proxy",
    "completion",
    "plugin",
    "kustomize",
];

/// Describes the cluster scope of a kubectl/helm command.
fn kube_scope(cmd: &Cmd) -> String {
    let mut parts = Vec::new();
    if let Some(c) = cmd.opt(&["--context", "--kube-context"]) {
        parts.push(format!("context {c}"));
    }
    if let Some(n) = cmd.opt(&["-n", "--namespace"]) {
        parts.push(format!("namespace {n}"));
    }
    if cmd.has(&["-A", "--all-namespaces", "--all"]) {
        parts.push("all".into());
    }
    parts.join(" ")
}

fn dry_run(cmd: &Cmd) -> bool {
    cmd.args
        .iter()
        .any(|a| a.starts_with("--dry-run") && !a.ends_with("=none"))
}

pub fn kubectl(ctx: &mut Ctx, cmd: &Cmd) {
    let ops = cmd.operands(KUBE_WITH_VALUE);
    let Some(verb) = ops.first().map(String::as_str) else {
        return;
    };
    if KUBE_READS.contains(&verb) || dry_run(cmd) {
        return;
    }
    if verb == "rollout" && matches!(ops.get(1).map(String::as_str), Some("status" | "history")) {
        return;
    }
    let target = format!("{} {}", kube_scope(cmd), ops[1..].join(" "))
        .trim()
        .to_string();
    let destructive = matches!(verb, "delete" | "drain" | "replace");
    if matches!(verb, "create" | "apply") && ops.iter().any(|o| o.contains("rolebinding")) {
        ctx.emit(EffectKind::Grant {
            what: format!("kubectl {}", cmd.args.join(" ")),
        });
    }
    ctx.emit(EffectKind::RemoteChange {
        system: "kubectl".into(),
        target,
        action: verb.to_string(),
        destructive,
    });
}

pub fn helm(ctx: &mut Ctx, cmd: &Cmd) {
    let ops = cmd.operands(KUBE_WITH_VALUE);
    let Some(verb) = ops.first().map(String::as_str) else {
        return;
    };
    match verb {
        "repo" if ops.get(1).map(String::as_str) == Some("add") => {
            if let Some(url) = ops.get(3) {
                ctx.emit(EffectKind::RunUntrusted {
                    origin: url.clone(),
                    how: "helm chart repository added".into(),
                });
            }
        }
        "install" | "upgrade" | "uninstall" | "delete" | "rollback" if !dry_run(cmd) => {
            let target = format!("{} {}", kube_scope(cmd), ops[1..].join(" "))
                .trim()
                .to_string();
            ctx.emit(EffectKind::RemoteChange {
                system: "helm".into(),
                target,
                action: verb.to_string(),
                destructive: matches!(verb, "uninstall" | "delete"),
            });
        }
        _ => {}
    }
}

pub fn terraform(ctx: &mut Ctx, cmd: &Cmd) {
    let ops = cmd.operands(&[
        "-var",
        "-var-file",
        "-target",
        "-state",
        "-backup",
        "-lock-timeout",
        "-parallelism",
        "--stack",
        "-s",
        "--target",
    ]);
    let chdir = cmd
        .args
        .iter()
        .find_map(|a| a.strip_prefix("-chdir="))
        .map(str::to_string);
    let Some(verb) = ops.first().map(String::as_str) else {
        return;
    };
    let (dir, _) = ctx.resolver.dir(&cmd.raw.cwd);
    let mut target = match &chdir {
        Some(c) => dir.join(c).display().to_string(),
        None => dir.display().to_string(),
    };
    if let Some(stack) = cmd.opt(&["--stack", "-s"]) {
        target.push_str(&format!(" stack {stack}"));
    }
    for v in cmd.opts(&["-var", "-var-file"]) {
        target.push_str(&format!(" {v}"));
    }
    if let Some(plan) = ops.get(1) {
        target.push_str(&format!(" {plan}"));
    }
    let tool = cmd.prog.clone();
    let destroy = verb == "destroy" || cmd.has(&["-destroy"]);
    match verb {
        "apply" | "destroy" | "up" | "deploy" | "import" | "taint" | "force-unlock" => {
            ctx.emit(EffectKind::RemoteChange {
                system: tool,
                target,
                action: verb.to_string(),
                destructive: destroy,
            })
        }
        "state"
            if matches!(
                ops.get(1).map(String::as_str),
                Some("rm" | "mv" | "push" | "replace-provider")
            ) =>
        {
            ctx.emit(EffectKind::RemoteChange {
                system: tool,
                target,
                action: format!("state {}", ops[1]),
                destructive: true,
            })
        }
        "workspace" if ops.get(1).map(String::as_str) == Some("delete") => {
            ctx.emit(EffectKind::RemoteChange {
                system: tool,
                target,
                action: "workspace delete".into(),
                destructive: true,
            })
        }
        _ => {}
    }
}

const CLOUD_READ_PREFIXES: &[&str] = &[
    "describe",
    "get",
    "list",
    "head",
    "wait",
    "ls",
    "filter",
    "lookup",
    "show",
    "read",
    "tail",
    "print",
    "search",
    "query",
    "scan",
    "batch-get",
    "validate",
    "estimate",
    "simulate",
    "test",
    "check",
    "export",
    "view",
    "download",
    "generate-presigned",
    "presign",
    "version",
    "whoami",
    "account",
    "configure",
    "login",
    "logout",
    "info",
    "help",
];

fn is_read_op(op: &str) -> bool {
    CLOUD_READ_PREFIXES.iter().any(|p| op.starts_with(p))
}

pub fn aws(ctx: &mut Ctx, cmd: &Cmd) {
    let ops = cmd.operands(&[
        "--profile",
        "--region",
        "--output",
        "--query",
        "--endpoint-url",
        "--acl",
        "--cidr",
        "--count",
        "--instance-type",
        "--image-id",
        "--group-id",
        "--protocol",
        "--port",
        "--role-arn",
        "--role-session-name",
        "--policy-arn",
        "--user-name",
        "--bucket",
        "--key",
        "--body",
        "--cli-input-json",
        "--exclude",
        "--include",
        "--function-name",
        "--zip-file",
    ]);
    let (Some(service), Some(op)) = (
        ops.first().map(String::as_str),
        ops.get(1).map(String::as_str),
    ) else {
        return;
    };
    let profile = cmd
        .opt(&["--profile"])
        .map(|p| format!(" (profile {p})"))
        .unwrap_or_default();
    match (service, op) {
        ("s3", "cp" | "sync" | "mv") => {
            let (Some(src), Some(dst)) = (ops.get(2), ops.get(3)) else {
                return;
            };
            if dst.starts_with("s3://") && !src.starts_with("s3://") {
                let public = cmd.opt(&["--acl"]).is_some_and(|a| a.starts_with("public"));
                let data = vec![ctx.classify_file(cmd.path_text(ctx, src))];
                ctx.emit(EffectKind::Send {
                    dest: dst.clone(),
                    data,
                    public,
                });
            } else if src.starts_with("s3://") && !dst.starts_with("s3://") {
                ctx.emit(EffectKind::Fetch { dest: src.clone() });
            } else {
                ctx.emit(EffectKind::RemoteChange {
                    system: "aws s3".into(),
                    target: format!("{src} -> {dst}"),
                    action: op.into(),
                    destructive: op == "mv",
                });
            }
            if op == "sync" && cmd.has(&["--delete"]) {
                ctx.emit(EffectKind::RemoteChange {
                    system: "aws s3".into(),
                    target: dst.clone(),
                    action: "sync --delete".into(),
                    destructive: true,
                });
            }
        }
        ("s3", "rm" | "rb") => ctx.emit(EffectKind::RemoteChange {
            system: "aws s3".into(),
            target: format!("{}{profile}", ops.get(2).cloned().unwrap_or_default()),
            action: if cmd.has(&["--recursive", "--force"]) {
                format!("{op} --recursive")
            } else {
                op.to_string()
            },
            destructive: true,
        }),
        ("ec2", "authorize-security-group-ingress")
            if cmd.text().contains("0.0.0.0/0") || cmd.text().contains("::/0") =>
        {
            ctx.emit(EffectKind::Weaken {
                what: "security group opened to the whole internet".into(),
                machine_wide: false,
            })
        }
        ("ec2", "run-instances") => {
            let count: u64 = cmd
                .opt(&["--count"])
                .and_then(|c| c.split(':').next_back().and_then(|n| n.parse().ok()))
                .unwrap_or(1);
            let itype = cmd.opt(&["--instance-type"]).unwrap_or_default();
            let big = ["p4", "p5", "p3", "x1", "x2", "u-", "trn", "inf", "dl1"]
                .iter()
                .any(|p| itype.starts_with(p))
                || itype.contains("48xlarge")
                || itype.contains("24xlarge");
            if count >= 10 || (big && count >= 2) {
                ctx.emit(EffectKind::Abuse {
                    what: format!("{count} × {itype} instances"),
                });
            } else {
                ctx.emit(EffectKind::RemoteChange {
                    system: "aws ec2".into(),
                    target: itype,
                    action: "run-instances".into(),
                    destructive: false,
                });
            }
        }
        ("iam", op)
            if [
                "attach-",
                "put-",
                "create-access-key",
                "add-user-to-group",
                "create-login-profile",
                "update-assume-role-policy",
            ]
            .iter()
            .any(|p| op.starts_with(p)) =>
        {
            ctx.emit(EffectKind::Grant {
                what: format!("aws iam {op}{profile}"),
            })
        }
        ("sts", "assume-role") => ctx.emit(EffectKind::Elevate {
            how: format!(
                "assume role {}",
                cmd.opt(&["--role-arn"]).unwrap_or_default()
            ),
        }),
        ("s3api", op)
            if op.starts_with("put-bucket-acl")
                || op.starts_with("put-bucket-policy")
                || op.starts_with("delete-public-access-block")
                || op.starts_with("put-public-access-block") =>
        {
            ctx.emit(EffectKind::Weaken {
                what: format!("aws s3api {op}"),
                machine_wide: false,
            })
        }
        (service, op) if !is_read_op(op) => {
            let destructive = [
                "delete",
                "terminate",
                "remove",
                "purge",
                "drop",
                "deregister",
                "destroy",
            ]
            .iter()
            .any(|p| op.starts_with(p));
            let target = ops[2..].join(" ");
            let function = cmd
                .opt(&["--function-name", "--bucket"])
                .map(|f| format!(" {f}"))
                .unwrap_or_default();
            ctx.emit(EffectKind::RemoteChange {
                system: format!("aws {service}"),
                target: format!("{target}{function}{profile}"),
                action: op.to_string(),
                destructive,
            });
        }
        _ => {}
    }
}

pub fn gcloud(ctx: &mut Ctx, cmd: &Cmd) {
    let ops = cmd.operands(&[
        "--project",
        "--region",
        "--zone",
        "--format",
        "--filter",
        "--member",
        "--role",
        "--image",
        "--account",
        "--configuration",
        "--source",
        "--limit",
    ]);
    if cmd.prog == "gsutil" {
        match ops.first().map(String::as_str) {
            Some("rm" | "rb") => ctx.emit(EffectKind::RemoteChange {
                system: "gsutil".into(),
                target: ops[1..].join(" "),
                action: ops[0].clone(),
                destructive: true,
            }),
            Some("cp" | "rsync" | "mv")
                if ops.len() >= 3 && ops.last().is_some_and(|d| d.starts_with("gs://")) =>
            {
                let data = vec![ctx.classify_file(cmd.path_text(ctx, &ops[ops.len() - 2]))];
                ctx.emit(EffectKind::Send {
                    dest: ops[ops.len() - 1].clone(),
                    data,
                    public: false,
                });
            }
            Some("iam" | "acl")
                if cmd.text().contains("allUsers") || cmd.text().contains("AllUsers") =>
            {
                ctx.emit(EffectKind::Weaken {
                    what: "bucket made public".into(),
                    machine_wide: false,
                })
            }
            _ => {}
        }
        return;
    }
    let project = cmd
        .opt(&["--project"])
        .map(|p| format!(" (project {p})"))
        .unwrap_or_default();
    let Some(pos) = ops.iter().position(|o| {
        matches!(
            o.as_str(),
            "delete"
                | "deploy"
                | "create"
                | "update"
                | "patch"
                | "resize"
                | "reset"
                | "stop"
                | "set"
                | "import"
                | "restore"
                | "access"
        ) || o.contains("iam-policy")
            || is_read_op(o)
    }) else {
        return;
    };
    let verb = ops[pos].as_str();
    let scope = ops[..pos].join(" ");
    let target = format!("{scope} {}{project}", ops[pos + 1..].join(" "));
    if verb.contains("iam-policy") && !verb.starts_with("get") {
        let grant: Vec<String> = cmd
            .args
            .iter()
            .filter(|a| a.starts_with("--member") || a.starts_with("--role"))
            .cloned()
            .collect();
        ctx.emit(EffectKind::Grant {
            what: format!("gcloud {scope} {}{project}", grant.join(" ")),
        });
    } else if !is_read_op(verb)
        && verb != "access"
        && !(scope.starts_with("config") && verb == "set")
    {
        ctx.emit(EffectKind::RemoteChange {
            system: "gcloud".into(),
            target,
            action: verb.to_string(),
            destructive: verb == "delete" || verb == "reset",
        });
    }
}

pub fn az(ctx: &mut Ctx, cmd: &Cmd) {
    let ops = cmd.operands(&[
        "-g",
        "--resource-group",
        "-n",
        "--name",
        "--subscription",
        "--role",
        "--assignee",
        "--scope",
        "-o",
        "--output",
        "--query",
    ]);
    let Some(verb) = ops.last().map(String::as_str) else {
        return;
    };
    if is_read_op(verb) {
        return;
    }
    let target = format!(
        "{} {}",
        ops.join(" "),
        cmd.opt(&["-n", "--name", "-g", "--resource-group"])
            .unwrap_or_default()
    );
    if ops.first().is_some_and(|o| o == "role") && verb == "create" {
        ctx.emit(EffectKind::Grant {
            what: format!("az {}", cmd.args.join(" ")),
        });
    }
    ctx.emit(EffectKind::RemoteChange {
        system: "az".into(),
        target,
        action: verb.to_string(),
        destructive: verb == "delete" || verb == "purge",
    });
}

/// Deployment platforms and configuration management.
pub fn platform(ctx: &mut Ctx, cmd: &Cmd) {
    let ops = cmd.operands(&[
        "-a",
        "--app",
        "-i",
        "--inventory",
        "--scope",
        "--token",
        "-t",
        "--tags",
        "-l",
        "--limit",
        "--stage",
        "-s",
        "--project",
        "--config",
        "-c",
        "--env",
        "-e",
        "--only",
        "--region",
        "-r",
    ]);
    let sub = ops.first().map(String::as_str).unwrap_or("");
    let prog = cmd.prog.as_str();
    let (action, target) = match prog {
        "vercel" | "netlify" => {
            if !(cmd.has(&["--prod", "--production"]) || sub == "promote") {
                return;
            }
            (
                format!("{sub} --prod").trim().to_string(),
                "production".to_string(),
            )
        }
        "fly" | "flyctl" | "railway" | "render" | "wrangler" | "firebase" | "eb" | "kamal"
        | "cap" | "serverless" | "sls" => {
            if !matches!(
                sub,
                "deploy"
                    | "publish"
                    | "up"
                    | "release"
                    | "destroy"
                    | "scale"
                    | "secrets"
                    | "production"
            ) {
                return;
            }
            let stage = cmd
                .opt(&["--stage", "-s", "--env", "-e", "--app", "-a", "--project"])
                .unwrap_or_else(|| ops.get(1).cloned().unwrap_or_default());
            (
                sub.to_string(),
                format!("{prog} {stage}").trim().to_string(),
            )
        }
        "heroku" => {
            let app = cmd.opt(&["-a", "--app"]).unwrap_or_default();
            let read = sub.ends_with(":info")
                || sub.starts_with("logs")
                || sub == "ps"
                || sub.ends_with(":list")
                || sub == "apps"
                || (sub.starts_with("config") && !sub.contains("set"));
            if read {
                return;
            }
            (ops.join(" "), format!("heroku app {app}"))
        }
        "ansible-playbook" | "ansible" => {
            if cmd.has(&[
                "--check",
                "-C",
                "--syntax-check",
                "--list-hosts",
                "--list-tasks",
            ]) {
                return;
            }
            let inv = cmd.opt(&["-i", "--inventory"]).unwrap_or_default();
            (
                format!("{prog} {}", ops.join(" ")),
                format!(
                    "inventory {inv} {}",
                    cmd.opt(&["-l", "--limit"]).unwrap_or_default()
                )
                .trim()
                .to_string(),
            )
        }
        "argocd" => {
            if !matches!(
                ops.get(1).map(String::as_str),
                Some("sync" | "delete" | "rollback" | "set" | "create")
            ) {
                return;
            }
            (ops[..2].join(" "), ops.get(2).cloned().unwrap_or_default())
        }
        _ => return,
    };
    let destructive =
        action.contains("destroy") || action.contains("delete") || action.contains("reset");
    ctx.emit(EffectKind::RemoteChange {
        system: prog.to_string(),
        target,
        action,
        destructive,
    });
}

pub fn docker(ctx: &mut Ctx, cmd: &Cmd) {
    let with_value = [
        "-v",
        "--volume",
        "-e",
        "--env",
        "-p",
        "--publish",
        "--name",
        "-w",
        "--workdir",
        "--entrypoint",
        "--network",
        "--net",
        "-u",
        "--user",
        "--env-file",
        "--mount",
        "--platform",
        "-l",
        "--label",
        "--pid",
        "--ipc",
        "--cpus",
        "-m",
        "--memory",
        "--add-host",
        "--cap-add",
        "--cap-drop",
        "--device",
        "--gpus",
        "-h",
        "--hostname",
        "--restart",
        "--security-opt",
        "-f",
        "--file",
        "-t",
        "--tag",
        "--build-arg",
        "--target",
        "--filter",
        "--format",
        "--since",
        "--until",
        "-c",
        "--context",
        "-H",
        "--host",
        "--log-driver",
        "--ulimit",
        "--tmpfs",
        "--shm-size",
        "--userns",
        "--uts",
        "--runtime",
        "--project-name",
    ];
    let ops = cmd.operands(&with_value);
    let i = usize::from(
        cmd.prog != "docker-compose" && ops.first().map(String::as_str) == Some("compose"),
    );
    let compose = cmd.prog == "docker-compose" || i == 1;
    let Some(sub) = ops.get(i).map(String::as_str) else {
        return;
    };
    match sub {
        "run" | "create" if !compose => {
            let Some(image) = ops.get(i + 1).cloned() else {
                return;
            };
            let volumes = cmd.opts(&["-v", "--volume", "--mount"]);
            let host_mount = volumes.iter().any(|v| {
                let src = v.split(':').next().unwrap_or("");
                matches!(src, "/" | "/etc" | "/root" | "/home" | "source=/")
                    || src.starts_with("/var/run/docker.sock")
            });
            let privileged = cmd.has(&["--privileged"])
                || cmd.opt(&["--pid"]).as_deref() == Some("host")
                || cmd.args.iter().any(|a| a == "--pid=host")
                || cmd
                    .opts(&["--cap-add"])
                    .iter()
                    .any(|c| c == "ALL" || c == "SYS_ADMIN")
                || volumes.iter().any(|v| v.contains("docker.sock"));
            ctx.emit(EffectKind::RunImage {
                image,
                privileged,
                host_mount,
            });
        }
        "push" if !compose => {
            let image = ops.get(i + 1).cloned().unwrap_or_default();
            let registry = if image.split('/').next().is_some_and(|r| r.contains('.')) {
                image.split('/').next().unwrap_or("").to_string()
            } else {
                "Docker Hub".to_string()
            };
            ctx.emit(EffectKind::Publish {
                registry,
                what: image,
            });
        }
        "system" | "volume" => {
            let action = ops.get(i + 1).map(String::as_str).unwrap_or("");
            let loses_volumes = match (sub, action) {
                ("system", "prune") => cmd.has(&["--volumes"]),
                ("volume", "rm" | "prune") => true,
                _ => false,
            };
            if loses_volumes {
                ctx.emit(EffectKind::RemoteChange {
                    system: "docker (local)".into(),
                    target: "volumes".into(),
                    action: format!("{sub} {action}"),
                    destructive: true,
                });
            }
        }
        "down" if compose && cmd.has(&["-v", "--volumes"]) => ctx.emit(EffectKind::RemoteChange {
            system: "docker (local)".into(),
            target: "compose volumes".into(),
            action: "compose down --volumes".into(),
            destructive: true,
        }),
        _ => {}
    }
}

/// Production-like words in a text.
pub fn mentions_production(text: &str) -> bool {
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| matches!(w, "prod" | "production" | "prd" | "live"))
}

/// A project script or task runner invoked with a production target:
/// `./scripts/deploy.sh production`, `make deploy-prod`, `npm run deploy:prod`.
pub fn prod_script(ctx: &mut Ctx, cmd: &Cmd) {
    let runner = matches!(
        cmd.prog.as_str(),
        "make"
            | "just"
            | "task"
            | "rake"
            | "npm"
            | "yarn"
            | "pnpm"
            | "bun"
            | "mage"
            | "invoke"
            | "fab"
            | "nx"
            | "turbo"
            | "bash"
            | "sh"
    );
    let script =
        cmd.prog_path.contains('/') || cmd.prog.ends_with(".sh") || cmd.prog.ends_with(".py");
    if !(runner || script) {
        return;
    }
    let text = format!("{} {}", cmd.prog_path, cmd.args.join(" ")).to_lowercase();
    let verb = [
        "deploy", "release", "migrate", "rollout", "publish", "ship", "promote", "apply",
    ]
    .iter()
    .any(|v| text.contains(v));
    if verb && mentions_production(&text) {
        ctx.emit(EffectKind::RemoteChange {
            system: cmd.prog.clone(),
            target: "production".into(),
            action: crate::truncate(&text, 80),
            destructive: false,
        });
    }
}
