//! File-system programs: deleting, moving, overwriting, permissions, disks, reads of secrets.

use crate::shell::{Cmd, Ctx};
use crate::{Data, EffectKind};

pub fn analyze(ctx: &mut Ctx, cmd: &Cmd) {
    match cmd.prog.as_str() {
        "rm" | "unlink" | "shred" | "rmdir" => {
            let recursive = cmd.prog == "rm" && cmd.has(&["-r", "-R", "--recursive"]);
            for (i, arg) in cmd.positional(&[]) {
                if arg == "{}" {
                    continue; // paths found by `find -exec`: judged on the find command
                }
                let target = cmd.path(ctx, i);
                ctx.emit(EffectKind::Delete { target, recursive });
            }
        }
        "find" if find_deletes(cmd) => {
            let roots: Vec<usize> = cmd
                .args
                .iter()
                .enumerate()
                .take_while(|(_, a)| !a.starts_with('-') && *a != "(" && *a != "!")
                .map(|(i, _)| i)
                .collect();
            let roots: Vec<crate::Loc> = if roots.is_empty() {
                vec![cmd.path_text(ctx, ".")]
            } else {
                roots.into_iter().map(|i| cmd.path(ctx, i)).collect()
            };
            // With a name filter only matching entries go; without one, everything under the root.
            let filter = cmd.opt(&["-name", "-iname", "-path", "-ipath", "-wholename"]);
            for root in roots {
                let target = match &filter {
                    Some(pattern) => {
                        let name = pattern.rsplit('/').next().unwrap_or(pattern);
                        let mut loc = ctx.resolver.text(
                            &root.path.join(name).to_string_lossy(),
                            &belay_shell::Cwd::Start,
                        );
                        loc.glob = true;
                        loc.raw = format!("{} -name {pattern}", root.raw);
                        loc
                    }
                    None => root,
                };
                ctx.emit(EffectKind::Delete {
                    target,
                    recursive: true,
                });
            }
        }
        "mv" => {
            let ops = cmd.positional(&["-t", "--target-directory", "-S", "--suffix"]);
            if ops.len() >= 2 {
                let (dst_i, _) = ops[ops.len() - 1];
                let to = cmd.path(ctx, dst_i);
                for &(i, _) in &ops[..ops.len() - 1] {
                    let from = cmd.path(ctx, i);
                    ctx.emit(EffectKind::Move {
                        from,
                        to: to.clone(),
                    });
                }
            }
        }
        "cp" | "install" | "ln" => {
            let ops = cmd.positional(&[
                "-t",
                "--target-directory",
                "-S",
                "--suffix",
                "-m",
                "--mode",
                "-o",
                "-g",
            ]);
            if ops.len() >= 2 {
                let (dst_i, _) = ops[ops.len() - 1];
                let target = cmd.path(ctx, dst_i);
                ctx.emit(EffectKind::Write {
                    target,
                    append: false,
                    content: None,
                });
            }
        }
        "dd" => {
            for arg in &cmd.args {
                if let Some(of) = arg.strip_prefix("of=") {
                    let target = cmd.path_text(ctx, of);
                    if of.starts_with("/dev/") && of != "/dev/null" {
                        ctx.emit(EffectKind::Delete {
                            target,
                            recursive: true,
                        });
                    } else {
                        ctx.emit(EffectKind::Overwrite { target });
                    }
                }
            }
            if let Some(size) = dd_bytes(&cmd.args)
                && size >= 50 * (1 << 30)
            {
                ctx.emit(EffectKind::Abuse {
                    what: format!("writes {} GiB", size >> 30),
                });
            }
        }
        "truncate" => {
            for (i, _) in cmd.positional(&["-s", "--size", "-r", "--reference"]) {
                let target = cmd.path(ctx, i);
                ctx.emit(EffectKind::Overwrite { target });
            }
        }
        "tee" => {
            let append = cmd.has(&["-a", "--append"]);
            let content = super::write_content(ctx, cmd.index, 0);
            for (i, _) in cmd.positional(&[]) {
                let target = cmd.path(ctx, i);
                ctx.emit(EffectKind::Write {
                    target,
                    append,
                    content: content.clone(),
                });
            }
        }
        "sed"
            if cmd
                .args
                .iter()
                .any(|a| a.starts_with("-i") || a == "--in-place") =>
        {
            let ops = cmd.positional(&["-e", "-f", "--expression", "--file"]);
            let has_script_opt = cmd.has(&["-e", "--expression", "-f"]);
            for (n, (i, _)) in ops.into_iter().enumerate() {
                if n == 0 && !has_script_opt {
                    continue; // the sed script itself
                }
                let target = cmd.path(ctx, i);
                ctx.emit(EffectKind::Edit {
                    target,
                    removed: String::new(),
                    added: String::new(),
                });
            }
        }
        "chmod" => chmod(ctx, cmd),
        "chown" => {
            let ops = cmd.positional(&["--reference", "--from"]);
            if let Some((_, owner)) = ops.first() {
                for &(i, _) in &ops[1..] {
                    let target = cmd.path(ctx, i);
                    ctx.emit(EffectKind::Grant {
                        what: format!("ownership of {target} to {owner}"),
                    });
                }
            }
        }
        p if p.starts_with("mkfs") || matches!(p, "wipefs" | "fdisk" | "parted" | "sfdisk") => {
            for (i, _) in cmd.positional(&["-t", "-L", "-n"]) {
                let target = cmd.path(ctx, i);
                ctx.emit(EffectKind::Delete {
                    target,
                    recursive: true,
                });
            }
        }
        "rsync" | "scp" => super::net::copy_remote(ctx, cmd),
        _ => {}
    }
}

