#!/usr/bin/env bash
# Figures of the proxy under abuse, on the release build: RSS before and after each abuse,
# the answer time of tokenless large-body requests, how long idle connections stay open, and
# health under a connection cap. Runs the resource tests of crates/proxy (loopback only,
# a few hundred connections, well under a minute) and prints their "figure:" lines.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env"
cd "$ROOT"
cargo test --release --locked -q -p cloudreq-proxy --test resources --test hardening -- --nocapture --test-threads=1 2>&1 \
  | grep -oE 'figure:.*|test result.*'
