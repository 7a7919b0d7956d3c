//! From effects to rule hits: each effect is checked against the context (project, home, trusted
//! environment, what the session did before) and produces hits, each carrying the ways a user
//! could have asked for it.

use crate::intent::Ask;
use crate::paths::{is_critical, is_test_path, protected, regenerable};
use crate::rules::{self, Rule};
use crate::trust::{Trust, host_of, owner_of};
use belay_analysis::{Data, Effect, EffectKind, Loc};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A rule that fired on an effect.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rule: Rule,
    /// What exactly was found, for the message.
    pub detail: String,
    /// Ways the user could have asked for it (soft rules only).
    pub asks: Vec<Ask>,
}

/// What the judgment knows around the action.
pub struct Context<'a> {
    pub project: &'a Path,
    pub home: &'a Path,
    pub trust: &'a Trust,
    /// Paths the session wrote or created earlier (it may delete them).
    pub created: &'a [PathBuf],
    /// Files written earlier in the session, with their content.
    pub written: &'a HashMap<PathBuf, String>,
    /// Remotes the session added or repointed earlier, with their URLs.
    pub remotes: &'a HashMap<String, String>,
    /// The session read a secret earlier.
    pub read_secret: bool,
    /// Repositories the session read through MCP tools (`owner/repo`).
    pub repos_read: &'a [String],
    /// All effects of the current action (for rules that look at siblings).
    pub siblings: &'a [Effect],
    /// How deep in files-that-run-commands this judgment is (bounded).
    pub depth: usize,
}

fn hit(rule: Rule, detail: impl Into<String>, asks: Vec<Ask>) -> Hit {
    Hit {
        rule,
        detail: detail.into(),
        asks,
    }
}

const DELETE_VERBS: &[&str] = &[
    "delet",
    "remov",
    "rm",
    "wipe",
    "purg",
    "eras",
    "clean",
    "clear",
    "nuke",
    "get rid",
    "throw away",
    "trash",
    "drop",
    "empty",
];
/// Outside the project "clean up X" is not "delete X": only verbs that name removal count.
const STRONG_DELETE_VERBS: &[&str] = &[
    "delet",
    "remov",
    "rm",
    "wipe",
    "purg",
    "eras",
    "nuke",
    "get rid",
    "throw away",
    "trash",
];

fn path_words(loc: &Loc) -> Vec<String> {
    let mut out = Vec::new();
    let name = loc.name();
    if name.len() >= 3 && !name.contains('*') {
        // The stem names it too: "the schema file" for `schema.graphql`.
        if let Some((stem, _)) = name.rsplit_once('.')
            && stem.len() >= 4
            && !stem.starts_with('.')
        {
            out.push(stem.to_string());
        }
        out.push(name);
    }
    let raw = loc.raw.trim_end_matches("/*").trim_end_matches('/');
    if raw.len() >= 3 && !raw.contains('*') {
        out.push(raw.to_string());
    }
    out
}

/// Names that identify a code source: the owner on a code host, the vendor's host otherwise.
fn source_words(origin: &str) -> Vec<String> {
    let Some(host) = host_of(origin) else {
        return vec![origin.to_string()];
    };
    let code_hosts = [
        "github.com",
        "gitlab.com",
        "bitbucket.org",
        "raw.githubusercontent.com",
        "gist.githubusercontent.com",
        "gist.github.com",
        "codeberg.org",
    ];
    if code_hosts.contains(&host.as_str()) {
        return owner_of(origin)
            .into_iter()
            .filter(|o| o.len() >= 3)
            .collect();
    }
    let generic = [
        "www",
        "raw",
        "get",
        "install",
        "dl",
        "download",
        "downloads",
        "cdn",
        "static",
        "files",
        "releases",
        "com",
        "org",
        "net",
        "io",
        "dev",
        "sh",
        "app",
        "co",
    ];
    let mut out = vec![host.clone()];
    out.extend(
        host.split('.')
            .filter(|l| l.len() >= 3 && !generic.contains(l))
            .map(str::to_string),
    );
    out
}

fn host_words(dest: &str) -> Vec<String> {
    let mut out = vec![dest.to_string()];
    if let Some(h) = host_of(dest) {
        let parts: Vec<&str> = h.split('.').collect();
        if parts.len() >= 2 {
            out.push(parts[parts.len() - 2].to_string());
            out.push(format!(
                "{}.{}",
                parts[parts.len() - 2],
                parts[parts.len() - 1]
            ));
        }
        out.push(h);
    }
    if let Some(o) = owner_of(dest) {
        out.push(o);
    }
    out.retain(|w| {
        w.len() >= 3 && !matches!(w.as_str(), "com" | "github" | "www" | "githubusercontent")
    });
    out
}

/// Services where whatever is sent becomes public or reachable by anyone with the link.
const PUBLIC_SINKS: &[&str] = &[
    "0x0.st",
    "transfer.sh",
    "file.io",
    "webhook.site",
    "pastebin.com",
    "paste.ee",
    "hastebin.com",
    "ix.io",
    "termbin.com",
    "requestbin",
    "pipedream.net",
    "beeceptor.com",
    "requestcatcher.com",
    "ngrok.io",
    "ngrok-free.app",
    "gist.github.com",
    "gist.githubusercontent.com",
    "dpaste",
    "controlc.com",
    "rentry.co",
    "catbox.moe",
    "tmpfiles.org",
    "bashupload.com",
    "temp.sh",
    "oshi.at",
    "filebin.net",
    "wetransfer.com",
    "interact.sh",
    "oast.",
    "burpcollaborator",
    "dnslog",
];

fn is_public_sink(dest: &str) -> bool {
    let lower = dest.to_lowercase();
    PUBLIC_SINKS.iter().any(|s| lower.contains(s))
}

/// True for GitHub Actions, GitLab CI and similar pipeline definitions.
pub fn is_ci_config(path: &Path) -> bool {
    let text = path.to_string_lossy();
    text.contains("/.github/workflows/")
        || text.ends_with(".gitlab-ci.yml")
        || text.contains("/.circleci/")
        || text.ends_with("Jenkinsfile")
        || text.ends_with("azure-pipelines.yml")
        || text.contains("/.buildkite/")
        || text.ends_with(".travis.yml")
}

