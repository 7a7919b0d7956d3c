//! Installing belay into Claude Code's `settings.json` (see hook-protocols.md §2.1).
//!
//! belay adds one command handler, `<belay> hook claude-code`, for `PreToolUse` and `PostToolUse`
//! (matcher `*`), `UserPromptSubmit` and `SessionStart` (no matcher: all). A handler is belay's
//! when its `command` contains ` hook claude-code` (or its exec-form `args` start with `hook`,
//! `claude-code`). Everything else in the file is kept as it was, in its order.
//!
//! Edits are safe: a file that does not parse (or whose `hooks` are not shaped as Claude Code
//! expects) is refused untouched; an existing file is copied to
//! `settings.json.belay-backup-<unix-seconds>` before it changes; the new content is written to a
//! temporary file in the same directory and renamed over the old one; a symlinked settings file is
//! edited at its target. Nothing is written when nothing changes, so both operations are
//! idempotent.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::InstallError;
use crate::json::Json;

/// The Claude Code hook events belay installs, with the matcher its group gets (`None`: the event
/// takes no matcher, or belay wants all of them and omits it).
pub const CLAUDE_CODE_EVENTS: [(&str, Option<&str>); 4] = [
    ("PreToolUse", Some("*")),
    ("PostToolUse", Some("*")),
    ("UserPromptSubmit", None),
    ("SessionStart", None),
];

/// The handler timeout belay installs, in seconds.
pub const HOOK_TIMEOUT_SECS: u64 = 10;

/// The arguments that make a command belay's Claude Code hook.
pub const HOOK_ARGS: &str = "hook claude-code";

/// What an install or uninstall did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallReport {
    /// The file edited (the symlink's target if the given path was a symlink).
    pub settings_path: PathBuf,
    /// The file did not exist and was created.
    pub created: bool,
    /// Where the previous content was saved, if the file existed and changed.
    pub backup: Option<PathBuf>,
    /// One line per change, e.g. `PreToolUse: added belay's hook`. Empty: nothing to do.
    pub changes: Vec<String>,
}

impl InstallReport {
    /// Whether the file was written.
    pub fn changed(&self) -> bool {
        !self.changes.is_empty()
    }
}

/// Claude Code's settings file: project scope `<project>/.claude/settings.json` when `project` is
/// given, else user scope `$CLAUDE_CONFIG_DIR/settings.json` or `~/.claude/settings.json`.
pub fn claude_settings_path(project: Option<&Path>) -> PathBuf {
    claude_settings_path_from(
        project,
        std::env::var_os("CLAUDE_CONFIG_DIR"),
        std::env::home_dir().map(PathBuf::into_os_string),
    )
}

/// [`claude_settings_path`] with the environment passed in (`claude_config_dir`: the value of
/// `CLAUDE_CONFIG_DIR`, empty counts as unset; `home`: the home directory). Without either, the
/// user-scope path is relative: `.claude/settings.json`.
pub fn claude_settings_path_from(
    project: Option<&Path>,
    claude_config_dir: Option<OsString>,
    home: Option<OsString>,
) -> PathBuf {
    if let Some(project) = project {
        return project.join(".claude").join("settings.json");
    }
    if let Some(dir) = claude_config_dir.filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("settings.json");
    }
    let home = home.filter(|h| !h.is_empty()).map(PathBuf::from);
    home.unwrap_or_default()
        .join(".claude")
        .join("settings.json")
}

/// The project's local (not committed) settings file: `<project>/.claude/settings.local.json`.
pub fn claude_local_settings_path(project: &Path) -> PathBuf {
    project.join(".claude").join("settings.local.json")
}

/// The command line belay installs: `command` (shell-quoted if it needs it) + ` hook claude-code`.
pub fn hook_command_line(command: &str) -> String {
    format!("{} {HOOK_ARGS}", shell_quote(command))
}

pub(crate) fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%=,~".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Whether a handler object is belay's Claude Code hook.
pub(crate) fn is_belay_handler(handler: &Json) -> bool {
    if let Some(cmd) = handler.get("command").and_then(Json::as_str) {
        if cmd.contains(&format!(" {HOOK_ARGS}")) {
            return true;
        }
        if let Some(Json::Array(args)) = handler.get("args") {
            let args: Vec<_> = args.iter().map(Json::as_str).collect();
            return args.starts_with(&[Some("hook"), Some("claude-code")]);
        }
    }
    false
}

