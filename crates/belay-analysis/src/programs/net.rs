//! Network programs: what is fetched, what is sent and where, and code that is downloaded and
//! then run.

use crate::shell::{Cmd, Ctx};
use crate::web::host_of;
use crate::{Data, EffectKind};
use belay_shell::{Flow, Part};

const CURL_WITH_VALUE: &[&str] = &[
    "-o",
    "--output",
    "-d",
    "--data",
    "--data-binary",
    "--data-raw",
    "--data-urlencode",
    "--data-ascii",
    "-F",
    "--form",
    "--form-string",
    "-H",
    "--header",
    "-X",
    "--request",
    "-u",
    "--user",
    "-A",
    "--user-agent",
    "-e",
    "--referer",
    "-T",
    "--upload-file",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "-w",
    "--write-out",
    "-m",
    "--max-time",
    "--connect-timeout",
    "--retry",
    "--retry-delay",
    "-x",
    "--proxy",
    "--cacert",
    "--cert",
    "--key",
    "-K",
    "--config",
    "--url",
    "--json",
    "-r",
    "--range",
    "--resolve",
    "--limit-rate",
    "-C",
    "--continue-at",
    "--output-dir",
    "-E",
    "-z",
    "--time-cond",
    "--max-filesize",
    "--interface",
    "--dns-servers",
    "-Y",
    "-y",
];

const WGET_WITH_VALUE: &[&str] = &[
    "-O",
    "--output-document",
    "-o",
    "--output-file",
    "-P",
    "--directory-prefix",
    "--post-data",
    "--post-file",
    "--body-data",
    "--body-file",
    "--method",
    "--header",
    "-U",
    "--user-agent",
    "-t",
    "--tries",
    "-T",
    "--timeout",
    "--user",
    "--password",
    "-e",
    "--execute",
    "-a",
];

/// Programs that fetch data from the network to their standard output.
pub fn is_fetcher(prog: &str) -> bool {
    matches!(
        prog,
        "curl"
            | "wget"
            | "http"
            | "https"
            | "xh"
            | "fetch"
            | "aria2c"
            | "nc"
            | "ncat"
            | "iwr"
            | "irm"
            | "Invoke-WebRequest"
            | "Invoke-RestMethod"
    )
}

/// The URL a fetcher contacts.
pub fn fetch_url(cmd: &belay_shell::Command) -> Option<String> {
    let mut skip = false;
    for a in cmd.args() {
        if skip {
            skip = false;
            continue;
        }
        if a.starts_with('-') {
            if let Some(u) = a.strip_prefix("--url=") {
                return Some(u.to_string());
            }
            skip = CURL_WITH_VALUE.contains(&a.as_str()) || WGET_WITH_VALUE.contains(&a.as_str());
            continue;
        }
        if a.contains("://") || a.contains('.') || a.starts_with("localhost") {
            return Some(a);
        }
    }
    None
}

fn is_local(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "::1"
        || host == "0.0.0.0"
        || host.ends_with(".local")
        || host == "host.docker.internal"
}

