//! Package managers: installs (with the registry or index they come from), publishing,
//! registry configuration, and editor extensions.

use crate::EffectKind;
use crate::shell::{Cmd, Ctx};

const NPM_WITH_VALUE: &[&str] = &[
    "--registry",
    "-w",
    "--workspace",
    "--prefix",
    "--tag",
    "--location",
    "--filter",
    "-C",
    "--cwd",
    "--otp",
    "--access",
];
const PIP_WITH_VALUE: &[&str] = &[
    "-i",
    "--index-url",
    "--extra-index-url",
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-t",
    "--target",
    "--prefix",
    "-f",
    "--find-links",
    "--trusted-host",
    "--python",
    "-p",
    "--root",
    "--upgrade-strategy",
    "--platform",
    "--only-binary",
    "--no-binary",
    "-e",
    "--editable",
];

pub fn analyze(ctx: &mut Ctx, cmd: &Cmd) {
    match cmd.prog.as_str() {
        "npm" | "pnpm" | "yarn" | "bun" => node(ctx, cmd),
        "npx" => {
            if let Some(pkg) = cmd.operands(&["-p", "--package", "-c"]).first() {
                ctx.emit(EffectKind::Install {
                    ecosystem: "npm",
                    packages: vec![pkg.clone()],
                    source: cmd.opt(&["--registry"]),
                });
            }
        }
        "pip" | "pip3" | "uv" | "pipx" | "poetry" | "conda" => python(ctx, cmd),
        "cargo" => {
            let ops = cmd.operands(&[
                "-p",
                "--package",
                "--git",
                "--registry",
                "--index",
                "--features",
                "-F",
                "--branch",
                "--tag",
                "--rev",
                "--path",
                "--manifest-path",
                "--target",
                "-j",
                "--root",
                "--version",
                "--vers",
                "--rename",
                "-Z",
                "--config",
            ]);
            match ops.first().map(String::as_str) {
                Some("publish") if !cmd.has(&["--dry-run", "-n"]) => {
                    let what = cmd
                        .opt(&["-p", "--package"])
                        .unwrap_or_else(|| "this crate".into());
                    ctx.emit(EffectKind::Publish {
                        registry: cmd
                            .opt(&["--registry"])
                            .unwrap_or_else(|| "crates.io".into()),
                        what,
                    });
                }
                Some("install" | "add") => {
                    let source = cmd.opt(&["--git", "--registry", "--index"]);
                    let packages: Vec<String> = ops[1..].to_vec();
                    if !packages.is_empty() || source.is_some() {
                        ctx.emit(EffectKind::Install {
                            ecosystem: "crates",
                            packages,
                            source,
                        });
                    }
                }
                _ => {}
            }
        }
        "gem" => match cmd.sub(&["--source", "-s", "-v", "--version"]).as_deref() {
            Some("install") => {
                let packages = cmd
                    .operands(&["--source", "-s", "-v", "--version"])
                    .into_iter()
                    .skip(1)
                    .collect();
                ctx.emit(EffectKind::Install {
                    ecosystem: "gems",
                    packages,
                    source: cmd.opt(&["--source", "-s"]),
                });
            }
            Some("push") => ctx.emit(EffectKind::Publish {
                registry: "rubygems.org".into(),
                what: cmd.operands(&[]).get(1).cloned().unwrap_or_default(),
            }),
            _ => {}
        },
        "twine" if cmd.sub(&[]).as_deref() == Some("upload") => ctx.emit(EffectKind::Publish {
            registry: cmd
                .opt(&["--repository-url", "-r", "--repository"])
                .unwrap_or_else(|| "PyPI".into()),
            what: "a Python package".into(),
        }),
        "go" => {
            let ops = cmd.operands(&["-C", "-modfile", "-tags"]);
            if matches!(ops.first().map(String::as_str), Some("install" | "get")) {
                let packages: Vec<String> = ops[1..]
                    .iter()
                    .filter(|p| !p.starts_with("./") && *p != ".")
                    .cloned()
                    .collect();
                if !packages.is_empty() {
                    ctx.emit(EffectKind::Install {
                        ecosystem: "go",
                        packages,
                        source: None,
                    });
                }
            }
        }
        "mix" if cmd.args.iter().any(|a| a == "hex.publish") => ctx.emit(EffectKind::Publish {
            registry: "hex.pm".into(),
            what: "a package".into(),
        }),
        "dotnet"
            if cmd
                .args
                .windows(2)
                .any(|w| w[0] == "nuget" && w[1] == "push") =>
        {
            ctx.emit(EffectKind::Publish {
                registry: "NuGet".into(),
                what: "a package".into(),
            })
        }
        "mvn" | "gradle" | "gradlew"
            if cmd
                .args
                .iter()
                .any(|a| a == "deploy" || a.starts_with("publish"))
                && !cmd.args.iter().any(|a| a.contains("MavenLocal")) =>
        {
            ctx.emit(EffectKind::Publish {
                registry: "a Maven repository".into(),
                what: "artifacts".into(),
            })
        }
        "code" | "cursor" => {
            for ext in cmd.opts(&["--install-extension"]) {
                if ext.ends_with(".vsix") {
                    let loc = cmd.path_text(ctx, &ext);
                    let origin = ctx.downloads.get(&loc.path).cloned().unwrap_or(ext.clone());
                    ctx.emit(EffectKind::RunUntrusted {
                        origin,
                        how: "editor extension installed from a file".into(),
                    });
                } else {
                    ctx.emit(EffectKind::Install {
                        ecosystem: "vscode",
                        packages: vec![ext],
                        source: None,
                    });
                }
            }
        }
        "dpkg" | "rpm" if cmd.has(&["-i", "--install", "-U"]) => {
            for f in cmd.operands(&[]) {
                let loc = cmd.path_text(ctx, &f);
                if let Some(url) = ctx.downloads.get(&loc.path).cloned() {
                    ctx.emit(EffectKind::RunUntrusted {
                        origin: url,
                        how: format!("{} package installed", cmd.prog),
                    });
                }
            }
        }
        _ => {}
    }
}

