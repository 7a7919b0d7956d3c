//! Measure the detector on third-party data (the shared `data/` folder, not part of this
//! repository): `cargo run --release -p belay-inject --example external -- DATA_DIR [CORPUS.jsonl]`
//!
//! Builds labeled sets the way their papers do and prints TP/FN/TN/FP per set:
//! * InjecAgent — the injected tool responses (`base`: the bare attacker instruction;
//!   `enhanced`: with the "IMPORTANT!!! Ignore all previous instructions" prefix) and, as
//!   negatives, the same responses with the attacker slot left empty;
//! * BIPIA — every attack inserted at the start, middle or end of a context (email, table,
//!   code), the contexts alone as negatives;
//! * AgentDojo injection goals as bare text, and agent-injection-bench attacks;
//! * hard negatives — tldr pages and NL2Bash descriptions with their commands (documentation
//!   telling humans to run, delete, send things).
//!
//! Set DUMP=FILE to write every report (one line per case) for diffing two builds; set
//! MISSES=N to print up to N misses and false positives per set; EXPORT=FILE writes the sets.
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

struct Set {
    name: String,
    cases: Vec<(String, bool)>,
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn json(path: &Path) -> Value {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null)
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(s).collect::<Vec<_>>().join("\n"),
        _ => String::new(),
    }
}

fn injecagent(dir: &Path, out: &mut Vec<Set>) {
    let rows = lines(&dir.join("injecagent/injecagent_test_cases.jsonl"));
    let mut sets: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    let mut templates = std::collections::BTreeSet::new();
    for r in &rows {
        let setting = s(&r["setting"]);
        sets.entry(format!("injecagent {setting}"))
            .or_default()
            .push((s(&r["tool_response"]), true));
        templates.insert(s(&r["tool_response_template"]).replace("<Attacker Instruction>", ""));
    }
    for (name, cases) in sets {
        out.push(Set { name, cases });
    }
    out.push(Set {
        name: "injecagent templates (clean)".into(),
        cases: templates.into_iter().map(|t| (t, false)).collect(),
    });
}

fn attacks(v: &Value) -> Vec<String> {
    let mut a = Vec::new();
    if let Value::Object(m) = v {
        for list in m.values() {
            if let Value::Array(l) = list {
                a.extend(l.iter().map(s));
            }
        }
    }
    a
}

fn bipia(dir: &Path, out: &mut Vec<Set>) {
    let d = dir.join("bipia");
    let text = attacks(&json(&d.join("text_attack_test.json")));
    let code = attacks(&json(&d.join("code_attack_test.json")));
    for (task, atk) in [("email", &text), ("table", &text), ("code", &code)] {
        let ctx: Vec<String> = lines(&d.join(task).join("test.jsonl"))
            .iter()
            .map(|r| s(&r["context"]))
            .filter(|c| !c.is_empty())
            .collect();
        if ctx.is_empty() {
            continue;
        }
        let mut pos = Vec::new();
        for (i, a) in atk.iter().enumerate() {
            for k in 0..3 {
                let c = &ctx[(i * 3 + k) % ctx.len()];
                let t = match k {
                    0 => format!("{a}\n{c}"),
                    1 => {
                        let mut m = c.len() / 2;
                        while !c.is_char_boundary(m) {
                            m += 1;
                        }
                        let m = c[..m].rfind('\n').map_or(m, |i| i + 1);
                        format!("{}{a}\n{}", &c[..m], &c[m..])
                    }
                    _ => format!("{c}\n{a}"),
                };
                pos.push((t, true));
            }
        }
        out.push(Set {
            name: format!("bipia {task} attacks"),
            cases: pos,
        });
        out.push(Set {
            name: format!("bipia {task} contexts (clean)"),
            cases: ctx.into_iter().map(|c| (c, false)).collect(),
        });
    }
}

fn others(dir: &Path, out: &mut Vec<Set>) {
    let g = json(&dir.join("agentdojo/agentdojo_injection_goals.json"));
    let goals: Vec<(String, bool)> = g["goals"]
        .as_array()
        .map(|a| a.iter().map(|x| (s(&x["goal"]), true)).collect())
        .unwrap_or_default();
    out.push(Set {
        name: "agentdojo goals (bare)".into(),
        cases: goals,
    });
    agentdojo_envs(dir, &g, out);
    let aib = lines(&dir.join("agent-injection-bench/attacks.jsonl"));
    out.push(Set {
        name: "agent-injection-bench".into(),
        cases: aib.iter().map(|r| (s(&r["injected"]), true)).collect(),
    });
    // tldr: one markdown page per (platform, page), as the pages are written.
    let mut pages: BTreeMap<(String, String), String> = BTreeMap::new();
    for r in lines(&dir.join("tldr/tldr-commands.jsonl")) {
        let key = (s(&r["platform"]), s(&r["page"]));
        let p = pages
            .entry(key.clone())
            .or_insert_with(|| format!("# {}\n\n", key.1));
        let _ = write!(
            p,
            "- {}:\n\n`{}`\n\n",
            s(&r["description"]),
            s(&r["command"])
        );
    }
    out.push(Set {
        name: "tldr pages (clean)".into(),
        cases: pages.into_values().map(|p| (p, false)).collect(),
    });
    let nl = lines(&dir.join("nl2bash/nl2bash.jsonl"));
    let docs: Vec<(String, bool)> = nl
        .chunks(10)
        .map(|c| {
            let mut d = String::new();
            for r in c {
                let _ = write!(d, "{}\n$ {}\n\n", s(&r["description"]), s(&r["command"]));
            }
            (d, false)
        })
        .collect();
    out.push(Set {
        name: "nl2bash x10 (clean)".into(),
        cases: docs,
    });
}

