//! Database clients and migration tools: which database, and whether a statement destroys data.

use crate::EffectKind;
use crate::shell::{Cmd, Ctx};

/// How much a statement changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Read,
    Write,
    Destroy,
}

/// Classifies SQL text: `DROP`, `TRUNCATE`, and `DELETE`/`UPDATE` without `WHERE` destroy.
pub fn classify_sql(sql: &str) -> Change {
    let mut worst = Change::Read;
    for stmt in sql.split(';') {
        let s = format!(" {} ", stmt.trim().to_lowercase());
        let words: Vec<&str> = s.split_whitespace().collect();
        let Some(first) = words.first() else { continue };
        let change = match *first {
            "drop" | "truncate" => Change::Destroy,
            "delete" | "update" if !s.contains(" where ") => Change::Destroy,
            "delete" | "update" | "insert" | "create" | "grant" | "revoke" | "merge" | "upsert"
            | "replace" => Change::Write,
            "alter" if s.contains(" drop ") => Change::Destroy,
            "alter" | "vacuum" | "reindex" | "cluster" | "comment" | "refresh" => Change::Write,
            _ => Change::Read,
        };
        worst = worst.max(change);
    }
    worst
}

fn classify_mongo(code: &str) -> Change {
    let c = code.replace(' ', "");
    if [
        "dropDatabase",
        ".drop(",
        "deleteMany({})",
        "remove({})",
        "dropCollection",
    ]
    .iter()
    .any(|k| c.contains(k))
    {
        Change::Destroy
    } else if [
        "insert",
        "update",
        "delete",
        "remove",
        "createIndex",
        "replaceOne",
        "renameCollection",
    ]
    .iter()
    .any(|k| c.contains(k))
    {
        Change::Write
    } else {
        Change::Read
    }
}

fn classify_redis(args: &[String]) -> Change {
    let Some(first) = args.first() else {
        return Change::Read;
    };
    match first.to_uppercase().as_str() {
        "FLUSHALL" | "FLUSHDB" | "SHUTDOWN" => Change::Destroy,
        "DEL" | "UNLINK" | "SET" | "HSET" | "EXPIRE" | "CONFIG" | "LPUSH" | "RPUSH" | "SADD"
        | "ZADD" | "RENAME" | "SCRIPT" | "EVAL" | "DEBUG" => Change::Write,
        _ => Change::Read,
    }
}

fn is_local_host(host: &str) -> bool {
    let h = host.trim().to_lowercase();
    h.is_empty()
        || h == "localhost"
        || h.starts_with("127.")
        || h == "::1"
        || h.starts_with('/')
        || matches!(h.as_str(), "db" | "postgres" | "mysql" | "redis" | "mongo")
}

/// The database a client talks to, and whether it is this machine's.
fn target_of(cmd: &Cmd) -> (String, bool) {
    if let Some(h) = cmd.opt(&["-h", "--host"]) {
        let local = is_local_host(&h);
        return (h, local);
    }
    let url = cmd
        .args
        .iter()
        .find(|a| a.contains("://") || a.starts_with('$'))
        .cloned()
        .or_else(|| {
            cmd.opt(&["-d", "--dbname", "--uri", "-u"])
                .filter(|d| d.contains("://") || d.starts_with('$'))
        });
    if let Some(u) = url {
        if u.starts_with('$') {
            return (u, false);
        }
        let h = crate::web::host_of(&u).unwrap_or_default();
        return (u, is_local_host(&h));
    }
    let db = cmd
        .operands(&[
            "-c",
            "--command",
            "-e",
            "--eval",
            "-f",
            "--file",
            "-U",
            "--username",
            "-p",
            "--port",
            "-d",
            "--dbname",
            "-n",
            "-a",
        ])
        .into_iter()
        .next()
        .unwrap_or_default();
    (
        if db.is_empty() {
            "the local database".into()
        } else {
            db
        },
        true,
    )
}

