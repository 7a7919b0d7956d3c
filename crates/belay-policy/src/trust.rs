//! The trusted environment: hosts, domains, organisations, buckets and cluster contexts the
//! user declared (Claude Code's `autoMode.environment` lines), and which of them are production.
//!
//! Trust decides where data may go and whose code may run. It never makes a production change
//! routine: a production host stays change-managed.

/// Names parsed out of the environment lines.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    names: Vec<String>,
    production: Vec<String>,
}

const STOPWORDS: &[&str] = &[
    "our",
    "the",
    "and",
    "for",
    "all",
    "repos",
    "repo",
    "under",
    "org",
    "orgs",
    "github",
    "gitlab",
    "with",
    "any",
    "use",
    "uses",
    "used",
    "its",
    "that",
    "this",
    "internal",
    "trusted",
    "company",
    "team",
    "buckets",
    "bucket",
    "registry",
    "registries",
    "host",
    "hosts",
    "domain",
    "domains",
    "database",
    "cluster",
    "clusters",
    "contexts",
    "context",
    "production",
    "staging",
    "source",
    "control",
    "cloud",
    "account",
    "accounts",
    "package",
    "packages",
    "https",
    "http",
    "from",
    "are",
    "only",
    "also",
    "here",
    "there",
    "main",
    "mirror",
];

/// Well-known public package registries: fetching and installing from them is ordinary.
const PUBLIC_REGISTRIES: &[&str] = &[
    "registry.npmjs.org",
    "npmjs.org",
    "npmjs.com",
    "pypi.org",
    "files.pythonhosted.org",
    "crates.io",
    "static.crates.io",
    "index.crates.io",
    "rubygems.org",
    "proxy.golang.org",
    "repo.maven.apache.org",
    "repo1.maven.org",
    "api.nuget.org",
    "nuget.org",
    "hex.pm",
    "registry.yarnpkg.com",
    "conda.anaconda.org",
    "pypi.python.org",
    "packagist.org",
    "pub.dev",
];

/// Curated chart and image registries.
const KNOWN_SOURCES: &[&str] = &[
    "charts.bitnami.com",
    "prometheus-community.github.io",
    "grafana.github.io",
    "charts.jetstack.io",
    "kubernetes.github.io",
    "helm.releases.hashicorp.com",
    "aws.github.io",
    "charts.helm.sh",
    "mcr.microsoft.com",
    "gcr.io",
    "registry.k8s.io",
    "public.ecr.aws",
    "docker.io",
    "quay.io",
];

impl Trust {
    pub fn from_environment(lines: &[String]) -> Trust {
        let mut trust = Trust::default();
        for line in lines {
            let lower = line.to_lowercase();
            let (key, value) = match lower.split_once(':') {
                Some((k, v)) if !k.contains('/') && !k.contains('.') && !v.starts_with("//") => {
                    (k.to_string(), v.to_string())
                }
                _ => (String::new(), lower.clone()),
            };
            let production = key.contains("prod") || key.contains("live");
            for raw in value.split(|c: char| c.is_whitespace() || ",;()[]\"'".contains(c)) {
                let mut token = raw.trim_matches(|c: char| ".:`*".contains(c)).to_string();
                for scheme in [
                    "https://", "http://", "s3://", "gs://", "git@", "ssh://", "oci://",
                ] {
                    if let Some(rest) = token.strip_prefix(scheme) {
                        token = rest.to_string();
                    }
                }
                let token = token
                    .trim_start_matches("*.")
                    .trim_end_matches('/')
                    .to_string();
                let mut parts = vec![token.clone()];
                if let Some((host, path)) = token.split_once(['/', ':']) {
                    parts.push(host.to_string());
                    if let Some(owner) = path.split('/').next() {
                        parts.push(owner.to_string());
                    }
                }
                for p in parts {
                    let keep = p.len() >= 3
                        && !STOPWORDS.contains(&p.as_str())
                        && !p.chars().all(|c| c.is_ascii_digit())
                        && !["github.com", "gitlab.com", "bitbucket.org"].contains(&p.as_str());
                    if keep {
                        if production {
                            trust.production.push(p.clone());
                        }
                        trust.names.push(p);
                    }
                }
            }
        }
        trust.names.sort();
        trust.names.dedup();
        trust
    }

