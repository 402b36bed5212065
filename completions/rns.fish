# fish completion for rns and its applets
# generated from the flag tables (src/lib/applet/*) by src/lib/docs/;
# do not edit: run `RNS_BLESS=1 cargo test --test integration docs::` instead.

set -g __rns_applets unshare nsenter netns ipnetns veth
set -g __rns_signals HUP INT QUIT ILL TRAP ABRT IOT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO POLL PWR SYS
set -g __rns_names_from netns

# The command line's words after the applet name (and its lead word, as
# --user), and the applet: prints the applet on the first line, then the
# words. With --lead: prints the lead word, if any.
function __rns_split
    set -l t (commandline -opc)
    set -l b (string replace -r '.*/' '' -- $t[1] | string replace -r '^-' '')
    set -l rest $t[2..]
    if test "$b" = rns
        set -q rest[1]; or return 1
        contains -- $rest[1] $__rns_applets; or return 1
        set b $rest[1]
        set rest $rest[2..]
    end
    set -l a (__rns_applet_of $b); or return 1
    set -l id (string replace -ra '[^A-Za-z0-9]' _ -- $a)
    set -l leads __rns_lead_$id
    set -l lead
    if set -q rest[1]; and contains -- $rest[1] $$leads
        set lead $rest[1]
        set rest $rest[2..]
    end
    if test "$argv[1]" = --lead
        set -q lead[1]; and echo $lead
        return 0
    end
    echo $a
    for w in $rest
        echo $w
    end
    return 0
end

# Is the cursor right after applet A's name, where its lead words go?
function __rns_lead_at --argument-names a
    set -l split (__rns_split); or return 1
    test "$split[1]" = $a; or return 1
    set -q split[2]; and return 1
    set -l lead (__rns_split --lead)
    not set -q lead[1]
end

# The subcommand words of applet A: those its lead word leaves, if given.
function __rns_subwords --argument-names a
    set -l id (string replace -ra '[^A-Za-z0-9]' _ -- $a)
    set -l words __rns_words_$id
    set -l left __rns_leadwords_$id
    set -l lead (__rns_split --lead)
    if set -q lead[1]; and test -n "$$left"
        string join \n -- $$left
    else
        string join \n -- $$words
    end
end

# Does subcommand W of applet A take its own options here, past its first
# AFTER operands (after a lead word only when WITH_LEAD is 1)?
function __rns_subopt --argument-names a w after with_lead
    __rns_is $a; or return 1
    if test "$with_lead" = 0
        set -l lead (__rns_split --lead)
        set -q lead[1]; and return 1
    end
    set -l ops (__rns_operands $a)
    test (count $ops) -gt $after; or return 1
    __rns_sub $a $w
end

# The names of the store the lead word selects, as `netns LEAD list` prints
# them (without ip's ` (id: N)`): after rns, `rns netns ...`; else, as fish
# cannot set argv[0], the file behind the typed command: the multicall
# binary (a link's target) as `FILE netns LEAD list`, or for a hard link
# named like an applet (rns --install), the netns one beside it.
function __rns_lead_names --argument-names lead
    set -l t (commandline -opc)
    set -l run
    if test (string replace -r '.*/' '' -- $t[1]) = rns
        set run $t[1] $__rns_names_from
    else
        set -l exe (command -s -- $t[1]); or return 0
        set -l real (realpath -- $exe); or return 0
        set -l a (__rns_applet_of (string replace -r '.*/' '' -- $real))
        if test -n "$a"
            set run (string replace -r -- "$a\$" $__rns_names_from $real)
        else
            set run $real $__rns_names_from
        end
    end
    for n in ($run $lead list 2>/dev/null)
        string replace -r -- ' \(id: [0-9]+\)$' '' $n
    end
end

function __rns_first
    set -l t (commandline -opc)
    test (count $t) -eq 1
    and test (string replace -r '.*/' '' -- $t[1]) = rns
end

