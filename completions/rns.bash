# bash completion for rns and its applets
# generated from the flag tables (src/lib/applet/*) by src/lib/docs/;
# do not edit: run `RNS_BLESS=1 cargo test --test integration docs::` instead.

# Values of one kind for the word $2, appended to COMPREPLY with prefix $3.
_rns_values() {
    local kind=$1 cur=$2 pre=$3 IFS=$'\n' v
    local -a vals=()
    case $kind in
        file) mapfile -t vals < <(compgen -f -- "$cur"); compopt -o filenames 2>/dev/null ;;
        dir) mapfile -t vals < <(compgen -d -- "$cur"); compopt -o filenames 2>/dev/null ;;
        command) mapfile -t vals < <(compgen -c -- "$cur") ;;
        user) mapfile -t vals < <(compgen -u -- "$cur") ;;
        group) mapfile -t vals < <(compgen -g -- "$cur") ;;
        pid)
            local p; local -a pids=()
            for p in /proc/[0-9]*; do pids+=("${p#/proc/}"); done
            mapfile -t vals < <(compgen -W "${pids[*]}" -- "$cur") ;;
        signal) mapfile -t vals < <(IFS=' '; compgen -W "$_rns_signals" -- "$cur") ;;
        netns)
            if [[ -n $lead ]]; then _rns_lead_names; return 0; fi
            # Any bytes at all: no compgen -W, which would expand them.
            local n
            for n in /run/netns/*; do
                [[ -e $n && ${n##*/} == "$cur"* ]] && vals+=("${n##*/}")
            done ;;
        veth) _rns_veths ;;
        owner)
            if [[ $cur == *:* ]]; then
                mapfile -t vals < <(compgen -g -- "${cur#*:}")
                # Readline replaces only what follows the `:` when it breaks
                # words there.
                if [[ $COMP_WORDBREAKS == *:* ]]; then pre=; else pre+=${cur%%:*}:; fi
            else
                mapfile -t vals < <(compgen -u -- "$cur")
            fi ;;
        words:*) v=${kind#words:}; mapfile -t vals < <(IFS=' '; compgen -W "${v//,/ }" -- "$cur") ;;
    esac
    local -A seen=()
    for v in "${vals[@]}"; do
        [[ -n ${seen[x$v]} ]] && continue
        seen[x$v]=1
        COMPREPLY+=("$pre$v")
    done
}

# The names of the store the lead word $lead selects, as `netns LEAD list`
# prints them (without ip's ` (id: N)`): after `rns`, `rns netns`; else the
# command as typed, run with argv[0] `netns` so that a `veth` link answers
# as the netns applet (the multicall binary picks the applet by argv[0]).
_rns_lead_names() {
    local n
    while IFS= read -r n; do
        [[ $n =~ ^(.*)\ \(id:\ [0-9]+\)$ ]] && n=${BASH_REMATCH[1]}
        [[ $n == "$cur"* ]] && COMPREPLY+=("$pre$n")
    done < <(
        if ((first == 2)); then
            "${w[0]}" "$_rns_names_from" "$lead" list
        else
            exec -a "$_rns_names_from" "${w[0]}" "$lead" list
        fi 2>/dev/null
    )
}

# A subcommand option ($1) of $sub, after $npos operands (and the lead
# word, if any): REPLY=its value kind.
_rns_subopt() {
    local e word after with opt kind
    for e in $subopts; do
        IFS=: read -r word after with opt kind <<<"$e"
        [[ -n $lead && $with == 0 ]] && continue
        if [[ $word == "$sub" && $opt == "$1" ]] && ((npos >= after)); then
            REPLY=$kind
            return 0
        fi
    done
    return 1
}

