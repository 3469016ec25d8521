//! Where the companion's files are on each operating system: the machine
//! pack folders, the cache of good packs, and (in `install`) the browsers'
//! native messaging places. Everything is computed from a [`Places`], which
//! tests build over a fake home and a fake root in a temporary folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The environment variable that names the one machine pack folder to use
/// (tests, portable setups); the system and user folders are not read then.
pub const PACKS_DIR_VARIABLE: &str = "POSTCHECK_PACKS_DIR";

/// The environment variable that names the cache folder of good packs.
pub const CACHE_DIR_VARIABLE: &str = "POSTCHECK_CACHE_DIR";

/// The environment variables the places depend on.
const VARIABLES: [&str; 10] = [
    PACKS_DIR_VARIABLE,
    CACHE_DIR_VARIABLE,
    super::fetch::TIME_LIMIT_VARIABLE,
    super::sources::INTERVAL_VARIABLE,
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
    "APPDATA",
    "LOCALAPPDATA",
    "PROGRAMDATA",
];

/// An operating system, for its places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Os {
    /// Linux (and other Unix-likes that follow the XDG layout).
    Linux,
    /// macOS.
    Macos,
    /// Windows.
    Windows,
}

impl Os {
    /// The system this program runs on.
    pub fn this() -> Os {
        if cfg!(target_os = "macos") {
            Os::Macos
        } else if cfg!(windows) {
            Os::Windows
        } else {
            Os::Linux
        }
    }
}

/// The places of one computer and user: the system, the home folder, the
/// root under which system folders are (`/` on a real computer) and the
/// environment variables that move folders.
#[derive(Clone, Debug)]
pub struct Places {
    /// The operating system whose layout applies.
    pub os: Os,
    /// The user's home folder.
    pub home: PathBuf,
    /// The root of the system folders (`/`; a temporary folder in tests).
    pub root: PathBuf,
    /// The environment variables that move folders (only those, non-empty).
    pub vars: BTreeMap<String, String>,
}

/// A machine pack folder and what kind it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackFolder {
    /// `variable` (POSTCHECK_PACKS_DIR), `system` or `user`.
    pub kind: &'static str,
    /// The folder.
    pub path: PathBuf,
}

impl Places {
    /// The places of this computer, from its environment.
    pub fn of_this_computer() -> Places {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .map(PathBuf::from)
            .unwrap_or_default();
        let vars = VARIABLES
            .iter()
            .filter_map(|name| {
                let value = std::env::var(name).ok()?;
                (!value.is_empty()).then(|| (name.to_string(), value))
            })
            .collect();
        Places {
            os: Os::this(),
            home,
            root: PathBuf::from("/"),
            vars,
        }
    }

    /// A variable's value, when set and not empty.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// An absolute system path (`/etc/...`) under [`Places::root`].
    pub fn system(&self, path: &str) -> PathBuf {
        self.root.join(path.trim_start_matches('/'))
    }

    /// A path under the home folder.
    pub fn in_home(&self, path: &str) -> PathBuf {
        self.home.join(path)
    }

    /// A Windows folder from its variable, else its usual place.
    fn windows_folder(&self, variable: &str, usual: &str) -> PathBuf {
        match self.var(variable) {
            Some(v) => PathBuf::from(v),
            None if variable == "PROGRAMDATA" => PathBuf::from(usual),
            None => self.home.join(usual),
        }
    }

