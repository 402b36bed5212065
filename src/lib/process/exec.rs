//! The program's argv and environment as data, and glibc's execvp(3) over
//! them: nothing here writes our own environment (no setenv, no clearenv;
//! `std::env::set_var` is `unsafe` in edition 2024), and once built, an
//! [`Exec`] runs without allocating, so a vfork-style child may run it.

use crate::sys::{
    self,
    exec::{CStrArray, Envp, ScriptArgv},
};
use nix::errno::Errno;
use std::ffi::{CString, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};

/// The environment the program gets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Env {
    /// Ours, unchanged.
    #[default]
    Inherit,
    /// A list of `(name, value)` in the order the program's `environ` has
    /// them (what clearenv(3) followed by setenv(3) calls would leave).
    Own(Vec<(Vec<u8>, Vec<u8>)>),
}

impl Env {
    /// An empty environment (clearenv(3)).
    pub fn cleared() -> Env {
        Env::Own(Vec::new())
    }

    /// setenv(3) with overwrite: replace the value in place, or append.
    /// Ours (`Inherit`) is never written: the caller starts from `cleared`.
    pub fn set(&mut self, name: &[u8], value: &[u8]) {
        let Env::Own(vars) = self else { return };
        match vars.iter_mut().find(|(n, _)| n == name) {
            Some(var) => var.1 = value.to_vec(),
            None => vars.push((name.to_vec(), value.to_vec())),
        }
    }

    /// getenv(3) in this environment.
    pub fn var(&self, name: &str) -> Option<OsString> {
        self.var_bytes(name.as_bytes())
    }

    /// getenv(3) of a name given as bytes.
    pub fn var_bytes(&self, name: &[u8]) -> Option<OsString> {
        match self {
            Env::Inherit => std::env::var_os(std::ffi::OsStr::from_bytes(name)),
            Env::Own(vars) => vars
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| OsString::from_vec(v.clone())),
        }
    }

    /// `NAME=VALUE` strings for execve, or None for ours.
    fn envp(&self) -> Option<CStrArray> {
        let Env::Own(vars) = self else { return None };
        let strings = vars.iter().map(|(n, v)| {
            let mut s = n.clone();
            s.push(b'=');
            s.extend_from_slice(v);
            cstring(s)
        });
        Some(CStrArray::new(strings.collect()))
    }
}

/// C string semantics for a string that cannot hold a NUL (it came from
/// argv, or from a file split on NUL): the text up to a NUL, if any.
pub(crate) fn cstring(mut s: Vec<u8>) -> CString {
    if let Some(nul) = s.iter().position(|&b| b == 0) {
        s.truncate(nul);
    }
    CString::new(s).unwrap_or_default()
}

/// glibc's default search path when PATH is unset (`_CS_PATH`).
const CS_PATH: &[u8] = b"/bin:/usr/bin";

/// `execvp(argv[0], argv)` in an environment, prepared: the paths to try
/// in order (PATH resolved from that environment, as execvp would after
/// clearenv/setenv), argv and envp as C arrays.
pub struct Exec {
    argv: CStrArray,
    envp: Option<CStrArray>,
    /// `argv[0]` as given, or each `DIR/argv[0]` of PATH (an empty DIR is
    /// the working directory at exec time: `argv[0]` alone).
    candidates: Vec<CString>,
    /// `argv[0]` contains a slash: one execve, no search.
    direct: bool,
    script: ScriptArgv,
}

impl Exec {
    /// `args` must not be empty (a program was given).
    pub fn new(args: &[CString], env: &Env) -> Exec {
        let argv = CStrArray::new(args.to_vec());
        let file = args.first().map_or(&b""[..], |a| a.as_bytes());
        let direct = file.contains(&b'/');
        let candidates = if direct || file.is_empty() {
            vec![cstring(file.to_vec())]
        } else {
            let path = env.var("PATH").map(OsString::into_vec);
            search_path(path.as_deref().unwrap_or(CS_PATH), file)
        };
        let script = ScriptArgv::for_argv(&argv);
        Exec {
            envp: env.envp(),
            argv,
            candidates,
            direct,
            script,
        }
    }

    /// `argv[0]`, for `failed to execute ARGV0`.
    pub fn argv0(&self) -> OsString {
        let a0 = self.argv.strings().first();
        OsString::from_vec(a0.map_or(Vec::new(), |a| a.as_bytes().to_vec()))
    }

    /// glibc 2.36's __execvpe_common: returns only the errno of a failure.
    /// Allocates nothing.
    pub fn run(&mut self) -> Errno {
        let env = self.envp.as_ref().map_or(Envp::Inherit, Envp::Own);
        if self.argv.strings().first().is_none_or(|a| a.is_empty()) {
            return Errno::ENOENT;
        }
        let mut got_eacces = false;
        let mut last = Errno::ENOENT;
        for path in &self.candidates {
            last = sys::exec::execve(path, &self.argv, env);
            if last == Errno::ENOEXEC {
                last = self.script.execve(path, &self.argv, env);
            }
            if self.direct {
                return last;
            }
            match last {
                Errno::EACCES => got_eacces = true,
                Errno::ENOENT | Errno::ESTALE | Errno::ENOTDIR | Errno::ENODEV => {}
                Errno::ETIMEDOUT => {}
                e => return e,
            }
        }
        if got_eacces {
            Errno::EACCES
        } else {
            last
        }
    }
}

/// Each `DIR/file` of a colon-separated PATH; an empty DIR gives `file`.
fn search_path(path: &[u8], file: &[u8]) -> Vec<CString> {
    path.split(|&b| b == b':')
        .map(|dir| {
            let mut p = dir.to_vec();
            if !dir.is_empty() {
                p.push(b'/');
            }
            p.extend_from_slice(file);
            cstring(p)
        })
        .collect()
}

/// `execv(path, [arg0])` in an environment (the login shell).
pub fn execv_in(path: &[u8], arg0: Vec<u8>, env: &Env) -> Errno {
    let argv = CStrArray::new(vec![cstring(arg0)]);
    let envp = env.envp();
    let env = envp.as_ref().map_or(Envp::Inherit, Envp::Own);
    sys::exec::execve(&cstring(path.to_vec()), &argv, env)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_search_order_and_empty_entries() {
        let c = search_path(b"/a::/b/", b"ls");
        let got: Vec<&[u8]> = c.iter().map(|c| c.as_bytes()).collect();
        assert_eq!(got, [&b"/a/ls"[..], b"ls", b"/b//ls"]);
    }

    #[test]
    fn env_set_replaces_in_place() {
        let mut e = Env::cleared();
        e.set(b"A", b"1");
        e.set(b"B", b"2");
        e.set(b"A", b"3");
        assert_eq!(
            e,
            Env::Own(vec![
                (b"A".to_vec(), b"3".to_vec()),
                (b"B".to_vec(), b"2".to_vec())
            ])
        );
        assert_eq!(e.var("A"), Some("3".into()));
        assert_eq!(e.var("PATH"), None);
    }
}
