"""Headless Chromium for checking the HTML report renders (tests, and anyone checking a report by hand).

``ensure_chromium()`` finds Chromium on the PATH; when it is missing and we run as root on a Debian-like
machine with apt-get (CI's fresh machine), it installs Debian's ``chromium`` package
(``apt-get update -qq && apt-get install -y -qq chromium``; about 40-80 s on the project machine);
otherwise it raises with a message saying how to install it. Never a silent skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "Chromium is needed to check that the HTML report renders. Install it with "
    "`sudo apt-get update && sudo apt-get install -y chromium` (Debian / Ubuntu), or put a Chromium or "
    "Chrome binary on the PATH, or set WRES_CHROMIUM to its path."
)


class ChromiumMissing(RuntimeError):
    pass


def find_chromium() -> str | None:
    explicit = os.environ.get("WRES_CHROMIUM")
    if explicit and Path(explicit).is_file():
        return explicit
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def ensure_chromium(install: bool = True) -> str:
    """The path of a Chromium binary, installing Debian's package when allowed (root + apt-get)."""
    found = find_chromium()
    if found:
        return found
    apt = shutil.which("apt-get")
    if install and apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        done = subprocess.run(
            f"{apt} update -qq && {apt} install -y -qq chromium", shell=True, env=env,
            capture_output=True, text=True, check=False,
        )
        found = find_chromium()
        if found:
            return found
        raise ChromiumMissing(f"installing chromium with apt-get failed (exit {done.returncode}): "
                              f"{done.stderr.strip()[-800:]}\n{INSTALL_HINT}")
    raise ChromiumMissing(INSTALL_HINT)


@dataclass
class Rendered:
    dom: str  # the DOM after scripts ran (--dump-dom)
    console: list[str]  # console messages Chromium logged (errors and warnings included)
    screenshot: Path | None


def render(html_file: Path, screenshot: Path | None = None, width: int = 1280, height: int = 6000,
           budget_ms: int = 15000, timeout_s: int = 180) -> Rendered:
    """Open a local HTML file in headless Chromium, let its scripts run, return the DOM (and a screenshot)."""
    binary = ensure_chromium()
    url = Path(html_file).resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="wres-chromium-") as profile:
        base = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
            f"--virtual-time-budget={budget_ms}", "--enable-logging=stderr", "--v=0", f"--window-size={width},{height}",
        ]
        dump = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=timeout_s, check=False)
        console = [line for line in dump.stderr.splitlines() if "CONSOLE" in line]
        if dump.returncode != 0 or "<html" not in dump.stdout.lower():
            raise RuntimeError(f"chromium could not render {html_file} (exit {dump.returncode}): {dump.stderr[-800:]}")
        if screenshot is not None:
            shot = subprocess.run([*base, f"--screenshot={Path(screenshot).resolve()}", url],
                                  capture_output=True, text=True, timeout=timeout_s, check=False)
            if shot.returncode != 0 or not Path(screenshot).is_file():
                raise RuntimeError(f"chromium could not take a screenshot of {html_file}: {shot.stderr[-800:]}")
    return Rendered(dom=dump.stdout, console=console, screenshot=screenshot)