# The operands before the cursor (option values skipped); for applets
# without subcommand words, only up to the program.
function __rns_operands --argument-names a
    set -l id (string replace -ra '[^A-Za-z0-9]' _ -- $a)
    set -l req __rns_req_$id
    set -l words __rns_words_$id
    set -l skip 0
    set -l ddash 0
    set -l split (__rns_split); or return 1
    for w in $split[2..]
        if test $skip = 1
            set skip 0
            continue
        end
        if test $ddash = 0; and test "$w" = --; and test -z "$$words"
            set ddash 1
            continue
        end
        if test $ddash = 0; and string match -q -- '-?*' $w
            if contains -- $w $$req
                set skip 1
            else if string match -qr -- '^--[^=]+$' $w
                # A unique abbreviation of a long option (getopt_long).
                test (count (string match -- "$w*" $$req)) -eq 1; and set skip 1
            end
            continue
        end
        echo $w
        test -z "$$words"; and break
    end
end

function __rns_is --argument-names a
    set -l split (__rns_split); or return 1
    test "$split[1]" = $a
end

# Options are offered before the program (applets that run one) or
# anywhere (applets with subcommands).
function __rns_options --argument-names a
    __rns_is $a; or return 1
    set -l id (string replace -ra '[^A-Za-z0-9]' _ -- $a)
    set -l words __rns_words_$id
    test -n "$$words"; and return 0
    test (count (__rns_operands $a)) -eq 0
end

# Is the cursor on operand N (0: the subcommand or program) of applet A,
# below subcommand W when given?
function __rns_operand --argument-names a n w
    __rns_is $a; or return 1
    string match -q -- '-*' (commandline -ct); and return 1
    set -l ops (__rns_operands $a)
    test (count $ops) -eq $n; or return 1
    test -z "$w"; and return 0
    set -l id (string replace -ra '[^A-Za-z0-9]' _ -- $a)
    set -l words __rns_words_$id
    for c in $$words
        if string match -q -- "$ops[1]*" $c
            test $c = $w
            return
        end
    end
    return 1
end

# Past the program (or a subcommand's program, as in netns exec).
function __rns_after_program --argument-names a
    __rns_is $a; or return 1
    set -l id (string replace -ra '[^A-Za-z0-9]' _ -- $a)
    set -l words __rns_words_$id
    set -l ops (__rns_operands $a)
    if test -z "$$words"
        test (count $ops) -ge 1
        return
    end
    test (count $ops) -ge 3; and string match -q -- "$ops[1]*" exec
end

# Complete the program's own arguments with its completions.
function __rns_rest
    set -l t (commandline -opc)
    set -l i (count $t)
    while test $i -gt 1
        if type -q -- $t[$i]; and not string match -q -- '-*' $t[$i]
            break
        end
        set i (math $i - 1)
    end
    complete -C (string join ' ' -- $t[$i..-1] (commandline -ct))
end

# The value part of the word under the cursor: without `--opt=` or the
# `-x` of a short option's attached value.
function __rns_cur
    set -l t (commandline -ct)
    if string match -qr -- '^--[^=]*=' $t
        string replace -r -- '^--[^=]*=' '' $t
    else if string match -qr -- '^-[^-]' $t
        string sub -s 3 -- $t
    else
        printf '%s\n' $t
    end
end

function __rns_values --argument-names kind
    switch $kind
        case file
            __fish_complete_path (__rns_cur)
        case dir
            __fish_complete_directories (__rns_cur)
        case command
            __fish_complete_command
        case user
            __fish_complete_users
        case group
            __fish_complete_groups
        case pid
            __fish_complete_pids
        case signal
            string join \n -- $__rns_signals
        case netns
            set -l lead (__rns_split --lead)
            if set -q lead[1]
                __rns_lead_names $lead
                return 0
            end
            for n in /run/netns/*
                string replace -r '.*/' '' -- $n
            end
        case veth
            __rns_veths
        case owner
            set -l cur (__rns_cur)
            if string match -q -- '*:*' $cur
                set -l user (string replace -r -- ':.*' '' $cur)
                for g in (__fish_complete_groups)
                    printf '%s:%s\n' $user $g
                end
            else
                __fish_complete_users
            end
        case 'words:*'
            string split , -- (string replace 'words:' '' -- $kind)
    end
end

