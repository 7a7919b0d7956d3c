//! Typosquatting: a package name that is a near miss of a popular package's name.
//!
//! Only the most installed packages are listed, and only near misses that typosquats use are
//! flagged: separators dropped or changed (`crossenv` for `cross-env`), a swapped or doubled
//! letter, one letter more or less in a long name, and `python3-`/`py-` prefixes.

const NPM: &[&str] = &[
    "react",
    "react-dom",
    "preact",
    "vue",
    "svelte",
    "angular",
    "express",
    "lodash",
    "underscore",
    "axios",
    "request",
    "moment",
    "dayjs",
    "chalk",
    "commander",
    "yargs",
    "debug",
    "dotenv",
    "cross-env",
    "cross-spawn",
    "typescript",
    "webpack",
    "vite",
    "rollup",
    "esbuild",
    "babel-core",
    "eslint",
    "prettier",
    "jest",
    "vitest",
    "mocha",
    "chai",
    "sinon",
    "nodemon",
    "rimraf",
    "mkdirp",
    "glob",
    "minimist",
    "uuid",
    "semver",
    "body-parser",
    "cors",
    "helmet",
    "jsonwebtoken",
    "bcrypt",
    "bcryptjs",
    "mongoose",
    "sequelize",
    "prisma",
    "knex",
    "pg",
    "mysql",
    "mysql2",
    "redis",
    "ioredis",
    "socket.io",
    "ws",
    "node-fetch",
    "cheerio",
    "puppeteer",
    "playwright",
    "electron",
    "next",
    "nuxt",
    "tailwindcss",
    "postcss",
    "autoprefixer",
    "sass",
    "classnames",
    "clsx",
    "zod",
    "yup",
    "joi",
    "ajv",
    "rxjs",
    "redux",
    "react-redux",
    "zustand",
    "immer",
    "date-fns",
    "luxon",
    "colors",
    "inquirer",
    "ora",
    "execa",
    "fs-extra",
    "graceful-fs",
    "async",
    "bluebird",
    "qs",
    "cookie-parser",
    "multer",
    "passport",
    "nodemailer",
    "winston",
    "pino",
    "morgan",
    "jquery",
    "bootstrap",
    "d3",
    "three",
    "chart.js",
    "ts-node",
    "tsx",
    "husky",
    "lint-staged",
    "concurrently",
    "npm-run-all",
    "http-server",
    "serve",
    "supertest",
    "@types/node",
    "@types/react",
    "styled-components",
    "graphql",
    "apollo-server",
    "firebase",
    "aws-sdk",
    "openai",
];

const PYPI: &[&str] = &[
    "requests",
    "urllib3",
    "numpy",
    "pandas",
    "scipy",
    "matplotlib",
    "seaborn",
    "scikit-learn",
    "tensorflow",
    "torch",
    "keras",
    "flask",
    "django",
    "fastapi",
    "uvicorn",
    "gunicorn",
    "sqlalchemy",
    "psycopg2",
    "psycopg2-binary",
    "pymysql",
    "redis",
    "celery",
    "boto3",
    "botocore",
    "pyyaml",
    "python-dateutil",
    "pytz",
    "six",
    "setuptools",
    "wheel",
    "pip",
    "pytest",
    "pytest-cov",
    "coverage",
    "black",
    "flake8",
    "mypy",
    "pylint",
    "isort",
    "ruff",
    "click",
    "jinja2",
    "markupsafe",
    "werkzeug",
    "itsdangerous",
    "pillow",
    "beautifulsoup4",
    "lxml",
    "selenium",
    "scrapy",
    "httpx",
    "aiohttp",
    "pydantic",
    "attrs",
    "cryptography",
    "pyjwt",
    "paramiko",
    "tqdm",
    "rich",
    "typer",
    "colorama",
    "python-dotenv",
    "openai",
    "anthropic",
    "transformers",
    "huggingface-hub",
    "jupyter",
    "ipython",
    "notebook",
    "docker",
    "kubernetes",
    "grpcio",
    "protobuf",
    "pyarrow",
    "polars",
    "xgboost",
    "lightgbm",
    "opencv-python",
    "nltk",
    "spacy",
    "networkx",
    "sympy",
    "statsmodels",
    "plotly",
    "dash",
    "streamlit",
    "gradio",
    "pymongo",
    "elasticsearch",
    "simplejson",
    "ujson",
    "orjson",
    "toml",
    "tomli",
    "chardet",
    "idna",
    "certifi",
    "dateparser",
];

const CRATES: &[&str] = &[
    "serde",
    "serde_json",
    "tokio",
    "anyhow",
    "thiserror",
    "clap",
    "rand",
    "regex",
    "reqwest",
    "hyper",
    "axum",
    "actix-web",
    "tracing",
    "log",
    "env_logger",
    "chrono",
    "time",
    "uuid",
    "itertools",
    "once_cell",
    "lazy_static",
    "futures",
    "bytes",
    "rayon",
    "crossbeam",
    "parking_lot",
    "libc",
    "syn",
    "quote",
    "proc-macro2",
    "diesel",
    "sqlx",
    "rusqlite",
    "tonic",
];

