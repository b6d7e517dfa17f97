"""Soak: three node processes (BE, DE, FR) exchange a stream of messages in every direction
for a fixed time while nodes are killed with SIGKILL and the links between them are cut.
The links run through a fault-injecting proxy on loopback (each manifest endpoint is the
proxy's port), so a cut is real to both sides: connections drop and new ones are refused.

At the end every message a node accepted must be receipted exactly once at its receiver:
nothing lost, nothing doubled, and every node's audit chain verifies.

Usage: python soak.py BIN SECONDS WORKDIR [BASE_PORT]"""
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections import Counter

BIN, SECONDS, ROOT = sys.argv[1], float(sys.argv[2]), sys.argv[3]
BASE = int(sys.argv[4]) if len(sys.argv) > 4 else 19280
STATES = {"be-1": "BE", "de-1": "DE", "fr-1": "FR"}
WEB = {node: BASE + i for i, node in enumerate(STATES)}
FEDERATION = {node: BASE + 100 + i for i, node in enumerate(STATES)}
PROXY = {node: BASE + 200 + i for i, node in enumerate(STATES)}


def run(*args):
    subprocess.run([BIN, *args], check=True, capture_output=True, text=True, timeout=120)


class Proxy:
    """Forwards each proxy port to a node's federation port; `cut` drops every connection
    and refuses new ones until `mend`."""

    def __init__(self, listen, target):
        self.target = target
        self.cut_until = 0.0
        self.connections = set()
        self.lock = threading.Lock()
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", listen))
        self.server.listen(128)
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            client, _ = self.server.accept()
            if time.time() < self.cut_until:
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target), timeout=2)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections.update({client, upstream})
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pipe, args=(a, b), daemon=True).start()

    def pipe(self, source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        with self.lock:
            self.connections.discard(source)
            self.connections.discard(sink)

    def cut(self, seconds):
        self.cut_until = time.time() + seconds
        with self.lock:
            for s in list(self.connections):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class Network:
    def __init__(self):
        self.processes = {}
        self.tokens = {}
        run("pki", "init", "--dir", f"{ROOT}/pki")
        for node, state in STATES.items():
            prefix = state.lower()
            run("pki", "issue", "--dir", f"{ROOT}/pki", "--node", node, "--state", state,
                "--endpoint", f"https://127.0.0.1:{PROXY[node]}", "--host", "127.0.0.1",
                "--authority", f"immigration-asylum:{prefix}-imm:{state} immigration",
                "--authority", f"counter-terrorism:{prefix}-ct:{state} counter-terrorism")
        run("pki", "manifest", "--dir", f"{ROOT}/pki")
        self.proxies = {node: Proxy(PROXY[node], FEDERATION[node]) for node in STATES}

    def flags(self, node):
        return ["--state", STATES[node], "--node-id", node, "--port", str(WEB[node]),
                "--federation-port", str(FEDERATION[node]), "--federation-dir", f"{ROOT}/pki/nodes/{node}",
                "--data-dir", f"{ROOT}/{node}"]

    def first_start(self, node):
        users = f"{ROOT}/{node}.users.json"
        self.processes[node] = subprocess.Popen([BIN, "demo-node", *self.flags(node), "--users-out", users],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(600):
            if os.path.exists(users):
                break
            time.sleep(0.1)
        time.sleep(0.3)
        with open(users) as f:
            self.tokens[node] = next(u for u in json.load(f) if "node-administrator" in u["roles"])["apiToken"]
        self.wait_ready(node)

    def restart(self, node):
        self.processes[node] = subprocess.Popen([BIN, "serve", *self.flags(node)],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_ready(node)

    def wait_ready(self, node):
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{WEB[node]}/health/ready", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"soak: {node} did not become ready")

    def kill(self, node):
        self.processes[node].send_signal(signal.SIGKILL)
        self.processes[node].wait()

    def running(self, node):
        return self.processes[node].poll() is None

    def stop_all(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=20)

    def database(self, node):
        return sqlite3.connect(f"{ROOT}/{node}/liaison-{STATES[node].lower()}.sqlite", timeout=30)


def send(network, sender, receiver):
    request = urllib.request.Request(
        f"http://127.0.0.1:{WEB[sender]}/api/v1/network/checks", method="POST",
        data=json.dumps({"toNode": receiver}).encode(),
        headers={"Authorization": f"Bearer {network.tokens[sender]}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)["id"].lower()


def ids(rows):
    return [str(uuid.UUID(bytes=r[0])) if isinstance(r[0], bytes) else str(r[0]).lower() for r in rows]


def main():
    network = Network()
    for node in STATES:
        network.first_start(node)
    sent = {node: [] for node in STATES}
    stop = threading.Event()
    counts = {"kills": 0, "cuts": 0, "refusedWhileDown": 0}

    def stream(sender):
        others = [n for n in STATES if n != sender]
        while not stop.is_set():
            receiver = random.choice(others)
            try:
                sent[sender].append((send(network, sender, receiver), receiver))
            except (OSError, http.client.HTTPException, ValueError):
                # The sender was down, or was killed while answering: the message was not
                # acknowledged, so it is not counted as sent (if it was stored, it arrives as extra).
                counts["refusedWhileDown"] += 1
                time.sleep(0.2)
            time.sleep(0.02)

    def chaos():
        while not stop.is_set():
            time.sleep(random.uniform(1.5, 4))
            if stop.is_set():
                break
            if random.random() < 0.5:
                node = random.choice(list(STATES))
                network.kill(node)
                counts["kills"] += 1
                time.sleep(random.uniform(0.2, 1.5))
                network.restart(node)
            else:
                network.proxies[random.choice(list(STATES))].cut(random.uniform(0.5, 3))
                counts["cuts"] += 1

    threads = [threading.Thread(target=stream, args=(n,)) for n in STATES] + [threading.Thread(target=chaos)]
    for t in threads:
        t.start()
    time.sleep(SECONDS)
    stop.set()
    for t in threads:
        t.join()
    for node in STATES:
        if not network.running(node):
            network.restart(node)

    # Let the outboxes drain, then count at every receiver.
    deadline = time.time() + 180
    while time.time() < deadline:
        queued = 0
        for node in STATES:
            with network.database(node) as db:
                queued += db.execute("SELECT count(*) FROM outbox_messages WHERE state <> 'delivered'").fetchone()[0]
        if queued == 0:
            break
        time.sleep(1)
    received = {}
    for node in STATES:
        with network.database(node) as db:
            received[node] = Counter(ids(db.execute("SELECT id FROM inbox_messages WHERE kind = 'network.ping'").fetchall()))
    total = sum(len(v) for v in sent.values())
    lost = sum(1 for messages in sent.values() for message, receiver in messages if received[receiver][message] == 0)
    # A message twice at one receiver, or at two, is doubled whoever sent it.
    everywhere = Counter()
    for counter in received.values():
        everywhere.update(counter)
    duplicates = sum(n - 1 for n in everywhere.values() if n > 1)
    network.stop_all()
    chains = []
    for node in STATES:
        result = subprocess.run([BIN, "audit", "verify", "--state", STATES[node], "--data-dir", f"{ROOT}/{node}"],
                                capture_output=True, text=True, timeout=120)
        chains.append(result.returncode == 0)
    delivered = sum(1 for s, ms in sent.items() for m, r in ms if m in received[r])
    print(f"soak: {SECONDS:.0f} s, sent {total}, delivered {delivered}, duplicates {duplicates}, lost {lost}, "
          f"kills {counts['kills']}, cuts {counts['cuts']}, sends not acknowledged while a node was down {counts['refusedWhileDown']}, "
          f"audit chains intact {sum(chains)}/{len(chains)}")
    if lost or duplicates or not all(chains) or total == 0:
        raise SystemExit("soak: FAILED")


if __name__ == "__main__":
    main()