pub fn analyze(ctx: &mut Ctx, cmd: &Cmd) {
    match cmd.prog.as_str() {
        "curl" | "http" | "https" | "xh" => curl(ctx, cmd),
        "wget" | "aria2c" => wget(ctx, cmd),
        "nc" | "ncat" | "netcat" | "socat" | "telnet" => {
            let ops = cmd.operands(&["-p", "-w", "-s", "-e", "-c", "-i", "-q"]);
            let Some(host) = ops.first().cloned() else {
                return;
            };
            let data = ctx.inflow(cmd.index);
            if cmd.has(&["-z", "-l"]) || data.is_empty() {
                ctx.emit(EffectKind::Fetch { dest: host });
            } else {
                ctx.emit(EffectKind::Send {
                    dest: host,
                    data,
                    public: false,
                });
            }
        }
        "dig" | "nslookup" | "host" => {
            for w in cmd.words {
                let text = w.render();
                if text.starts_with('+') || text.starts_with('-') || text.starts_with('@') {
                    continue;
                }
                if w.parts.iter().any(|p| !matches!(p, Part::Lit { .. })) {
                    let mut data = ctx.inflow(cmd.index);
                    data.extend(ctx.secret_in_motion());
                    let literal_tail: String = match w.parts.last() {
                        Some(Part::Lit { text, .. }) => text.clone(),
                        _ => String::new(),
                    };
                    let domain = literal_tail.trim_start_matches('.').to_string();
                    let domain = domain
                        .split_once('.')
                        .filter(|(_, d)| d.contains('.'))
                        .map(|(_, d)| d.to_string())
                        .unwrap_or(domain);
                    ctx.emit(EffectKind::Send {
                        dest: format!("DNS queries to {domain}"),
                        data,
                        public: false,
                    });
                    return;
                }
            }
        }
        "ssh" => {
            let ops = cmd.operands(&[
                "-p", "-i", "-o", "-l", "-J", "-F", "-L", "-R", "-D", "-b", "-c", "-E", "-m", "-O",
                "-Q", "-S", "-W", "-w",
            ]);
            let Some(target) = ops.first() else { return };
            let host = target.rsplit('@').next().unwrap_or(target).to_string();
            let data = ctx.inflow(cmd.index);
            if !data.is_empty() {
                ctx.emit(EffectKind::Send {
                    dest: host,
                    data,
                    public: false,
                });
            } else if cmd.has(&["-R"]) {
                ctx.emit(EffectKind::Weaken {
                    what: format!("reverse tunnel through {host}"),
                    machine_wide: false,
                });
            } else {
                ctx.emit(EffectKind::Fetch { dest: host });
            }
        }
        "mail" | "mailx" | "sendmail" => {
            let to = cmd.operands(&["-s", "-a", "-c", "-b", "-r", "-S", "-f"]);
            let data = ctx.inflow(cmd.index);
            ctx.emit(EffectKind::Send {
                dest: to.join(", "),
                data,
                public: false,
            });
        }
        "sftp" | "ftp" => {
            if let Some(t) = cmd.operands(&["-P", "-i", "-o", "-b"]).first() {
                ctx.emit(EffectKind::Fetch {
                    dest: t.rsplit('@').next().unwrap_or(t).to_string(),
                });
            }
        }
        _ => {}
    }
}

fn data_arg(ctx: &Ctx, cmd: &Cmd, value: &str, form: bool) -> Data {
    let file = if form {
        value
            .split_once("=@")
            .or_else(|| value.split_once("=<"))
            .map(|(_, f)| f.split(';').next().unwrap_or(f))
    } else {
        value.strip_prefix('@')
    };
    match file {
        Some("-") => Data::Text("standard input".into()),
        Some(path) => ctx.classify_file(cmd.path_text(ctx, path)),
        None if crate::looks_like_secret_text(value) => {
            Data::Secret("a credential in the request".into())
        }
        None => Data::Text(value.to_string()),
    }
}

fn curl(ctx: &mut Ctx, cmd: &Cmd) {
    let Some(url) = fetch_url(cmd.raw) else {
        return;
    };
    let host = host_of(&url).unwrap_or_else(|| url.clone());
    let mut data = Vec::new();
    let mut reads_stdin = false;
    for (names, form) in [
        (
            &[
                "-d",
                "--data",
                "--data-binary",
                "--data-raw",
                "--data-urlencode",
                "--data-ascii",
                "--json",
            ][..],
            false,
        ),
        (&["-F", "--form", "--form-string"][..], true),
    ] {
        for v in cmd.opts(names) {
            match data_arg(ctx, cmd, &v, form) {
                Data::Text(t) if t == "standard input" => reads_stdin = true,
                d => data.push(d),
            }
        }
    }
    for v in cmd.opts(&["-T", "--upload-file"]) {
        if v == "-" || v == "." {
            reads_stdin = true;
        } else {
            data.push(ctx.classify_file(cmd.path_text(ctx, &v)));
        }
    }
    let inflow = ctx.inflow(cmd.index);
    if reads_stdin {
        data.extend(inflow);
    } else {
        // Substitutions and variables in the arguments carry data too (headers excepted).
        let headers = cmd.opts(&["-H", "--header", "-u", "--user"]).join(" ");
        let via_args = !headers.contains("$(");
        data.extend(
            inflow
                .into_iter()
                .filter(|d| !matches!(d, Data::Text(_)) && via_args),
        );
    }
    if let Some((_, query)) = url.split_once('?')
        && crate::looks_like_secret_text(query)
    {
        data.push(Data::Secret("a credential in the URL".into()));
    }
    let headers = cmd.opts(&["-H", "--header", "-u", "--user"]);
    for w in cmd.words {
        let rendered = w.render();
        if headers.contains(&rendered) {
            continue;
        }
        for p in &w.parts {
            if let Part::Param { name } = p
                && super::is_secret_name(name)
            {
                data.push(Data::Secret(format!("${name}")));
            }
        }
    }
    let method = cmd.opt(&["-X", "--request"]).map(|m| m.to_uppercase());
    let mutating = matches!(method.as_deref(), Some("POST" | "PUT" | "PATCH" | "DELETE"));
    if data.is_empty() && !mutating {
        ctx.emit(EffectKind::Fetch { dest: host });
        let out = cmd.opt(&["-o", "--output"]).or_else(|| {
            cmd.has(&["-O", "--remote-name"])
                .then(|| url.rsplit('/').next().unwrap_or("").to_string())
        });
        if let Some(out) = out {
            let loc = cmd.path_text(ctx, &out);
            ctx.downloads.insert(loc.path, url.clone());
        }
        record_redirect_download(ctx, cmd, &url);
        return;
    }
    if !is_local(&host)
        && let Some(m) = method
            .as_deref()
            .filter(|m| matches!(*m, "PUT" | "PATCH" | "DELETE"))
    {
        let body: Vec<String> = data
            .iter()
            .filter_map(|d| {
                if let Data::Text(t) = d {
                    Some(t.clone())
                } else {
                    None
                }
            })
            .collect();
        ctx.emit(EffectKind::RemoteChange {
            system: "http".into(),
            target: format!("{url} {}", crate::truncate(&body.join(" "), 120))
                .trim()
                .to_string(),
            action: m.to_string(),
            destructive: m == "DELETE",
        });
    }
    ctx.emit(EffectKind::Send {
        dest: host,
        data,
        public: false,
    });
}