# The veths of the namespace the command line's --netns names (the
# caller's without one), as `APPLET list` prints them under its header.
_rns_veths() {
    local -a run=("${w[0]}")
    ((first == 2)) && run+=("${w[1]}")
    [[ -n $lead ]] && run+=("$lead")
    run+=(list)
    [[ -n $netns ]] && run+=(--netns "$netns")
    local n head=1
    while IFS=$' \t' read -r n _; do
        ((head)) && { head=0; continue; }
        [[ $n == "$cur"* ]] && vals+=("$n")
    done < <("${run[@]}" 2>/dev/null)
}

# The options that go with subcommand $sub (all before one is given), the
# lead words first of all, and $sub's own options after its operands.
_rns_options() {
    local o e word after with
    local -a ok=()
    for o in $opts; do
        if [[ -n $sub ]] && "_rns_only_$id" "$o" && [[ $REPLY != *" $sub "* ]]; then
            continue
        fi
        ok+=("$o")
    done
    ((cword == first)) && for o in $leads; do ok+=("$o"); done
    for e in $subopts; do
        IFS=: read -r word after with o _ <<<"$e"
        [[ -n $lead && $with == 0 ]] && continue
        [[ $word == "$sub" ]] && ((npos >= after)) && ok+=("$o")
    done
    _rns_values "words:$(IFS=,; echo "${ok[*]}")" "$cur" ""
}