# The value of the line's --netns (spelled out, abbreviated, or --netns=NS).
function __rns_netns_arg
    set -l t (commandline -opc)
    set -l ns
    for i in (seq 2 (count $t))
        set -l w $t[$i]
        set -l opt (string replace -r -- '=.*' '' $w)
        string match -qr -- '^--.' $opt; or continue
        string match -q -- "$opt*" --netns; or continue
        if test "$opt" != "$w"
            set ns (string replace -r -- '^[^=]*=' '' $w)
        else if set -q t[(math $i + 1)]
            set ns $t[(math $i + 1)]
        end
    end
    printf '%s\n' $ns
end

# `--opt=VALUE` (or `-xVALUE`) for options whose value is optional: the
# values of KIND after the option as typed. Options are the option's words.
function __rns_optval --argument-names kind
    set -l cur (commandline -ct)
    for o in $argv[2..]
        set -l pre
        if string match -q -- '--*' $o
            string match -q -- "$o=*" $cur; and set pre "$o="
        else
            string match -q -- "$o?*" $cur; and set pre $o
        end
        test -n "$pre"; or continue
        for v in (__rns_values $kind)
            printf '%s\n' "$pre$v"
        end
        return 0
    end
    return 1
end

# Is the word under the cursor a value for one of these options?
function __rns_at_optval
    __rns_optval none $argv
end

# The veths of the namespace the line's --netns names (the caller's
# without one), as `APPLET list` prints them under its header.
function __rns_veths
    set -l t (commandline -opc)
    set -l run $t[1]
    test (string replace -r '.*/' '' -- $t[1]) = rns; and set -a run $t[2]
    set -a run (__rns_split --lead) list
    set -l ns (__rns_netns_arg)
    test -n "$ns"; and set -a run --netns $ns
    set -l out ($run 2>/dev/null)
    for l in $out[2..]
        string replace -r -- ' .*' '' $l
    end
end

# Is the subcommand of applet A one of the words that follow (or not yet
# given)?
function __rns_sub --argument-names a
    set -l ops (__rns_operands $a)
    set -q ops[1]; or return 0
    set -l id (string replace -ra '[^A-Za-z0-9]' _ -- $a)
    set -l words __rns_words_$id
    for c in $$words
        if string match -q -- "$ops[1]*" $c
            contains -- $c $argv[2..]
            return
        end
    end
    return 1
end

# `rns --install DIR`
function __rns_install
    set -l t (commandline -opc)
    test (count $t) -ge 2; and test $t[2] = --install
    and test (string replace -r '.*/' '' -- $t[1]) = rns
end

function __rns_applet_of --argument-names b
    if string match -qr -- '(^|[^A-Za-z0-9])unshare$' $b
        echo unshare
        return 0
    end
    if string match -qr -- '(^|[^A-Za-z0-9])nsenter$' $b
        echo nsenter
        return 0
    end
    if string match -qr -- '(^|[^A-Za-z0-9])netns$' $b
        echo netns
        return 0
    end
    if string match -qr -- '(^|[^A-Za-z0-9])ipnetns$' $b
        echo ipnetns
        return 0
    end
    if string match -qr -- '(^|[^A-Za-z0-9])veth$' $b
        echo veth
        return 0
    end
    return 1
end

complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -f