/// `find ... -delete` or `find ... -exec rm ...`.
fn find_deletes(cmd: &Cmd) -> bool {
    let removers = ["rm", "unlink", "shred", "rmdir"];
    cmd.args.iter().enumerate().any(|(i, a)| {
        a == "-delete"
            || (matches!(a.as_str(), "-exec" | "-execdir" | "-ok" | "-okdir")
                && cmd
                    .args
                    .get(i + 1)
                    .is_some_and(|p| removers.contains(&p.rsplit('/').next().unwrap_or(p))))
    })
}

fn chmod(ctx: &mut Ctx, cmd: &Cmd) {
    let ops = cmd.positional(&["--reference"]);
    let Some((_, mode)) = ops.first() else { return };
    let digits = mode.chars().all(|c| c.is_ascii_digit());
    let world_writable =
        (digits && mode.len() >= 3 && matches!(mode.chars().last(), Some('2' | '3' | '6' | '7')))
            || mode.contains("o+w")
            || mode.contains("a+w")
            || mode.starts_with("+w")
            || mode.contains("a+rwx")
            || mode.contains("o+rwx");
    let opens_reading =
        (digits && mode.len() >= 3 && matches!(mode.chars().last(), Some('4' | '5' | '6' | '7')))
            || mode.contains("o+r")
            || mode.contains("a+r");
    let setuid = mode.contains("+s")
        || (digits && mode.len() == 4 && (mode.starts_with('4') || mode.starts_with('6')));
    for &(i, _) in &ops[1..] {
        let target = cmd.path(ctx, i);
        let system = is_system_path(&target.path);
        if world_writable {
            ctx.emit(EffectKind::Weaken {
                what: format!("chmod {mode} {target}"),
                machine_wide: system,
            });
        } else if setuid {
            ctx.emit(EffectKind::Weaken {
                what: format!("setuid bit on {target}"),
                machine_wide: true,
            });
        } else if opens_reading
            && crate::secret_path_kind(&target.path, &ctx.resolver.home).is_some()
        {
            ctx.emit(EffectKind::Weaken {
                what: format!("chmod {mode} makes {target} readable by others"),
                machine_wide: false,
            });
        }
    }
}

/// System locations whose weakening affects the whole machine.
pub fn is_system_path(path: &std::path::Path) -> bool {
    let text = path.to_string_lossy();
    text == "/"
        || [
            "/etc", "/usr", "/bin", "/sbin", "/lib", "/var", "/opt", "/boot", "/run", "/System",
            "/Library",
        ]
        .iter()
        .any(|p| text == *p || text.starts_with(&format!("{p}/")))
}

fn dd_bytes(args: &[String]) -> Option<u64> {
    let get = |k: &str| {
        args.iter()
            .find_map(|a| a.strip_prefix(k))
            .map(str::to_string)
    };
    let bs = parse_size(&get("bs=").unwrap_or_else(|| "512".into()))?;
    let count: u64 = get("count=")?.parse().ok()?;
    bs.checked_mul(count)
}

fn parse_size(text: &str) -> Option<u64> {
    let last = text.chars().last()?;
    let (num, mult) = match last {
        'K' | 'k' => (&text[..text.len() - 1], 1u64 << 10),
        'M' => (&text[..text.len() - 1], 1 << 20),
        'G' => (&text[..text.len() - 1], 1 << 30),
        'T' => (&text[..text.len() - 1], 1 << 40),
        _ => (text, 1),
    };
    num.parse::<u64>().ok()?.checked_mul(mult)
}

/// Programs that read the files named in their arguments.
const READERS: &[&str] = &[
    "cat",
    "less",
    "more",
    "head",
    "tail",
    "bat",
    "strings",
    "xxd",
    "od",
    "hexdump",
    "base64",
    "cp",
    "tar",
    "zip",
    "gpg",
    "openssl",
    "sqlite3",
    "grep",
    "rg",
    "ag",
    "awk",
    "jq",
    "yq",
    "nl",
    "tac",
    "scp",
    "rsync",
    "vim",
    "vi",
    "nano",
    "diff",
    "sort",
    "uniq",
    "wc",
    "md5sum",
    "sha256sum",
    "file",
];

/// Reads of credential stores through ordinary programs (`cat ~/.aws/credentials`).
pub fn reads(ctx: &mut Ctx, cmd: &Cmd) {
    if !READERS.contains(&cmd.prog.as_str()) {
        return;
    }
    let mut kinds = Vec::new();
    let outputs = [
        "-out",
        "-keyout",
        "-o",
        "--output",
        "-O",
        "-w",
        "--output-file",
    ];
    let copies = matches!(cmd.prog.as_str(), "cp" | "scp" | "rsync");
    let last = cmd.positional(&[]).last().map(|(i, _)| *i);
    for (i, arg) in cmd.args.iter().enumerate() {
        if arg.starts_with('-')
            || (i > 0 && outputs.contains(&cmd.args[i - 1].as_str()))
            || (copies && Some(i) == last)
        {
            continue;
        }
        let loc = cmd.path(ctx, i);
        if let Data::Secret(_) = ctx.classify_file(loc.clone()) {
            kinds.push(EffectKind::Read { target: loc });
        }
    }
    for kind in kinds {
        ctx.emit(kind);
    }
}
