//! The program knowledge base: maps a simple command's argv to effects.
//!
//! One module per family of programs. A program not listed anywhere produces no effect, which
//! lets routine work (builds, tests, linters, ad-hoc tools) pass; what such programs do to
//! files and the network is still seen through redirections, pipes and wrappers.

pub(crate) mod db;
mod fs;
mod git;
mod infra;
mod interp;
mod net;
mod pkg;
mod system;

pub use system::has_fork_bomb;

use crate::shell::{Cmd, Ctx};
use crate::{Data, EffectKind};
use belay_shell::{Flow, RedirectOp, Script};

/// Shells and interpreters that execute code given on standard input or as a file argument.
pub const INTERPRETERS: &[&str] = &[
    "sh",
    "bash",
    "zsh",
    "dash",
    "ksh",
    "fish",
    "python",
    "python3",
    "python2",
    "node",
    "perl",
    "ruby",
    "php",
    "deno",
    "bun",
    "pwsh",
    "powershell",
    "powershell.exe",
    "source",
    ".",
];

/// Task runners that run their arguments as a command (`bundle exec rails ...`): the index in
/// argv where the inner command starts.
fn runner_prefix(cmd: &Cmd) -> Option<usize> {
    let a0 = cmd.args.first().map(String::as_str);
    match (cmd.prog.as_str(), a0) {
        ("bundle" | "poetry" | "pipenv" | "uv" | "pdm" | "hatch" | "rye", Some("exec" | "run")) => {
            Some(2)
        }
        ("pnpm" | "yarn" | "bun", Some("exec" | "dlx" | "x")) => Some(2),
        ("npx" | "bunx" | "pnpx", _) => Some(1),
        ("dotenv", _) => cmd.args.iter().position(|a| a == "--").map(|p| p + 2),
        (p, Some(script))
            if p.starts_with("python") && (script.ends_with("manage.py") || script == "-m") =>
        {
            if script == "-m" {
                Some(2)
            } else {
                Some(1)
            }
        }
        _ => None,
    }
}

pub fn analyze(ctx: &mut Ctx, cmd: &Cmd) {
    if let Some(skip) = runner_prefix(cmd)
        && skip > 0
        && skip < cmd.raw.argv.len()
    {
        let words = &cmd.raw.argv[skip..];
        let prog_path = words[0].render();
        let prog = prog_path
            .rsplit('/')
            .next()
            .unwrap_or(&prog_path)
            .to_string();
        let inner = Cmd {
            index: cmd.index,
            raw: cmd.raw,
            prog,
            prog_path,
            args: words[1..].iter().map(|w| w.render()).collect(),
            words: &words[1..],
        };
        analyze_one(ctx, &inner);
    }
    analyze_one(ctx, cmd);
}

