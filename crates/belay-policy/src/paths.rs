//! What a path is to the policy: critical, protected, regenerable, a test.

use crate::rules::{self, Rule};
use std::path::Path;

/// Directory names whose content a build regenerates.
const BUILD_DIRS: &[&str] = &[
    "target",
    "node_modules",
    "dist",
    "build",
    "out",
    ".next",
    ".nuxt",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".cache",
    "coverage",
    "htmlcov",
    ".turbo",
    ".parcel-cache",
    ".gradle",
    "bin",
    "obj",
    ".venv",
    "venv",
    ".tox",
    ".nyc_output",
    "tmp",
    ".tmp",
    "temp",
    "_build",
    "deps",
    ".dart_tool",
    ".svelte-kit",
    ".angular",
    "cmake-build-debug",
    "cmake-build-release",
    ".eggs",
    "site",
    "public",
    ".expo",
    "storybook-static",
    "DerivedData",
    ".terraform",
    "generated",
    ".pnpm-store",
    ".yarn-cache",
    ".npm",
    ".sass-cache",
    ".webpack",
    ".vite",
    ".docusaurus",
];

/// True when deleting `path` (inside the project) only removes what a build can regenerate.
pub fn regenerable(path: &Path, project: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(project) else {
        return false;
    };
    let comps: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let name = comps.last().cloned().unwrap_or_default();
    let lockfile = matches!(
        name.as_str(),
        "package-lock.json"
            | "yarn.lock"
            | "pnpm-lock.yaml"
            | "npm-shrinkwrap.json"
            | "bun.lockb"
            | "Cargo.lock"
            | "poetry.lock"
            | "Pipfile.lock"
            | "Gemfile.lock"
            | "composer.lock"
            | "go.sum"
            | "uv.lock"
            | "mix.lock"
    );
    if lockfile
        || [".pyc", ".o", ".log", ".tsbuildinfo", ".egg-info"]
            .iter()
            .any(|e| name.ends_with(e))
    {
        return true;
    }
    // User data inside a build-looking folder (`public/uploads`) does not count.
    match comps.iter().position(|c| BUILD_DIRS.contains(&c.as_str())) {
        Some(i) => !comps[i + 1..].iter().any(|c| {
            matches!(
                c.as_str(),
                "uploads" | "media" | "data" | "storage" | "backups" | "files"
            )
        }),
        None => false,
    }
}

/// True for a test file or test directory.
pub fn is_test_path(path: &Path) -> bool {
    let text = path.to_string_lossy().to_lowercase();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let in_test_dir = path.components().any(|c| {
        let c = c.as_os_str().to_string_lossy().to_lowercase();
        matches!(
            c.as_str(),
            "test" | "tests" | "spec" | "specs" | "__tests__" | "e2e"
        )
    });
    let generated = [
        "/tmp",
        "/output",
        "/snapshots",
        "/__snapshots__",
        "/.pytest_cache",
        "/fixtures/generated",
    ]
    .iter()
    .any(|g| text.contains(g));
    let test_name = name.starts_with("test_")
        || name.contains("_test.")
        || name.contains(".test.")
        || name.contains(".spec.")
        || name.ends_with("_spec.rb")
        || name.ends_with("test.java")
        || name.ends_with("tests.cs");
    (in_test_dir || test_name) && !generated
}

/// The filesystem root, a top-level directory, home, the project or one of its ancestors.
pub fn is_critical(path: &Path, home: &Path, project: &Path) -> bool {
    path.components().count() <= 2
        || path == home
        || home.starts_with(path)
        || project.starts_with(path)
}