pub fn analyze(ctx: &mut Ctx, cmd: &Cmd) {
    let prog = cmd.prog.as_str();
    let body: String = cmd
        .raw
        .redirects
        .iter()
        .filter_map(|r| r.body.clone())
        .collect::<Vec<_>>()
        .join("\n");
    let (target, local) = target_of(cmd);
    let (change, what) = match prog {
        "psql" | "mysql" | "mariadb" | "sqlite3" | "duckdb" | "cqlsh" | "clickhouse-client" => {
            let mut sql = cmd
                .opts(&["-c", "--command", "-e", "--execute", "-q", "--query"])
                .join(";");
            if prog == "sqlite3" || prog == "duckdb" {
                let rest: Vec<String> = cmd
                    .operands(&["-cmd", "-init"])
                    .into_iter()
                    .skip(1)
                    .collect();
                sql.push(';');
                sql.push_str(&rest.join(";"));
            }
            sql.push(';');
            sql.push_str(&body);
            (
                classify_sql(&sql),
                crate::truncate(sql.trim_matches(';'), 80),
            )
        }
        "mongosh" | "mongo" => {
            let code = format!("{};{body}", cmd.opts(&["--eval"]).join(";"));
            (
                classify_mongo(&code),
                crate::truncate(code.trim_matches(';'), 80),
            )
        }
        "redis-cli" => {
            let ops = cmd.operands(&["-h", "-p", "-a", "-n", "-u", "--user", "--pass"]);
            (classify_redis(&ops), ops.join(" "))
        }
        "dropdb" => (
            Change::Destroy,
            format!("dropdb {}", cmd.operands(&["-h", "-p", "-U"]).join(" ")),
        ),
        _ => {
            migration(ctx, cmd);
            return;
        }
    };
    if change == Change::Read {
        return;
    }
    let target = if local && matches!(prog, "sqlite3" | "duckdb") {
        format!("local file {target}")
    } else {
        target
    };
    ctx.emit(EffectKind::RemoteChange {
        system: if local {
            format!("{prog} (local)")
        } else {
            prog.to_string()
        },
        target,
        action: what,
        destructive: change == Change::Destroy,
    });
}

/// Framework migration commands (`rails db:migrate`, `prisma migrate reset`, `manage.py flush`).
pub fn migration(ctx: &mut Ctx, cmd: &Cmd) {
    let text = format!("{} {}", cmd.prog, cmd.args.join(" ")).to_lowercase();
    let destroys_data = [
        "db:drop",
        "db:reset",
        "db:schema:load",
        "migrate reset",
        "migrate:fresh",
        "migrate:reset",
        "flush",
        "--force-reset",
        "--accept-data-loss",
        "downgrade base",
        "db:rollback",
    ]
    .iter()
    .any(|k| text.contains(k));
    let migrates = text.contains("migrate")
        || text.contains("upgrade")
        || text.contains("db:")
        || destroys_data;
    if !migrates {
        return;
    }
    let env_text = cmd
        .raw
        .assignments
        .iter()
        .map(|a| format!("{}={}", a.name, a.value.render()))
        .collect::<Vec<_>>()
        .join(" ");
    let remote = cmd
        .raw
        .wrappers
        .iter()
        .any(|w| matches!(w, belay_shell::Wrapper::Ssh { .. }));
    if super::infra::mentions_production(&env_text)
        || super::infra::mentions_production(&text)
        || remote
    {
        ctx.emit(EffectKind::RemoteChange {
            system: cmd.prog.clone(),
            target: "production database".into(),
            action: crate::truncate(&text, 80),
            destructive: destroys_data,
        });
    } else if destroys_data {
        ctx.emit(EffectKind::RemoteChange {
            system: format!("{} (local)", cmd.prog),
            target: "the development database".into(),
            action: crate::truncate(&text, 80),
            destructive: true,
        });
    }
}