fn analyze_one(ctx: &mut Ctx, cmd: &Cmd) {
    let prog = cmd.prog.as_str();
    match prog {
        "git" => git::analyze(ctx, cmd),
        "gh" => git::gh(ctx, cmd),
        "rm" | "rmdir" | "unlink" | "shred" | "mv" | "cp" | "dd" | "truncate" | "find"
        | "chmod" | "chown" | "tee" | "wipefs" | "fdisk" | "parted" | "sfdisk" | "ln"
        | "install" | "rsync" | "scp" | "sed" => fs::analyze(ctx, cmd),
        p if p.starts_with("mkfs") => fs::analyze(ctx, cmd),
        "curl" | "wget" | "http" | "https" | "xh" | "nc" | "ncat" | "netcat" | "socat"
        | "telnet" | "dig" | "nslookup" | "host" | "sftp" | "ftp" | "ssh" | "mail" | "mailx"
        | "sendmail" | "aria2c" => net::analyze(ctx, cmd),
        "helm" => infra::helm(ctx, cmd),
        "docker" | "podman" | "docker-compose" => infra::docker(ctx, cmd),
        "npm" | "pnpm" | "yarn" | "bun" | "npx" | "pip" | "pip3" | "uv" | "pipx" | "poetry"
        | "cargo" | "gem" | "go" | "twine" | "code" | "cursor" | "dotnet" | "mvn" | "gradle"
        | "gradlew" | "conda" | "mix" | "dpkg" | "rpm" => pkg::analyze(ctx, cmd),
        "kubectl" | "oc" => infra::kubectl(ctx, cmd),
        "terraform" | "tofu" | "terragrunt" | "pulumi" | "cdk" | "cdktf" => {
            infra::terraform(ctx, cmd)
        }
        "aws" => infra::aws(ctx, cmd),
        "gcloud" | "gsutil" => infra::gcloud(ctx, cmd),
        "az" => infra::az(ctx, cmd),
        "vercel" | "netlify" | "fly" | "flyctl" | "heroku" | "firebase" | "wrangler"
        | "railway" | "render" | "ansible-playbook" | "ansible" | "serverless" | "sls" | "eb"
        | "cap" | "kamal" | "argocd" => infra::platform(ctx, cmd),
        "psql" | "mysql" | "mariadb" | "sqlite3" | "mongosh" | "mongo" | "redis-cli" | "dropdb"
        | "cqlsh" | "clickhouse-client" | "duckdb" | "rails" | "rake" | "manage.py" | "prisma"
        | "alembic" | "knex" | "sequelize" | "artisan" | "dbmate" | "flyway" | "liquibase"
        | "diesel" | "sqlx" => db::analyze(ctx, cmd),
        "crontab" | "systemctl" | "launchctl" | "iptables" | "ip6tables" | "nft" | "ufw"
        | "firewall-cmd" | "setenforce" | "spctl" | "csrutil" | "kill" | "pkill" | "killall"
        | "useradd" | "usermod" | "gpasswd" | "adduser" | "passwd" | "visudo" | "defaults"
        | "netsh" | "security" | "export" | "env" => system::analyze(ctx, cmd),
        p if p.starts_with("powershell") || p == "pwsh" || p == "Set-MpPreference" => {
            system::analyze(ctx, cmd)
        }
        "claude" | "codex" | "gemini" | "aider" | "cursor-agent" | "copilot" | "goose"
        | "opencode" | "amp" | "qwen" | "crush" => system::agent(ctx, cmd),
        _ => {}
    }
    if INTERPRETERS.contains(&prog) || prog.starts_with("python") {
        interp::analyze(ctx, cmd);
    }
    net::run_downloaded(ctx, cmd);
    fs::reads(ctx, cmd);
    infra::prod_script(ctx, cmd);
    system::abuse(ctx, cmd);
}

/// Effects of a command's redirections: writes and appends to files, `/dev/tcp` connections.
pub fn redirects(ctx: &mut Ctx, index: usize) {
    let cmd = &ctx.script.commands[index];
    let mut kinds = Vec::new();
    for r in &cmd.redirects {
        let Some(target) = &r.target else { continue };
        let append = match r.op {
            RedirectOp::Write => false,
            RedirectOp::Append => true,
            _ => continue,
        };
        let loc = ctx.resolver.word(target, &cmd.cwd);
        let text = loc.path.to_string_lossy().to_string();
        if let Some(rest) = text
            .strip_prefix("/dev/tcp/")
            .or_else(|| text.strip_prefix("/dev/udp/"))
        {
            let host = rest.split('/').next().unwrap_or(rest).to_string();
            let mut data = ctx.produces(index);
            data.extend(ctx.inflow(index));
            kinds.push(EffectKind::Send {
                dest: host,
                data,
                public: false,
            });
            continue;
        }
        if text.starts_with("/dev/")
            && !text.starts_with("/dev/sd")
            && !text.starts_with("/dev/nvme")
            && !text.starts_with("/dev/disk")
        {
            continue;
        }
        let content = write_content(ctx, index, 0);
        kinds.push(EffectKind::Write {
            target: loc,
            append,
            content,
        });
    }
    for kind in kinds {
        ctx.emit(kind);
    }
}

/// The literal text a command writes, when it is `echo`/`printf`/`cat <<EOF` of known text.
pub fn write_content(ctx: &Ctx, index: usize, depth: usize) -> Option<String> {
    let cmd = ctx.script.commands.get(index)?;
    if depth > 8 {
        return None;
    }
    match cmd.program().as_deref() {
        Some("echo") | Some("printf") => Some(
            cmd.argv
                .iter()
                .skip(1)
                .map(|w| w.render())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Some("cat") => cmd.redirects.iter().find_map(|r| r.body.clone()),
        _ => {
            if depth >= 8 {
                return cmd.redirects.iter().find_map(|r| r.body.clone());
            }
            // Only the stages' own literal text: the upstream list is already transitive.
            let ups: Vec<String> = cmd
                .stdin_from
                .iter()
                .filter(|&&u| u != index)
                .filter_map(|&u| write_content(ctx, u, 8))
                .collect();
            if ups.is_empty() {
                cmd.redirects.iter().find_map(|r| r.body.clone())
            } else {
                Some(ups.join("\n"))
            }
        }
    }
}

/// Environment variable names that usually hold credentials.
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_uppercase();
    [
        "TOKEN",
        "SECRET",
        "PASSWORD",
        "PASSWD",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
        "CREDENTIAL",
    ]
    .iter()
    .any(|k| upper.contains(k))
}