/// AgentDojo's environments (emails, files, calendars, transactions): 30-line windows with the
/// injection slots left empty are negatives; the same window around one slot filled with a
/// goal of that suite is a positive.
fn agentdojo_envs(dir: &Path, g: &Value, out: &mut Vec<Set>) {
    let envs = dir.join("agentdojo/environments");
    let mut neg = Vec::new();
    let mut pos = Vec::new();
    let Ok(suites) = std::fs::read_dir(&envs) else {
        return;
    };
    let mut files: Vec<(String, std::path::PathBuf)> = Vec::new();
    for suite in suites.flatten() {
        let name = suite.file_name().to_string_lossy().to_string();
        files.push((name.clone(), suite.path().join("environment.yaml")));
        if let Ok(inc) = std::fs::read_dir(suite.path().join("include")) {
            files.extend(inc.flatten().map(|f| (name.clone(), f.path())));
        }
    }
    files.sort();
    let slot = |l: &str| l.contains("{injection_");
    for (suite, f) in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let ls: Vec<&str> = text.lines().collect();
        let clear = |l: &str| {
            let mut l = l.to_string();
            while let (Some(a), Some(b)) = (l.find("{injection_"), l.find('}')) {
                if b < a {
                    break;
                }
                l.replace_range(a..=b, "");
            }
            l
        };
        for w in ls.chunks(30) {
            neg.push((
                w.iter().map(|l| clear(l)).collect::<Vec<_>>().join("\n"),
                false,
            ));
        }
        let goals: Vec<String> = g["goals"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|x| s(&x["suite"]) == suite)
                    .map(|x| s(&x["goal"]))
                    .collect()
            })
            .unwrap_or_default();
        let mut k = 0;
        for (i, l) in ls.iter().enumerate() {
            if !slot(l) || goals.is_empty() {
                continue;
            }
            let goal = &goals[k % goals.len()];
            k += 1;
            let lo = i.saturating_sub(15);
            let hi = (i + 15).min(ls.len());
            let mut w: Vec<String> = ls[lo..hi].iter().map(|l| clear(l)).collect();
            let a = l.find("{injection_").unwrap_or(0);
            let b = l[a..].find('}').map_or(l.len(), |j| a + j + 1);
            w[i - lo] = clear(&format!("{}{goal}{}", &l[..a], &l[b..]));
            pos.push((w.join("\n"), true));
        }
    }
    out.push(Set {
        name: "agentdojo env + goal in slot".into(),
        cases: pos,
    });
    out.push(Set {
        name: "agentdojo env windows (clean)".into(),
        cases: neg,
    });
}

fn corpus(path: &Path, out: &mut Vec<Set>) {
    let rows = lines(path);
    let cases = rows
        .iter()
        .map(|r| (s(&r["tool_output"]), s(&r["expected"]) == "injection"))
        .collect();
    out.push(Set {
        name: "dev corpus".into(),
        cases,
    });
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: external DATA_DIR [CORPUS.jsonl...]");
        std::process::exit(2);
    };
    let dir = Path::new(&dir);
    let mut sets = Vec::new();
    for c in args {
        corpus(Path::new(&c), &mut sets);
    }
    injecagent(dir, &mut sets);
    bipia(dir, &mut sets);
    others(dir, &mut sets);
    let misses: usize = std::env::var("MISSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    // EXPORT=FILE writes every case as `{"set", "text", "label"}` JSON lines, so that other
    // detectors (e.g. a registry package's classifier) can be measured on the same sets.
    if let Some(p) = std::env::var_os("EXPORT") {
        let mut out = String::new();
        for set in &sets {
            for (text, want) in &set.cases {
                let v = serde_json::json!({"set": set.name, "text": text, "label": if *want { "injection" } else { "clean" }});
                out.push_str(&v.to_string());
                out.push('\n');
            }
        }
        let _ = std::fs::write(p, out);
    }
    let mut dump = String::new();
    for set in &sets {
        let (mut tp, mut fneg, mut tn, mut fp) = (0u32, 0u32, 0u32, 0u32);
        let mut shown = 0;
        for (i, (text, want)) in set.cases.iter().enumerate() {
            let r = belay_inject::screen(text);
            match (want, r.is_injection) {
                (true, true) => tp += 1,
                (true, false) => fneg += 1,
                (false, false) => tn += 1,
                (false, true) => fp += 1,
            }
            if std::env::var_os("DUMP").is_some() {
                let _ = write!(dump, "{} #{i} {}", set.name, r.summary());
                for f in &r.findings {
                    let _ = write!(dump, " | {} {}..{} {:.3}", f.kind, f.start, f.end, f.score);
                }
                dump.push('\n');
            }
            if *want != r.is_injection && shown < misses {
                shown += 1;
                let t: String = text.chars().take(300).collect();
                println!(
                    "  {} #{i} {}\n      {t:?}",
                    if *want { "MISS" } else { "FP" },
                    r.summary()
                );
            }
        }
        let rate = |a: u32, b: u32| 100.0 * f64::from(a) / f64::from((a + b).max(1));
        println!(
            "{:<32} n={:<5} TP {tp:<5} FN {fneg:<5} TN {tn:<5} FP {fp:<4} TPR {:5.1}%  FPR {:5.1}%",
            set.name,
            set.cases.len(),
            rate(tp, fneg),
            rate(fp, tn),
        );
    }
    if let Some(p) = std::env::var_os("DUMP") {
        let _ = std::fs::write(p, dump);
    }
}