# unshare
set -g __rns_req_unshare -l --load-interp --propagation -R --root -w --wd -S --setuid -G --setgid --map-user --map-group --map-users --map-groups --owner --setgroups --monotonic --boottime --whitelist-env
set -g __rns_words_unshare 
set -g __rns_lead_unshare 
set -g __rns_leadwords_unshare 
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s m -l mount -d 'unshare mounts namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare; and __rns_at_optval --mount' -f -a '(__rns_optval file --mount)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s u -l uts -d 'unshare UTS namespace (hostname etc)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare; and __rns_at_optval --uts' -f -a '(__rns_optval file --uts)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s i -l ipc -d 'unshare System V IPC namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare; and __rns_at_optval --ipc' -f -a '(__rns_optval file --ipc)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s n -l net -d 'unshare network namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare; and __rns_at_optval --net' -f -a '(__rns_optval file --net)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s p -l pid -d 'unshare pid namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare; and __rns_at_optval --pid' -f -a '(__rns_optval file --pid)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s U -l user -d 'unshare user namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare; and __rns_at_optval --user' -f -a '(__rns_optval file --user)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s C -l cgroup -d 'unshare cgroup namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare; and __rns_at_optval --cgroup' -f -a '(__rns_optval file --cgroup)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s T -l time -d 'unshare time namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare; and __rns_at_optval --time' -f -a '(__rns_optval file --time)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l mount-proc -d 'mount proc filesystem first (implies --mount)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare; and __rns_at_optval --mount-proc' -f -a '(__rns_optval dir --mount-proc)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l mount-binfmt -d 'mount binfmt filesystem first (implies --user and --mount)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare; and __rns_at_optval --mount-binfmt' -f -a '(__rns_optval dir --mount-binfmt)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s l -l load-interp -x -a '(__rns_values none)' -d 'load binfmt definition in the namespace (implies --mount-binfmt)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l propagation -x -a '(__rns_values words:slave,shared,private,unchanged)' -d 'modify mount propagation in mount namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s R -l root -x -a '(__rns_values dir)' -d 'run the command with root directory set to <dir>'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s w -l wd -x -a '(__rns_values dir)' -d 'change working directory to <dir>'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s S -l setuid -x -a '(__rns_values none)' -d 'set uid in entered namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s G -l setgid -x -a '(__rns_values none)' -d 'set gid in entered namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l map-user -x -a '(__rns_values user)' -d 'map current user to uid (implies --user)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l map-group -x -a '(__rns_values group)' -d 'map current group to gid (implies --user)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s r -l map-root-user -d 'map current user to root (implies --user)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s c -l map-current-user -d 'map current user to itself (implies --user)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l map-auto -d 'map users and groups automatically (implies --user)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l map-subids -d 'map the first block of user IDs owned by euid (implies --user)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l map-users -x -a '(__rns_values words:auto,subids,all)' -d 'map count users from outeruid to inneruid (implies --user)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l map-groups -x -a '(__rns_values words:auto,subids,all)' -d 'map count groups from outergid to innergid (implies --user)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l owner -x -a '(__rns_values none)' -d 'set the user namespace owner (implies --user)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s f -l fork -d 'fork before launching <program>'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l kill-child -d 'when dying, kill the forked child (implies --fork) defaults to SIGKILL'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare; and __rns_at_optval --kill-child' -f -a '(__rns_optval signal --kill-child)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l forward-signals -d 'forward SIGTERM and SIGINT to child (implies --fork)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l setgroups -x -a '(__rns_values words:allow,deny)' -d 'control the setgroups syscall in user namespaces'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l keep-caps -d 'retain capabilities granted in user namespaces'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l monotonic -x -a '(__rns_values none)' -d 'set clock monotonic offset (seconds) in time namespaces'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l boottime -x -a '(__rns_values none)' -d 'set clock boottime offset (seconds) in time namespaces'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l clear-env -d 'do not inherit environment variables from the calling process'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -l whitelist-env -x -a '(__rns_values none)' -d 'clear environment except for specified variables'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s h -l help -d 'display this help'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options unshare' -s V -l version -d 'display version'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand unshare 0' -x -a '(__rns_values command)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_after_program unshare' -x -a '(__rns_rest)'

