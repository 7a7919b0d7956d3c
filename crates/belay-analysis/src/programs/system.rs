//! System administration: scheduling and services (persistence), firewalls and OS protections,
//! processes and users, other agents, and resource abuse (mining, fork bombs, request loops).

use crate::EffectKind;
use crate::shell::{Cmd, Ctx};
use belay_shell::{Part, Script};

pub fn analyze(ctx: &mut Ctx, cmd: &Cmd) {
    let prog = cmd.prog.as_str();
    let ops = cmd.operands(&[
        "-u", "-s", "-n", "-t", "-P", "-A", "-I", "-D", "-j", "-p", "-G", "-g", "--user",
    ]);
    let text = cmd.text().to_lowercase();
    let all_args = cmd.args.join(" ");
    match prog {
        "crontab" if !cmd.has(&["-l"]) => {
            let what = if cmd.has(&["-r"]) {
                "removes the crontab"
            } else {
                "installs a crontab"
            };
            ctx.emit(EffectKind::Persist {
                mechanism: format!("crontab ({what})"),
            });
        }
        "systemctl" => {
            let ops = cmd.operands(&["-H", "--host", "-M", "--machine", "--root"]);
            let verb = ops.first().cloned().unwrap_or_default();
            let units = ops.iter().skip(1).cloned().collect::<Vec<_>>().join(" ");
            let security_unit = [
                "firewalld",
                "ufw",
                "apparmor",
                "auditd",
                "selinux",
                "fail2ban",
                "clamav",
                "falcon",
                "crowdstrike",
                "osquery",
                "wazuh",
            ]
            .iter()
            .any(|u| units.contains(u));
            match verb.as_str() {
                "enable" | "link" | "preset" | "add-wants" | "set-default" => {
                    ctx.emit(EffectKind::Persist {
                        mechanism: format!("systemctl {verb} {units}"),
                    })
                }
                "stop" | "disable" | "mask" | "kill" if security_unit => {
                    ctx.emit(EffectKind::Weaken {
                        what: format!("systemctl {verb} {units}"),
                        machine_wide: true,
                    })
                }
                _ => {}
            }
        }
        "launchctl"
            if ops.first().is_some_and(|o| {
                matches!(o.as_str(), "load" | "bootstrap" | "enable" | "submit")
            }) =>
        {
            ctx.emit(EffectKind::Persist {
                mechanism: format!("launchctl {all_args}"),
            })
        }
        "iptables" | "ip6tables" | "nft" | "ufw" | "firewall-cmd" | "netsh" => {
            let opens = cmd.has(&["-F", "--flush", "-X"])
                || (cmd.has(&["-P", "--policy"]) && text.contains("accept"))
                || text.contains("flush ruleset")
                || (prog == "ufw" && ops.first().is_some_and(|o| o == "disable" || o == "reset"))
                || text.contains("state off")
                || text.contains("--panic-off")
                || text.contains("--set-default-zone=trusted");
            if opens {
                ctx.emit(EffectKind::Weaken {
                    what: format!("{prog} {all_args}"),
                    machine_wide: true,
                });
            }
        }
        "setenforce"
            if ops
                .first()
                .is_some_and(|o| o == "0" || o.eq_ignore_ascii_case("permissive")) =>
        {
            ctx.emit(EffectKind::Weaken {
                what: "SELinux set to permissive".into(),
                machine_wide: true,
            })
        }
        "spctl" if text.contains("disable") => ctx.emit(EffectKind::Weaken {
            what: "Gatekeeper disabled".into(),
            machine_wide: true,
        }),
        "csrutil" if text.contains("disable") => ctx.emit(EffectKind::Weaken {
            what: "System Integrity Protection disabled".into(),
            machine_wide: true,
        }),
        "defaults" if text.contains("lsquarantine") || text.contains("gatekeeper") => {
            ctx.emit(EffectKind::Weaken {
                what: "macOS quarantine disabled".into(),
                machine_wide: true,
            })
        }
        "kill" | "pkill" | "killall" => {
            let other_user = cmd
                .opt(&["-u", "-U", "--euid", "--uid"])
                .is_some_and(|u| !is_current_user(&u));
            let everything = prog == "kill" && cmd.args.iter().any(|a| a == "-1");
            let system = ops.iter().any(|o| {
                matches!(
                    o.as_str(),
                    "init"
                        | "systemd"
                        | "sshd"
                        | "dockerd"
                        | "containerd"
                        | "kubelet"
                        | "postgres"
                        | "mysqld"
                )
            });
            ctx.emit(EffectKind::Kill {
                others: other_user || everything || system,
                what: format!("{prog} {all_args}"),
            });
        }
        "useradd" | "usermod" | "gpasswd" | "adduser" => {
            let groups = format!(
                "{} {}",
                cmd.opt(&["-G", "-g", "-a"]).unwrap_or_default(),
                ops.join(" ")
            );
            let privileged = ["sudo", "wheel", "admin", "docker", "root", "adm"]
                .iter()
                .any(|g| groups.split([',', ' ']).any(|x| x == *g));
            if privileged || prog == "useradd" {
                ctx.emit(EffectKind::Grant {
                    what: format!("{prog} {all_args}"),
                });
            }
        }
        "passwd" | "visudo" => ctx.emit(EffectKind::Grant {
            what: format!("{prog} {all_args}"),
        }),
        "export" | "env" => {
            let pairs = cmd
                .raw
                .assignments
                .iter()
                .map(|a| (a.name.clone(), a.value.render()))
                .chain(cmd.args.iter().filter_map(|a| {
                    a.split_once('=')
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                }));
            for (k, v) in pairs {
                let weak = match k.as_str() {
                    "NODE_TLS_REJECT_UNAUTHORIZED" | "PYTHONHTTPSVERIFY" => v == "0",
                    "GIT_SSL_NO_VERIFY" => v != "0",
                    "CURL_INSECURE" => true,
                    _ => false,
                };
                if weak {
                    ctx.emit(EffectKind::Weaken {
                        what: format!("{k}={v}"),
                        machine_wide: false,
                    });
                }
            }
        }
        "security"
            if ops
                .first()
                .is_some_and(|o| o.starts_with("find-") || o.starts_with("dump-")) =>
        {
            let target = ctx.resolver.text(
                "~/Library/Keychains/login.keychain-db",
                &belay_shell::Cwd::Start,
            );
            ctx.emit(EffectKind::Read { target });
        }
        p if p.starts_with("powershell") || p == "pwsh" || p == "Set-MpPreference" => {
            let t = text.replace(' ', "");
            let weak = t.contains("disablerealtimemonitoring$true")
                || t.contains("disablerealtimemonitoring1")
                || t.contains("add-mppreference-exclusion")
                || t.contains("executionpolicybypass")
                || t.contains("executionpolicyunrestricted")
                || (t.contains("set-netfirewallprofile") && t.contains("false"));
            if weak {
                ctx.emit(EffectKind::Weaken {
                    what: crate::truncate(cmd.text(), 80),
                    machine_wide: true,
                });
            }
        }
        _ => {}
    }
}

