"""The newcomer's first command, `liaison demo`, when things go wrong: a port already taken is
named before anything starts, and the demo's nodes never outlive it, however it ends."""
import json
import os
import random
import signal
import socket
import subprocess
import time

BIN = os.environ["LIAISON_BIN"]


def free_base():
    """A base port whose four web and four federation ports are free now."""
    while True:
        base = random.randint(30000, 38000)
        ports = [base + i for i in range(4)] + [base + 1000 + i for i in range(4)]
        try:
            for port in ports:
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue


def nodes_running(base):
    found = subprocess.run(["pgrep", "-f", f"demo-node .*--port {base}"], capture_output=True, text=True)
    return found.stdout.split()


def test_a_busy_port_is_named_before_anything_starts(tmp_path):
    base = free_base()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", base + 1))
        taken.listen()
        result = subprocess.run(
            [BIN, "demo", "--port", str(base), "--output", str(tmp_path / "net.json"), "--data-dir", str(tmp_path / "data")],
            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert f"{base + 1} (DE web)" in result.stderr and "in use" in result.stderr, result.stderr
    assert "Usage" not in result.stderr
    assert "TOTP" not in result.stdout and not (tmp_path / "net.json").exists()
    assert not nodes_running(base + 1)


def test_the_nodes_stop_when_the_demo_is_killed(tmp_path):
    base = free_base()
    output = tmp_path / "net.json"
    demo = subprocess.Popen(
        [BIN, "demo", "--port", str(base), "--output", str(output), "--data-dir", str(tmp_path / "data")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):
            if output.exists() and output.stat().st_size > 0:
                break
            assert demo.poll() is None, demo.stderr.read()
            time.sleep(0.1)
        users = [user for node in json.loads(output.read_text())["nodes"] for user in node["users"]]
        assert users
        # The users stay on screen: the nodes' logs go to their files.
        assert (tmp_path / "data" / "logs" / "be-1.log").stat().st_size > 0
        assert len(nodes_running(base)) == 1 and len(nodes_running(base + 1)) == 1
    finally:
        demo.send_signal(signal.SIGKILL)
        demo.wait()
    for _ in range(50):
        if not any(nodes_running(base + i) for i in range(4)):
            break
        time.sleep(0.2)
    assert not any(nodes_running(base + i) for i in range(4)), "a demo node outlived the demo"