    /// The user's configuration folder (XDG on Linux).
    pub fn config_home(&self) -> PathBuf {
        match self.os {
            Os::Linux => self
                .var("XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| self.in_home(".config")),
            Os::Macos => self.in_home("Library/Application Support"),
            Os::Windows => self.windows_folder("APPDATA", "AppData\\Roaming"),
        }
    }

    /// The folder where the companion keeps its own state (the record of what
    /// `install` wrote): per user, or for the whole computer.
    pub fn state_folder(&self, system: bool) -> PathBuf {
        match (self.os, system) {
            (Os::Linux, false) => self
                .var("XDG_DATA_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| self.in_home(".local/share"))
                .join("postcheck"),
            (Os::Linux, true) => self.system("/var/lib/postcheck"),
            (Os::Macos, false) => self.in_home("Library/Application Support/postcheck"),
            (Os::Macos, true) => self.system("/Library/Application Support/postcheck"),
            (Os::Windows, false) => self
                .windows_folder("LOCALAPPDATA", "AppData\\Local")
                .join("postcheck"),
            (Os::Windows, true) => self
                .windows_folder("PROGRAMDATA", "C:\\ProgramData")
                .join("postcheck"),
        }
    }

    /// The machine pack folders, in the order they are read: the one of
    /// POSTCHECK_PACKS_DIR alone when it is set, else the system folder, then
    /// the user folder.
    pub fn pack_folders(&self) -> Vec<PackFolder> {
        if let Some(dir) = self.var(PACKS_DIR_VARIABLE) {
            return vec![PackFolder {
                kind: "variable",
                path: PathBuf::from(dir),
            }];
        }
        let system = match self.os {
            Os::Linux => self.system("/etc/postcheck/packs"),
            Os::Macos => self.system("/Library/Application Support/postcheck/packs"),
            Os::Windows => self
                .windows_folder("PROGRAMDATA", "C:\\ProgramData")
                .join("postcheck")
                .join("packs"),
        };
        let user = self.config_home().join("postcheck").join("packs");
        vec![
            PackFolder {
                kind: "system",
                path: system,
            },
            PackFolder {
                kind: "user",
                path: user,
            },
        ]
    }

    /// The folder of the last good copy of each machine pack.
    pub fn cache_folder(&self) -> PathBuf {
        if let Some(dir) = self.var(CACHE_DIR_VARIABLE) {
            return PathBuf::from(dir);
        }
        let base = match self.os {
            Os::Linux => self
                .var("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| self.in_home(".cache")),
            Os::Macos => self.in_home("Library/Caches"),
            Os::Windows => self
                .windows_folder("LOCALAPPDATA", "AppData\\Local")
                .join("postcheck")
                .join("cache"),
        };
        match self.os {
            Os::Windows => base.join("packs"),
            _ => base.join("postcheck").join("packs"),
        }
    }
}

/// A path for messages.
pub fn shown(path: &Path) -> String {
    crate::terminal::escape(&path.display().to_string()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(os: Os, vars: &[(&str, &str)]) -> Places {
        Places {
            os,
            home: PathBuf::from("/home/anna"),
            root: PathBuf::from("/fake"),
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn paths(p: &Places) -> Vec<PathBuf> {
        p.pack_folders().into_iter().map(|f| f.path).collect()
    }

    #[test]
    fn pack_folders_per_system() {
        assert_eq!(
            paths(&places(Os::Linux, &[])),
            [
                PathBuf::from("/fake/etc/postcheck/packs"),
                PathBuf::from("/home/anna/.config/postcheck/packs")
            ]
        );
        assert_eq!(
            paths(&places(Os::Linux, &[("XDG_CONFIG_HOME", "/x")]))[1],
            PathBuf::from("/x/postcheck/packs")
        );
        assert_eq!(
            paths(&places(Os::Macos, &[])),
            [
                PathBuf::from("/fake/Library/Application Support/postcheck/packs"),
                PathBuf::from("/home/anna/Library/Application Support/postcheck/packs")
            ]
        );
        let windows = places(Os::Windows, &[("PROGRAMDATA", "/pd"), ("APPDATA", "/ad")]);
        assert_eq!(
            paths(&windows),
            [
                PathBuf::from("/pd/postcheck/packs"),
                PathBuf::from("/ad/postcheck/packs")
            ]
        );
    }

    #[test]
    fn the_variable_names_the_only_folder() {
        let p = places(Os::Linux, &[(PACKS_DIR_VARIABLE, "/t/packs")]);
        assert_eq!(paths(&p), [PathBuf::from("/t/packs")]);
        assert_eq!(p.pack_folders()[0].kind, "variable");
    }

    #[test]
    fn cache_folders() {
        assert_eq!(
            places(Os::Linux, &[]).cache_folder(),
            PathBuf::from("/home/anna/.cache/postcheck/packs")
        );
        assert_eq!(
            places(Os::Macos, &[]).cache_folder(),
            PathBuf::from("/home/anna/Library/Caches/postcheck/packs")
        );
        assert_eq!(
            places(Os::Linux, &[(CACHE_DIR_VARIABLE, "/c")]).cache_folder(),
            PathBuf::from("/c")
        );
    }
}
