//! `belay rules`, `belay rules show ID`, `belay config check` and `belay config path`: the rule
//! catalog with the severities in force, and the configuration files as belay reads them.

use belay_action::Severity;
use belay_config::diagnostic::Diagnostic;
use belay_config::{Loaded, Locations, paths};
use belay_policy::rules::{self, Rule};
use serde::Serialize;
use std::path::Path;

/// One catalog rule as `belay rules` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RuleRow {
    pub id: &'static str,
    pub category: &'static str,
    /// The severity in force (after the user's and the project's overrides).
    pub severity: &'static str,
    /// The catalog's own severity.
    pub default_severity: &'static str,
    pub summary: &'static str,
    pub advice: &'static str,
    pub example: &'static str,
    /// The overrides that apply, e.g. `hard (config.toml)`.
    pub overrides: Vec<String>,
}

/// The overrides of one rule: (what, where).
fn overrides(rule: &Rule, loaded: &Loaded, locations: &Locations) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = loaded.user.severity.get(rule.id) {
        let file = locations
            .user_config
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "config.toml".to_string());
        out.push(format!("{} ({file})", s.as_str()));
    }
    if let Some(s) = loaded.project.severity.get(rule.id) {
        let files: Vec<String> = loaded
            .project_files
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        out.push(format!("{} ({})", s.as_str(), files.join(", ")));
    }
    out
}

/// Every catalog rule, in catalog order.
pub fn catalog(loaded: &Loaded, locations: &Locations) -> Vec<RuleRow> {
    rules::ALL
        .iter()
        .map(|r| RuleRow {
            id: r.id,
            category: r.category.as_str(),
            severity: loaded.config.severity_of(r).as_str(),
            default_severity: r.severity.as_str(),
            summary: r.summary,
            advice: r.advice,
            example: r.example,
            overrides: overrides(r, loaded, locations),
        })
        .collect()
}

/// The catalog as a table: one line per rule, then its example.
pub fn render_catalog(rows: &[RuleRow]) -> String {
    let id_width = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
    let cat_width = rows
        .iter()
        .map(|r| r.category.len())
        .max()
        .unwrap_or(8)
        .max(8);
    let indent = id_width + cat_width + 2 + 2 + 10;
    let mut s = format!(
        "{:<id_width$}  {:<cat_width$}  {:<8}  DESCRIPTION\n",
        "ID", "CATEGORY", "SEVERITY"
    );
    for r in rows {
        let severity = if r.overrides.is_empty() {
            r.severity.to_string()
        } else {
            format!("{}*", r.severity)
        };
        s.push_str(&format!(
            "{:<id_width$}  {:<cat_width$}  {:<8}  {}\n{:indent$}e.g. {}\n",
            r.id, r.category, severity, r.summary, "", r.example
        ));
    }
    if rows.iter().any(|r| !r.overrides.is_empty()) {
        s.push_str("\n* severity changed by your config.toml or the project's .belay.toml (`belay rules show ID`)\n");
    }
    s
}

/// `belay rules show ID`; `None` for an unknown id.
pub fn render_show(id: &str, loaded: &Loaded, locations: &Locations) -> Option<String> {
    let rule = rules::find(id)?;
    let in_force = loaded.config.severity_of(rule);
    let mut s = format!("{}: {}\n\n", rule.id, rule.summary);
    s.push_str(&format!("  category  {}\n", rule.category));
    s.push_str(&format!("  severity  {}", in_force.as_str()));
    if in_force != rule.severity {
        s.push_str(&format!(" (catalog: {})", rule.severity.as_str()));
    }
    s.push('\n');
    s.push_str(&format!("  example   {}\n\n", rule.example));
    s.push_str(&format!(
        "What the agent is told instead:\n  {}.\n\n",
        rule.advice
    ));
    s.push_str(match in_force {
        Severity::Soft => {
            "A soft rule: the block is cleared when the user's own message asks for exactly this\naction, and an allow rule in your config.toml can clear it.\n\n"
        }
        Severity::Hard => {
            "A hard rule: nothing clears the block, neither the user's message nor an allow rule.\n\n"
        }
    });
    let overrides = overrides(rule, loaded, locations);
    s.push_str("Overrides:\n");
    if overrides.is_empty() {
        s.push_str("  none\n");
    }
    for o in &overrides {
        s.push_str(&format!("  {o}\n"));
    }
    s.push_str(&format!(
        "\nTo change it, in your config.toml (\"soft\" or \"hard\") or a project's .belay.toml (\"hard\" only):\n  [severity]\n  \"{}\" = \"{}\"\n",
        rule.id,
        match rule.severity {
            Severity::Soft => "hard",
            Severity::Hard => "soft",
        }
    ));
    Some(s)
}

