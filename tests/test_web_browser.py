"""web: a real browser (headless Chromium) loads the timeline page served on 127.0.0.1.

Skipped when no Chromium is installed (Debian: ``apt-get install -y chromium``). Set
``TIDINGS_SCREENSHOT_DIR`` to keep the screenshot for a human to look at.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tidings.api import ingest
from tidings.store import Store
from tidings.web.server import make_server

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
#: Seconds a headless browser run may take on a slow, busy CI machine.
BROWSER_TIMEOUT = 90
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="chromium not installed (apt-get install -y chromium)"
)

ARTICLES = {
    "en.txt": (
        "Chinese President Xi Jinping met Belarusian President Alexander Lukashenko in "
        "Samarkand on September 15, 2022.\nRead more: Markets close higher\n"
    ),
    "de.txt": (
        "Der chinesische Staatspräsident Xi Jinping hat am 15. September 2022 in Samarkand "
        "den belarussischen Präsidenten Alexander Lukaschenko getroffen.\n"
    ),
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "store.sqlite"
    with Store(db) as store:
        ingest(store, sorted(folder.glob("*.txt")), published=dt.date(2022, 9, 16))
    server = make_server(db, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host!s}:{port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def run_browser(profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    assert BROWSER is not None
    command = [
        BROWSER,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1100,800",
        *args,
    ]
    return subprocess.run(command, capture_output=True, timeout=BROWSER_TIMEOUT, check=False)


def test_browser_renders_the_timeline(base_url: str, tmp_path: Path) -> None:
    url = f"{base_url}/timeline?a=China&b=Belarus"
    dom = run_browser(tmp_path / "profile", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-500:]
    html = dom.stdout.decode("utf-8")
    assert html.count('<li class="story">') == 1
    assert "2022-09-15" in html
    assert "de: 1, en: 1" in html
    assert "Lukaschenko getroffen." in html

    shot = tmp_path / "timeline.png"
    run = run_browser(tmp_path / "profile", f"--screenshot={shot}", url)
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-500:]
    data = shot.read_bytes()
    assert data.startswith(PNG_MAGIC)
    assert len(data) > 10_000  # a blank page compresses to far less
    keep = os.environ.get("TIDINGS_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