/// What a command writes to standard output, as data (for exfiltration analysis).
pub fn produces(ctx: &Ctx, index: usize, depth: usize, follow_stdin: bool) -> Vec<Data> {
    let script = ctx.script;
    let cmd = &script.commands[index];
    let prog = cmd.program().unwrap_or_default();
    let args: Vec<String> = cmd.args();
    let mut out = Vec::new();
    let file_args = |out: &mut Vec<Data>| {
        for (i, a) in args.iter().enumerate() {
            if a.starts_with('-') || a.is_empty() || i + 1 >= cmd.argv.len() {
                continue;
            }
            let loc = ctx.resolver.word(&cmd.argv[i + 1], &cmd.cwd);
            out.push(ctx.classify_file(loc));
        }
    };
    match prog.as_str() {
        "env" | "printenv" | "set" | "export" | "declare"
            if args.iter().all(|a| a.starts_with('-')) =>
        {
            out.push(Data::Environment)
        }
        "printenv" => {
            for a in &args {
                if is_secret_name(a) {
                    out.push(Data::Secret(format!("${a}")));
                }
            }
        }
        "echo" | "printf" => {
            for w in cmd.argv.iter().skip(1) {
                for p in &w.parts {
                    if let belay_shell::Part::Param { name } = p
                        && is_secret_name(name)
                    {
                        out.push(Data::Secret(format!("${name}")));
                    }
                }
                if crate::looks_like_secret_text(&w.render()) {
                    out.push(Data::Secret("a credential".into()));
                }
            }
        }
        "cat" | "head" | "tail" | "less" | "more" | "base64" | "xxd" | "od" | "hexdump"
        | "strings" | "gzip" | "zstd" | "bzip2" | "xz" | "tar" | "zip" | "gpg" | "openssl"
        | "jq" | "yq" | "sort" | "uniq" | "tac" | "sed" | "awk" | "grep" | "rg" | "cut"
        | "fold" | "tr" | "split" | "bat" | "nl" | "column" | "sqlite3" => file_args(&mut out),
        "pg_dump" | "pg_dumpall" | "mysqldump" | "mongodump" | "mongoexport" => {
            out.push(Data::Records(
                args.iter()
                    .find(|a| !a.starts_with('-'))
                    .cloned()
                    .unwrap_or_else(|| prog.clone()),
            ))
        }
        "psql" | "mysql" | "mongosh" => {
            let text = args.join(" ").to_lowercase();
            if text.contains("select") || text.contains("\\copy") || text.contains("copy ") {
                out.push(Data::Records(prog.clone()));
            }
        }
        "kubectl" | "oc"
            if args
                .iter()
                .any(|a| a == "secret" || a == "secrets" || a.starts_with("secret/")) =>
        {
            out.push(Data::Secret("a cluster secret".into()))
        }
        "vault" | "op" | "pass" | "security" | "gopass" | "bw" | "lpass" => {
            out.push(Data::Secret(format!("{prog} output")))
        }
        "aws"
            if args.iter().any(|a| {
                a == "get-secret-value" || a == "get-parameter" || a == "get-session-token"
            }) =>
        {
            out.push(Data::Secret("a cloud secret".into()))
        }
        "gcloud"
            if args
                .iter()
                .any(|a| a == "access" || a == "print-access-token") =>
        {
            out.push(Data::Secret("a cloud secret".into()))
        }
        "gh" if args.windows(2).any(|w| w[0] == "auth" && w[1] == "token") => {
            out.push(Data::Secret("a GitHub token".into()))
        }
        "git"
            if args
                .first()
                .is_some_and(|a| a == "archive" || a == "bundle") =>
        {
            out.push(Data::Repository)
        }
        _ => {}
    }
    for r in &cmd.redirects {
        if r.op == RedirectOp::Read
            && let Some(t) = &r.target
        {
            out.push(ctx.classify_file(ctx.resolver.word(t, &cmd.cwd)));
        }
    }
    // Data passes through filters and encoders (stdin_from already lists every upstream stage).
    if follow_stdin {
        for &up in &cmd.stdin_from {
            if up != index {
                out.extend(ctx.produces_own(up, depth + 1));
            }
        }
    }
    for (i, other) in script.commands.iter().enumerate() {
        if i != index && other.stdout_to == Flow::Argument(index) {
            out.extend(ctx.produces_at(i, depth + 1));
        }
    }
    out
}

/// Effects that need the whole script at once.
pub fn whole_script(ctx: &mut Ctx, script: &Script) {
    system::request_loops(ctx, script);
}