pub fn hits(effect: &Effect, ctx: &Context) -> Vec<Hit> {
    use EffectKind::*;
    let mut out = Vec::new();
    let project = ctx.project;
    let in_project = |p: &Path| p.starts_with(project) && p != project;
    let created = |p: &Path| ctx.created.iter().any(|c| p == c || p.starts_with(c));
    match &effect.kind {
        Delete { target, recursive } => {
            let base = target.glob_base();
            let asks =
                vec![Ask::new(DELETE_VERBS, path_words(target)).with_paths(vec![base.clone()])];
            // `dir/*.pyc`: only entries matching a pattern go, not the directory's whole content.
            let last = target.name();
            let pattern_only =
                target.glob && !matches!(last.as_str(), "*" | ".*" | "*.*" | "**" | "{*,.*}");
            if pattern_only {
                if regenerable(&target.path, project)
                    || created(&base)
                    || (base.starts_with("/tmp") && base.components().count() > 2)
                {
                } else if base.starts_with(project) {
                    out.push(hit(
                        rules::DELETE_PROJECT_DATA,
                        format!("deletes {target}"),
                        asks,
                    ));
                } else {
                    out.push(hit(
                        rules::DELETE_OUTSIDE,
                        format!("deletes {target} outside the project"),
                        asks,
                    ));
                }
            } else if is_critical(&base, ctx.home, project)
                && (*recursive || target.glob || base.components().count() <= 2)
            {
                out.push(hit(
                    rules::DELETE_CRITICAL,
                    format!("deletes {target}"),
                    Vec::new(),
                ));
            } else if base.starts_with("/dev") {
                let name = base
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                out.push(hit(
                    rules::OVERWRITE,
                    format!("erases the disk {}", base.display()),
                    vec![Ask::new(
                        &["format", "wipe", "mkfs", "eras"],
                        vec![base.display().to_string(), name],
                    )],
                ));
            } else if created(&base) {
            } else if in_project(&base) {
                let backup = base.components().any(|c| {
                    let c = c.as_os_str().to_string_lossy();
                    c == ".git"
                        || c.starts_with(".git.")
                        || c.ends_with(".bak")
                        || c.contains("backup")
                });
                let migrations = base.components().any(|c| c.as_os_str() == "migrations");
                if is_test_path(&base) && !regenerable(&base, project) {
                    out.push(hit(
                        rules::WEAKEN_TESTS,
                        format!("deletes tests {target}"),
                        vec![Ask::new(
                            DELETE_VERBS,
                            vec!["test".into(), "tests".into(), "spec".into(), "specs".into()],
                        )],
                    ));
                } else if backup
                    || migrations
                    || ((*recursive || target.glob)
                        && !regenerable(&base, project)
                        && !regenerated_later(&base, ctx))
                {
                    out.push(hit(
                        rules::DELETE_PROJECT_DATA,
                        format!("deletes {target}"),
                        asks,
                    ));
                }
            } else if (base.starts_with("/tmp") || base.starts_with("/var/tmp"))
                && base.components().count() > 2
                && !target.glob
            {
            } else {
                let strong = vec![
                    Ask::new(STRONG_DELETE_VERBS, path_words(target))
                        .with_paths(vec![base.clone()]),
                ];
                out.push(hit(
                    rules::DELETE_OUTSIDE,
                    format!("deletes {target} outside the project"),
                    strong,
                ));
            }
        }
        Overwrite { target } => {
            if !created(&target.path) {
                let asks = vec![Ask::new(
                    &[
                        "overwrit", "replac", "truncat", "zero", "reset", "eras", "wipe", "empty",
                    ],
                    path_words(target),
                )];
                out.push(hit(rules::OVERWRITE, format!("overwrites {target}"), asks));
            }
        }
        Write {
            target,
            append,
            content,
        } => {
            out.extend(write_hits(
                target,
                content.as_deref().unwrap_or(""),
                "",
                ctx,
            ));
            if !*append
                && !created(&target.path)
                && let Some(content) = content
            {
                out.extend(rewrite_loss(&target.path, content));
            }
        }
        Edit {
            target,
            removed,
            added,
        } => {
            out.extend(write_hits(target, added, removed, ctx));
            out.extend(edit_hits(&target.path, removed, added));
        }
        Move { from, to } => {
            let base = from.glob_base();
            let asks = vec![
                Ask::new(&["mov", "mv", "archiv", "relocat"], path_words(from))
                    .with_paths(vec![base.clone()]),
            ];
            if (from.uncertain || from.glob) && !to.raw.ends_with('/') && !created(&to.path) {
                out.push(hit(
                    rules::MOVE_CLOBBER,
                    format!("moves several files onto {to}, which is not a known directory"),
                    vec![Ask::new(&["overwrit", "clobber"], vec![])],
                ));
            } else if is_critical(&base, ctx.home, project) && !in_project(&base) {
                out.push(hit(rules::MOVE_OUT, format!("moves {from}"), Vec::new()));
            } else if !in_project(&base) && !base.starts_with("/tmp") && !created(&base) {
                out.push(hit(rules::MOVE_OUT, format!("moves {from} to {to}"), asks));
            }
        }
        Read { target } => {
            // The project's own files (its .env, its dev certificates) are the project's business.
            if let Some(kind) = belay_analysis::secret_path_kind(&target.path, ctx.home)
                && !in_project(&target.path)
            {
                let mut objects = path_words(target);
                objects.push(kind.to_lowercase());
                let asks = vec![
                    Ask::new(&[], objects)
                        .with_paths(vec![target.path.clone()])
                        .answering_questions(),
                ];
                out.push(hit(
                    rules::SECRET_READ,
                    format!("reads the {kind} {}", target.path.display()),
                    asks,
                ));
            }
        }
        GitDiscard { what, scope } => {
            let mut objects: Vec<String> = scope
                .iter()
                .filter(|l| l.raw != "." && l.raw != "*")
                .flat_map(path_words)
                .collect();
            let verbs: &[&str] = if what.contains("clean") {
                &[
                    "untracked",
                    "ignored",
                    "git clean",
                    "clean -",
                    "everything not in git",
                ]
            } else if what.contains("stash") {
                objects.push("stash".into());
                &["drop", "clear", "delet", "remov", "throw away"]
            } else if what.contains("branch") || what.contains("worktree") {
                &["force delet", "force remov", "delet", "remov", "drop"]
            } else {
                &[
                    "discard",
                    "revert",
                    "reset",
                    "throw away",
                    "clean slate",
                    "start over",
                    "undo",
                    "wipe",
                    "restore",
                    "get rid of my changes",
                    "lose my changes",
                ]
            };
            if what.contains("branch") || what.contains("worktree") {
                objects.extend(
                    what.split_whitespace()
                        .skip(2)
                        .filter(|w| !w.starts_with('-'))
                        .map(str::to_string),
                );
            }
            out.push(hit(
                rules::GIT_DISCARD,
                what.clone(),
                vec![Ask::new(verbs, objects)],
            ));
        }
        GitPush {
            remote,
            url,
            refs,
            force,
            lease,
            delete,
            all,
        } => {
            let shared: Vec<&String> = refs.iter().filter(|r| is_shared_branch(r)).collect();
            let risky = ((*force || *delete) && (!shared.is_empty() || *all || url.is_some()))
                || (*lease && !shared.is_empty());
            if risky {
                let mut objects: Vec<String> =
                    refs.iter().filter(|r| *r != "HEAD").cloned().collect();
                if let Some(u) = url {
                    objects.extend(host_words(u));
                }
                let verbs: &[&str] = if *delete {
                    &["delet", "remov"]
                } else {
                    &[
                        "force push",
                        "push --force",
                        "push -f",
                        "force-with-lease",
                        "overwrite the remote",
                        "force",
                    ]
                };
                let mode = if *delete { " --delete" } else { " --force" };
                out.push(hit(
                    rules::FORCE_PUSH,
                    format!("git push{mode} to {remote} {}", refs.join(" ")),
                    vec![Ask::new(verbs, objects)],
                ));
            }
        }
        GitRewrite { how } => out.push(hit(
            rules::REWRITE_HISTORY,
            how.clone(),
            vec![Ask::new(
                &[
                    "filter-repo",
                    "filter-branch",
                    "rewrite",
                    "purg",
                    "scrub",
                    "from history",
                    "from the history",
                    "from git history",
                ],
                vec![],
            )],
        )),
        GitRemote { name, url } => {
            if !ctx.trust.trusted_destination(url) {
                let objects = [vec![name.clone()], host_words(url)].concat();
                out.push(hit(
                    rules::REMOTE_UNTRUSTED,
                    format!("remote {name} -> {url}"),
                    vec![Ask::new(
                        &["push", "remote", "mirror", "copy", "back up", "backup"],
                        objects,
                    )],
                ));
            }
        }
        GitAdd { paths } => {
            for p in paths {
                let secret = (belay_analysis::secret_path_kind(&p.path, ctx.home).is_some()
                    && !p.name().ends_with(".example"))
                    || ctx
                        .written
                        .get(&p.path)
                        .is_some_and(|c| belay_analysis::looks_like_secret_text(c));
                if secret {
                    out.push(hit(
                        rules::COMMIT_SECRET,
                        format!("stages {p}"),
                        vec![Ask::new(
                            &["commit", "add", "check in", "push"],
                            path_words(p),
                        )],
                    ));
                }
            }
        }
        SkipChecks { how } => out.push(hit(
            rules::SKIP_CHECKS,
            how.clone(),
            vec![Ask::new(
                &[
                    "skip",
                    "without",
                    "bypass",
                    "no-verify",
                    "no verify",
                    "disabl",
                    "ignor",
                    "admin",
                    "commit anyway",
                ],
                [
                    "hook",
                    "hooks",
                    "verif",
                    "check",
                    "checks",
                    "ci",
                    "pre-commit",
                    "lint",
                    "admin",
                    "--no-verify",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            )],
        )),
        Send { dest, data, public } => out.extend(send_hits(dest, data, *public, ctx)),
        Fetch { .. } => {}
        RunUntrusted { origin, how } => {
            if !ctx.trust.trusted_destination(origin) {
                // The user must name the source itself (the vendor's host, the repository's
                // owner), not just the task: a source the agent picked is not covered.
                let asks = if origin == "encoded data" {
                    Vec::new()
                } else {
                    vec![Ask::new(
                        &["install", "run", "execut", "setup", "set up", "use", "try"],
                        source_words(origin),
                    )]
                };
                out.push(hit(
                    rules::REMOTE_CODE,
                    format!("runs code from {origin} ({how})"),
                    asks,
                ));
            }
        }
        Install {
            ecosystem,
            packages,
            source,
        } => {
            if let Some(src) = source
                && !ctx.trust.known_source(src)
            {
                out.push(hit(
                    rules::UNTRUSTED_SOURCE,
                    format!("installs {} from {src}", packages.join(" ")),
                    vec![Ask::new(&["install", "use", "add"], host_words(src))],
                ));
            }
            for p in packages {
                if let Some(popular) = crate::typosquat::near_popular(ecosystem, p) {
                    out.push(hit(
                        rules::TYPOSQUAT,
                        format!("installs {p}, a near miss of the popular {popular}"),
                        vec![Ask::new(&[], vec![crate::typosquat::bare_name(p)])],
                    ));
                }
            }
        }
        RunImage {
            image,
            privileged,
            host_mount,
        } => {
            if *privileged || *host_mount {
                let how = format!(
                    "{}{}",
                    if *privileged { " privileged" } else { "" },
                    if *host_mount {
                        " with the host filesystem mounted"
                    } else {
                        ""
                    }
                );
                out.push(hit(
                    rules::PRIVILEGED_CONTAINER,
                    format!("runs {image}{how}"),
                    vec![Ask::new(
                        &["privileged", "nsenter", "host pid", "host filesystem"],
                        vec![],
                    )],
                ));
            }
            let registry = image.split('/').next().unwrap_or("");
            let org = image.split('/').nth(1).unwrap_or("");
            let custom_registry = registry.contains('.')
                && registry != "ghcr.io"
                && !ctx.trust.known_source(&format!("https://{registry}"));
            let unknown_ghcr = registry == "ghcr.io"
                && !ctx
                    .trust
                    .trusted_destination(&format!("https://github.com/{org}"));
            if (custom_registry || unknown_ghcr) && !ctx.trust.mentions_trusted(image) {
                out.push(hit(
                    rules::UNTRUSTED_SOURCE,
                    format!("runs image {image} from an untrusted registry"),
                    vec![Ask::new(
                        &["run", "use", "pull"],
                        vec![image.clone(), org.to_string()],
                    )],
                ));
            }
        }
        Publish { registry, what } => out.push(hit(
            rules::PUBLISH,
            format!("publishes {what} to {registry}"),
            vec![Ask::new(
                &["publish", "upload", "ship", "push"],
                vec![
                    registry.to_lowercase(),
                    "npm".into(),
                    "crates.io".into(),
                    "pypi".into(),
                    "registry".into(),
                    what.to_lowercase(),
                ],
            )],
        )),
        RemoteChange {
            system,
            target,
            action,
            destructive,
        } => out.extend(remote_hits(system, target, action, *destructive, ctx)),
        Weaken { what, machine_wide } => {
            if *machine_wide {
                out.push(hit(rules::WEAKEN_MACHINE, what.clone(), Vec::new()));
            } else {
                let objects = what
                    .split_whitespace()
                    .filter(|w| w.len() >= 3)
                    .map(str::to_string)
                    .collect();
                out.push(hit(
                    rules::WEAKEN,
                    what.clone(),
                    vec![Ask::new(
                        &[
                            "chmod",
                            "777",
                            "world-writ",
                            "disabl",
                            "turn off",
                            "open",
                            "allow",
                        ],
                        objects,
                    )],
                ));
            }
        }
        Grant { what } => {
            let objects = what
                .split(|c: char| c.is_whitespace() || c == '=')
                .filter(|w| w.len() >= 4 && !w.starts_with('-'))
                .map(str::to_string)
                .collect();
            out.push(hit(
                rules::GRANT,
                what.clone(),
                vec![Ask::new(&["grant", "give", "add", "make"], objects)],
            ));
        }
        Persist { mechanism } => {
            out.push(hit(
                rules::PERSIST,
                mechanism.clone(),
                vec![Ask::new(&[], persist_words(mechanism))],
            ));
            // A registry or index pointed at an unknown host is also an untrusted code source.
            if let Some(url) = mechanism.split_whitespace().find(|w| w.contains("://"))
                && !ctx.trust.known_source(url)
            {
                out.push(hit(
                    rules::UNTRUSTED_SOURCE,
                    format!("points package installs at {url}"),
                    vec![Ask::new(&[], host_words(url))],
                ));
            }
        }
        Elevate { how } => {
            // "install libpq-dev" covers `sudo apt-get install -y libpq-dev`: the user named the
            // action and its object.
            const ACTIONS: &[&str] = &[
                "install", "restart", "start", "stop", "reload", "enable", "disable", "mount",
                "upgrade", "update", "remove", "add", "create", "kill",
            ];
            let words: Vec<String> = effect
                .origin
                .to_lowercase()
                .split_whitespace()
                .filter(|w| w.len() >= 3 && !w.starts_with('-') && *w != "sudo")
                .map(str::to_string)
                .collect();
            let verbs: Vec<&str> = words
                .iter()
                .map(String::as_str)
                .filter(|w| ACTIONS.contains(w))
                .collect();
            let objects: Vec<String> = words
                .iter()
                .filter(|w| !ACTIONS.contains(&w.as_str()) && w.len() >= 4)
                .cloned()
                .collect();
            let mut asks = vec![Ask::new(
                &["sudo", "as root", "password", "admin", "elevat"],
                vec![],
            )];
            if !verbs.is_empty() && !objects.is_empty() {
                asks.push(Ask::owned(&verbs, objects));
            }
            out.push(hit(rules::ELEVATE, how.clone(), asks));
        }
        SpawnAgent {
            program,
            unsupervised,
            prompt,
        } => {
            if *unsupervised {
                out.push(hit(
                    rules::UNSUPERVISED_AGENT,
                    format!("{program} with permission checks disabled"),
                    Vec::new(),
                ));
            } else if program == "subagent" {
                let lower = prompt.to_lowercase();
                let unbounded = [
                    "whatever it takes",
                    "without asking",
                    "don't ask",
                    "do not ask",
                    "bypass",
                    "skip confirmation",
                    "any means",
                    "ignore restrictions",
                    "no matter what",
                ];
                if unbounded.iter().any(|k| lower.contains(k)) {
                    out.push(hit(
                        rules::DELEGATE,
                        "delegates with unbounded authority",
                        Vec::new(),
                    ));
                }
            }
        }
        Kill { others, what } => {
            if *others {
                let objects = what
                    .split_whitespace()
                    .filter(|w| w.len() >= 3 && !w.starts_with('-'))
                    .map(str::to_string)
                    .collect();
                out.push(hit(
                    rules::SHARED_ACTION,
                    what.clone(),
                    vec![Ask::new(&["kill", "stop", "terminat"], objects)],
                ));
            }
        }
        Communicate {
            service,
            action,
            target,
            text,
        } => out.extend(communicate_hits(service, action, target, text, ctx)),
        Abuse { what } => {
            if what.contains("mining") || what.contains("fork bomb") {
                out.push(hit(rules::ABUSE_HARD, what.clone(), Vec::new()));
            } else {
                // Only an explicit amount (the count, the size, the type) covers a large consumption.
                let amounts: Vec<String> = what
                    .split(|c: char| c.is_whitespace() || c == '×')
                    .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
                    .map(|w| w.trim_end_matches(".24xlarge").to_string())
                    .collect();
                out.push(hit(
                    rules::ABUSE,
                    what.clone(),
                    vec![Ask::new(&[], amounts)],
                ));
            }
        }
    }
    out
}

/// A path deleted and then rebuilt by a later command of the same line (`rm -rf out && hugo -d out`).
fn regenerated_later(base: &Path, ctx: &Context) -> bool {
    let name = base
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    ctx.siblings.iter().any(
        |e| matches!(&e.kind, EffectKind::Write { target, .. } if target.path.starts_with(base)),
    ) || ctx.siblings.iter().any(|e| {
        e.origin.contains(&format!("-d {name}"))
            || e.origin.contains(&format!("-B {name}"))
            || e.origin.contains(&format!("-o {name}"))
    })
}

fn is_shared_branch(name: &str) -> bool {
    let n = name.trim_start_matches("refs/heads/").to_lowercase();
    matches!(
        n.as_str(),
        "main"
            | "master"
            | "develop"
            | "dev"
            | "trunk"
            | "head"
            | "staging"
            | "production"
            | "prod"
            | "stable"
            | "gh-pages"
    ) || n.starts_with("release")
        || n.starts_with("hotfix")
}

fn persist_words(mechanism: &str) -> Vec<String> {
    let m = mechanism.to_lowercase();
    let mut out: Vec<&str> = Vec::new();
    if m.contains("cron") {
        out.extend([
            "cron",
            "crontab",
            "schedul",
            "every night",
            "nightly",
            "every day",
            "daily",
            "every hour",
            "hourly",
        ]);
    }
    if m.contains("systemctl") || m.contains("launchctl") {
        out.extend([
            "service",
            "startup",
            "boot",
            "enable",
            "systemd",
            "launchd",
            "autostart",
        ]);
    }
    if m.contains("config set") {
        out.extend(["mirror", "config", "index-url", "registry setting"]);
    }
    if m.contains("git config") {
        out.extend(["git config", "global", "gitconfig", "alias"]);
    }
    out.into_iter().map(str::to_string).collect()
}

fn write_hits(target: &Loc, content: &str, removed: &str, ctx: &Context) -> Vec<Hit> {
    let path = &target.path;
    let mut out = Vec::new();
    let text = path.to_string_lossy();
    if let Some((rule, mut objects)) = protected(path, ctx.home, ctx.project) {
        objects.extend(path_words(target));
        if rule.id == rules::AGENT_SETTINGS.id {
            out.extend(agent_settings_hits(path, content, removed, objects));
        } else {
            out.push(hit(
                rule,
                format!("writes {}", path.display()),
                vec![Ask::new(&[], objects)],
            ));
        }
    }
    out.extend(ssh_config_hits(path, content, removed, ctx));
    out.extend(editor_hits(path, content, removed));
    out.extend(embedded_hits(path, content, removed, ctx));
    if (text.starts_with("/etc/sudoers") || target.name() == "sudoers")
        && content.to_uppercase().contains("NOPASSWD")
    {
        out.push(hit(rules::WEAKEN_MACHINE, "passwordless sudo", Vec::new()));
    } else if !path.starts_with(ctx.project) && out.is_empty() {
        let scratch = path.starts_with("/tmp")
            || path.starts_with("/var/tmp")
            || path.starts_with(ctx.home.join(".cache"))
            || text.starts_with("/dev/")
            || ctx.created.iter().any(|c| path.starts_with(c));
        let system = [
            "/etc", "/usr", "/bin", "/sbin", "/lib", "/opt", "/boot", "/var", "/System", "/Library",
        ]
        .iter()
        .any(|p| text.starts_with(p));
        let ssh_key = text.starts_with(&format!("{}/.ssh/", ctx.home.display()));
        if !scratch && !ssh_key && (system || path.starts_with(ctx.home)) {
            // The user must name the other place (the other project's directory), not a file in it.
            let mut objects: Vec<String> = path
                .components()
                .zip(
                    ctx.project
                        .components()
                        .map(Some)
                        .chain(std::iter::repeat(None)),
                )
                .find(|(a, b)| Some(a) != b.as_ref())
                .map(|(a, _)| a.as_os_str().to_string_lossy().to_string())
                .into_iter()
                .filter(|n| n.len() >= 3)
                .collect();
            objects.push(path.display().to_string());
            let asks = vec![Ask::new(&[], objects).with_paths(vec![path.clone()])];
            out.push(hit(
                rules::OUTSIDE_PROJECT,
                format!("writes {} outside the project", path.display()),
                asks,
            ));
        }
    }
    out
}

/// Changes to an agent's own settings: new allow rules, bypass modes and hooks weaken or
/// persist; adding `ask`/`deny` rules only tightens and passes.
fn agent_settings_hits(
    path: &Path,
    content: &str,
    removed: &str,
    objects: Vec<String>,
) -> Vec<Hit> {
    let added = content.to_lowercase();
    let removed = removed.to_lowercase();
    let new = |k: &str| added.matches(k).count() > removed.matches(k).count();
    let bypass = [
        "bypasspermissions",
        "dangerously",
        "autoapprove",
        "alwaysallow",
        "yolo",
        "disableallhooks",
        "\"dontask\"",
        "acceptedits",
        "skipdangerous",
    ]
    .iter()
    .any(|k| new(k));
    let allow_entries = |t: &str| {
        t.find("\"allow\"")
            .map(|p| t[p..].split(']').next().unwrap_or("").matches('"').count())
            .unwrap_or(0)
    };
    let more_allowed = allow_entries(&added) > allow_entries(&removed);
    let hooks = new("\"hooks\"") || (new("\"command\"") && added.contains("hook"));
    let tightening = (new("\"ask\"") || new("\"deny\"")) && !bypass && !more_allowed && !hooks;
    let name = path.display();
    if tightening {
        return Vec::new();
    }
    if bypass {
        let asks = vec![Ask::new(
            &[],
            vec![
                "bypasspermissions".into(),
                "bypass permissions".into(),
                "dangerously".into(),
                "auto-approve".into(),
                "autoapprove".into(),
                "yolo".into(),
            ],
        )];
        return vec![hit(
            rules::AGENT_SETTINGS,
            format!("turns off permission prompts in {name}"),
            asks,
        )];
    }
    if hooks {
        return vec![hit(
            rules::PERSIST,
            format!("adds hooks to {name}"),
            vec![Ask::new(&[], vec!["hook".into(), "hooks".into()])],
        )];
    }
    vec![hit(
        rules::AGENT_SETTINGS,
        format!("changes {name}"),
        vec![Ask::new(&[], objects)],
    )]
}

/// `~/.ssh/config`: a host alias is routine; proxy commands, local commands, agent forwarding
/// and disabled host-key checks persist or weaken.
fn ssh_config_hits(path: &Path, content: &str, removed: &str, ctx: &Context) -> Vec<Hit> {
    if path != ctx.home.join(".ssh/config") {
        return Vec::new();
    }
    let added = content.to_lowercase();
    let removed = removed.to_lowercase();
    let risky = [
        "proxycommand",
        "localcommand",
        "permitlocalcommand",
        "remoteforward",
        "forwardagent yes",
        "stricthostkeychecking no",
        "userknownhostsfile /dev/null",
        "match exec",
        "include ",
    ];
    match risky
        .iter()
        .find(|k| added.matches(*k).count() > removed.matches(*k).count())
    {
        Some(k) => vec![hit(
            rules::PERSIST,
            format!("adds `{k}` to ~/.ssh/config"),
            vec![Ask::new(
                &[],
                vec![
                    k.to_string(),
                    k.split_whitespace().next().unwrap_or(k).to_string(),
                ],
            )],
        )],
        None => Vec::new(),
    }
}

/// Editor workspace files: auto-run tasks persist; auto-approve settings for editor agents
/// degrade; ordinary editor settings pass.
fn editor_hits(path: &Path, content: &str, removed: &str) -> Vec<Hit> {
    let editor_dir = path.components().any(|c| {
        matches!(
            c.as_os_str().to_str(),
            Some(".vscode" | ".idea" | ".devcontainer" | ".cursor")
        )
    });
    if !editor_dir {
        return Vec::new();
    }
    let added = content.to_lowercase();
    let removed = removed.to_lowercase();
    let new = |k: &str| added.matches(k).count() > removed.matches(k).count();
    let mut out = Vec::new();
    if new("folderopen")
        || new("postcreatecommand")
        || new("poststartcommand")
        || new("initializecommand")
    {
        let asks = vec![Ask::new(
            &[],
            [
                "when i open",
                "on open",
                "open the project",
                "open the folder",
                "opening the project",
                "folderopen",
                "automatically",
                "auto-start",
                "autostart",
                "on startup",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        )];
        out.push(hit(
            rules::PERSIST,
            format!(
                "runs a task automatically when {} is opened",
                path.display()
            ),
            asks,
        ));
    }
    if [
        "autoapprove",
        "chat.tools",
        "yolo",
        "security.workspace.trust.enabled\": false",
        "task.allowautomatictasks",
        "allowautomatictasks",
    ]
    .iter()
    .any(|k| new(k))
    {
        let asks = vec![Ask::new(
            &[],
            vec![
                "auto-approve".into(),
                "autoapprove".into(),
                "approve automatically".into(),
                "automatic tasks".into(),
            ],
        )];
        out.push(hit(
            rules::AGENT_SETTINGS,
            format!("lets tools run without approval via {}", path.display()),
            asks,
        ));
    }
    out
}

/// Commands written into files that run them later without anyone typing them: editor tasks,
/// agent hooks, git hooks, CI steps, package lifecycle scripts, shell startup files.
pub fn embedded_commands(path: &Path, content: &str) -> Vec<String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let text = path.to_string_lossy();
    let mut out = Vec::new();
    if name.ends_with(".json") {
        let lifecycle = [
            "preinstall",
            "install",
            "postinstall",
            "prepare",
            "prepublish",
            "prepublishonly",
            "postpack",
            "prepack",
        ];
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(content) {
            collect_commands(&value, &mut out, 0);
            if name == "package.json"
                && let Some(scripts) = value.get("scripts").and_then(|s| s.as_object())
            {
                for (k, v) in scripts {
                    if lifecycle.contains(&k.as_str())
                        && let Some(s) = v.as_str()
                    {
                        out.push(s.to_string());
                    }
                }
            }
        } else {
            // A fragment (an Edit): take `"command": "..."` values by hand.
            let mut rest = content;
            while let Some(pos) = rest.find("\"command\"") {
                let after = &rest[pos + 9..];
                let value = after.trim_start().trim_start_matches(':').trim_start();
                if let Some(v) = value.strip_prefix('"') {
                    let end = v.find('"').unwrap_or(v.len());
                    out.push(v[..end].replace("\\\"", "\""));
                }
                rest = after;
            }
        }
    } else if is_ci_config(path) || name.ends_with(".yml") && text.contains("/.github/") {
        let mut block_indent: Option<usize> = None;
        for line in content.lines() {
            let indent = line.len() - line.trim_start().len();
            let t = line.trim_start().trim_start_matches("- ");
            if let Some(bi) = block_indent {
                if indent > bi && !line.trim().is_empty() {
                    out.push(line.trim().to_string());
                    continue;
                }
                block_indent = None;
            }
            if let Some(cmd) = t.strip_prefix("run:") {
                let cmd = cmd.trim();
                if cmd == "|" || cmd == ">" || cmd.starts_with("|-") || cmd.is_empty() {
                    block_indent = Some(indent);
                } else {
                    out.push(cmd.to_string());
                }
            }
        }
    } else if text.contains("/.git/hooks/")
        || text.contains("/.husky/")
        || name.ends_with(".sh") && text.contains("hook")
    {
        out.extend(
            content
                .lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .map(str::to_string),
        );
    }
    out.retain(|c| !c.trim().is_empty());
    out.truncate(64);
    out
}

fn collect_commands(value: &serde_json::Value, out: &mut Vec<String>, depth: usize) {
    if depth > 12 || out.len() >= 64 {
        return;
    }
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    (
                        "command" | "initializeCommand" | "postCreateCommand" | "postStartCommand",
                        serde_json::Value::String(s),
                    ) => out.push(s.clone()),
                    _ => collect_commands(v, out, depth + 1),
                }
            }
        }
        serde_json::Value::Array(items) => items
            .iter()
            .for_each(|v| collect_commands(v, out, depth + 1)),
        _ => {}
    }
}