fn record_redirect_download(ctx: &mut Ctx, cmd: &Cmd, url: &str) {
    for r in &cmd.raw.redirects {
        if r.op == belay_shell::RedirectOp::Write
            && let Some(t) = &r.target
        {
            let loc = ctx.resolver.word(t, &cmd.raw.cwd);
            ctx.downloads.insert(loc.path, url.to_string());
        }
    }
}

fn wget(ctx: &mut Ctx, cmd: &Cmd) {
    let Some(url) = fetch_url(cmd.raw) else {
        return;
    };
    let host = host_of(&url).unwrap_or_else(|| url.clone());
    let mut data = Vec::new();
    for v in cmd.opts(&["--post-data", "--body-data"]) {
        data.push(data_arg(ctx, cmd, &v, false));
    }
    for v in cmd.opts(&["--post-file", "--body-file"]) {
        data.push(ctx.classify_file(cmd.path_text(ctx, &v)));
    }
    if !data.is_empty() {
        ctx.emit(EffectKind::Send {
            dest: host,
            data,
            public: false,
        });
        return;
    }
    ctx.emit(EffectKind::Fetch { dest: host });
    let out = cmd
        .opt(&["-O", "--output-document"])
        .unwrap_or_else(|| url.rsplit('/').next().unwrap_or("").to_string());
    if out != "-" && !out.is_empty() {
        let loc = cmd.path_text(ctx, &out);
        ctx.downloads.insert(loc.path, url.clone());
    }
    record_redirect_download(ctx, cmd, &url);
}

/// `scp` and `rsync`: sends when the destination is remote, fetches when a source is.
pub fn copy_remote(ctx: &mut Ctx, cmd: &Cmd) {
    let ops = cmd.positional(&[
        "-e",
        "-P",
        "-p",
        "-i",
        "-o",
        "-F",
        "-l",
        "-c",
        "--exclude",
        "--include",
        "--rsh",
        "--filter",
        "-f",
        "--port",
        "-J",
    ]);
    if ops.len() < 2 {
        return;
    }
    let remote_host = |s: &str| -> Option<String> {
        if let Some(rest) = s.strip_prefix("rsync://") {
            return rest.split('/').next().map(str::to_string);
        }
        let (before, _) = s.split_once(':')?;
        if before.contains('/') || before.is_empty() {
            return None;
        }
        Some(before.rsplit('@').next().unwrap_or(before).to_string())
    };
    let (dst_i, dst) = &ops[ops.len() - 1];
    let sources = &ops[..ops.len() - 1];
    if let Some(host) = remote_host(dst) {
        let data = sources
            .iter()
            .filter(|(_, s)| remote_host(s).is_none())
            .map(|(i, _)| ctx.classify_file(cmd.path(ctx, *i)))
            .collect();
        ctx.emit(EffectKind::Send {
            dest: host,
            data,
            public: false,
        });
    } else {
        for (_, s) in sources {
            if let Some(host) = remote_host(s) {
                ctx.emit(EffectKind::Fetch { dest: host });
            }
        }
        let target = cmd.path(ctx, *dst_i);
        if cmd.prog == "rsync"
            && cmd.has(&[
                "--delete",
                "--delete-before",
                "--delete-after",
                "--delete-during",
                "--delete-excluded",
            ])
        {
            ctx.emit(EffectKind::Delete {
                target: target.clone(),
                recursive: true,
            });
        }
        ctx.emit(EffectKind::Write {
            target,
            append: false,
            content: None,
        });
    }
}

