//! Interpreter one-liners (`python -c`, `node -e`, `perl -e`, `ruby -e`) and code fed to an
//! interpreter through a here-document: library calls that delete files or send data.
//!
//! Shell strings inside `os.system(...)` and the like are unwrapped by belay-shell; this module
//! reads the calls that are not shell at all.

use crate::shell::{Cmd, Ctx};
use crate::web::host_of;
use crate::{Data, EffectKind};

const DELETE_CALLS: &[&str] = &[
    "shutil.rmtree(",
    "os.remove(",
    "os.unlink(",
    "os.rmdir(",
    "fs.rmSync(",
    "fs.rmdirSync(",
    "fs.unlinkSync(",
    "fs.rm(",
    "rimraf(",
    "rimraf.sync(",
    "remove_tree(",
    "rmtree(",
    "FileUtils.rm_rf(",
    "FileUtils.rm_r(",
    "FileUtils.remove_dir(",
];

const SEND_CALLS: &[&str] = &[
    "requests.post(",
    "requests.put(",
    "requests.patch(",
    "httpx.post(",
    "httpx.put(",
    "urlopen(",
    "axios.post(",
    "axios.put(",
    "fetch(",
    "http.request(",
    "https.request(",
    "->post(",
    "Net::HTTP.post",
    "HTTParty.post(",
    "socket.connect(",
    "sock.connect(",
    "smtplib.SMTP(",
];

/// The code an interpreter command runs, when it is given inline.
fn inline_code(cmd: &Cmd) -> Option<String> {
    let flags = ["-c", "-e", "-E", "--eval", "-r", "-p", "--print"];
    let mut iter = cmd.args.iter();
    while let Some(a) = iter.next() {
        if flags.contains(&a.as_str()) {
            return iter.next().cloned();
        }
    }
    let body: Vec<String> = cmd
        .raw
        .redirects
        .iter()
        .filter_map(|r| r.body.clone())
        .collect();
    (!body.is_empty()).then(|| body.join("\n"))
}

/// The first string literal of the call starting at `pos`, with home-directory idioms made `~`.
fn first_string_arg(code: &str, pos: usize) -> Option<String> {
    let rest = code.get(pos..)?;
    let mut depth = 0i32;
    let mut end = rest.len().min(400);
    for (i, ch) in rest.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    end = i;
                    break;
                }
            }
            _ => {}
        }
        if i > 400 {
            break;
        }
    }
    let call = rest.get(..end).unwrap_or(rest);
    let home = [
        "expanduser",
        "$ENV{HOME}",
        "os.environ['HOME']",
        "os.environ[\"HOME\"]",
        "process.env.HOME",
        "os.homedir()",
        "Path.home()",
        "Dir.home",
        "ENV['HOME']",
        "getenv('HOME')",
        "getenv(\"HOME\")",
    ]
    .iter()
    .any(|k| call.contains(k));
    for (i, ch) in call.char_indices() {
        if ch == '\'' || ch == '"' || ch == '`' {
            let close = call[i + 1..].find(ch)?;
            let lit = call[i + 1..i + 1 + close]
                .replace("$ENV{HOME}", "~")
                .replace("${process.env.HOME}", "~");
            let lit = if home && !lit.starts_with('~') && !lit.starts_with('/') {
                format!("~/{}", lit.trim_start_matches('/'))
            } else {
                lit
            };
            return Some(lit);
        }
    }
    home.then(|| "~".to_string())
}

pub fn analyze(ctx: &mut Ctx, cmd: &Cmd) {
    let Some(code) = inline_code(cmd) else { return };
    if code.len() > 64 * 1024 {
        return;
    }
    let mut kinds = Vec::new();
    for call in DELETE_CALLS {
        let mut start = 0;
        while let Some(found) = code[start..].find(call) {
            let at = start + found;
            let pos = at + call.len();
            let standalone = at == 0
                || call.contains('.')
                || !code.as_bytes()[at - 1].is_ascii_alphanumeric()
                    && code.as_bytes()[at - 1] != b'.';
            if standalone && let Some(arg) = first_string_arg(&code, pos) {
                let recursive = [
                    "rmtree",
                    "rm_rf",
                    "rimraf",
                    "remove_tree",
                    "rmSync",
                    "fs.rm(",
                    "rm_r(",
                ]
                .iter()
                .any(|k| call.contains(k));
                for path in arg.split_whitespace() {
                    kinds.push(EffectKind::Delete {
                        target: cmd.path_text(ctx, path),
                        recursive,
                    });
                }
            }
            start = pos;
        }
    }
    for call in SEND_CALLS {
        let Some(found) = code.find(call) else {
            continue;
        };
        let dest = first_string_arg(&code, found + call.len())
            .and_then(|u| host_of(&u))
            .unwrap_or_else(|| "an address in the code".into());
        if dest == "localhost" || dest.starts_with("127.") {
            continue;
        }
        let mut data = Vec::new();
        let whole_env = (code.contains("os.environ")
            && !code.contains("os.environ[")
            && !code.contains("os.environ.get"))
            || code.contains("process.env)")
            || code.contains("JSON.stringify(process.env")
            || code.contains("%ENV")
            || code.contains("ENV.to_h");
        if whole_env {
            data.push(Data::Environment);
        }
        for secret in [
            ".ssh/",
            ".aws/",
            ".env",
            ".kube/",
            "id_rsa",
            "id_ed25519",
            ".netrc",
            "credentials",
        ] {
            if code.contains(secret) {
                data.push(Data::Secret(format!("a file matching {secret}")));
            }
        }
        let mutating = !(call.starts_with("urlopen") || call.starts_with("fetch("))
            || code.contains("method")
            || code.contains("data=");
        if mutating || !data.is_empty() {
            kinds.push(EffectKind::Send {
                dest,
                data,
                public: false,
            });
        } else {
            kinds.push(EffectKind::Fetch { dest });
        }
        break;
    }
    for kind in kinds {
        ctx.emit(kind);
    }
}