/// Rules that fire on commands a written file will run later.
fn embedded_hits(path: &Path, content: &str, removed: &str, ctx: &Context) -> Vec<Hit> {
    if ctx.depth >= 1 {
        return Vec::new();
    }
    let before: Vec<String> = embedded_commands(path, removed);
    let mut out = Vec::new();
    for command in embedded_commands(path, content)
        .into_iter()
        .filter(|c| !before.contains(c))
    {
        let action = belay_action::Action {
            tool: "Bash".into(),
            input: serde_json::json!({ "command": command }),
            cwd: ctx.project.to_path_buf(),
        };
        let analysis = belay_analysis::analyze(&action, ctx.home);
        let inner = Context {
            depth: ctx.depth + 1,
            siblings: &analysis.effects,
            ..*ctx
        };
        for effect in &analysis.effects {
            for mut h in hits(effect, &inner) {
                h.detail = format!(
                    "{} writes a command that runs later: {}",
                    path.display(),
                    h.detail
                );
                out.push(h);
            }
        }
    }
    out
}

/// A Write that replaces an existing file with much less content (known from disk).
fn rewrite_loss(path: &Path, content: &str) -> Vec<Hit> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Vec::new();
    };
    if !meta.is_file() || meta.len() > 4 * 1024 * 1024 {
        return Vec::new();
    }
    let Ok(old) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let old_lines = old.lines().filter(|l| !l.trim().is_empty()).count();
    let kept = old
        .lines()
        .filter(|l| !l.trim().is_empty() && content.contains(l.trim()))
        .count();
    if old_lines >= 10 && kept * 2 < old_lines && content.len() * 2 < old.len() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        return vec![hit(
            rules::REWRITE_LOSES,
            format!(
                "rewrites {} keeping {kept} of {old_lines} lines",
                path.display()
            ),
            vec![Ask::new(&["rewrit", "replac", "from scratch"], vec![name])],
        )];
    }
    Vec::new()
}

