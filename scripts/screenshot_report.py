"""Render a run's HTML report in headless Chromium and save a full-page screenshot.

    python scripts/screenshot_report.py out/demo [--png out/demo/report/screenshot.png]

Checks first that every plot the page references exists and is a PNG, then renders the page offline (Chromium's
network features off; the page has no external assets). The whole page is captured: Chromium first loads a copy
of the page with a one-line script that writes the document's height into the DOM (`--dump-dom`), then takes the
screenshot with a window that tall (the report itself stays script-free). Chromium comes from Debian's `chromium`
package (`apt-get install chromium`); the script says so when it is missing.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def check_plots(page: Path) -> list[str]:
    images = re.findall(r'<img src="([^"]+)"', page.read_text(encoding="utf-8"))
    missing = [src for src in images if not (page.parent / src).is_file()
               or not (page.parent / src).read_bytes().startswith(b"\x89PNG")]
    if missing:
        raise SystemExit(f"missing or broken plots: {', '.join(missing)}")
    return images


WIDTH = 1200
MEASURE = ("<script>addEventListener('load', () => document.body.setAttribute('data-page-height', "
           "Math.ceil(document.documentElement.scrollHeight)));</script>")


def page_height(browser: str, page: Path) -> int:
    """The rendered page's height at WIDTH, measured by Chromium on a temporary copy beside the page (so the plots'
    relative paths resolve)."""
    probe = page.with_name(f".measure-{os.getpid()}.html")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>", 1), encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory() as profile:
            dom = subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},1000",
                                  "--virtual-time-budget=10000", "--dump-dom", probe.resolve().as_uri()],
                                 check=True, capture_output=True, text=True, timeout=120).stdout
    finally:
        probe.unlink(missing_ok=True)
    found = re.search(r'data-page-height="(\d+)"', dom)
    if not found:
        raise SystemExit("Chromium did not report the page height")
    return int(found.group(1))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", help="the run's output directory (with report/index.html)")
    parser.add_argument("--png", help="screenshot path (default: <output>/report/screenshot.png)")
    parser.add_argument("--height", type=int, help="window height in pixels (default: the whole page, measured)")
    args = parser.parse_args(argv)
    page = Path(args.output) / "report" / "index.html"
    if not page.is_file():
        raise SystemExit(f"no report at {page}")
    images = check_plots(page)
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        raise SystemExit("Chromium not found: install Debian's package with `apt-get install chromium`")
    png = Path(args.png or page.parent / "screenshot.png").resolve()
    height = args.height or page_height(browser, page)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},{height}",
                        f"--screenshot={png}", page.resolve().as_uri()],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    if not png.is_file() or png.stat().st_size < 10_000:
        raise SystemExit("Chromium wrote no screenshot")
    print(f"{len(images)} plots present; screenshot of the whole page ({WIDTH}x{height} px): {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
