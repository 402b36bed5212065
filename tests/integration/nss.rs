//! Names from every user database: users and groups that exist only in a
//! real NSS module (Debian's libnss-extrausers, enabled through a
//! bind-mounted nsswitch.conf in a private mount namespace) or only behind
//! systemd's userdb varlink, resolved by rns as util-linux resolves them.

use crate::common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Users and groups of the extrausers database (none is in /etc/passwd).
const PASSWD: &str = "rnsnss-ann:x:71234:71235:NSS only:/nonexistent:@D/shell
rnsnss-bob:x:71236:71235::/nonexistent:
";
const GROUP: &str = "rnsnss-grp:x:71235:\n";
/// ann's lines are keyed by name, bob's by number.
const SUBUID: &str = "rnsnss-ann:100000:65536\n71236:300000:10\n";
const SUBGID: &str = "rnsnss-ann:200000:65536\n71236:400000:10\n";

/// newuidmap/newgidmap stand-ins: they print what they were asked for
/// (without the pid), then newuidmap succeeds and newgidmap fails.
const FAKE_MAP: &str = "#!/bin/sh\nn=${0##*/}; shift; echo \"$n $*\" >&2\n[ $n = newuidmap ]\n";

/// The fixture directory, traversable by the uids above; removed on drop.
struct Fixture(PathBuf);

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write(path: &Path, text: &str, mode: u32) {
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

impl Fixture {
    fn new() -> Fixture {
        let d = shared_tmp().join(unique("nss-"));
        for sub in ["", "extrausers", "fake", "rns"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
            std::fs::set_permissions(d.join(sub), std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let ds = d.to_str().unwrap();
        let ns = "passwd: files extrausers\ngroup: files extrausers\n";
        write(&d.join("nsswitch.conf"), ns, 0o644);
        let ns = "passwd: files systemd\ngroup: files systemd\n";
        write(&d.join("nsswitch-systemd.conf"), ns, 0o644);
        write(
            &d.join("extrausers/passwd"),
            &PASSWD.replace("@D", ds),
            0o644,
        );
        write(&d.join("extrausers/group"), GROUP, 0o644);
        write(&d.join("subuid"), SUBUID, 0o644);
        write(&d.join("subgid"), SUBGID, 0o644);
        write(
            &d.join("shell"),
            "#!/bin/sh\necho \"nss shell $(id -u)\"\n",
            0o755,
        );
        write(&d.join("fake/newuidmap"), FAKE_MAP, 0o755);
        write(&d.join("fake/newgidmap"), FAKE_MAP, 0o755);
        write(&d.join("userdb.py"), USERDB_PY, 0o644);
        std::os::unix::fs::symlink(rns_bin(), d.join("rns/unshare")).unwrap();
        Fixture(d)
    }

    /// Scripts in a private mount and pid namespace from /, 60 s at most,
    /// `$D` the fixture, its fake newuidmap/newgidmap first in PATH, and
    /// `$U` the side's `unshare`: the host's, or rns under that name.
    fn test(&self) -> Test {
        let rns = format!("{}/rns/unshare", self.0.display());
        Test::new()
            .timeout(60)
            .mount_ns()
            .pid_ns(false)
            .cwd("/")
            .env("D", &self.0)
            .env(
                "PATH",
                format!("{}/fake:/usr/sbin:/usr/bin:/sbin:/bin", self.0.display()),
            )
            .versus("util-linux 2.38.1", move |t, i| {
                t.env("U", i.pick(rns.as_str(), "/usr/bin/unshare"))
            })
    }

    /// `script` (sh, `$U` the implementation, `$D` the fixture) in a private
    /// mount and pid namespace where NSS knows the extrausers users and
    /// /etc/subuid, /etc/subgid are the fixture's.
    fn run(&self, i: Impl, script: &str) -> Out {
        let setup = "set -e
            mount --bind \"$D/nsswitch.conf\" /etc/nsswitch.conf
            mount --bind \"$D/extrausers\" /var/lib/extrausers
            mount --bind \"$D/subuid\" /etc/subuid
            mount --bind \"$D/subgid\" /etc/subgid
            getent passwd rnsnss-ann >/dev/null || { echo 'NSS does not see the fixture' >&2; exit 99; }
            set +e
            ";
        self.sandbox(i, &format!("{setup}{script}"))
    }

    fn sandbox(&self, i: Impl, script: &str) -> Out {
        let o = self.test().side(i).sh(script);
        assert_ne!(o.code, 99, "sandbox setup: {o:?}");
        o
    }
}

type Impl = Side;

/// Root, the extrausers module, setpriv and a fixture, or skip (CI: fail).
fn ready() -> Option<Fixture> {
    Test::new()
        .root()
        .tool("/usr/bin/setpriv")
        .tool("/usr/bin/getent")
        .tool(&nss_module("extrausers"))
        .tool("/var/lib/extrausers")
        .ready()?;
    for f in ["/etc/passwd", "/etc/group"] {
        let t = std::fs::read_to_string(f).unwrap();
        assert!(
            !t.contains("rnsnss") && !t.contains(":7123"),
            "{f} has the test's names or ids"
        );
    }
    Some(Fixture::new())
}

/// Where glibc's NSS module `name` is installed (the multiarch directory
/// differs between architectures), or its most usual path if nowhere.
fn nss_module(name: &str) -> String {
    let file = format!("libnss_{name}.so.2");
    let dirs = ["/usr/lib", "/lib", "/usr/lib64", "/lib64"];
    let sub = |d: &str| -> Vec<PathBuf> {
        let mut v = vec![PathBuf::from(d)];
        if let Ok(rd) = std::fs::read_dir(d) {
            v.extend(rd.filter_map(|e| Some(e.ok()?.path())));
        }
        v
    };
    dirs.iter()
        .flat_map(|d| sub(d))
        .map(|d| d.join(&file))
        .find(|p| p.exists())
        .map_or_else(|| format!("/usr/lib/{file}"), |p| p.display().to_string())
}

#[track_caller]
fn same(f: &Fixture, script: &str) -> Out {
    let theirs = f.run(Impl::Host, script);
    let ours = f.run(Impl::Rns, script);
    assert_eq!(
        ours, theirs,
        "rns (left) vs util-linux 2.38.1 (right): {script}"
    );
    ours
}

#[track_caller]
fn expect(o: &Out, stdout: &str, stderr: &str, code: i32) {
    let want = Out {
        stdout: stdout.into(),
        stderr: stderr.into(),
        code,
    };
    assert_eq!(o, &want, "got (left) vs newest upstream (right)");
}

#[test]
fn map_user_and_group_names_from_nss() {
    let Some(f) = ready() else { return };
    let cat = "cat /proc/self/uid_map /proc/self/gid_map";
    let o = same(
        &f,
        &format!("$U --map-user=rnsnss-ann --map-group=rnsnss-grp {cat}"),
    );
    expect(
        &o,
        "     71234          0          1\n     71235          0          1\n",
        "",
        0,
    );
    // Names from the files still win, and no fd of the lookup reaches the
    // program.
    same(
        &f,
        "$U --map-user=root --map-group=root cat /proc/self/uid_map",
    );
    same(
        &f,
        "$U --map-user=rnsnss-bob --map-group=rnsnss-grp ls /proc/self/fd",
    );
    same(&f, "$U -r --map-user=rnsnss-ann id -u");
    // With stdin and stderr closed the lookup's pipe takes fds 0 and 2.
    let o = same(
        &f,
        "$U --map-user=rnsnss-ann cat /proc/self/uid_map <&- 2>&-",
    );
    expect(&o, "     71234          0          1\n", "", 0);
    // With stdin and stdout closed it takes 0 and 1, getent's stdout.
    let o = same(
        &f,
        "$U --map-user=rnsnss-ann sh -c 'cat /proc/self/uid_map >&2' <&- >&-",
    );
    expect(&o, "", "     71234          0          1\n", 0);
    // With SIGCHLD ignored the lookup's child cannot be waited for.
    let ign = "perl -e '$SIG{CHLD} = \"IGNORE\"; exec @ARGV' --";
    let o = same(
        &f,
        &format!("{ign} $U --map-user=rnsnss-ann cat /proc/self/uid_map"),
    );
    expect(&o, "     71234          0          1\n", "", 0);
}

#[test]
fn unknown_names_fail_as_util_linux() {
    let Some(f) = ready() else { return };
    // 2.38.1 words these `failed to parse uid: 'NAME'`; the text is newest
    // upstream's, the status the same.
    for (arg, what, name) in [
        ("--map-user", "uid", "rnsnss-nobody"),
        ("--map-group", "gid", "rnsnss-nobody"),
        ("--map-group", "gid", "rnsnss-ann"),
        ("--map-user", "uid", "rnsnss-grp"),
        ("--map-user", "uid", "-rnsnss-nobody"),
    ] {
        let s = format!("$U {arg}={name} true");
        let host = f.run(Impl::Host, &s);
        assert_eq!(host.code, 1, "{s}: {host:?}");
        let o = f.run(Impl::Rns, &s);
        expect(
            &o,
            "",
            &format!("unshare: failed to parse {what} '{name}': Invalid argument\n"),
            1,
        );
    }
}

/// `script` run as `uid` (gid 71235) by the sandbox's sh.
fn as_uid(uid: u32, script: &str) -> String {
    let sp = format!("setpriv --reuid={uid} --regid=71235 --clear-groups --inh-caps=-all");
    format!("{sp} $U {script}")
}

#[test]
fn subids_of_nss_users_match_util_linux() {
    let Some(f) = ready() else { return };
    for uid in [71234, 71236] {
        for opts in [
            "--map-auto",
            "--map-users=auto",
            "--map-groups=auto",
            "--map-users=auto --map-groups=auto",
        ] {
            same(&f, &as_uid(uid, &format!("{opts} true")));
        }
    }
    // ann's lines by name, bob's by number.
    let o = same(&f, &as_uid(71234, "--map-auto true"));
    expect(
        &o,
        "",
        "newuidmap 0 100000 65536\nnewgidmap 0 200000 65536\n",
        1,
    );
    let o = same(&f, &as_uid(71236, "--map-auto true"));
    expect(&o, "", "newuidmap 0 300000 10\nnewgidmap 0 400000 10\n", 1);
    // A uid no database knows.
    let o = same(&f, &as_uid(71299, "--map-auto true"));
    expect(&o, "", "unshare: you (user 71299) don't exist.\n", 1);
    // Newest upstream only: identity-mapped subids.
    for opts in ["--map-subids", "--map-users=subids --map-groups=subids"] {
        let o = f.run(Impl::Rns, &as_uid(71234, &format!("{opts} true")));
        expect(
            &o,
            "",
            "newuidmap 100000 100000 65536\nnewgidmap 200000 200000 65536\n",
            1,
        );
    }
}

#[test]
fn missing_subid_line_names_the_nss_user() {
    let Some(f) = ready() else { return };
    write(&f.0.join("subgid"), "", 0o644);
    // 2.38.1 adds ": Success"; newest upstream does not.
    let s = as_uid(71234, "--map-subids true");
    let o = f.run(Impl::Rns, &s);
    expect(
        &o,
        "",
        "unshare: no line matching user \"rnsnss-ann\" in /etc/subgid\n",
        1,
    );
    let host = f.run(Impl::Host, &as_uid(71234, "--map-auto true"));
    assert_eq!(host.code, 1, "{host:?}");
    assert!(
        host.stderr
            .starts_with("unshare: no line matching user \"rnsnss-ann\" in /etc/subgid"),
        "{host:?}"
    );
}

#[test]
fn login_shell_of_an_nss_user() {
    let Some(f) = ready() else { return };
    // No program and no $SHELL: newest upstream takes the passwd entry's
    // shell of the user the program runs as (2.38.1 always ran /bin/sh).
    let o = f.run(
        Impl::Rns,
        "env -u SHELL $U --map-user=71234 --map-group=71235 </dev/null",
    );
    expect(&o, "nss shell 71234\n", "", 0);
}

/// A varlink io.systemd.UserDatabase service (as systemd-homed or PID 1's
/// DynamicUser one): `userdb.py SOCKET READY-FILE`.
const USERDB_PY: &str = r#"
import json, os, socket, sys
path, ready = sys.argv[1], sys.argv[2]
service = os.path.basename(path)
os.makedirs(os.path.dirname(path), exist_ok=True)
users = [{"userName": "rnsvl-ann", "uid": 71300, "gid": 71301, "shell": "/bin/sh", "service": service}]
groups = [{"groupName": "rnsvl-grp", "gid": 71301, "service": service}]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
s.listen(16)
open(ready, "w").close()
def answer(m):
    p = m.get("parameters", {})
    method = m["method"].rsplit(".", 1)[1]
    db, nk, ik = {"GetUserRecord": (users, "userName", "uid"),
                  "GetGroupRecord": (groups, "groupName", "gid")}.get(method, ([], "", ""))
    hits = [r for r in db if (nk in p or ik in p) and p.get(nk, r[nk]) == r[nk] and p.get(ik, r[ik]) == r[ik]]
    if hits:
        return {"parameters": {"record": hits[0], "incomplete": False}}
    return {"error": "io.systemd.UserDatabase.NoRecordFound", "parameters": {}}
while True:
    c, _ = s.accept()
    buf = b""
    while True:
        d = c.recv(4096)
        if not d:
            break
        buf += d
        while b"\0" in buf:
            msg, buf = buf.split(b"\0", 1)
            c.sendall(json.dumps(answer(json.loads(msg))).encode() + b"\0")
    c.close()
"#;

#[test]
fn systemd_userdb_when_getent_is_missing() {
    let Some(f) = ready() else { return };
    if !Test::new()
        .tool("/usr/bin/python3")
        .tool(&nss_module("systemd"))
        .ok()
    {
        return;
    }
    // util-linux asks NSS, whose systemd module asks the service socket;
    // rns, without getent, asks the socket itself.
    let serve = "set -e
        mount -t tmpfs rns-test /run
        mount --bind \"$D/nsswitch-systemd.conf\" /etc/nsswitch.conf
        python3 \"$D/userdb.py\" /run/systemd/userdb/io.rns.Test /run/ready &
        i=0; while [ ! -e /run/ready ]; do i=$((i+1)); [ $i -lt 6000 ] || exit 99; sleep 0.01; done
        getent passwd rnsvl-ann >/dev/null || { echo 'nss-systemd does not see the service' >&2; exit 99; }
        [ \"${U#/usr/bin/}\" = \"$U\" ] && mount --bind /dev/null /usr/bin/getent
        set +e
        ";
    let cat = "cat /proc/self/uid_map /proc/self/gid_map";
    let s = format!("{serve}$U --map-user=rnsvl-ann --map-group=rnsvl-grp {cat}");
    let theirs = f.sandbox(Impl::Host, &s);
    let ours = f.sandbox(Impl::Rns, &s);
    assert_eq!(ours, theirs, "rns (left) vs util-linux 2.38.1 (right)");
    expect(
        &ours,
        "     71300          0          1\n     71301          0          1\n",
        "",
        0,
    );
    let o = f.sandbox(
        Impl::Rns,
        &format!("{serve}$U --map-user=rnsvl-nobody true"),
    );
    expect(
        &o,
        "",
        "unshare: failed to parse uid 'rnsvl-nobody': Invalid argument\n",
        1,
    );
    // The same service behind systemd-userdbd's multiplexer socket.
    let s = s.replace(
        "io.rns.Test /run/ready",
        "io.systemd.Multiplexer /run/ready",
    );
    let s = s.replace("getent passwd rnsvl-ann >/dev/null ||", "true ||");
    let o = f.sandbox(Impl::Rns, &s);
    expect(
        &o,
        "     71300          0          1\n     71301          0          1\n",
        "",
        0,
    );
}