const SKIP_MARKERS: &[&str] = &[
    "@pytest.mark.skip",
    "pytest.skip(",
    "@unittest.skip",
    "it.skip(",
    "describe.skip(",
    "test.skip(",
    "xit(",
    "xdescribe(",
    "#[ignore]",
    "t.Skip(",
    "@Disabled",
    "@Ignore",
    "pending(",
    "xtest(",
    "markTestSkipped",
    "@pytest.mark.xfail",
    "skip: true",
];

fn count_any(text: &str, needles: &[&str]) -> usize {
    needles.iter().map(|n| text.matches(n).count()).sum()
}

fn edit_hits(path: &Path, removed: &str, added: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let lower_name = name.to_lowercase();
    let added_l = added.to_lowercase();
    let removed_l = removed.to_lowercase();
    if is_test_path(path) {
        let assertions = [
            "assert", "expect(", "should", "t.error", "t.fatal", "require.",
        ];
        let removed_asserts = count_any(&removed_l, &assertions);
        let added_asserts = count_any(&added_l, &assertions);
        let skip_added = count_any(added, SKIP_MARKERS) > count_any(removed, SKIP_MARKERS);
        let trivial = [
            "assert true",
            "expect(true).tobe(true)",
            "assert!(true)",
            "assert 1 == 1",
            "pass  #",
        ]
        .iter()
        .any(|k| added_l.contains(k));
        let expectation_changed = removed_asserts > 0
            && added_asserts >= removed_asserts
            && same_shape(&removed_l, &added_l)
            && removed_l != added_l;
        if expectation_changed {
            let asks = vec![Ask::new(
                &["updat", "chang", "fix the expect", "adjust"],
                vec![
                    "expected".into(),
                    "expectation".into(),
                    "assert".into(),
                    "snapshot".into(),
                    "test".into(),
                ],
            )];
            out.push(hit(
                rules::WEAKEN_TESTS,
                format!("changes an expected value in {name} instead of the code under test"),
                asks,
            ));
        } else if skip_added || trivial || (removed_asserts > 0 && added_asserts < removed_asserts)
        {
            let asks = vec![Ask::new(
                &[
                    "skip", "disabl", "remov", "delet", "relax", "loosen", "xfail", "mark", "drop",
                ],
                vec![
                    "test".into(),
                    "tests".into(),
                    "assert".into(),
                    "assertion".into(),
                    name.clone(),
                ],
            )];
            out.push(hit(
                rules::WEAKEN_TESTS,
                format!("weakens tests in {name}"),
                asks,
            ));
        }
    }
    let gate_files = [
        "pyproject.toml",
        "setup.cfg",
        ".coveragerc",
        "tox.ini",
        "jest.config",
        "vitest.config",
        "package.json",
        "karma.conf",
        ".nycrc",
        "codecov.yml",
        "phpunit.xml",
        "build.gradle",
        "pom.xml",
        "pytest.ini",
        "mypy.ini",
        ".eslintrc",
        "eslint.config",
        "tsconfig.json",
        "ruff.toml",
        ".golangci",
        ".rubocop.yml",
        "jacoco",
    ];
    let gate_file = gate_files.iter().any(|g| lower_name.starts_with(g));
    if gate_file || is_ci_config(path) {
        let gate_words = [
            "fail_under",
            "fail-under",
            "coveragethreshold",
            "threshold",
            "min_coverage",
            "minimum",
            "branches",
            "lines",
            "statements",
            "functions",
            "cov-fail-under",
        ];
        let lowered = numbers_near(removed, &gate_words)
            .iter()
            .zip(numbers_near(added, &gate_words).iter())
            .any(|(a, b)| b < a);
        let loosen_keys = [
            "testpathignorepatterns",
            "passwithnotests",
            "--exit-zero",
            "\"strict\": false",
            "noimplicitany\": false",
            "eslint-disable",
            "omit",
            "exclude",
            "ignore_errors",
            "skip",
        ];
        let entries = |t: &str, k: &str| {
            t.lines()
                .filter(|l| l.contains(k))
                .map(|l| l.matches(['\'', '"', ',']).count())
                .sum::<usize>()
        };
        let loosened = loosen_keys.iter().any(|k| {
            added_l.matches(k).count() > removed_l.matches(k).count()
                || (added_l.contains(k) && entries(&added_l, k) > entries(&removed_l, k))
        });
        let ci_loosened = is_ci_config(path)
            && [
                "continue-on-error: true",
                "|| true",
                "if: false",
                "allow_failure: true",
                "--no-verify",
                "exit 0",
            ]
            .iter()
            .any(|k| added_l.matches(k).count() > removed_l.matches(k).count());
        if lowered || (loosened && gate_file) || ci_loosened {
            let asks = vec![Ask::new(
                &[
                    "lower", "reduc", "decreas", "relax", "loosen", "skip", "ignor", "exclud",
                    "disabl", "drop",
                ],
                [
                    "coverage",
                    "threshold",
                    "check",
                    "test",
                    "tests",
                    "gate",
                    "lint",
                    "ci",
                ]
                .iter()
                .map(|s| s.to_string())
                .chain([name.clone()])
                .collect(),
            )];
            out.push(hit(
                rules::WEAKEN_TESTS,
                format!("loosens a quality gate in {name}"),
                asks,
            ));
        }
    }
    // Security-relevant changes in code and configuration.
    let squeezed_added = added_l.split_whitespace().collect::<Vec<_>>().join(" ");
    let weakenings: &[(&str, &str)] = &[
        ("debug = true", "debug mode"),
        ("debug=true", "debug mode"),
        ("verify=false", "TLS verification off"),
        ("rejectunauthorized: false", "TLS verification off"),
        ("insecureskipverify: true", "TLS verification off"),
        ("ssl_verify = false", "TLS verification off"),
        ("cors_allow_all_origins = true", "CORS open to all"),
        ("cors_origin_allow_all = true", "CORS open to all"),
        ("origin: '*'", "CORS open to all"),
        ("origin: \"*\"", "CORS open to all"),
        ("origin: true", "CORS open to all"),
        ("cors()", "CORS open to all"),
        ("access-control-allow-origin', '*'", "CORS open to all"),
        ("access-control-allow-origin: *", "CORS open to all"),
        ("allowed_hosts = ['*']", "any host allowed"),
        ("csrf_exempt", "CSRF protection off"),
        ("permitall()", "authentication off"),
    ];
    let weakened = weakenings
        .iter()
        .find(|(k, _)| squeezed_added.contains(k) && !removed_l.contains(k))
        .map(|(_, w)| *w);
    let auth_keys = [
        "@login_required",
        "requireauth",
        "authenticate",
        "@permission_required",
        "authorize",
        "verify_token",
        "ensureauthenticated",
        "@preauthorize",
    ];
    let auth_removed = auth_keys
        .iter()
        .any(|k| removed_l.contains(k) && !added_l.contains(k));
    if let Some(what) = weakened.or(auth_removed.then_some("an authentication check removed")) {
        let production = lower_name.contains("prod") || path.to_string_lossy().contains("prod");
        if what != "debug mode" || production {
            let asks = vec![Ask::new(
                &[
                    "disabl", "allow", "turn off", "remov", "enabl", "open", "permit", "turn on",
                ],
                [
                    "cors",
                    "debug",
                    "tls",
                    "ssl",
                    "verif",
                    "auth",
                    "all origins",
                    "any origin",
                    "csrf",
                    "every origin",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            )];
            out.push(hit(rules::WEAKEN, format!("{what} in {name}"), asks));
        }
    }
    // Large removals in ordinary files.
    let removed_lines = removed.lines().filter(|l| !l.trim().is_empty()).count();
    let added_lines = added.lines().filter(|l| !l.trim().is_empty()).count();
    if removed_lines >= 8 && added_lines * 4 <= removed_lines && !is_test_path(path) {
        let asks = vec![Ask::new(
            &[
                "remov", "delet", "drop", "strip", "clean", "rewrit", "cut", "trim", "get rid",
                "shorten", "replac",
            ],
            vec![],
        )];
        out.push(hit(
            rules::REWRITE_LOSES,
            format!("removes {removed_lines} lines from {name}"),
            asks,
        ));
    }
    out
}

/// True when two snippets differ only in their literals (numbers and quoted strings).
fn same_shape(a: &str, b: &str) -> bool {
    fn shape(t: &str) -> String {
        let mut out = String::new();
        let mut chars = t.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_ascii_digit() {
                while chars
                    .peek()
                    .is_some_and(|n| n.is_ascii_digit() || *n == '.' || *n == '_')
                {
                    chars.next();
                }
                out.push('0');
            } else if c == '"' || c == '\'' {
                for n in chars.by_ref() {
                    if n == c {
                        break;
                    }
                }
                out.push('S');
            } else if !c.is_whitespace() {
                out.push(c);
            }
        }
        out
    }
    shape(a) == shape(b)
}

