"""Faults between two real node processes on loopback (real TLS, real signatures, SQLite):
a receiver that is down, a sender killed with SIGKILL mid-delivery, a receiver killed under
a stream of messages. Nothing may be lost and nothing applied twice."""
import json
import os
import signal
import sqlite3
import subprocess
import time
import urllib.request
import uuid

import pytest

import contract

BIN = os.environ.get("LIAISON_BIN", "")
BASE = int(os.environ.get("LIAISON_FAULT_PORT", "18180"))
NODES = {"be-1": ("BE", BASE, BASE + 1000), "de-1": ("DE", BASE + 1, BASE + 1001)}


def run(*args):
    subprocess.run([BIN, *args], check=True, capture_output=True, text=True, timeout=60)


class Network:
    def __init__(self, root):
        self.root = root
        self.processes = {}
        run("pki", "init", "--dir", f"{root}/pki")
        for node, (state, _, fed) in NODES.items():
            prefix = state.lower()
            run("pki", "issue", "--dir", f"{root}/pki", "--node", node, "--state", state,
                "--endpoint", f"https://127.0.0.1:{fed}", "--host", "127.0.0.1",
                "--authority", f"immigration-asylum:{prefix}-imm:{state} immigration")
        run("pki", "manifest", "--dir", f"{root}/pki")

    def flags(self, node):
        state, web, fed = NODES[node]
        return ["--state", state, "--node-id", node, "--port", str(web), "--federation-port", str(fed),
                "--federation-dir", f"{self.root}/pki/nodes/{node}", "--data-dir", f"{self.root}/{node}"]

    def first_start(self, node):
        users = f"{self.root}/{node}.users.json"
        self.processes[node] = subprocess.Popen([BIN, "demo-node", *self.flags(node), "--users-out", users],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            if os.path.exists(users):
                break
            time.sleep(0.1)
        with open(users) as f:
            return next(u for u in json.load(f) if "node-administrator" in u["roles"])["apiToken"]

    def restart(self, node):
        self.processes[node] = subprocess.Popen([BIN, "serve", *self.flags(node)],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_ready(node)

    def wait_ready(self, node):
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{NODES[node][1]}/health/ready", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"{node} did not become ready")

    def ensure_running(self):
        """Each test starts with both nodes up, whatever the previous test left."""
        for node, process in self.processes.items():
            if process.poll() is not None:
                self.restart(node)

    def kill(self, node):
        self.processes[node].send_signal(signal.SIGKILL)
        self.processes[node].wait()

    def stop_all(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)

    def database(self, node):
        state = NODES[node][0].lower()
        return sqlite3.connect(f"{self.root}/{node}/liaison-{state}.sqlite", timeout=10)


def api(token, method, path, body=None):
    return contract.call(f"http://127.0.0.1:{NODES['be-1'][1]}", token, method, path, body)


def send(token, count):
    return [api(token, "POST", "/network/checks", {"toNode": "de-1"})["id"] for _ in range(count)]


def wait_delivered(token, ids, seconds=60):
    deadline = time.time() + seconds
    wanted = {i.lower() for i in ids}
    while time.time() < deadline:
        try:
            messages = api(token, "GET", "/network/messages")
            states = {m["id"].lower(): m for m in messages if m["id"].lower() in wanted}
            if len(states) == len(wanted) and all(m["state"] == "delivered" and m["receipt"] for m in states.values()):
                return states
        except OSError:
            pass
        time.sleep(0.25)
    raise AssertionError("not every message was delivered in time")


def inbox(network, ids):
    wanted = {i.lower() for i in ids}
    with network.database("de-1") as db:
        rows = [str(uuid.UUID(bytes=r[0])) if isinstance(r[0], bytes) else r[0].lower()
                for r in db.execute("SELECT id FROM inbox_messages")]
    return [r for r in rows if r in wanted]


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    net = Network(str(tmp_path_factory.mktemp("faults")))
    net.token = net.first_start("be-1")
    net.first_start("de-1")
    yield net
    net.stop_all()


def test_receiver_down_messages_wait_then_arrive_exactly_once(network):
    network.ensure_running()
    network.kill("de-1")
    ids = send(network.token, 10)
    time.sleep(1.5)
    waiting = [m for m in api(network.token, "GET", "/network/messages") if m["id"] in ids]
    assert len(waiting) == 10 and all(m["state"] == "queued" for m in waiting)
    assert any(m["attempts"] >= 1 and m["lastError"] for m in waiting), "delivery was attempted and failed"
    network.restart("de-1")
    wait_delivered(network.token, ids)
    received = inbox(network, ids)
    assert sorted(received) == sorted(i.lower() for i in ids), "each message once, none missing"


def test_sender_killed_mid_delivery_loses_and_duplicates_nothing(network):
    network.ensure_running()
    ids = send(network.token, 40)
    network.kill("be-1")
    network.restart("be-1")
    wait_delivered(network.token, ids)
    received = inbox(network, ids)
    assert len(received) == len(set(received)) == len(ids)


def test_receiver_killed_under_a_stream_keeps_every_receipted_message(network):
    network.ensure_running()
    ids = send(network.token, 30)
    time.sleep(0.05)
    network.kill("de-1")
    ids += send(network.token, 30)
    # Every message whose receipt the sender already holds must be at the receiver.
    receipted = [m["id"].lower() for m in api(network.token, "GET", "/network/messages")
                 if m["id"] in ids and m["state"] == "delivered"]
    assert set(receipted) <= set(inbox(network, ids))
    network.restart("de-1")
    wait_delivered(network.token, ids)
    received = inbox(network, ids)
    assert len(received) == len(set(received)) == len(ids)
