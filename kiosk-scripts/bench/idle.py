#!/usr/bin/env python3
"""Idle cost and reaction time of the kiosk, the board and the rating screen.

Starts the three full-screen programs of a release `turnero` on pseudo-terminals (80×24, the
virtual printer, the example office), lets them settle, then measures over `--seconds`:
CPU time (user + system, from /proc/PID/stat) and wake-ups (context switches of all threads,
from /proc/PID/task/*/status) while nobody touches anything; then how fast each reacts to what
it waits for (paper out and back at the kiosk, a call on the board, a finished turn on the
rating screen), and the kiosk's memory (VmRSS, VmHWM) idle and after a ticket.

    kiosk-scripts/bench-idle.sh            (builds the release binary, then runs this)
    python3 kiosk-scripts/bench/idle.py --turnero .build-bench/release/turnero [--seconds 60]

Figures and the machine go in docs/performance.md.
"""

import argparse
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import fcntl
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CSI = re.compile(rb"\x1b\[[0-9;?<>=]*[A-Za-z]")
TICK = os.sysconf("SC_CLK_TCK")


class Screen:
    """A program on a pseudo-terminal; what it wrote, escape sequences stripped."""

    def __init__(self, name, command, environment):
        self.name = name
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=environment, close_fds=True)
        os.close(slave)
        self.master = master
        self.text = bytearray()
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.text += CSI.sub(b"", data)

    def mark(self):
        with self.lock:
            return len(self.text)

    def wait_for(self, needle, since=0, timeout=20.0, started=None):
        """Seconds from `started` (default: now) until `needle` appears after offset `since`;
        None on timeout."""
        started = time.monotonic() if started is None else started
        needle = needle.encode()
        while time.monotonic() - started < timeout:
            with self.lock:
                if needle in self.text[since:]:
                    return time.monotonic() - started
            time.sleep(0.002)
        return None

    def cpu_seconds(self):
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK

    def switches(self):
        """Context switches per thread id (a thread that ends takes its count with it)."""
        counts = {}
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            try:
                for line in (task / "status").read_text().splitlines():
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        counts[task.name] = counts.get(task.name, 0) + int(line.split()[1])
            except FileNotFoundError:
                pass
        return counts

    def memory(self):
        values = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS", "VmHWM")):
                key, value = line.split(":")
                values[key] = int(value.split()[0]) / 1024
        return values

    def resident_by_file(self, top=12):
        """Resident kB per mapped file (anonymous memory as "[anon]"), largest first, from
        /proc/PID/smaps: where the RSS comes from."""
        totals, name = {}, "[anon]"
        for line in Path(f"/proc/{self.process.pid}/smaps").read_text().splitlines():
            fields = line.split()
            if "-" in fields[0] and not fields[0].endswith(":"):
                name = fields[5] if len(fields) > 5 and fields[5].startswith("/") else "[anon]"
            elif fields[0] == "Rss:":
                totals[name] = totals.get(name, 0) + int(fields[1])
        return sorted(totals.items(), key=lambda item: -item[1])[:top]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--turnero", default=str(ROOT / ".build-bench/release/turnero"))
    parser.add_argument("--seconds", type=float, default=60)
    options = parser.parse_args()

    state = Path(tempfile.mkdtemp(prefix="turnero-idle-"))
    environment = dict(os.environ)
    environment.update({
        "TURNERO_STATE_DIR": str(state), "TURNERO_DEVICES": str(ROOT / "devices"), "TERM": "xterm-256color",
        "TURNERO_LOG_FILE": str(state / "turnero.log"), "LANG": "C.UTF-8",
    })
    environment.pop("TURNERO_CONFIG", None)

    def turnero(*arguments):
        """Runs a command to completion; returns when it started."""
        started = time.monotonic()
        subprocess.run([options.turnero, *arguments], env=environment, check=True, stdout=subprocess.DEVNULL)
        return started

    screens = []
    try:
        turnero("init", "--config", str(ROOT / "kiosk-scripts/config/office.example.json"), "--kiosk-id", "bench")
        kiosk = Screen("kiosk", [options.turnero, "kiosk"], environment)
        board = Screen("board", [options.turnero, "board"], environment)
        rating = Screen("rating screen", [options.turnero, "rate-terminal", "--counter", "1"], environment)
        screens = [kiosk, board, rating]
        for screen, text in [(kiosk, "Tomar un turno"), (board, "Esperando el primer llamado"), (rating, "Bienvenido")]:
            if screen.wait_for(text) is None:
                sys.exit(f"{screen.name} never drew its first screen")
        time.sleep(3)  # let start-up work (first health check, first reads) finish

        before = {s.name: (s.cpu_seconds(), s.switches()) for s in screens}
        started = time.monotonic()
        time.sleep(options.seconds)
        elapsed = time.monotonic() - started
        idle = {}
        for s in screens:
            now_switches, old = s.switches(), before[s.name][1]
            # Threads alive at both ends count their difference; threads born meanwhile count whole.
            switches = sum(count - old.get(tid, 0) for tid, count in now_switches.items())
            cpu = s.cpu_seconds() - before[s.name][0]
            idle[s.name] = (100 * cpu / elapsed, switches / elapsed, cpu)
        memory_idle = kiosk.memory()
        memory_map = kiosk.resident_by_file()

        # Reactions, each timed from the moment the cause starts (a file written; a command
        # started, its process start-up and commit included) to the screen showing the answer.
        faults = state / "tickets" / "FAULTS"
        mark = kiosk.mark()
        started = time.monotonic()
        faults.write_text("paper-out")
        paper_out = kiosk.wait_for("FUERA DE SERVICIO", mark, started=started)
        mark = kiosk.mark()
        started = time.monotonic()
        faults.write_text("")
        paper_back = kiosk.wait_for("Tomar un turno", mark, started=started)

        turnero("turn", "issue", "--service", "pagos", "--no-print")
        mark = board.mark()
        board_call = board.wait_for("Módulo 1", mark, started=turnero("counter", "call", "--counter", "1"))
        turnero("counter", "start", "--counter", "1")
        mark = rating.mark()
        rating_prompt = rating.wait_for("¿Cómo calificaría", mark, started=turnero("counter", "finish", "--counter", "1"))

        # A ticket through the kiosk itself (touch), then its memory.
        os.write(kiosk.master, b"1\r")
        kiosk.wait_for("Elija el servicio")
        os.write(kiosk.master, b"1\r")
        kiosk.wait_for("preferencial")
        mark = kiosk.mark()
        os.write(kiosk.master, b"2\r")
        ticket = kiosk.wait_for("Recoja su turno", mark)
        memory_ticket = kiosk.memory()

        print(f"turnero idle bench: {options.turnero}, {elapsed:.1f} s idle, 80x24, virtual printer")
        print()
        print("| Program | idle CPU | CPU time | wake-ups/s | reaction |")
        print("|---|---|---|---|---|")
        reactions = {
            "kiosk": f"paper out {fmt(paper_out)}, back {fmt(paper_back)}",
            "board": f"call shown {fmt(board_call)}",
            "rating screen": f"prompt {fmt(rating_prompt)}",
        }
        for name, (percent, wakeups, cpu) in idle.items():
            print(f"| {name} | {percent:.3f} % | {cpu * 1000:.0f} ms | {wakeups:.2f} | {reactions[name]} |")
        print()
        print(f"kiosk memory: idle VmRSS {memory_idle['VmRSS']:.1f} MB; after a ticket ({fmt(ticket)} from the last tap) "
              f"VmRSS {memory_ticket['VmRSS']:.1f} MB, peak VmHWM {memory_ticket['VmHWM']:.1f} MB")
        print("kiosk resident memory by mapping, idle: " + ", ".join(
            f"{Path(name).name} {kb / 1024:.1f} MB" for name, kb in memory_map))
        goals = [all(p <= 0.05 for p, _, _ in idle.values()),
                 all(r is not None and r < 1 for r in [paper_out, paper_back, board_call, rating_prompt]),
                 memory_ticket["VmHWM"] <= 35]
        print(f"goals: idle ≤ 0.05 % {'met' if goals[0] else 'NOT met'}; reaction < 1 s {'met' if goals[1] else 'NOT met'}; "
              f"kiosk RSS ≤ 35 MB {'met' if goals[2] else 'NOT met'}")
    finally:
        for screen in screens:
            screen.stop()
        shutil.rmtree(state, ignore_errors=True)


def fmt(seconds):
    return "timed out" if seconds is None else f"{seconds * 1000:.0f} ms"


if __name__ == "__main__":
    main()