# nsenter
set -g __rns_req_nsenter -t --target -N --net-socket -S --setuid -G --setgid
set -g __rns_words_nsenter 
set -g __rns_lead_nsenter 
set -g __rns_leadwords_nsenter 
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s a -l all -d 'enter all namespaces'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s t -l target -x -a '(__rns_values pid)' -d 'target process to get namespaces from'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s m -l mount -d 'enter mount namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter; and __rns_at_optval -m --mount' -f -a '(__rns_optval file -m --mount)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s u -l uts -d 'enter UTS namespace (hostname etc)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter; and __rns_at_optval -u --uts' -f -a '(__rns_optval file -u --uts)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s i -l ipc -d 'enter System V IPC namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter; and __rns_at_optval -i --ipc' -f -a '(__rns_optval file -i --ipc)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s n -l net -d 'enter network namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter; and __rns_at_optval -n --net' -f -a '(__rns_optval file -n --net)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s N -l net-socket -x -a '(__rns_values none)' -d 'enter socket\'s network namespace (needs --target)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s p -l pid -d 'enter pid namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter; and __rns_at_optval -p --pid' -f -a '(__rns_optval file -p --pid)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s C -l cgroup -d 'enter cgroup namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter; and __rns_at_optval -C --cgroup' -f -a '(__rns_optval file -C --cgroup)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s U -l user -d 'enter user namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter; and __rns_at_optval -U --user' -f -a '(__rns_optval file -U --user)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -l user-parent -d 'enter parent user namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s T -l time -d 'enter time namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter; and __rns_at_optval -T --time' -f -a '(__rns_optval file -T --time)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s S -l setuid -x -a '(__rns_values words:follow)' -d 'set uid in entered namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s G -l setgid -x -a '(__rns_values words:follow)' -d 'set gid in entered namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -l preserve-credentials -d 'do not touch uids or gids'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -l keep-caps -d 'retain capabilities granted in user namespaces'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s r -l root -d 'set the root directory'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter; and __rns_at_optval -r --root' -f -a '(__rns_optval dir -r --root)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s w -l wd -d 'set the working directory'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter; and __rns_at_optval -w --wd' -f -a '(__rns_optval dir -w --wd)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s W -l wdns -d 'set the working directory in namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter; and __rns_at_optval -W --wdns' -f -a '(__rns_optval dir -W --wdns)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s e -l env -d 'inherit environment variables from target process'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s F -l no-fork -d 'do not fork before exec\'ing <program>'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s c -l join-cgroup -d 'join the cgroup of the target process'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s Z -l follow-context -d 'set SELinux context according to --target PID'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s h -l help -d 'display this help'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options nsenter' -s V -l version -d 'display version'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand nsenter 0' -x -a '(__rns_values command)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_after_program nsenter' -x -a '(__rns_rest)'

# netns
set -g __rns_req_netns -n -netns -b -batch --owner
set -g __rns_words_netns list show lst list-id help add set delete identify pids exec monitor attach
set -g __rns_lead_netns --user
set -g __rns_leadwords_netns list show lst add delete identify pids exec
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options netns' -s j -o json -d 'JSON output (list, list-id, identify, pids)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options netns' -s p -o pretty -d 'indent JSON output'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options netns' -o all -d 'delete, or exec in, every named namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options netns' -s n -o netns -x -a '(__rns_values netns)' -d 'run the subcommand inside namespace NAME'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options netns' -s b -o batch -x -a '(__rns_values file)' -d 'run the commands in FILE (- for stdin)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options netns' -o force -d 'go on after a failed batch command'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_lead_at netns' -l user -d 'the caller\'s own namespaces, no privilege needed (first word only)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_subopt netns add 1 0' -l owner -x -a '(__rns_values owner)' -d '(as root) a namespace that USER can use without privilege'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand netns 0' -x -a '(__rns_subwords netns)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand netns 1 list-id' -x -a '(__rns_values words:target-nsid,nsid)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand netns 1 add' -x -a '(__rns_values none)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand netns 1 set' -x -a '(__rns_values netns)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand netns 2 set' -x -a '(__rns_values words:auto)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand netns 1 delete' -x -a '(__rns_values netns)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand netns 1 identify' -x -a '(__rns_values pid)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand netns 1 pids' -x -a '(__rns_values netns)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand netns 1 exec' -x -a '(__rns_values netns)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand netns 2 exec' -x -a '(__rns_values command)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand netns 1 attach' -x -a '(__rns_values none)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand netns 2 attach' -x -a '(__rns_values pid)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_after_program netns' -x -a '(__rns_rest)'

