#!/bin/sh
# Install rns, its applet links, man pages and shell completions.
#
#   ./install.sh [--prefix DIR] [--destdir DIR] [--binary FILE] [--no-links]
#
# --prefix   where it will live (default /usr/local): bin/, share/man/,
#            share/bash-completion/completions/, share/zsh/site-functions/,
#            share/fish/vendor_completions.d/
# --destdir  staging root for packagers: files go to DESTDIR/PREFIX/...
# --binary   the built rns (default: target/HOST/release/rns, HOST being
#            `rustc --print host-tuple`, else target/*/release/rns; build it
#            with `cargo build --release --locked`)
# --no-links do not link the applet names (unshare, nsenter, ...) to rns,
#            nor register completions under them
set -eu

usage() {
    echo "usage: $0 [--prefix DIR] [--destdir DIR] [--binary FILE] [--no-links]" >&2
    exit 2
}

prefix=/usr/local
destdir=
binary=
links=yes
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#*=}; shift ;;
        --destdir) [ $# -ge 2 ] || usage; destdir=$2; shift 2 ;;
        --destdir=*) destdir=${1#*=}; shift ;;
        --binary) [ $# -ge 2 ] || usage; binary=$2; shift 2 ;;
        --binary=*) binary=${1#*=}; shift ;;
        --no-links) links=no; shift ;;
        -h | --help) usage ;;
        *) usage ;;
    esac
done
case $prefix in
    /*) ;;
    *) echo "$0: --prefix must be an absolute path: $prefix" >&2; exit 2 ;;
esac

src=$(cd "$(dirname "$0")" && pwd)
if [ -z "$binary" ]; then
    host=$(rustc --print host-tuple 2>/dev/null || true)
    for b in "$src/target/$host/release/rns" "$src"/target/*/release/rns; do
        if [ -x "$b" ]; then binary=$b; break; fi
    done
fi
if [ -z "$binary" ] || [ ! -x "$binary" ]; then
    echo "$0: no built rns found: run \`cargo build --release --locked\` or give --binary" >&2
    exit 1
fi

root=$destdir$prefix
bindir=$root/bin
man1=$root/share/man/man1
man8=$root/share/man/man8
bashdir=$root/share/bash-completion/completions
zshdir=$root/share/zsh/site-functions
fishdir=$root/share/fish/vendor_completions.d

# The applets, from the binary itself (the registry is the truth).
applets=$("$binary" --list)

# Every link this installs, as "TARGET NAME" lines: the applet names (unless
# --no-links) and rns-APPLET in bin/, and the completion aliases that
# bash-completion and fish look up by command name.
names=
for a in $applets; do
    names="$names rns-$a"
    [ "$links" = yes ] && names="$names $a"
done
plan=
for n in $names; do
    plan="$plan
rns $bindir/$n
rns $bashdir/$n
rns.fish $fishdir/$n.fish"
done

# Never replace another tool's file (util-linux's unshare, its completion):
# only a missing name or our own symlink may be (re)made. Checked before
# anything is written.
conflict=no
while read -r target name; do
    [ -n "$name" ] || continue
    if [ -L "$name" ]; then
        [ "$(readlink "$name")" = "$target" ] && continue
    elif [ ! -e "$name" ]; then
        continue
    fi
    echo "$0: $name exists and is not a link to $target; not replacing it" >&2
    conflict=yes
done <<EOT
$plan
EOT
if [ "$conflict" = yes ]; then
    echo "$0: nothing installed (--no-links leaves out the plain applet names)" >&2
    exit 1
fi

mkdir -p "$bindir" "$man1" "$man8" "$bashdir" "$zshdir" "$fishdir"

# Replace the binary atomically: a running rns keeps its old inode.
cp "$binary" "$bindir/.rns.new"
chmod 0755 "$bindir/.rns.new"
mv -f "$bindir/.rns.new" "$bindir/rns"

for page in "$src"/man/*.1; do cp "$page" "$man1/"; done
for page in "$src"/man/*.8; do cp "$page" "$man8/"; done
chmod 0644 "$man1"/rns*.1 "$man8"/rns*.8

cp "$src/completions/rns.bash" "$bashdir/rns"
if [ "$links" = yes ]; then
    cp "$src/completions/_rns" "$zshdir/_rns"
else
    # Claim only the rns names, not unshare, nsenter, ...
    compdef="#compdef rns"
    for a in $applets; do compdef="$compdef rns-$a"; done
    sed "1s/^#compdef .*/$compdef/" "$src/completions/_rns" >"$zshdir/_rns"
fi
cp "$src/completions/rns.fish" "$fishdir/rns.fish"
chmod 0644 "$bashdir/rns" "$zshdir/_rns" "$fishdir/rns.fish"

# bash-completion and fish load a completion by the command's name: the
# one file is registered under every name rns answers to.
while read -r target name; do
    [ -n "$name" ] || continue
    [ -L "$name" ] || ln -s "$target" "$name"
done <<EOT
$plan
EOT