# Look up option $2 of applet $1: REPLY='ARG KIND' (ARG: n, r, o, or L: optional in --long=VAL form only),
# and _rns_hit: the option as the table spells it.
# Long options may be abbreviated to a unique prefix (getopt_long), or to
# the first match (iproute2, where --x is -x).
_rns_lookup() {
    local id=${1//[!A-Za-z0-9]/_} opt=$2 o hit='' n=0 style opts
    style=_rns_style_$id; style=${!style}
    opts=_rns_opts_$id; opts=${!opts}
    [[ $style == ip && $opt == --?* ]] && opt=${opt#-}
    _rns_hit=$opt
    "_rns_opt_$id" "$opt" && return 0
    [[ $opt == --?* || ( $style == ip && $opt == -?* ) ]] || return 1
    for o in $opts; do
        if [[ $o == "$opt"* && ${#o} -gt 2 ]]; then
            [[ -z $hit ]] && hit=$o
            n=$((n + 1))
        fi
    done
    [[ $style == ip && -n $hit ]] && n=1
    _rns_hit=$hit
    ((n == 1)) && "_rns_opt_$id" "$hit"
}

# Complete a program and its arguments starting at joined word $1.
_rns_program() {
    local at=$1
    if ((at == cword)); then
        _rns_values command "$cur" ""
    elif declare -F _command_offset >/dev/null; then
        _command_offset "${orig[at]}"
    else
        _rns_values file "$cur" ""
    fi
}

_rns_complete() {
    local IFS=$' \t\n' REPLY applet i t n cur cword first=1 _rns_hit rest=$COMP_LINE gap
    local -a w=() orig=() split=()
    COMPREPLY=()
    # Words as the program sees them: join `--opt` `=` `val` that
    # COMP_WORDBREAKS split apart, and `user` `:` `group` written together.
    for ((i = 0; i <= COMP_CWORD; i++)); do
        t=${COMP_WORDS[i]}
        n=${#w[@]}
        gap=0
        [[ $rest == [[:blank:]]* ]] && gap=1
        rest=${rest#"${rest%%[![:blank:]]*}"}
        rest=${rest#"$t"}
        if ((n > 1 && !gap)) && [[ $t == : || ${w[n-1]} == *: ]]; then
            w[n-1]+=$t
        elif ((n > 1)) && [[ $t == = && ${w[n-1]} == -* && ${w[n-1]} != *=* ]]; then
            w[n-1]+='='; split[n-1]=1
        elif ((n > 1)) && [[ ${split[n-1]} == 1 && ${w[n-1]} == *= ]]; then
            w[n-1]+=$t
        else
            w+=("$t"); orig+=("$i"); split+=(0)
        fi
    done
    cword=$((${#w[@]} - 1))
    cur=${w[cword]}
    _rns_applet "${w[0]}"; applet=$REPLY
    if [[ $applet == rns ]]; then
        if ((cword == 1)); then
            _rns_values "words:--list,--install,--help,--version,${_rns_applets// /,}" "$cur" ""
            return 0
        fi
        if [[ ${w[1]} == --install ]]; then
            if [[ $cur == -* ]]; then _rns_values words:-s "$cur" ""; else _rns_values dir "$cur" ""; fi
            return 0
        fi
        applet=
        for t in $_rns_applets; do [[ ${w[1]} == "$t" ]] && applet=$t; done
        first=2
    fi
    [[ -n $applet ]] || return 0
    _rns_walk
}

# Walk the words before the cursor the way the applet parses them, then
# complete the word under the cursor.
_rns_walk() {
    local id=${applet//[!A-Za-z0-9]/_} style words opts leads subopts lead='' start=$first offer
    local sub='' npos=0 want='' wantopt='' wantkind='' netns='' j c
    style=_rns_style_$id; style=${!style}
    words=_rns_words_$id; words=${!words}
    opts=_rns_opts_$id; opts=${!opts}
    leads=_rns_lead_$id; leads=${!leads}
    subopts=_rns_subopts_$id; subopts=${!subopts}
    offer=$words
    # A lead word (`--user`) counts only right after the applet name; the
    # subcommand words it leaves are offered (all are matched, as the
    # applet matches them).
    if ((first < cword)) && [[ " $leads " == *" ${w[first]} "* ]]; then
        lead=${w[first]}
        start=$((first + 1))
        offer=_rns_leadwords_$id; offer=${!offer:-$words}
    fi
    for ((i = start; i < cword; i++)); do
        t=${w[i]}
        if [[ -n $want ]]; then
            want=
            [[ $wantopt == --netns ]] && netns=$t
            continue
        fi
        if [[ -n $sub && $t == -?* ]] && _rns_subopt "${t%%=*}"; then
            [[ $t == *=* ]] || want=1 wantkind=$REPLY
            continue
        fi
        if [[ $t == -- && $style == gnu ]]; then
            if [[ -z $words ]]; then _rns_program $((i + 1)); return 0; fi
            continue
        fi
        if [[ $t == -?* ]]; then
            if [[ $style == gnu && $t != --* ]]; then
                # A cluster of short options; the first one that takes an
                # argument ends it (its argument is attached or next).
                for ((j = 1; j < ${#t}; j++)); do
                    c=${t:j:1}
                    _rns_lookup "$applet" "-$c" || break
                    case $REPLY in
                        r\ *) ((j + 1 == ${#t})) && want=1; break ;;
                        o\ *) break ;;
                    esac
                done
            elif [[ $t != *=* ]] && _rns_lookup "$applet" "$t"; then
                [[ $REPLY == r\ * ]] && want=1 wantopt=$_rns_hit
            elif _rns_lookup "$applet" "${t%%=*}" && [[ $_rns_hit == --netns ]]; then
                netns=${t#*=}
            fi
            continue
        fi
        if [[ -z $words ]]; then _rns_program "$i"; return 0; fi
        if [[ -z $sub ]]; then
            for c in $words; do [[ $c == "$t"* ]] && { sub=$c; break; }; done
            [[ -n $sub ]] || sub=$t
            continue
        fi
        "_rns_pos_$id" "$sub" "$npos"
        [[ $REPLY == command ]] && { _rns_program "$i"; return 0; }
        npos=$((npos + 1))
    done
    if [[ -n $wantkind ]]; then
        _rns_values "$wantkind" "$cur" ""
        return 0
    fi
    if [[ -n $want ]]; then
        _rns_lookup "$applet" "${w[cword-1]}" || _rns_lookup "$applet" "-${w[cword-1]: -1}"
        _rns_values "${REPLY#? }" "$cur" ""
        return 0
    fi
    if [[ $cur == -* ]]; then
        if [[ -n $sub && $cur == -*=* ]] && _rns_subopt "${cur%%=*}"; then
            local pre=${cur%%=*}=
            [[ ${split[cword]} == 1 ]] && pre=
            _rns_values "$REPLY" "${cur#*=}" "$pre"
            return 0
        fi
        if [[ $cur == -*=* ]] && _rns_lookup "$applet" "${cur%%=*}"; then
            local pre=${cur%%=*}=
            [[ ${split[cword]} == 1 ]] && pre=
            _rns_values "${REPLY#? }" "${cur#*=}" "$pre"
            return 0
        fi
        if [[ $style == gnu && $cur != --* && ${#cur} -gt 2 ]] &&
            _rns_lookup "$applet" "${cur:0:2}" && [[ $REPLY != [nL]\ * ]]; then
            _rns_values "${REPLY#? }" "${cur:2}" "${cur:0:2}"
            return 0
        fi
        _rns_options
        return 0
    fi
    if [[ -z $words ]]; then _rns_program "$cword"; return 0; fi
    if [[ -z $sub ]]; then _rns_values "words:${offer// /,}" "$cur" ""; return 0; fi
    "_rns_pos_$id" "$sub" "$npos"
    if [[ $REPLY == command ]]; then _rns_program "$cword"; return 0; fi
    _rns_values "$REPLY" "$cur" ""
}

_rns_applets='unshare nsenter netns ipnetns veth'
_rns_signals='HUP INT QUIT ILL TRAP ABRT IOT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO POLL PWR SYS'
_rns_names_from=netns

# The applet an invocation name selects (applet::find).
_rns_applet() {
    local b=${1##*/}
    b=${b#-}
    case $b in
        unshare | *[!A-Za-z0-9]unshare) REPLY=unshare ;;
        nsenter | *[!A-Za-z0-9]nsenter) REPLY=nsenter ;;
        netns | *[!A-Za-z0-9]netns) REPLY=netns ;;
        ipnetns | *[!A-Za-z0-9]ipnetns) REPLY=ipnetns ;;
        veth | *[!A-Za-z0-9]veth) REPLY=veth ;;
        rns) REPLY=rns ;;
        *) REPLY= ;;
    esac
}

# unshare
_rns_opts_unshare='-m --mount -u --uts -i --ipc -n --net -p --pid -U --user -C --cgroup -T --time --mount-proc --mount-binfmt -l --load-interp --propagation -R --root -w --wd -S --setuid -G --setgid --map-user --map-group -r --map-root-user -c --map-current-user --map-auto --map-subids --map-users --map-groups --owner -f --fork --kill-child --forward-signals --setgroups --keep-caps --monotonic --boottime --clear-env --whitelist-env -h --help -V --version'
_rns_words_unshare=''
_rns_style_unshare=gnu
_rns_lead_unshare=''
_rns_leadwords_unshare=''
_rns_subopts_unshare=''
_rns_opt_unshare() {
    case $1 in
        -m | --mount) REPLY='L file' ;;
        -u | --uts) REPLY='L file' ;;
        -i | --ipc) REPLY='L file' ;;
        -n | --net) REPLY='L file' ;;
        -p | --pid) REPLY='L file' ;;
        -U | --user) REPLY='L file' ;;
        -C | --cgroup) REPLY='L file' ;;
        -T | --time) REPLY='L file' ;;
        --mount-proc) REPLY='o dir' ;;
        --mount-binfmt) REPLY='o dir' ;;
        -l | --load-interp) REPLY='r none' ;;
        --propagation) REPLY='r words:slave,shared,private,unchanged' ;;
        -R | --root) REPLY='r dir' ;;
        -w | --wd) REPLY='r dir' ;;
        -S | --setuid) REPLY='r none' ;;
        -G | --setgid) REPLY='r none' ;;
        --map-user) REPLY='r user' ;;
        --map-group) REPLY='r group' ;;
        -r | --map-root-user) REPLY='n none' ;;
        -c | --map-current-user) REPLY='n none' ;;
        --map-auto) REPLY='n none' ;;
        --map-subids) REPLY='n none' ;;
        --map-users) REPLY='r words:auto,subids,all' ;;
        --map-groups) REPLY='r words:auto,subids,all' ;;
        --owner) REPLY='r none' ;;
        -f | --fork) REPLY='n none' ;;
        --kill-child) REPLY='o signal' ;;
        --forward-signals) REPLY='n none' ;;
        --setgroups) REPLY='r words:allow,deny' ;;
        --keep-caps) REPLY='n none' ;;
        --monotonic) REPLY='r none' ;;
        --boottime) REPLY='r none' ;;
        --clear-env) REPLY='n none' ;;
        --whitelist-env) REPLY='r none' ;;
        -h | --help) REPLY='n none' ;;
        -V | --version) REPLY='n none' ;;
        *) return 1 ;;
    esac
}
_rns_pos_unshare() {
    case $1:$2 in
        *) REPLY='none' ;;
    esac
}
_rns_only_unshare() {
    case $1 in
        *) return 1 ;;
    esac
}