fn matcher_covers_all(group: &Json) -> bool {
    match group.get("matcher") {
        None | Some(Json::Null) => true,
        Some(Json::String(m)) => m.is_empty() || m == "*",
        Some(_) => false,
    }
}

fn shape(path: &Path, what: String) -> InstallError {
    InstallError::Shape {
        path: path.to_path_buf(),
        what,
    }
}

/// Add or update belay's hooks in `doc`; returns the changes made.
fn install_doc(
    doc: &mut Json,
    command_line: &str,
    path: &Path,
) -> Result<Vec<String>, InstallError> {
    if !matches!(doc, Json::Object(_)) {
        return Err(shape(
            path,
            format!("the top level is {}, not an object", doc.kind()),
        ));
    }
    let hooks = doc
        .entry_or_insert("hooks", Json::Object(Vec::new()))
        .ok_or_else(|| shape(path, "the top level is not an object".into()))?;
    if !matches!(hooks, Json::Object(_)) {
        return Err(shape(
            path,
            format!("\"hooks\" is {}, not an object", hooks.kind()),
        ));
    }
    let mut changes = Vec::new();
    for (event, matcher) in CLAUDE_CODE_EVENTS {
        let groups = hooks
            .entry_or_insert(event, Json::Array(Vec::new()))
            .ok_or_else(|| shape(path, "\"hooks\" is not an object".into()))?;
        let Json::Array(groups) = groups else {
            return Err(shape(
                path,
                format!("\"hooks.{event}\" is {}, not an array", groups.kind()),
            ));
        };
        // Where belay's handlers are now: (group index, handler index).
        let mut found = Vec::new();
        for (gi, group) in groups.iter().enumerate() {
            if let Some(Json::Array(handlers)) = group.get("hooks") {
                for (hi, h) in handlers.iter().enumerate() {
                    if is_belay_handler(h) {
                        found.push((gi, hi));
                    }
                }
            }
        }
        if let [(gi, hi)] = found[..]
            && matcher_covers_all(&groups[gi])
        {
            // One handler, seeing every call: keep it (and its position, timeout and any other
            // fields the user set), only make sure it runs this command.
            let Some(Json::Array(handlers)) = groups[gi].get_mut("hooks") else {
                continue;
            };
            let h = &mut handlers[hi];
            let current = h.get("command").and_then(Json::as_str) == Some(command_line)
                && h.get("type").and_then(Json::as_str) == Some("command")
                && h.get("args").is_none();
            if !current {
                if let Some(v) = h.entry_or_insert("type", Json::Null) {
                    *v = Json::String("command".into());
                }
                if let Some(v) = h.entry_or_insert("command", Json::Null) {
                    *v = Json::String(command_line.into());
                }
                h.remove("args");
                changes.push(format!("{event}: updated belay's hook to `{command_line}`"));
            }
            continue;
        }
        let removed = remove_belay_handlers(groups);
        let mut group = Vec::new();
        if let Some(m) = matcher {
            group.push(("matcher".to_string(), Json::String(m.into())));
        }
        group.push((
            "hooks".to_string(),
            Json::Array(vec![Json::Object(vec![
                ("type".into(), Json::String("command".into())),
                ("command".into(), Json::String(command_line.into())),
                ("timeout".into(), Json::Number(HOOK_TIMEOUT_SECS.into())),
            ])]),
        ));
        groups.push(Json::Object(group));
        changes.push(if removed > 0 {
            format!("{event}: replaced {removed} belay hook(s) that did not see every call")
        } else {
            format!("{event}: added belay's hook")
        });
    }
    Ok(changes)
}

/// Remove belay's handlers from an event's groups, and groups this leaves without handlers.
fn remove_belay_handlers(groups: &mut Vec<Json>) -> usize {
    let mut removed = 0;
    groups.retain_mut(|group| {
        let Some(Json::Array(handlers)) = group.get_mut("hooks") else {
            return true;
        };
        let before = handlers.len();
        handlers.retain(|h| !is_belay_handler(h));
        let n = before - handlers.len();
        removed += n;
        !(n > 0 && handlers.is_empty())
    });
    removed
}

/// Remove belay's hooks (from every event) and the groups, events and `hooks` object this empties.
fn uninstall_doc(doc: &mut Json) -> Vec<String> {
    remove_from_events(doc, remove_belay_handlers)
}