/// Rules that guard a path against writes, with words that name it for the user's intent.
pub fn protected(path: &Path, home: &Path, project: &Path) -> Option<(Rule, Vec<String>)> {
    let text = path.to_string_lossy().to_string();
    let lower = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    // The components once: every rule below asks about them, and splitting a path is not cheap.
    let components: Vec<&std::ffi::OsStr> = path.components().map(|c| c.as_os_str()).collect();
    let has_dir = |d: &str| components.iter().any(|c| *c == d);
    let words = |ws: &[&str]| ws.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    let agent_dir = (has_dir(".codex") || has_dir(".gemini") || has_dir(".cursor"))
        && (lower.contains("settings") || lower.contains("hooks") || lower.contains("config"));
    if (has_dir(".claude") && (lower.starts_with("settings") || text.contains("/.claude/hooks")))
        || matches!(lower.as_str(), ".mcp.json" | ".claude.json" | ".belay.toml")
        || has_dir(".belay")
        || agent_dir
    {
        return Some((
            rules::AGENT_SETTINGS,
            words(&[
                ".claude",
                "settings.json",
                "claude settings",
                "allowed commands",
                "allow list",
                "allowlist",
                ".mcp.json",
                "mcp server",
                "belay",
            ]),
        ));
    }
    if has_dir(".git") {
        if has_dir("hooks") {
            return Some((
                rules::PERSIST,
                words(&["git hook", "pre-commit", "pre-push", "hook"]),
            ));
        }
        return Some((rules::GIT_DISCARD, words(&[".git"])));
    }
    if has_dir(".husky")
        || lower == ".pre-commit-config.yaml"
        || lower.starts_with("lefthook")
        || lower == "codeowners"
    {
        return Some((
            rules::SKIP_CHECKS,
            words(&[
                "hook",
                "husky",
                "pre-commit",
                "lefthook",
                "codeowners",
                "code owners",
            ]),
        ));
    }
    if has_dir(".vscode")
        || has_dir(".idea")
        || has_dir(".devcontainer")
        || lower == ".devcontainer.json"
    {
        return None; // judged by what the change adds (judge::editor_hits)
    }
    if matches!(
        lower.as_str(),
        ".npmrc"
            | ".yarnrc"
            | ".yarnrc.yml"
            | ".pypirc"
            | "pip.conf"
            | ".gemrc"
            | "bunfig.toml"
            | ".bunfig.toml"
            | ".pnpmfile.cjs"
            | "gradle-wrapper.properties"
            | "maven-wrapper.properties"
    ) {
        return Some((
            rules::PERSIST,
            words(&[
                "registry", "mirror", "npmrc", ".npmrc", "pip.conf", "wrapper",
            ]),
        ));
    }
    if !path.starts_with(project) {
        let rel_home = path
            .strip_prefix(home)
            .ok()
            .map(|p| p.to_string_lossy().to_string());
        let rc = [
            ".bashrc",
            ".bash_profile",
            ".bash_login",
            ".bash_aliases",
            ".bash_logout",
            ".zshrc",
            ".zprofile",
            ".zshenv",
            ".zlogin",
            ".profile",
            "config.fish",
            ".envrc",
            ".inputrc",
            ".tmux.conf",
            ".vimrc",
        ];
        if rc.contains(&lower.as_str()) {
            return Some((
                rules::PERSIST,
                words(&[
                    &lower,
                    "shell config",
                    "shell profile",
                    "rc file",
                    "bashrc",
                    "zshrc",
                    "profile",
                    "every shell",
                    "all shells",
                    "permanently",
                ]),
            ));
        }
        if rel_home.as_deref().is_some_and(|r| r.starts_with(".ssh/")) {
            if lower.starts_with("id_") && !lower.ends_with(".pub") {
                return Some((rules::SECRET_READ, words(&[&lower, "ssh key"])));
            }
            if lower == "config" {
                return None; // judged by what the change adds (judge::ssh_config_hits)
            }
            return Some((
                rules::PERSIST,
                words(&[
                    &lower,
                    "ssh config",
                    "authorized_keys",
                    "authorized keys",
                    ".ssh/config",
                ]),
            ));
        }
        let service_dirs = [
            "/LaunchAgents/",
            "/LaunchDaemons/",
            "/systemd/",
            "/autostart/",
            "/init.d/",
        ];
        if service_dirs.iter().any(|d| text.contains(d))
            || text.starts_with("/etc/cron")
            || text.starts_with("/var/spool/cron")
        {
            return Some((
                rules::PERSIST,
                words(&[
                    "service",
                    "startup",
                    "autostart",
                    "cron",
                    "launch agent",
                    "systemd",
                    "daemon",
                ]),
            ));
        }
        if rel_home
            .as_deref()
            .is_some_and(|r| r == ".gitconfig" || r.starts_with(".config/git"))
        {
            return Some((rules::PERSIST, words(&["gitconfig", "git config"])));
        }
    }
    if crate::judge::is_ci_config(path) {
        return Some((
            rules::WEAKEN_TESTS,
            words(&[
                "ci",
                "workflow",
                "pipeline",
                "github actions",
                "action",
                "job",
                ".github",
            ]),
        ));
    }
    None
}
