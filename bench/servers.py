"""The servers bench/serve.py starts beside siberia's, and how it starts and reaches them.

kiwix-serve ``-n`` serves a ZIM holding the seed page's very bytes (written with libzim), nginx the
same bytes as a static file. Every server started here is stopped, with its children, however the
run ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

SEED = "西伯利亞滯留者"


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"nothing answers at {url}")


def fetch(url: str, headers: dict | None = None):
    """(body, headers: looked up whatever their case) of a GET."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
        return response.read(), response.headers


class Processes:
    """Servers started here, stopped (with their children) however the run ends."""

    def __init__(self):
        self.running: list[subprocess.Popen] = []

    def start(self, command: list[str], **options) -> subprocess.Popen:
        process = subprocess.Popen(command, start_new_session=True, stdin=subprocess.DEVNULL, **options)
        self.running.append(process)
        return process

    def stop(self) -> None:
        for process in self.running:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for process in self.running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def kiwix_server(processes, page: bytes, port: int, work: Path) -> str:
    from libzim.writer import Creator, Hint, Item, StringProvider

    class Page(Item):
        def get_path(self):
            return SEED

        def get_title(self):
            return SEED

        def get_mimetype(self):
            return "text/html"

        def get_contentprovider(self):
            return StringProvider(page)

        def get_hints(self):
            return {Hint.FRONT_ARTICLE: True}

    zim = work / "siberia.zim"
    with Creator(str(zim)).config_indexing(False, "zho") as creator:
        creator.set_mainpath(SEED)
        for name, value in {
            "Title": "siberia",
            "Language": "zho",
            "Creator": "Wikipedia",
            "Publisher": "siberia",
            "Description": "The seed page",
            "Name": "siberia",
            "Date": time.strftime("%Y-%m-%d"),
        }.items():
            creator.add_metadata(name, value)
        creator.add_item(Page())
    processes.start(
        ["kiwix-serve", "-n", "-p", str(port), str(zim)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for(f"http://127.0.0.1:{port}/")
    # kiwix-serve 3.5 and later serve a book under /content/<name>/, earlier ones under /<name>/.
    for url in (
        f"http://127.0.0.1:{port}/content/siberia/{quote(SEED)}",
        f"http://127.0.0.1:{port}/siberia/{quote(SEED)}",
    ):
        try:
            fetch(url)
            break
        except OSError:
            continue
    served, _ = fetch(url)
    if served != page:
        print("kiwix-serve: note, it serves other bytes than the ZIM holds (it may rewrite the page)", flush=True)
    return url


def nginx_server(processes, page: bytes, port: int, work: Path) -> str:
    root = work / "static"
    root.mkdir()
    (root / "seed.html").write_bytes(page)
    conf = work / "nginx.conf"
    conf.write_text(
        f"worker_processes 2; pid {work}/nginx.pid; error_log {work}/nginx-error.log;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; client_body_temp_path {work}/nginx-body; proxy_temp_path {work}/nginx-proxy;\n"
        f"  fastcgi_temp_path {work}/nginx-fcgi; uwsgi_temp_path {work}/nginx-uwsgi;\n"
        f"  scgi_temp_path {work}/nginx-scgi;\n"
        f"  server {{ listen 127.0.0.1:{port}; root {root}; default_type text/html; }}\n"
        "}\n"
    )
    processes.start(
        ["nginx", "-c", str(conf), "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}/seed.html"
    wait_for(url)
    return url