fn node(ctx: &mut Ctx, cmd: &Cmd) {
    let ops = cmd.operands(NPM_WITH_VALUE);
    let Some(sub) = ops.first().map(String::as_str) else {
        return;
    };
    match sub {
        "install" | "i" | "add" | "isntall" => {
            let packages: Vec<String> = ops[1..].to_vec();
            let source = cmd.opt(&["--registry"]);
            if !packages.is_empty() || source.is_some() {
                ctx.emit(EffectKind::Install {
                    ecosystem: "npm",
                    packages,
                    source,
                });
            }
        }
        "publish" if !cmd.has(&["--dry-run"]) => ctx.emit(EffectKind::Publish {
            registry: cmd.opt(&["--registry"]).unwrap_or_else(|| "npm".into()),
            what: "this package".into(),
        }),
        "config" if ops.get(1).map(String::as_str) == Some("set") => {
            let key = ops.get(2).cloned().unwrap_or_default();
            let value = ops.get(3).cloned().unwrap_or_default();
            if key == "strict-ssl" && value == "false" {
                ctx.emit(EffectKind::Weaken {
                    what: "npm TLS verification off".into(),
                    machine_wide: true,
                });
            } else {
                ctx.emit(EffectKind::Persist {
                    mechanism: format!("{} config set {key} {value}", cmd.prog)
                        .trim()
                        .to_string(),
                });
            }
        }
        _ => {}
    }
}

fn python(ctx: &mut Ctx, cmd: &Cmd) {
    let ops = cmd.operands(PIP_WITH_VALUE);
    let sub_i = usize::from(cmd.prog == "uv" && ops.first().map(String::as_str) == Some("pip"));
    let Some(sub) = ops.get(sub_i).map(String::as_str) else {
        return;
    };
    match sub {
        "install" | "add" => {
            let packages: Vec<String> = ops[sub_i + 1..]
                .iter()
                .filter(|p| *p != "." && !p.starts_with("./"))
                .cloned()
                .collect();
            let mut source = cmd.opt(&["-i", "--index-url"]);
            if let Some(extra) = cmd.opt(&["--extra-index-url", "-f", "--find-links"]) {
                source = Some(extra);
            }
            if let Some(url) = packages
                .iter()
                .find(|p| p.contains("://") || p.starts_with("git+"))
            {
                source = Some(url.trim_start_matches("git+").to_string());
            }
            if !packages.is_empty() || source.is_some() {
                ctx.emit(EffectKind::Install {
                    ecosystem: "pypi",
                    packages,
                    source,
                });
            }
        }
        "publish" if matches!(cmd.prog.as_str(), "poetry" | "uv") => {
            ctx.emit(EffectKind::Publish {
                registry: "PyPI".into(),
                what: "this package".into(),
            })
        }
        "config" if ops.get(sub_i + 1).map(String::as_str) == Some("set") => {
            let key = ops.get(sub_i + 2).cloned().unwrap_or_default();
            let value = ops.get(sub_i + 3).cloned().unwrap_or_default();
            ctx.emit(EffectKind::Persist {
                mechanism: format!("{} config set {key} {value}", cmd.prog)
                    .trim()
                    .to_string(),
            });
        }
        _ => {}
    }
}