    /// True for this machine's own addresses.
    pub fn is_local(host: &str) -> bool {
        let h = host.to_lowercase();
        h.is_empty()
            || h == "localhost"
            || h.ends_with(".localhost")
            || h.starts_with("127.")
            || h == "::1"
            || h == "0.0.0.0"
            || h.ends_with(".local")
            || h == "host.docker.internal"
    }

    fn name_trusted(&self, name: &str) -> bool {
        let name = name.to_lowercase();
        self.names
            .iter()
            .any(|t| name == *t || (t.contains('.') && name.ends_with(&format!(".{t}"))))
    }

    /// True when a host (or URL, bucket, `user@host:path`) is a declared trusted destination.
    pub fn trusted_destination(&self, dest: &str) -> bool {
        let lower = dest.to_lowercase();
        let bucket = lower.starts_with("s3://") || lower.starts_with("gs://");
        let bare = lower
            .trim_start_matches("s3://")
            .trim_start_matches("gs://");
        let Some(host) = host_of(bare) else {
            return false;
        };
        if Trust::is_local(&host) || self.name_trusted(&host) {
            return true;
        }
        if bucket {
            return false;
        }
        if matches!(
            host.as_str(),
            "github.com"
                | "gitlab.com"
                | "bitbucket.org"
                | "gist.github.com"
                | "raw.githubusercontent.com"
                | "gist.githubusercontent.com"
        ) && let Some(owner) = owner_of(bare)
        {
            return self.name_trusted(&owner);
        }
        if let Some(owner) = host.strip_suffix(".github.io") {
            return self.name_trusted(owner);
        }
        false
    }

    /// True for public package registries, curated sources and trusted destinations.
    pub fn known_source(&self, dest: &str) -> bool {
        let Some(host) = host_of(&dest.to_lowercase()) else {
            return false;
        };
        self.trusted_destination(dest)
            || PUBLIC_REGISTRIES
                .iter()
                .chain(KNOWN_SOURCES)
                .any(|r| host == *r || host.ends_with(&format!(".{r}")))
    }

    /// True when the text names production: a `prod`-like word or a declared production name.
    pub fn is_production(&self, text: &str) -> bool {
        let lower = text.to_lowercase();
        let prod_word = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| matches!(w, "prod" | "production" | "prd" | "live"));
        prod_word || self.production.iter().any(|p| lower.contains(p.as_str()))
    }

    /// True when any declared name appears in the text.
    pub fn mentions_trusted(&self, text: &str) -> bool {
        let lower = text.to_lowercase();
        self.names.iter().any(|n| lower.contains(n.as_str()))
    }
}

/// The host of a URL-ish destination.
pub fn host_of(dest: &str) -> Option<String> {
    let rest = dest.split_once("://").map(|(_, r)| r).unwrap_or(dest);
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    let host = authority.split(':').next()?.trim().trim_end_matches('.');
    if host.is_empty() {
        None
    } else {
        Some(host.to_string())
    }
}

/// The owner in `github.com/OWNER/repo` or `git@github.com:OWNER/repo.git`.
pub fn owner_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let rest = rest.rsplit('@').next()?;
    let path = rest.split_once(['/', ':']).map(|(_, p)| p)?;
    let owner = path.trim_start_matches('/').split('/').next()?;
    if owner.is_empty() {
        None
    } else {
        Some(owner.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_lines() {
        let t = Trust::from_environment(&[
            "Our GitHub org: acme-corp".to_string(),
            "Staging DB: staging-db.internal.acme.dev".to_string(),
            "Production contexts: prod-eu, prod-us".to_string(),
            "Internal npm registry: https://npm.acme.internal".to_string(),
        ]);
        assert!(t.trusted_destination("https://github.com/acme-corp/storefront.git"));
        assert!(!t.trusted_destination("https://github.com/acme-c0rp/storefront.git"));
        assert!(t.trusted_destination("staging-db.internal.acme.dev"));
        assert!(t.trusted_destination("https://npm.acme.internal"));
        assert!(!t.trusted_destination("http://npm-acme-mirror.xyz"));
        assert!(t.is_production("context prod-eu namespace payments"));
        assert!(!t.is_production("context staging"));
        assert!(t.trusted_destination("localhost:3000"));
    }
}
