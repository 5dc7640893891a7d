"""Test helper: the stand-in cloud plus the CONNECT proxy in front of it, for running the
clouds' own CLIs and SDK scripts unmodified against the stand-in.

    with Route() as route:
        subprocess.run(cmd, env={**base_env, **route.env})
        entries = route.new_entries()   # the stand-in's log lines since the last call

`route.env` sets HTTPS_PROXY and HTTP_PROXY to the proxy (which joins every tunnel to the
stand-in on 127.0.0.1 and refuses plain HTTP, so nothing leaves the machine) and points
REQUESTS_CA_BUNDLE and SSL_CERT_FILE at a bundle with the stand-in's CA (and certifi.where()
too, through a sitecustomize on PYTHONPATH: see below). The stand-in runs with
--record-bodies, so each log line has the body it received.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
BINARY = Path(os.environ.get("CLOUDREQ_BIN") or ROOT / "target" / "debug" / "cloudreq")
CREDS = json.loads((HERE / "credentials.json").read_text())


def _wait_for(path: Path, proc: subprocess.Popen, err: Path, what: str) -> dict:
    deadline = time.time() + 120
    while not path.exists():
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited: {err.read_text(errors='replace')}")
        if time.time() > deadline:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.1)
    return json.loads(path.read_text())


class Route:
    def __init__(self, hosts: list[str] | None = None):
        self.hosts = hosts or []
        self.work = Path(tempfile.mkdtemp(prefix="cloudreq-route-"))
        self.procs: list[subprocess.Popen] = []
        self.seen = 0

    def __enter__(self) -> "Route":
        state = self.work / "standin.json"
        args = [str(PYTHON), str(HERE / "standin.py"), str(state), "--dir", str(self.work / "certs"), "--record-bodies"]
        for h in self.hosts:
            args += ["--host", h]
        err = self.work / "standin.stderr"
        self.procs.append(subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=open(err, "wb"),
                                           env={**os.environ, "CLOUDREQ_BIN": str(BINARY)}))
        self.standin = _wait_for(state, self.procs[-1], err, "the stand-in")
        pstate = self.work / "proxy.json"
        perr = self.work / "proxy.stderr"
        self.procs.append(subprocess.Popen([str(PYTHON), str(HERE / "connect_proxy.py"), str(pstate), "--to", str(self.standin["port"])],
                                           stdout=subprocess.DEVNULL, stderr=open(perr, "wb")))
        self.proxy = _wait_for(pstate, self.procs[-1], perr, "the proxy")
        proxy = f"http://127.0.0.1:{self.proxy['port']}"
        ca = self.standin["ca"]
        # The Tencent SDK (and so tccli) passes certifi's bundle to requests explicitly, which
        # overrides REQUESTS_CA_BUNDLE; a sitecustomize on PYTHONPATH makes certifi.where()
        # name a bundle of certifi's roots plus the stand-in's CA. The clients' code and the
        # commands stay as they are.
        site = self.work / "site"
        site.mkdir()
        bundle = site / "bundle.pem"
        certifi_pem = subprocess.run([str(PYTHON), "-c", "import certifi; print(certifi.where())"],
                                     capture_output=True, text=True, check=True).stdout.strip()
        bundle.write_text(Path(certifi_pem).read_text() + "\n" + Path(ca).read_text())
        (site / "sitecustomize.py").write_text(
            "import certifi\n"
            f"certifi.where = lambda: {str(bundle)!r}\n"
        )
        ca = str(bundle)
        self.env = {
            "HTTPS_PROXY": proxy, "https_proxy": proxy, "HTTP_PROXY": proxy, "http_proxy": proxy,
            "ALL_PROXY": proxy, "NO_PROXY": "", "no_proxy": "",
            "REQUESTS_CA_BUNDLE": ca, "SSL_CERT_FILE": ca, "CURL_CA_BUNDLE": ca,
            "PYTHONPATH": str(site),
        }
        return self

    def __exit__(self, *exc) -> None:
        for p in reversed(self.procs):
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()

    def new_entries(self) -> list[dict]:
        """The stand-in's log lines written since the last call."""
        lines = Path(self.standin["log"]).read_text(encoding="utf-8").splitlines()
        fresh, self.seen = lines[self.seen:], len(lines)
        return [json.loads(line) for line in fresh if line.strip()]

    def tunnels(self) -> list[str]:
        """Every host a client asked the proxy to CONNECT to."""
        path = Path(self.proxy["log"])
        return [json.loads(line)["connect"] for line in path.read_text().splitlines() if line.strip()]


def clean_env(home: Path) -> dict:
    """A minimal environment for a client process: no inherited proxies or credentials."""
    return {"PATH": f"{PYTHON.parent}:/usr/bin:/bin", "HOME": str(home), "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}


if __name__ == "__main__":
    sys.exit("a helper module for the tests; see its docstring")