/// Code that reaches an interpreter from the network: `curl | sh`, `bash <(curl ...)`,
/// `sh -c "$(wget -O- ...)"`, or a file downloaded or cloned earlier in the same command line.
pub fn run_downloaded(ctx: &mut Ctx, cmd: &Cmd) {
    let script = ctx.script;
    // A program that is itself a substitution, or a shell string built from one, runs that output.
    let dynamic = cmd.raw.program().is_none()
        || cmd
            .raw
            .wrappers
            .iter()
            .any(|w| matches!(w, belay_shell::Wrapper::Shell { .. }));
    let is_interp = super::INTERPRETERS.contains(&cmd.prog.as_str())
        || cmd.prog.starts_with("python")
        || cmd.prog == "eval"
        || dynamic;
    let mut origins: Vec<(String, String)> = Vec::new();
    if is_interp {
        let script_operand = cmd
            .operands(&[
                "-c",
                "-e",
                "-m",
                "-W",
                "-X",
                "-O",
                "-o",
                "--rcfile",
                "--init-file",
            ])
            .into_iter()
            .find(|a| a != "-" && a != "-s");
        if script_operand.is_none() && !cmd.has(&["-c", "-e", "-m", "--eval"]) {
            for &up in &cmd.raw.stdin_from {
                let Some(upc) = script.commands.get(up) else {
                    continue;
                };
                let prog = upc.program().unwrap_or_default();
                let upargs = upc.args();
                if is_fetcher(&prog) {
                    origins.push((
                        fetch_url(upc).unwrap_or(prog),
                        format!("piped into {}", cmd.prog),
                    ));
                } else if matches!(
                    prog.as_str(),
                    "base64" | "xxd" | "openssl" | "gunzip" | "rev" | "uudecode"
                ) && (upargs
                    .iter()
                    .any(|a| a.starts_with("-d") || a == "--decode" || a == "-r" || a == "-D")
                    || matches!(prog.as_str(), "rev" | "gunzip" | "uudecode"))
                {
                    origins.push((
                        "encoded data".to_string(),
                        format!("decoded and piped into {}", cmd.prog),
                    ));
                }
            }
        }
        for other in &script.commands {
            if other.stdout_to == Flow::Argument(cmd.index)
                && is_fetcher(&other.program().unwrap_or_default())
            {
                origins.push((
                    fetch_url(other).unwrap_or_default(),
                    format!("substituted into {}", cmd.prog),
                ));
            }
        }
        if let Some(file) = script_operand {
            let loc = cmd.path_text(ctx, &file);
            if let Some(url) = ctx.downloads.get(&loc.path) {
                origins.push((url.clone(), format!("downloaded then run by {}", cmd.prog)));
            }
            for (dir, url) in &ctx.clones {
                if loc.path.starts_with(dir) {
                    origins.push((url.clone(), format!("cloned then run by {}", cmd.prog)));
                }
            }
        }
    }
    if cmd.prog_path.contains('/') {
        let prog_loc = cmd.path_text(ctx, &cmd.prog_path);
        if let Some(url) = ctx.downloads.get(&prog_loc.path) {
            origins.push((url.clone(), "downloaded then executed".to_string()));
        }
        for (dir, url) in &ctx.clones {
            if prog_loc.path.starts_with(dir) {
                origins.push((url.clone(), "cloned then executed".to_string()));
            }
        }
    }
    for (origin, how) in origins {
        ctx.emit(EffectKind::RunUntrusted { origin, how });
    }
}
