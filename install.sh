#!/bin/sh
# Install rns, its applet links, man pages and shell completions.
#
#   ./install.sh [--prefix DIR] [--destdir DIR] [--binary FILE] [--no-links]
#                [--fish-dir DIR]
#
# --prefix   where it will live (default /usr/local): bin/, share/man/,
#            share/bash-completion/completions/, share/zsh/site-functions/,
#            share/fish/vendor_completions.d/ (but see --fish-dir)
# --fish-dir where rns.fish goes. Default with --prefix or --destdir:
#            PREFIX/share/fish/vendor_completions.d; without both: the
#            vendor completions directory fish itself reads (pkg-config's
#            completionsdir for fish, else fish's own), because fish does
#            not look in /usr/local/share unless XDG_DATA_DIRS names it
# --destdir  staging root for packagers: files go to DESTDIR/PREFIX/...
# --binary   the built rns (default: target/HOST/release/rns, HOST being
#            `rustc --print host-tuple`, else target/*/release/rns; build it
#            with `cargo build --release --locked`)
# --no-links do not link the applet names (unshare, nsenter, ...) to rns,
#            nor register completions under them
set -eu

usage() {
    echo "usage: $0 [--prefix DIR] [--destdir DIR] [--binary FILE] [--no-links] [--fish-dir DIR]" >&2
    exit 2
}

prefix=/usr/local
prefix_given=no
destdir=
fishdir=
binary=
links=yes
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || usage; prefix=$2; prefix_given=yes; shift 2 ;;
        --prefix=*) prefix=${1#*=}; prefix_given=yes; shift ;;
        --fish-dir) [ $# -ge 2 ] || usage; fishdir=$2; shift 2 ;;
        --fish-dir=*) fishdir=${1#*=}; shift ;;
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

# The vendor completions directory fish reads whatever XDG_DATA_DIRS says:
# pkg-config's answer, else fish's own (run with a throwaway HOME: fish
# creates its config and data dirs at start).
fish_vendor_dir() {
    d=$(pkg-config --variable=completionsdir fish 2>/dev/null) || d=
    if [ -z "$d" ] && command -v fish >/dev/null 2>&1; then
        t=$(mktemp -d) || return 0
        # shellcheck disable=SC2016 # fish code, expanded by fish
        d=$(HOME=$t XDG_CONFIG_HOME=$t XDG_DATA_HOME=$t XDG_CACHE_HOME=$t \
            fish --no-config -c 'set -l f $__fish_data_dir/__fish_build_paths.fish
                if test -r $f; source $f; echo $__extra_completionsdir
                else; echo $__fish_data_dir/vendor_completions.d; end' 2>/dev/null) || d=
        rm -rf "$t"
    fi
    case $d in /*) echo "$d" ;; esac
}
if [ -n "$fishdir" ]; then
    fishdir=$destdir$fishdir
elif [ "$prefix_given" = no ] && [ -z "$destdir" ] && d=$(fish_vendor_dir) && [ -n "$d" ]; then
    fishdir=$d
else
    fishdir=$root/share/fish/vendor_completions.d
fi

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