/// The removal every agent's file shares: `remove` takes belay's entries out of one event's
/// list and says how many it took; an event left empty by that goes, and so does a `hooks`
/// object left empty. Returns one line per event changed.
pub(crate) fn remove_from_events(
    doc: &mut Json,
    mut remove: impl FnMut(&mut Vec<Json>) -> usize,
) -> Vec<String> {
    let mut changes = Vec::new();
    let Some(Json::Object(events)) = doc.get_mut("hooks") else {
        return changes;
    };
    events.retain_mut(|(event, list)| {
        let Json::Array(list) = list else {
            return true;
        };
        let removed = remove(list);
        if removed > 0 {
            changes.push(format!("{event}: removed belay's hook"));
        }
        !(removed > 0 && list.is_empty())
    });
    if !changes.is_empty() && events.is_empty() {
        doc.remove("hooks");
    }
    changes
}

/// A settings file as read: where it is, its bytes (if it exists) and its parsed content.
pub(crate) struct Loaded {
    pub(crate) path: PathBuf,
    pub(crate) original: Option<Vec<u8>>,
    pub(crate) doc: Json,
}

/// Follow a symlinked settings file to its target, so the link survives the rename.
fn resolve(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// Read and parse a settings file; an absent or blank file is an empty object.
pub(crate) fn load(path: &Path) -> Result<Loaded, InstallError> {
    let path = resolve(path);
    let original = match fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(source) => return Err(InstallError::Read { path, source }),
    };
    let doc = match &original {
        None => Json::Object(Vec::new()),
        Some(bytes) => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| InstallError::NotUtf8 { path: path.clone() })?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            if text.trim().is_empty() {
                Json::Object(Vec::new())
            } else {
                serde_json::from_str(text).map_err(|e| parse_error(&path, &e))?
            }
        }
    };
    Ok(Loaded {
        path,
        original,
        doc,
    })
}