fn is_current_user(user: &str) -> bool {
    std::env::var("USER").is_ok_and(|u| u == user)
        || user == "$USER"
        || user.contains("whoami")
        || user == "$(…)"
}

/// Another coding agent started from this one.
pub fn agent(ctx: &mut Ctx, cmd: &Cmd) {
    let unsafe_flags = [
        "--dangerously-skip-permissions",
        "--dangerously-bypass-approvals-and-sandbox",
        "--full-auto",
        "--yolo",
        "--yes-always",
        "--allow-all-tools",
        "--force",
        "--auto-approve",
        "--trust-all-tools",
    ];
    let text = cmd.args.join(" ");
    let unsupervised = cmd.has(&unsafe_flags)
        || (cmd.prog == "gemini" && cmd.has(&["-y"]))
        || text.contains("bypassPermissions")
        || text.contains("danger-full-access")
        || text.contains("--approval-mode yolo")
        || text.contains("--ask-for-approval never")
        || cmd.env("GOOSE_MODE").as_deref() == Some("auto");
    let prompt = cmd
        .opt(&["-p", "--print", "--prompt", "-m", "--message"])
        .unwrap_or_default();
    ctx.emit(EffectKind::SpawnAgent {
        program: cmd.prog.clone(),
        unsupervised,
        prompt,
    });
}

/// Crypto-mining software or pools anywhere in the command.
pub fn abuse(ctx: &mut Ctx, cmd: &Cmd) {
    const MINERS: &[&str] = &[
        "xmrig",
        "minerd",
        "cpuminer",
        "ethminer",
        "nbminer",
        "lolminer",
        "phoenixminer",
        "t-rex",
        "nicehash",
        "stratum+tcp",
        "stratum+ssl",
        "supportxmr",
        "nanopool",
        "2miners",
        "minexmr",
        "hashvault",
        "--donate-level",
    ];
    if contains_any_ignore_case(cmd.text(), MINERS) {
        ctx.emit(EffectKind::Abuse {
            what: "crypto-mining".into(),
        });
    }
}

