
_rns_netns_names() {
  local -a names
  names=(/run/netns/*(N:t))
  compadd -a names
}

_rns_ifaces() {
  local -a names
  names=(/sys/class/net/*(N:t))
  compadd -a names
}