# nsenter
_rns_opts_nsenter='-a --all -t --target -m --mount -u --uts -i --ipc -n --net -N --net-socket -p --pid -C --cgroup -U --user --user-parent -T --time -S --setuid -G --setgid --preserve-credentials --keep-caps -r --root -w --wd -W --wdns -e --env -F --no-fork -c --join-cgroup -Z --follow-context -h --help -V --version'
_rns_words_nsenter=''
_rns_style_nsenter=gnu
_rns_lead_nsenter=''
_rns_leadwords_nsenter=''
_rns_subopts_nsenter=''
_rns_opt_nsenter() {
    case $1 in
        -a | --all) REPLY='n none' ;;
        -t | --target) REPLY='r pid' ;;
        -m | --mount) REPLY='o file' ;;
        -u | --uts) REPLY='o file' ;;
        -i | --ipc) REPLY='o file' ;;
        -n | --net) REPLY='o file' ;;
        -N | --net-socket) REPLY='r none' ;;
        -p | --pid) REPLY='o file' ;;
        -C | --cgroup) REPLY='o file' ;;
        -U | --user) REPLY='o file' ;;
        --user-parent) REPLY='n none' ;;
        -T | --time) REPLY='o file' ;;
        -S | --setuid) REPLY='r words:follow' ;;
        -G | --setgid) REPLY='r words:follow' ;;
        --preserve-credentials) REPLY='n none' ;;
        --keep-caps) REPLY='n none' ;;
        -r | --root) REPLY='o dir' ;;
        -w | --wd) REPLY='o dir' ;;
        -W | --wdns) REPLY='o dir' ;;
        -e | --env) REPLY='n none' ;;
        -F | --no-fork) REPLY='n none' ;;
        -c | --join-cgroup) REPLY='n none' ;;
        -Z | --follow-context) REPLY='n none' ;;
        -h | --help) REPLY='n none' ;;
        -V | --version) REPLY='n none' ;;
        *) return 1 ;;
    esac
}
_rns_pos_nsenter() {
    case $1:$2 in
        *) REPLY='none' ;;
    esac
}
_rns_only_nsenter() {
    case $1 in
        *) return 1 ;;
    esac
}