# ipnetns
set -g __rns_req_ipnetns -n -netns -b -batch --owner
set -g __rns_words_ipnetns list show lst list-id help add set delete identify pids exec monitor attach
set -g __rns_lead_ipnetns --user
set -g __rns_leadwords_ipnetns list show lst add delete identify pids exec
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options ipnetns' -s j -o json -d 'JSON output (list, list-id, identify, pids)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options ipnetns' -s p -o pretty -d 'indent JSON output'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options ipnetns' -o all -d 'delete, or exec in, every named namespace'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options ipnetns' -s n -o netns -x -a '(__rns_values netns)' -d 'run the subcommand inside namespace NAME'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options ipnetns' -s b -o batch -x -a '(__rns_values file)' -d 'run the commands in FILE (- for stdin)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options ipnetns' -o force -d 'go on after a failed batch command'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_lead_at ipnetns' -l user -d 'the caller\'s own namespaces, no privilege needed (first word only)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_subopt ipnetns add 1 0' -l owner -x -a '(__rns_values owner)' -d '(as root) a namespace that USER can use without privilege'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand ipnetns 0' -x -a '(__rns_subwords ipnetns)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand ipnetns 1 list-id' -x -a '(__rns_values words:target-nsid,nsid)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand ipnetns 1 add' -x -a '(__rns_values none)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand ipnetns 1 set' -x -a '(__rns_values netns)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand ipnetns 2 set' -x -a '(__rns_values words:auto)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand ipnetns 1 delete' -x -a '(__rns_values netns)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand ipnetns 1 identify' -x -a '(__rns_values pid)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand ipnetns 1 pids' -x -a '(__rns_values netns)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand ipnetns 1 exec' -x -a '(__rns_values netns)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand ipnetns 2 exec' -x -a '(__rns_values command)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand ipnetns 1 attach' -x -a '(__rns_values none)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand ipnetns 2 attach' -x -a '(__rns_values pid)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_after_program ipnetns' -x -a '(__rns_rest)'

# veth
set -g __rns_req_veth --netns --peer-netns --addr --peer-addr --mtu --mac --peer-mac
set -g __rns_words_veth add del list
set -g __rns_lead_veth --user
set -g __rns_leadwords_veth 
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options veth' -l netns -x -a '(__rns_values netns)' -d 'NAME\'s network namespace: a name in /run/netns, a path, or a PID (add, del, list)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options veth; and __rns_sub veth add' -l peer-netns -x -a '(__rns_values netns)' -d 'PEER\'s network namespace (add)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options veth; and __rns_sub veth add' -l addr -x -a '(__rns_values none)' -d 'add an IPv4 or IPv6 address to NAME (repeatable; without /LEN: /32 or /128, as ip does)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options veth; and __rns_sub veth add' -l peer-addr -x -a '(__rns_values none)' -d 'add an address to PEER (repeatable)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options veth; and __rns_sub veth add' -l mtu -x -a '(__rns_values none)' -d 'MTU of both ends (68-65535)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options veth; and __rns_sub veth add' -l mac -x -a '(__rns_values none)' -d 'NAME\'s MAC address'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options veth; and __rns_sub veth add' -l peer-mac -x -a '(__rns_values none)' -d 'PEER\'s MAC address'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options veth; and __rns_sub veth add' -l down -d 'leave both ends (and lo) down'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options veth; and __rns_sub veth list' -s j -l json -d 'list as a JSON array'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options veth' -s h -l help -d 'display this help'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_options veth' -s V -l version -d 'display version'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_lead_at veth' -l user -d 'the caller\'s own namespaces, no privilege needed (first word only)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand veth 0' -x -a 'add del list'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand veth 1 add' -x -a '(__rns_values none)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand veth 2 add' -x -a '(__rns_values none)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_operand veth 1 del' -x -a '(__rns_values veth)'
complete -c rns -c unshare -c nsenter -c netns -c ipnetns -c veth -c rns-unshare -c rns-nsenter -c rns-netns -c rns-ipnetns -c rns-veth -n '__rns_after_program veth' -x -a '(__rns_rest)'

complete -c rns -n '__rns_first' -x -a '$__rns_applets' -d applet
complete -c rns -n '__rns_first' -l list -d 'list the applets'
complete -c rns -n '__rns_first' -l install -d 'link the applets into DIR'
complete -c rns -n '__rns_first' -l help -d 'display help'
complete -c rns -n '__rns_first' -l version -d 'display version'
complete -c rns -n '__rns_install' -x -a '(__rns_values dir)'