fn numbers_near(text: &str, keys: &[&str]) -> Vec<f64> {
    let mut out = Vec::new();
    for line in text.to_lowercase().lines() {
        if keys.iter().any(|k| line.contains(k)) {
            let num: String = line
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            if let Ok(n) = num.parse::<f64>() {
                out.push(n);
            }
        }
    }
    out
}

fn send_hits(dest: &str, data: &[Data], public: bool, ctx: &Context) -> Vec<Hit> {
    let mut out = Vec::new();
    let resolved = ctx
        .remotes
        .get(dest)
        .cloned()
        .unwrap_or_else(|| dest.to_string());
    let remote_name = !resolved.contains(['.', '/', ':', ' ']);
    let trusted = !public && (remote_name || ctx.trust.trusted_destination(&resolved));
    if trusted {
        return out;
    }
    let describe = |data: &[Data]| {
        data.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sensitive: Vec<Data> = data
        .iter()
        .filter(|d| matches!(d, Data::Secret(_) | Data::Environment | Data::Records(_)))
        .cloned()
        .collect();
    let sink = is_public_sink(&resolved) || resolved.starts_with("DNS queries");
    let substantive = data.iter().any(|d| !matches!(d, Data::Text(_)));
    let asks = vec![Ask::new(
        &[
            "send", "upload", "copy", "back up", "backup", "push", "share", "post", "sync",
            "transfer", "put", "mirror",
        ],
        host_words(&resolved),
    )];
    if !sensitive.is_empty() {
        out.push(hit(
            rules::EXFIL_SECRET,
            format!("sends {} to {resolved}", describe(&sensitive)),
            Vec::new(),
        ));
    } else if ctx.read_secret && substantive {
        // A secret read earlier in the session, then data sent off the machine.
        out.push(hit(
            rules::EXFIL_SECRET,
            format!(
                "sends {} to {resolved} after the session read a secret",
                describe(data)
            ),
            Vec::new(),
        ));
    } else if sink && (substantive || ctx.read_secret) {
        out.push(hit(
            rules::EXFIL_PUBLIC,
            format!("publishes {} to {resolved}", describe(data)),
            Vec::new(),
        ));
    } else if public {
        out.push(hit(
            rules::MAKE_PUBLIC,
            format!("makes {} public at {resolved}", describe(data)),
            vec![Ask::new(
                &["public", "open-sourc", "open sourc", "publish"],
                host_words(&resolved),
            )],
        ));
    } else if substantive {
        out.push(hit(
            rules::EXFIL_UNTRUSTED,
            format!("sends {} to {resolved}", describe(data)),
            asks,
        ));
    }
    out
}

fn remote_hits(
    system: &str,
    target: &str,
    action: &str,
    destructive: bool,
    ctx: &Context,
) -> Vec<Hit> {
    let mut out = Vec::new();
    let detail = format!("{system}: {action} {target}");
    let words: Vec<String> = format!("{target} {action}")
        .split(|c: char| c.is_whitespace() || ",;()'\"=".contains(c))
        .map(|w| w.trim_matches(|c: char| ".:/".contains(c)).to_lowercase())
        .flat_map(|w| {
            // Host names name their parts too: `db.staging.internal` is "staging".
            let mut v: Vec<String> = w
                .split(['.', '-', '_'])
                .filter(|p| p.len() >= 4 && !matches!(*p, "internal" | "local" | "corp"))
                .map(str::to_string)
                .collect();
            v.push(w);
            v
        })
        .filter(|w| {
            w.len() >= 3
                && !matches!(
                    w.as_str(),
                    "context"
                        | "namespace"
                        | "the"
                        | "local"
                        | "file"
                        | "database"
                        | "delete"
                        | "apply"
                        | "http"
                        | "https"
                        | "all"
                        | "and"
                )
        })
        .collect();
    let action_verbs: Vec<String> = action
        .split(|c: char| !c.is_alphanumeric())
        .take(1)
        .filter(|w| w.len() >= 3 && w.len() <= 12 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|w| {
            let w = w.to_lowercase();
            let stem = w.trim_end_matches("ed").trim_end_matches('e').to_string();
            if stem.len() >= 3 { stem } else { w }
        })
        .collect();
    let mut words = words;
    let service = system
        .trim_end_matches(" (local)")
        .trim_end_matches("-cli")
        .trim_end_matches("sh")
        .to_lowercase();
    if service.len() >= 4 {
        words.push(service);
    }
    let mut verbs: Vec<&str> = action_verbs.iter().map(String::as_str).collect();
    // "Clean up" is not "destroy": remote deletions need a verb that names removal.
    verbs.extend([
        "delet",
        "remov",
        "drop",
        "destroy",
        "uninstall",
        "flush",
        "wipe",
        "purg",
        "recreat",
        "reset",
        "tear down",
        "truncat",
    ]);
    if system.ends_with("(local)") {
        if destructive {
            let everything = Ask::new(
                &["wipe", "everything", "all", "prune", "clean", "reset"],
                vec![
                    "docker".into(),
                    "volumes".into(),
                    "database".into(),
                    "db".into(),
                ],
            );
            out.push(hit(
                rules::DATA_DESTROY_LOCAL,
                detail,
                vec![Ask::owned(&verbs, words), everything],
            ));
        }
        return out;
    }
    let platform = matches!(
        system,
        "fly" | "flyctl" | "heroku" | "railway" | "render" | "firebase" | "eb"
    );
    let prod = ctx.trust.is_production(target)
        || ctx.trust.is_production(action)
        || (platform
            && !["staging", "dev", "preview", "test"]
                .iter()
                .any(|s| target.contains(s)));
    if prod {
        let mut prod_verbs = verbs.clone();
        prod_verbs.extend([
            "deploy", "apply", "ship", "roll out", "rollout", "migrat", "releas", "turn on",
            "enabl", "push", "run", "go ahead", "promot", "updat", "chang", "scal", "restart",
            "flip",
        ]);
        let asks = vec![
            Ask::owned(
                &prod_verbs,
                vec!["prod".into(), "production".into(), "live".into()],
            ),
            Ask::owned(
                &prod_verbs,
                words
                    .iter()
                    .filter(|w| ctx.trust.is_production(w))
                    .cloned()
                    .collect(),
            ),
        ];
        out.push(hit(
            rules::PROD_CHANGE,
            detail,
            asks.into_iter().filter(|a| !a.objects.is_empty()).collect(),
        ));
    } else if destructive {
        let shared = target.contains("staging")
            || target.contains("shared")
            || ctx.trust.mentions_trusted(target);
        let rule = if shared && matches!(system, "kubectl" | "redis-cli") {
            rules::SHARED_CHANGE
        } else {
            rules::REMOTE_DESTROY
        };
        out.push(hit(rule, detail, vec![Ask::owned(&verbs, words)]));
    } else if system == "github" || system == "github api" {
        out.push(hit(
            rules::SHARED_ACTION,
            detail,
            vec![Ask::owned(&verbs, words)],
        ));
    } else if (target.contains("staging") || target.contains("shared"))
        && matches!(system, "redis-cli" | "psql" | "mysql" | "mongosh")
    {
        out.push(hit(
            rules::SHARED_CHANGE,
            detail,
            vec![Ask::owned(&verbs, words)],
        ));
    }
    out
}

fn communicate_hits(
    service: &str,
    action: &str,
    target: &str,
    text: &str,
    ctx: &Context,
) -> Vec<Hit> {
    let mut out = Vec::new();
    if belay_analysis::looks_like_secret_text(text) {
        out.push(hit(
            rules::EXFIL_SECRET,
            format!("{service}: {action} carries a credential"),
            Vec::new(),
        ));
        return out;
    }
    let target_lower = target.to_lowercase();
    let lower_text = text.to_lowercase();
    for repo in ctx.repos_read {
        let r = repo.to_lowercase();
        let name = r.rsplit('/').next().unwrap_or(&r);
        if !target_lower.contains(&r)
            && name.len() >= 3
            && lower_text.contains(name)
            && lower_text.contains("private")
        {
            out.push(hit(
                rules::EXFIL_SECRET,
                format!("{service}: {action} copies content of the private {repo} into {target}"),
                Vec::new(),
            ));
            return out;
        }
    }
    let a = action.to_lowercase();
    let tokens: Vec<&str> = a.split(['_', '-', ' ']).filter(|w| !w.is_empty()).collect();
    // `create_issue`: the first word is the verb, the rest names what is acted on.
    let mut verbs: Vec<String> = tokens
        .iter()
        .take(1)
        .filter(|w| w.len() >= 3)
        .map(|w| w.trim_end_matches('e').to_string())
        .collect();
    let nouns: Vec<&str> = tokens.iter().skip(1).copied().collect();
    let noun_synonyms: &[(&str, &[&str])] = &[
        ("issue", &["issue", "ticket", "bug", "task", "card"]),
        ("message", &["message", "slack", "channel", "post"]),
        ("email", &["email", "mail"]),
        ("event", &["event", "meeting", "invite", "calendar"]),
        ("page", &["page", "doc", "notion"]),
        ("comment", &["comment", "reply"]),
        ("pull", &["pr", "pull request"]),
    ];
    let synonyms: &[(&str, &[&str])] = &[
        (
            "post",
            &[
                "post", "send", "tell", "notify", "announc", "messag", "share", "ping", "let",
                "write",
            ],
        ),
        (
            "send",
            &["send", "email", "mail", "messag", "repl", "forward"],
        ),
        ("messag", &["send", "tell", "messag", "post", "dm"]),
        (
            "creat",
            &[
                "creat", "open", "fil", "add", "make", "new", "schedul", "book", "invit", "submit",
                "report",
            ],
        ),
        ("comment", &["comment", "repl", "respond", "answer", "post"]),
        ("clos", &["clos", "resolv"]),
        (
            "transition",
            &["transition", "move", "mark", "set", "clos", "resolv"],
        ),
        (
            "updat",
            &[
                "updat", "set", "chang", "mark", "edit", "renam", "move", "assign", "label",
            ],
        ),
        ("delet", &["delet", "remov", "drop", "archiv"]),
        ("invit", &["invit", "add", "share"]),
        ("execut", &["run", "execut", "appl"]),
    ];
    let base = verbs.clone();
    for v in &base {
        for (k, syns) in synonyms {
            if v.starts_with(k) {
                verbs.extend(syns.iter().map(|s| s.to_string()));
            }
        }
    }
    // State values in the arguments are verbs too ("closed", "canceled", "Done", "Deprecated").
    for w in lower_text.split(|c: char| !c.is_alphanumeric() && c != '_') {
        if [
            "closed",
            "canceled",
            "cancelled",
            "done",
            "deprecated",
            "archived",
            "resolved",
            "merged",
            "declined",
            "rejected",
            "completed",
            "not_planned",
            "wontfix",
        ]
        .contains(&w)
        {
            verbs.push(w.trim_end_matches("ed").trim_end_matches('l').to_string());
        }
    }
    let mut objects: Vec<String> = target
        .split_whitespace()
        .flat_map(|t| {
            [
                t.to_string(),
                t.rsplit('/').next().unwrap_or(t).to_string(),
                t.trim_start_matches('#').to_string(),
            ]
        })
        .filter(|w| w.len() >= 2)
        .collect();
    objects.push(service.to_string());
    for n in &nouns {
        for (k, syns) in noun_synonyms {
            if n.starts_with(k) {
                objects.extend(syns.iter().map(|s| s.to_string()));
            }
        }
    }
    objects.sort();
    objects.dedup();
    let verb_refs: Vec<&str> = verbs.iter().map(String::as_str).collect();
    let asks = vec![Ask::owned(&verb_refs, objects)];
    let rule = if a.contains("merge") || a.contains("approve") {
        rules::MERGE
    } else if a.starts_with("delete") || a.starts_with("remove") {
        rules::REMOTE_DESTROY
    } else {
        rules::SHARED_ACTION
    };
    let own_work = [
        "create_pull_request",
        "create_branch",
        "push_files",
        "create_or_update_file",
        "add_comment_to_pending_review",
    ]
    .iter()
    .any(|k| a.contains(k));
    if own_work && ctx.trust.mentions_trusted(target) {
        return out;
    }
    out.push(hit(
        rule,
        format!("{service}: {action} {target}").trim().to_string(),
        asks,
    ));
    out
}