pub(crate) fn parse_error(path: &Path, e: &serde_json::Error) -> InstallError {
    let message = e.to_string();
    // serde_json appends " at line L column C"; the error says that separately.
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    InstallError::Parse {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// Back up (if the file existed) and write the edited document.
pub(crate) fn save(loaded: Loaded, changes: Vec<String>) -> Result<InstallReport, InstallError> {
    let Loaded {
        path,
        original,
        doc,
    } = loaded;
    if changes.is_empty() {
        return Ok(InstallReport {
            settings_path: path,
            created: false,
            backup: None,
            changes,
        });
    }
    let mut text = serde_json::to_string_pretty(&doc).map_err(|e| InstallError::Write {
        path: path.clone(),
        source: io::Error::other(e),
    })?;
    text.push('\n');
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if original.is_none() {
        fs::create_dir_all(&dir).map_err(|source| InstallError::CreateDir {
            path: dir.clone(),
            source,
        })?;
    }
    let backup = match &original {
        Some(bytes) => Some(write_backup(&path, bytes)?),
        None => None,
    };
    write_atomic(&path, &dir, text.as_bytes())?;
    Ok(InstallReport {
        settings_path: path,
        created: original.is_none(),
        backup,
        changes,
    })
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Write `bytes` to `<path>.belay-backup-<unix-seconds>` (with `-2`, `-3`... if taken).
fn write_backup(path: &Path, bytes: &[u8]) -> Result<PathBuf, InstallError> {
    let base = format!(
        "{}.belay-backup-{}",
        path.file_name().unwrap_or_default().to_string_lossy(),
        unix_now()
    );
    for n in 1..1000 {
        let name = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let backup = path.with_file_name(name);
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&backup)
        {
            Ok(mut f) => {
                return f
                    .write_all(bytes)
                    .and_then(|_| f.sync_all())
                    .map(|_| backup.clone())
                    .map_err(|source| InstallError::Backup {
                        path: backup,
                        source,
                    });
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(source) => {
                return Err(InstallError::Backup {
                    path: backup,
                    source,
                });
            }
        }
    }
    Err(InstallError::Backup {
        path: path.with_file_name(base),
        source: io::Error::new(io::ErrorKind::AlreadyExists, "too many backups this second"),
    })
}

/// Write `bytes` to `tmp` with `path`'s permissions (if it exists), flush it to disk, and rename
/// it over `path`.
fn write_then_rename(tmp: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(tmp)?;
    f.write_all(bytes)?;
    if let Ok(meta) = fs::metadata(path) {
        f.set_permissions(meta.permissions())?;
    }
    f.sync_all()?;
    fs::rename(tmp, path)
}

/// Write via a temporary file in the same directory and a rename, keeping the old file's
/// permissions.
fn write_atomic(path: &Path, dir: &Path, bytes: &[u8]) -> Result<(), InstallError> {
    let tmp = dir.join(format!(
        ".{}.belay-tmp-{}",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    if let Err(source) = write_then_rename(&tmp, path, bytes) {
        let _ = fs::remove_file(&tmp);
        return Err(InstallError::Write {
            path: path.to_path_buf(),
            source,
        });
    }
    // Make the rename durable; not all platforms can open a directory, so best effort.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Add belay's hooks to a Claude Code settings file (creating it and its directory if absent).
/// `command` is how Claude Code should run belay, e.g. `/usr/local/bin/belay`. Idempotent: a
/// second run reports no changes and writes nothing. An existing belay hook that sees every call
/// is kept (with its timeout) and only its command updated; one behind a narrower matcher is
/// replaced.
pub fn install_claude_code(
    settings_path: &Path,
    command: &str,
) -> Result<InstallReport, InstallError> {
    let mut loaded = load(settings_path)?;
    let changes = install_doc(&mut loaded.doc, &hook_command_line(command), &loaded.path)?;
    save(loaded, changes)
}

/// Remove belay's hooks from a Claude Code settings file, and the matcher groups, events and
/// `hooks` object left empty by that. Other hooks and settings stay. A missing file, or one
/// without belay's hooks, is left alone.
pub fn uninstall_claude_code(settings_path: &Path) -> Result<InstallReport, InstallError> {
    let mut loaded = load(settings_path)?;
    if loaded.original.is_none() {
        return Ok(InstallReport {
            settings_path: loaded.path,
            created: false,
            backup: None,
            changes: Vec::new(),
        });
    }
    let changes = uninstall_doc(&mut loaded.doc);
    save(loaded, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Json {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn quoting() {
        assert_eq!(
            hook_command_line("/usr/local/bin/belay"),
            "/usr/local/bin/belay hook claude-code"
        );
        assert_eq!(hook_command_line("belay"), "belay hook claude-code");
        assert_eq!(
            hook_command_line("/Users/Jo Doe/bin/belay"),
            "'/Users/Jo Doe/bin/belay' hook claude-code"
        );
        assert_eq!(
            hook_command_line("/a'b/belay"),
            r"'/a'\''b/belay' hook claude-code"
        );
    }

    #[test]
    fn recognises_belay_handlers() {
        assert!(is_belay_handler(&parse(
            r#"{"type":"command","command":"/x/belay hook claude-code"}"#
        )));
        assert!(is_belay_handler(&parse(
            r#"{"type":"command","command":"belay","args":["hook","claude-code"]}"#
        )));
        assert!(!is_belay_handler(&parse(
            r#"{"type":"command","command":"belay hook codex"}"#
        )));
        assert!(!is_belay_handler(&parse(
            r#"{"type":"command","command":"other-tool"}"#
        )));
        assert!(!is_belay_handler(&parse(
            r#"{"type":"http","url":"http://x"}"#
        )));
    }

    #[test]
    fn narrow_matcher_is_replaced_and_args_form_updated() {
        let mut doc = parse(
            r#"{"hooks":{
                "PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"belay hook claude-code"}]}],
                "PostToolUse":[{"matcher":"*","hooks":[{"type":"command","command":"belay","args":["hook","claude-code"],"timeout":30}]}]
            }}"#,
        );
        let changes = install_doc(&mut doc, "/b hook claude-code", Path::new("s")).unwrap();
        assert_eq!(changes.len(), 4, "{changes:?}");
        let pre = doc.get("hooks").unwrap().get("PreToolUse").unwrap();
        assert_eq!(
            pre.to_value(),
            serde_json::json!([{"matcher":"*","hooks":[{"type":"command","command":"/b hook claude-code","timeout":10}]}])
        );
        let post = doc.get("hooks").unwrap().get("PostToolUse").unwrap();
        assert_eq!(
            post.to_value(),
            serde_json::json!([{"matcher":"*","hooks":[{"type":"command","command":"/b hook claude-code","timeout":30}]}])
        );
        assert!(
            install_doc(&mut doc, "/b hook claude-code", Path::new("s"))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn wrong_shapes_are_refused() {
        for text in [r#"[]"#, r#"{"hooks":[]}"#, r#"{"hooks":{"PreToolUse":{}}}"#] {
            let mut doc = parse(text);
            let err = install_doc(&mut doc, "b hook claude-code", Path::new("s.json")).unwrap_err();
            assert!(matches!(err, InstallError::Shape { .. }), "{text}: {err}");
        }
    }
}
