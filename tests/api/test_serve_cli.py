import os
import socket
import subprocess
import sys
import time

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_cli_answers_over_http_and_guards_writes(tmp_path):
    port = _free_port()
    env = os.environ | {"CEASEFIRE_API_TOKEN": "s3cret"}
    server = subprocess.Popen(
        [sys.executable, "-m", "ceasefire", "serve", "--port", str(port), "--db", str(tmp_path / "api.duckdb")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                health = httpx.get(f"{base}/health", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.time() < deadline, "server did not start within 60 s"
                time.sleep(0.3)
        assert health.json()["documents"] == 0
        item = {"text": "Shelling hit Kafr Zita in northern Hama on Monday, killing two civilians, SOHR said.", "published": "2019-03-05"}
        assert httpx.post(f"{base}/documents", json=item, timeout=30).status_code == 401
        posted = httpx.post(f"{base}/documents", json=item, headers={"Authorization": "Bearer s3cret"}, timeout=30)
        assert posted.status_code == 201
        assert httpx.get(f"{base}/health", timeout=5).json()["documents"] == 1
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_cli_unopenable_database_is_one_line_error(tmp_path):
    from click.testing import CliRunner

    from ceasefire.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["serve", "--db", str(blocker / "api.duckdb")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: ") and "cannot create its folder" in result.output
