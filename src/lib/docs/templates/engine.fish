
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