fn list(ecosystem: &str) -> &'static [&'static str] {
    match ecosystem {
        "npm" => NPM,
        "pypi" => PYPI,
        "crates" => CRATES,
        _ => &[],
    }
}

/// The bare package name of an install argument (`pkg@1.2`, `pkg==1.0`, `pkg[extra]>=2`).
pub fn bare_name(spec: &str) -> String {
    let spec = spec.trim();
    let (scope, rest) = match spec.strip_prefix('@') {
        Some(r) => match r.split_once('/') {
            Some((s, n)) => (format!("@{s}/"), n),
            None => (String::new(), spec),
        },
        None => (String::new(), spec),
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || "-_.".contains(*c))
        .collect();
    format!("{scope}{name}").to_lowercase()
}

/// The letters and digits of a name: `cross-env` and `crossenv` look the same.
fn squashed(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars().filter(|c| c.is_alphanumeric())
}

/// Whether `a` becomes `b` by exactly one edit: a changed, inserted or deleted character, or
/// two adjacent characters swapped (the Damerau–Levenshtein distance is 1). Linear: a typosquat
/// check runs against every popular name on every install.
fn one_edit_apart(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return one_edit_apart_in(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    one_edit_apart_in(&a, &b)
}

/// [`one_edit_apart`] over characters (bytes for ASCII names, which need no allocation).
fn one_edit_apart_in<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        if prefix == short.len() {
            return false; // equal
        }
        // One substitution, or one swap of neighbours; the rest must be equal.
        let substituted = short[prefix + 1..] == long[prefix + 1..];
        let swapped = prefix + 1 < short.len()
            && short[prefix] == long[prefix + 1]
            && short[prefix + 1] == long[prefix]
            && short[prefix + 2..] == long[prefix + 2..];
        substituted || swapped
    } else {
        // One insertion into the shorter name.
        short[prefix..] == long[prefix + 1..]
    }
}

/// The popular package `spec` imitates, if it looks like a typosquat of one.
pub fn near_popular(ecosystem: &str, spec: &str) -> Option<&'static str> {
    let name = bare_name(spec);
    let popular = list(ecosystem);
    if name.is_empty() || popular.contains(&name.as_str()) {
        return None;
    }
    const PREFIXES: [&str; 6] = ["python3-", "python-", "py-", "py3-", "node-", "js-"];
    let name_letters: String = squashed(&name).collect();
    for p in popular {
        let same_letters = squashed(p).eq(name_letters.chars());
        // `python3-dateutil` for `python-dateutil`, `node-express` for `express`.
        let prefixed = PREFIXES.iter().any(|pre| {
            name.strip_prefix(pre) == Some(*p)
                || p.strip_prefix(pre).is_some_and(|rest| {
                    ["python3-", "py3-"]
                        .iter()
                        .any(|q| name.strip_prefix(q) == Some(rest))
                })
        });
        let close = p.len() >= 6 && name.len() >= 6 && one_edit_apart(&name, p);
        if same_letters || prefixed || close {
            return Some(p);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straightforward Damerau–Levenshtein (optimal string alignment) distance, to check
    /// `one_edit_apart` against.
    fn distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn one_edit_apart_is_distance_one() {
        // Every pair of short strings over a small alphabet, so swaps, repeats and edits at
        // both ends all occur.
        let alphabet = ['a', 'b', 'c'];
        let mut words = vec![String::new()];
        for len in 1..=4 {
            let mut next = Vec::new();
            for w in words.iter().filter(|w| w.chars().count() == len - 1) {
                for c in alphabet {
                    next.push(format!("{w}{c}"));
                }
            }
            words.extend(next);
        }
        for a in &words {
            for b in &words {
                assert_eq!(one_edit_apart(a, b), distance(a, b) == 1, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn table() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("npm", "crossenv", Some("cross-env")),
            ("npm", "cross-env", None),
            ("npm", "cross-env@7.0.3", None),
            ("npm", "lodahs", Some("lodash")),
            ("npm", "expresss", Some("express")),
            ("npm", "left-pad", None),
            ("pypi", "python3-dateutil", Some("python-dateutil")),
            ("pypi", "python-dateutil", None),
            ("pypi", "reqeusts", Some("requests")),
            ("pypi", "requests==2.31.0", None),
            ("pypi", "flask-cors", None),
            ("crates", "serde", None),
        ];
        for (eco, spec, want) in cases {
            assert_eq!(near_popular(eco, spec), *want, "{eco} {spec}");
        }
    }
}