# netns
_rns_opts_netns='-j -json -p -pretty -all -n -netns -b -batch -force'
_rns_words_netns='list show lst list-id help add set delete identify pids exec monitor attach'
_rns_style_netns=ip
_rns_lead_netns='--user'
_rns_leadwords_netns='list show lst add delete identify pids exec'
_rns_subopts_netns='add:1:0:--owner:owner'
_rns_opt_netns() {
    case $1 in
        -j | -json) REPLY='n none' ;;
        -p | -pretty) REPLY='n none' ;;
        -all) REPLY='n none' ;;
        -n | -netns) REPLY='r netns' ;;
        -b | -batch) REPLY='r file' ;;
        -force) REPLY='n none' ;;
        *) return 1 ;;
    esac
}
_rns_pos_netns() {
    case $1:$2 in
        list-id:0) REPLY='words:target-nsid,nsid' ;;
        add:0) REPLY='none' ;;
        set:0) REPLY='netns' ;;
        set:1) REPLY='words:auto' ;;
        delete:0) REPLY='netns' ;;
        identify:0) REPLY='pid' ;;
        pids:0) REPLY='netns' ;;
        exec:0) REPLY='netns' ;;
        exec:1) REPLY='command' ;;
        attach:0) REPLY='none' ;;
        attach:1) REPLY='pid' ;;
        *) REPLY='none' ;;
    esac
}
_rns_only_netns() {
    case $1 in
        *) return 1 ;;
    esac
}