/// Whether `text` contains one of `needles` (lowercase ASCII, at most 32), ignoring ASCII
/// case: one pass that compares only the needles starting with the byte at hand.
fn contains_any_ignore_case(text: &str, needles: &[&str]) -> bool {
    let mut by_first = [0u32; 128];
    for (i, n) in needles.iter().enumerate().take(32) {
        if let Some(&b) = n.as_bytes().first() {
            by_first[usize::from(b & 0x7f)] |= 1 << i;
        }
    }
    let text = text.as_bytes();
    (0..text.len()).any(|i| {
        let first = text[i].to_ascii_lowercase();
        let mut candidates = if first < 128 {
            by_first[usize::from(first)]
        } else {
            0
        };
        while candidates != 0 {
            let n = needles[candidates.trailing_zeros() as usize].as_bytes();
            if text
                .get(i..i + n.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(n))
            {
                return true;
            }
            candidates &= candidates - 1;
        }
        false
    })
}

/// Finds `NAME|NAME&`: a function that calls itself through a pipe in the background.
/// `squeezed` is the command text with white space removed.
pub fn has_fork_bomb(squeezed: &str) -> bool {
    let bytes = squeezed.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'|' {
            continue;
        }
        let mut s = i;
        while s > 0 && !b";{}&|(".contains(&bytes[s - 1]) {
            s -= 1;
        }
        let name = &squeezed[s..i];
        if !name.is_empty() && squeezed[i + 1..].starts_with(&format!("{name}&")) {
            return true;
        }
    }
    false
}

/// Loops that repeat a remote action many times (`for i in $(seq 1 500); do gh issue create`).
pub fn request_loops(ctx: &mut Ctx, script: &Script) {
    let mut count: u64 = 0;
    for c in &script.commands {
        if c.program().as_deref() == Some("seq") {
            let nums: Vec<u64> = c.args().iter().filter_map(|a| a.parse().ok()).collect();
            let n = match nums.as_slice() {
                [end] => *end,
                [start, end] | [start, _, end] => end.saturating_sub(*start),
                _ => 0,
            };
            count = count.max(n);
        }
        for w in &c.argv {
            // Only a word with `..` can be a range (`{1..500}`); most have none.
            let dots = w.parts.iter().any(
                |p| matches!(p, Part::Lit { text, .. } if text.as_bytes().windows(2).any(|d| d == b"..")),
            );
            if !dots {
                continue;
            }
            let r = w.render();
            if let Some((a, b)) = r.split_once("..")
                && let (Some(a), Some(b)) = (a.rsplit('{').next(), b.split('}').next())
                && let (Ok(a), Ok(b)) = (a.parse::<u64>(), b.parse::<u64>())
            {
                count = count.max(b.saturating_sub(a));
            }
        }
    }
    if count < 50 {
        return;
    }
    let remote = ctx.effects.iter().any(|e| {
        matches!(&e.kind, EffectKind::Communicate { .. } | EffectKind::RemoteChange { .. } | EffectKind::Publish { .. })
            || matches!(&e.kind, EffectKind::Send { dest, .. } if !dest.starts_with("localhost") && !dest.starts_with("127."))
    });
    if remote {
        ctx.current = 0;
        ctx.emit(EffectKind::Abuse {
            what: format!("a remote action repeated {count} times"),
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn needles_are_found_in_any_ascii_case() {
        let needles = ["xmrig", "t-rex", "--donate-level", "2miners"];
        for (text, expected) in [
            ("./xmrig -o pool", true),
            ("./XMRig -o pool", true),
            ("run T-Rex now", true),
            ("miner --DONATE-LEVEL 1", true),
            ("pool.2Miners.com", true),
            ("xmri", false),
            ("t-re", false),
            ("", false),
            ("héllo xmrIG", true),
            ("x m r i g", false),
        ] {
            let reference = needles
                .iter()
                .any(|n| text.to_ascii_lowercase().contains(n));
            assert_eq!(reference, expected, "{text:?}");
            assert_eq!(
                super::contains_any_ignore_case(text, &needles),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn fork_bombs() {
        assert!(super::has_fork_bomb(":(){:|:&};:"));
        assert!(super::has_fork_bomb("bomb(){bomb|bomb&};bomb"));
        assert!(!super::has_fork_bomb("cat a|grep b&"));
    }
}
