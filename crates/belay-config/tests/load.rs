//! Loading for a working directory: which project files apply, faults in the user's files,
//! rejections naming their file, and the cost when nothing is configured.

use belay_config::{Locations, load_for, paths::project_config_files};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn touch(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// home/ with a repository home/repo (holding .git) and home/repo/pkg/web.
fn tree() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let repo = home.join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("pkg/web")).unwrap();
    (dir, home, repo)
}

#[test]
fn project_files_from_cwd_up_to_the_repository_root() {
    let (dir, home, repo) = tree();
    touch(&repo.join(".belay.toml"), "");
    touch(&repo.join("pkg/web/.belay.toml"), "");
    // Above the repository root: never read from inside it.
    touch(&home.join(".belay.toml"), "");
    touch(&dir.path().join(".belay.toml"), "");
    assert_eq!(
        project_config_files(&repo.join("pkg/web"), &home),
        [repo.join("pkg/web/.belay.toml"), repo.join(".belay.toml")]
    );
    assert_eq!(
        project_config_files(&repo.join("pkg"), &home),
        [repo.join(".belay.toml")]
    );
    // Outside a repository the walk stops below the home directory.
    let loose = home.join("notes/today");
    std::fs::create_dir_all(&loose).unwrap();
    touch(&home.join("notes/.belay.toml"), "");
    assert_eq!(
        project_config_files(&loose, &home),
        [home.join("notes/.belay.toml")]
    );
    // A relative working directory reads nothing.
    assert!(project_config_files(Path::new("repo"), &home).is_empty());
}

#[test]
fn nested_project_files_all_apply() {
    let (_dir, home, repo) = tree();
    touch(
        &repo.join(".belay.toml"),
        "[rules]\ndeny = [\"Bash(make deploy)\"]\n[limits]\ntotal_denials = 5\n",
    );
    touch(
        &repo.join("pkg/.belay.toml"),
        "[rules]\nask = [\"Bash(npm publish)\"]\n[limits]\ntotal_denials = 9\n",
    );
    let loaded = load_for(&Locations::default(), &repo.join("pkg"), &home);
    assert!(loaded.rejected.is_empty(), "{:?}", loaded.rejected);
    let rules: Vec<String> = loaded
        .config
        .list_rules()
        .into_iter()
        .map(|(a, p, s)| format!("{a} {p} {s}"))
        .collect();
    assert_eq!(
        rules,
        [
            "deny Bash(make deploy) project",
            "ask Bash(npm publish) project"
        ]
    );
    assert_eq!(loaded.config.limits.total_denials, 5);
}

#[test]
fn user_faults_name_the_file_and_line() {
    let (dir, home, repo) = tree();
    let user = dir.path().join("config.toml");
    touch(&user, "[limits]\ntotal_denials = -1\n");
    let claude = dir.path().join("settings.json");
    touch(
        &claude,
        "{\"autoMode\": {\"environment\": [\"Trusted hosts: a.example\"]}}",
    );
    let locations = Locations {
        user_config: Some(user.clone()),
        claude_settings: Some(claude.clone()),
    };
    let loaded = load_for(&locations, &repo, &home);
    assert_eq!(
        loaded.faults,
        [format!(
            "{}:2:17: `total_denials` must be between 1 and 1000, not -1",
            user.display()
        )]
    );
    // What could be read still is: the Claude environment lines.
    assert_eq!(loaded.config.environment, ["Trusted hosts: a.example"]);
    touch(&claude, "{ nope");
    touch(&user, "");
    let loaded = load_for(&locations, &repo, &home);
    assert_eq!(loaded.faults.len(), 1);
    assert!(
        loaded.faults[0].contains(&claude.display().to_string()),
        "{:?}",
        loaded.faults
    );
}

#[test]
fn rejections_name_their_project_file() {
    let (_dir, home, repo) = tree();
    touch(
        &repo.join(".belay.toml"),
        "[rules]\nallow = [\"Bash(ls)\"]\n[limits]\nconsecutive_denials = 9\n",
    );
    let loaded = load_for(&Locations::default(), &repo, &home);
    let file = repo.join(".belay.toml").display().to_string();
    let lines: Vec<String> = loaded.rejected.iter().map(|r| r.to_string()).collect();
    assert_eq!(
        lines,
        [
            format!(
                "{file}:2:1: ignored [rules].allow: a project cannot add allow rules; allow rules belong in your own config.toml"
            ),
            format!(
                "{file}: ignored [limits].consecutive_denials = 9: a project can only lower limits (yours is 3)"
            ),
        ]
    );
}

/// The hook loads on every call: with nothing configured this is a handful of `stat`s.
/// `cargo test -p belay-config --release --test load -- --ignored --nocapture` prints the figure.
#[test]
#[ignore = "a timing, not a check; run by hand"]
fn loading_nothing_is_cheap() {
    let (dir, home, repo) = tree();
    let cwd = repo.join("pkg/web");
    let locations = Locations {
        user_config: Some(dir.path().join("absent/config.toml")),
        claude_settings: Some(home.join(".claude/settings.json")),
    };
    let time = |what: &str, locations: &Locations| {
        let mut times: Vec<f64> = (0..2000)
            .map(|_| {
                let t = Instant::now();
                let loaded = load_for(locations, &cwd, &home);
                assert!(loaded.faults.is_empty(), "{:?}", loaded.faults);
                t.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "load_for {what}: p50 {:.1} us, p99 {:.1} us",
            times[times.len() / 2],
            times[times.len() * 99 / 100]
        );
    };
    time("with no config", &locations);
    // A typical setup: ten user rules, an autoMode block, a project file.
    let user = dir.path().join("config.toml");
    touch(
        &user,
        "[environment]\norgs = [\"acme\"]\n[rules]\ndeny = [\"Bash(git push --force:*)\", \"Edit(~/.ssh/**)\", \"mcp__prod__*\"]\nask = [\"Bash(terraform apply:*)\", \"Read(./secrets/**)\", \"WebFetch(domain:*.internal)\"]\nallow = [\"Bash(npm test)\", \"Bash(cargo test:*)\", \"WebFetch(domain:docs.rs)\", \"Edit(./src/**)\"]\n[severity]\n\"git.force-push\" = \"hard\"\n",
    );
    touch(
        &home.join(".claude/settings.json"),
        "{\"autoMode\": {\"environment\": [\"$defaults\", \"Org: acme\"], \"soft_deny\": [\"Never run `make release`\"]}}",
    );
    touch(
        &repo.join(".belay.toml"),
        "[rules]\ndeny = [\"Bash(make deploy)\"]\n",
    );
    let typical = Locations {
        user_config: Some(user),
        claude_settings: Some(home.join(".claude/settings.json")),
    };
    time("with a typical config", &typical);
}
