
# The names in /run/netns; after a lead word (--user), those of the store
# it selects, as `@NAMES_FROM@ LEAD list` prints them (without ip's
# ` (id: N)`): `rns @NAMES_FROM@ ...` after rns, else the command as typed
# run with argv[0] @NAMES_FROM@ (ARGV0), so that a veth link answers too.
_rns_netns_names() {
  local -a names
  if [[ -z $_rns_lead ]]; then
    names=(/run/netns/*(N:t))
  elif (( $#_rns_cmd > 1 )); then
    names=(${(f)"$($_rns_cmd[1] @NAMES_FROM@ $_rns_lead list 2>/dev/null)"})
  else
    names=(${(f)"$(ARGV0=@NAMES_FROM@ $_rns_cmd[1] $_rns_lead list 2>/dev/null)"})
  fi
  names=(${names% \(id: <->\)})
  compadd "$@" -a names
}

# USER[:GROUP]: users, and after `:` groups.
_rns_owner() {
  if compset -P '*:'; then
    _groups "$@"
  else
    _users "$@"
  fi
}

# Every process, not only the terminal's (_pids asks ps for those).
_rns_pids() {
  local -a pids
  pids=(/proc/<->(N:t))
  compadd "$@" -a pids
}

# The veths of the namespace the line's --netns names (the caller's without
# one), as `APPLET list` prints them under its header.
_rns_veths() {
  local -a run names
  local i w ns
  for (( i = 2; i <= $#_rns_line; i++ )); do
    w=$_rns_line[i]
    if [[ $w == --?*=* && --netns == ${w%%=*}* ]]; then
      ns=${w#*=}
    elif [[ $w == --?* && --netns == $w* ]]; then
      ns=$_rns_line[i+1]
    fi
  done
  run=($_rns_cmd $_rns_lead list)
  [[ -n $ns ]] && run+=(--netns $ns)
  names=(${${(f)"$($run 2>/dev/null)"}[2,-1]%% *})
  compadd "$@" -a names
}

# Walk the words before the cursor as a subcommand applet parses them:
# spell out unique abbreviations of the long options $2 (so _arguments
# knows them), skip the values of the options $1, and put the operands'
# positions in _rns_ops; the words, spelled out, in _rns_words (the caller
# assigns them to words: an assignment here does not reach it).
_rns_scan() {
  local i w skip=0 ddash=0
  local -a hits line=("${words[@]}")
  for (( i = 2; i < CURRENT; i++ )); do
    w=$words[i]
    if (( skip )); then skip=0; continue; fi
    if (( ! ddash )) && [[ $w == --?* && $w != *=* ]]; then
      hits=(${(M)${=2}:#$w*})
      (( $#hits == 1 )) && line[i]=$hits[1] && w=$hits[1]
    fi
    if (( ! ddash )) && [[ $w == -- ]]; then
      ddash=1
    elif (( ! ddash )) && [[ $w == -?* ]]; then
      [[ " $1 " == *" $w "* ]] && skip=1
    else
      _rns_ops+=($i)
    fi
  done
  _rns_words=("${line[@]}")
}