# ipnetns
_rns_opts_ipnetns='-j -json -p -pretty -all -n -netns -b -batch -force'
_rns_words_ipnetns='list show lst list-id help add set delete identify pids exec monitor attach'
_rns_style_ipnetns=ip
_rns_lead_ipnetns='--user'
_rns_leadwords_ipnetns='list show lst add delete identify pids exec'
_rns_subopts_ipnetns='add:1:0:--owner:owner'
_rns_opt_ipnetns() {
    case $1 in
        -j | -json) REPLY='n none' ;;
        -p | -pretty) REPLY='n none' ;;
        -all) REPLY='n none' ;;
        -n | -netns) REPLY='r netns' ;;
        -b | -batch) REPLY='r file' ;;
        -force) REPLY='n none' ;;
        *) return 1 ;;
    esac
}
_rns_pos_ipnetns() {
    case $1:$2 in
        list-id:0) REPLY='words:target-nsid,nsid' ;;
        add:0) REPLY='none' ;;
        set:0) REPLY='netns' ;;
        set:1) REPLY='words:auto' ;;
        delete:0) REPLY='netns' ;;
        identify:0) REPLY='pid' ;;
        pids:0) REPLY='netns' ;;
        exec:0) REPLY='netns' ;;
        exec:1) REPLY='command' ;;
        attach:0) REPLY='none' ;;
        attach:1) REPLY='pid' ;;
        *) REPLY='none' ;;
    esac
}
_rns_only_ipnetns() {
    case $1 in
        *) return 1 ;;
    esac
}

# veth
_rns_opts_veth='--netns --peer-netns --addr --peer-addr --mtu --mac --peer-mac --down -j --json -h --help -V --version'
_rns_words_veth='add del list'
_rns_style_veth=gnu
_rns_lead_veth='--user'
_rns_leadwords_veth=''
_rns_subopts_veth=''
_rns_opt_veth() {
    case $1 in
        --netns) REPLY='r netns' ;;
        --peer-netns) REPLY='r netns' ;;
        --addr) REPLY='r none' ;;
        --peer-addr) REPLY='r none' ;;
        --mtu) REPLY='r none' ;;
        --mac) REPLY='r none' ;;
        --peer-mac) REPLY='r none' ;;
        --down) REPLY='n none' ;;
        -j | --json) REPLY='n none' ;;
        -h | --help) REPLY='n none' ;;
        -V | --version) REPLY='n none' ;;
        *) return 1 ;;
    esac
}
_rns_pos_veth() {
    case $1:$2 in
        add:0) REPLY='none' ;;
        add:1) REPLY='none' ;;
        del:0) REPLY='veth' ;;
        *) REPLY='none' ;;
    esac
}
_rns_only_veth() {
    case $1 in
        --peer-netns) REPLY=' add ' ;;
        --addr) REPLY=' add ' ;;
        --peer-addr) REPLY=' add ' ;;
        --mtu) REPLY=' add ' ;;
        --mac) REPLY=' add ' ;;
        --peer-mac) REPLY=' add ' ;;
        --down) REPLY=' add ' ;;
        -j | --json) REPLY=' list ' ;;
        *) return 1 ;;
    esac
}

complete -F _rns_complete rns unshare nsenter netns ipnetns veth rns-unshare rns-nsenter rns-netns rns-ipnetns rns-veth