/// Catalog ids close to `id` (sharing a part), for an unknown id's error.
pub fn similar_ids(id: &str) -> Vec<&'static str> {
    let parts: Vec<&str> = id.split(['.', '-']).filter(|p| p.len() >= 3).collect();
    rules::ALL
        .iter()
        .map(|r| r.id)
        .filter(|rid| parts.iter().any(|p| rid.contains(p)))
        .collect()
}

/// The outcome of `belay config check`.
pub struct CheckReport {
    pub text: String,
    pub ok: bool,
}

/// Whether a file is a project file (by name).
pub fn is_project_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == paths::PROJECT_FILE)
}

fn renamed(d: &Diagnostic, shown: &str) -> String {
    let mut d = d.clone();
    d.file = shown.to_string();
    format!("{d}\n")
}

/// Checks a user `config.toml` or, by its name, a project `.belay.toml`. Diagnostics name the
/// file as given.
pub fn check_file(path: &Path) -> CheckReport {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            return CheckReport {
                text: format!("{shown}: cannot read: {e}\n"),
                ok: false,
            };
        }
    };
    if is_project_file(path) {
        let (project, rejected) = belay_config::parse_project(&shown, &text);
        let mut text = String::new();
        for r in &rejected {
            text.push_str(&format!("{r}\n"));
        }
        for w in &project.warnings {
            text.push_str(&renamed(w, &shown));
        }
        let added = project.deny.len() + project.ask.len() + project.protected.len();
        if rejected.is_empty() {
            text.push_str(&format!(
                "{shown}: ok (project file: {added} rule(s) and protected path(s), {} warning(s))\n",
                project.warnings.len()
            ));
        } else {
            text.push_str(&format!(
                "{shown}: {} item(s) ignored; a project file can only add deny/ask rules, protected paths, \"hard\" severities and lower limits\n",
                rejected.len()
            ));
        }
        return CheckReport {
            text,
            ok: rejected.is_empty(),
        };
    }
    match belay_config::check_str(&shown, &text) {
        Ok(config) => {
            let mut text: String = config.warnings.iter().map(|d| format!("{d}\n")).collect();
            let rules = config.rules.deny.len() + config.rules.ask.len() + config.rules.allow.len();
            text.push_str(&format!(
                "{shown}: ok ({rules} rule(s), {} protected path(s), {} severity override(s), {} warning(s))\n",
                config.protected.len(),
                config.severity.len(),
                config.warnings.len()
            ));
            CheckReport { text, ok: true }
        }
        Err(diagnostics) => {
            let mut text: String = diagnostics.iter().map(|d| format!("{d}\n")).collect();
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            text.push_str(&format!(
                "{shown}: {errors} error(s); while this file is broken the hook asks before every call\n"
            ));
            CheckReport { text, ok: false }
        }
    }
}

/// `belay config path`: where each file is read from, and whether it exists.
pub fn render_paths(locations: &Locations, cwd: &Path, home: &Path) -> String {
    let state = |p: &Path| if p.is_file() { "found" } else { "not found" };
    let mut s = String::new();
    let origin = if std::env::var_os("BELAY_CONFIG").is_some_and(|v| !v.is_empty()) {
        ", from BELAY_CONFIG"
    } else {
        ""
    };
    match &locations.user_config {
        Some(p) => s.push_str(&format!(
            "user config      {}  ({}{origin})\n",
            p.display(),
            state(p)
        )),
        None => s.push_str("user config      (none: set HOME or BELAY_CONFIG)\n"),
    }
    match &locations.claude_settings {
        Some(p) => s.push_str(&format!(
            "claude settings  {}  ({}; autoMode is read from it)\n",
            p.display(),
            state(p)
        )),
        None => s.push_str("claude settings  (none: set HOME or CLAUDE_CONFIG_DIR)\n"),
    }
    let files = paths::project_config_files(cwd, home);
    if files.is_empty() {
        s.push_str(&format!(
            "project          none ({} in {} or above, up to the repository root)\n",
            paths::PROJECT_FILE,
            cwd.display()
        ));
    }
    for f in files {
        s.push_str(&format!("project          {}  (found)\n", f.display()));
    }
    s
}
