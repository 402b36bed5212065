
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
