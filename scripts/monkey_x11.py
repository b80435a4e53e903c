#!/usr/bin/env python3
"""The monkey test through the real X server: seeded random xdotool input for the galaxy window.

Where `galaxy --monkey SEED` feeds events in at the window's own input queue, this one goes through
X, XTest and GLFW exactly as a person's keyboard and mouse do: typing bursts (capitals, accents),
Ctrl/Shift/Alt combinations, editing keys, F1/F5/F12, Tab, Esc, clicks, double-clicks and drags on
the panels and the sky, the wheel and window resizes, with the events sent faster than the window
draws (many land in one frame). It passes when the process is alive at the end and still answers:
F12 then saves a screenshot (or says why it cannot, if the monkey typed a bad folder) in time.

It starts an X server of its own (Xvfb), so that no other window on the display takes its events and
it takes none of theirs; everything the window writes goes into a temporary folder.
  scripts/monkey_x11.py --galaxy build/galaxy --seed 7 --events 2000 [--frame-delay-ms 150] [FILE]
Exit code 0: alive and answering; 1: the window died or stopped answering (its log is printed).
"""
import argparse
import atexit
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

KEYS = ["Tab", "Return", "Escape", "BackSpace", "Delete", "Left", "Right", "Up", "Down", "Home",
        "End", "Prior", "Next", "space", "Insert", "KP_Enter", "F1", "F2", "F3", "F4", "F6", "F7",
        "F9", "F10", "F11"]
COMBO_KEYS = ["a", "c", "v", "x", "z", "y", "f", "w", "Left", "Right", "Home", "End", "BackSpace",
              "Delete", "Tab", "Return", "s", "k"]
APP_KEYS = ["r", "l", "c", "i", "u", "b", "n", "p", "w", "a", "s", "d", "q", "e"]
# Where the default layout (1600x900) has text fields: Search, the Dataset path, the analogy's A, B, C
# and the expression (x measured from the right edge for the right-hand panels).
TEXT_FIELDS = [(160, 49, False), (455, 110, False), (310, 68, True), (190, 68, True),
               (75, 68, True), (225, 310, True)]
WORDS = ["Paris", "LONDON", "king", "Queen", "frog", "bank", "cat dog", "xyzzy", "naïve", "東京",
         "Über", "a" * 120, "king - man + woman"]


class Monkey:
    def __init__(self, seed, window, size):
        self.rng = random.Random(seed)
        self.window = window
        self.width, self.height = size
        self.events = 0

    def point(self):
        r = self.rng
        if r.random() < 0.25:
            x, y, from_right = r.choice(TEXT_FIELDS)
            return (self.width - x if from_right else x), y
        column = r.random()
        if column < 0.25:
            x = r.uniform(0, min(320, self.width))
        elif column < 0.5:
            x = self.width - r.uniform(0, min(340, self.width))
        else:
            x = r.uniform(0, self.width)
        return int(x), int(r.uniform(0, self.height))

    def burst(self):
        """One xdotool command line's worth of random input."""
        r = self.rng
        args = []
        for _ in range(r.randint(1, 6)):
            roll = r.random()
            if roll < 0.20:
                text = r.choice(WORDS) if r.random() < 0.4 else "".join(
                    r.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -+")
                    for _ in range(r.randint(1, 10)))
                args += ["type", "--delay", str(r.choice([0, 0, 5, 40])), "--", text]
                self.events += 2 * len(text)
            elif roll < 0.36:
                mod = r.choice(["ctrl", "ctrl", "shift", "alt", "ctrl+shift"])
                key = r.choice(COMBO_KEYS if mod != "shift" else KEYS[:14])
                args += ["key", "--delay", "0", f"{mod}+{key}"]
                self.events += 4
            elif roll < 0.46:
                args += ["key", "--delay", "0", r.choice(KEYS + ["F5"] * 1)]
                self.events += 2
            elif roll < 0.48:
                if r.random() < 0.3:
                    args += ["key", "F12"]
                    self.events += 2
            elif roll < 0.54:
                args += ["key", "--delay", "0", r.choice(APP_KEYS)]
                self.events += 2
            elif roll < 0.64:
                x, y = self.point()
                args += ["mousemove", "--window", self.window, str(x), str(y)]
                self.events += 1
            elif roll < 0.78:
                x, y = self.point()
                button = r.choice(["1", "1", "1", "3", "2"])
                repeat = "2" if r.random() < 0.2 else "1"
                args += ["mousemove", "--window", self.window, str(x), str(y),
                         "click", "--repeat", repeat, "--delay", "30", button]
                self.events += 1 + 2 * int(repeat)
            elif roll < 0.86:
                x, y = self.point()
                button = r.choice(["1", "1", "3"])
                shift = r.random() < 0.3
                args += ["mousemove", "--window", self.window, str(x), str(y)]
                if shift:
                    args += ["keydown", "shift"]
                args += ["mousedown", button]
                for _ in range(r.randint(2, 8)):
                    args += ["mousemove_relative", "--", str(r.randint(-80, 80)),
                             str(r.randint(-80, 80))]
                args += ["mouseup", button]
                if shift:
                    args += ["keyup", "shift"]
                self.events += 12
            elif roll < 0.94:
                button = r.choice(["4", "5"])
                args += ["click", "--repeat", str(r.randint(1, 5)), "--delay", "5", button]
                self.events += 3
            elif roll < 0.96:
                w, h = r.choice([(320, 200), (800, 600), (1600, 900), (1200, 700), (200, 900)])
                args += ["windowsize", self.window, str(w), str(h)]
                self.width, self.height = w, h
                self.events += 1
            else:
                args += ["sleep", str(r.choice([0.05, 0.2, 0.5]))]
        return args


def start_private_x_server():
    """Starts Xvfb on a display number of its own and points DISPLAY at it.

    Debian's Xvfb here keeps no lock files, so servers that parallel tests start at the same moment
    can pick the same number (-displayfd included); the one that loses exits at once with "server
    already running". So the number is random, and a server counts as ours once it has stayed up
    for a second and answers; otherwise another number is tried."""
    rng = random.Random(os.getpid() * 1000003 + time.time_ns())
    for _ in range(8):
        display = str(rng.randint(200, 29999))
        xvfb = subprocess.Popen(["Xvfb", ":" + display, "-screen", "0", "1920x1080x24",
                                 "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            xvfb.wait(timeout=1.0)  # a server that lost its number exits within this
        except subprocess.TimeoutExpired:
            os.environ["DISPLAY"] = ":" + display
            for _ in range(40):
                if subprocess.run(["xdotool", "getmouselocation"],
                                  capture_output=True).returncode == 0:
                    atexit.register(xvfb.terminate)
                    return
                time.sleep(0.05)
            xvfb.kill()
            xvfb.wait()
    sys.exit("monkey_x11: could not start a private Xvfb")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--galaxy", required=True, help="the galaxy executable")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--frame-delay-ms", type=int, default=0,
                        help="make every frame of the window this much slower")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds for the whole run")
    parser.add_argument("--text-boxes", action="store_true",
                        help="instead of random input: in every text field, type Paris and LONDON "
                             "fast, Ctrl+A, Ctrl+C, Ctrl+V, Shift+arrows (the report of issue 10)")
    parser.add_argument("file", nargs="?", help="vectors to open (default: the bundled galaxy)")
    args = parser.parse_args()
    for tool, package in (("xdotool", "xdotool"), ("Xvfb", "xvfb")):
        if not shutil.which(tool):
            sys.exit(f"monkey_x11: {tool} is missing (Debian package {package})")
    start_private_x_server()

    folder = tempfile.mkdtemp(prefix="galaxy-monkey-x11-")
    log_path = os.path.join(folder, "galaxy.log")
    command = [os.path.abspath(args.galaxy)]
    if args.file:
        command.append(os.path.abspath(args.file))
    if args.frame_delay_ms:
        command += ["--frame-delay-ms", str(args.frame_delay_ms)]
    log = open(log_path, "w")
    app = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + args.timeout

    def fail(why):
        if app.poll() is None:
            app.kill()
        app.wait()
        log.close()
        print(f"monkey_x11: seed {args.seed}: FAILED: {why}")
        with open(log_path, errors="replace") as f:
            print("".join(f.readlines()[-20:]))
        print(f"monkey_x11: files kept in {folder}")
        sys.exit(1)

    window = None
    while window is None and time.time() < deadline:
        if app.poll() is not None:
            fail(f"the window exited at start (code {app.returncode})")
        found = subprocess.run(["xdotool", "search", "--pid", str(app.pid), "--name",
                                "Embedding Galaxy"],
                               capture_output=True, text=True).stdout.split()
        if found:
            window = found[0]
        else:
            time.sleep(0.2)
    if window is None:
        fail("no window appeared")
    time.sleep(3.0)  # the bundled galaxy loads on a worker thread
    subprocess.run(["xdotool", "windowfocus", "--sync", window], check=False)

    monkey = Monkey(args.seed, window, (1600, 900))
    commands = 0
    if args.text_boxes:
        # Each text field of the default layout, typed into fast and at a person's pace.
        for x, y, from_right in TEXT_FIELDS:
            x = 1600 - x if from_right else x
            click = ["mousemove", "--window", window, str(x), str(y), "click", "1"]
            for delay in ("0", "40"):
                burst = click + ["type", "--delay", delay, "Paris", "key", "--delay", "0", "ctrl+a",
                                 "type", "--delay", delay, "LONDON", "key", "--delay", "0",
                                 "ctrl+a", "ctrl+c", "End", "ctrl+v", "shift+Left", "shift+Left",
                                 "shift+Home", "ctrl+x", "ctrl+z", "Escape"]
                subprocess.run(["xdotool"] + burst, capture_output=True, timeout=60)
                monkey.events += 60
                commands += 1
                if args.frame_delay_ms:
                    time.sleep(args.frame_delay_ms / 1000.0 * 20)
                if app.poll() is not None:
                    fail(f"the window died typing into the field at {x},{y} (exit code "
                         f"{app.returncode}); input: xdotool {' '.join(burst)}")
    while not args.text_boxes and monkey.events < args.events:
        if time.time() > deadline:
            fail(f"ran out of time after {monkey.events} events")
        events_before = monkey.events
        burst = monkey.burst()
        subprocess.run(["xdotool"] + burst, capture_output=True, timeout=60)
        commands += 1
        # A slow window sees each key's press and release in frames of their own (outside a text
        # field every tap of W or R counts): give it about a frame an event, as a person's pace
        # would, so that it is not minutes behind at the end.
        if args.frame_delay_ms:
            time.sleep(args.frame_delay_ms / 1000.0 * (monkey.events - events_before))
        if app.poll() is not None:
            fail(f"the window died after about {monkey.events} events (exit code {app.returncode}); "
                 f"last input: xdotool {' '.join(burst)}")
    # Let go of everything, put the window back to its size, and ask for a screenshot: a new PNG
    # in the folder says the window is alive and answers.
    subprocess.run(["xdotool", "keyup", "shift", "ctrl", "alt", "mouseup", "1", "mouseup", "3",
                    "windowsize", window, "1600", "900", "windowfocus", window], capture_output=True)
    time.sleep(1.0)
    log.flush()

    def screenshot_notes():
        with open(log_path, errors="replace") as f:
            return sum(1 for line in f if "screenshot saved" in line or "screenshot failed" in line)

    before = screenshot_notes()
    subprocess.run(["xdotool", "key", "F12"], capture_output=True)
    answered = False
    give_up = time.time() + 120
    while time.time() < give_up and not answered:
        if app.poll() is not None:
            fail(f"the window died at the end (exit code {app.returncode})")
        answered = screenshot_notes() > before
        time.sleep(0.2)
    if not answered:
        fail("F12 got no answer (no screenshot saved or refused): the window stopped answering")
    app.terminate()
    try:
        app.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.kill()
    log.close()
    print(f"monkey_x11: seed {args.seed}: about {monkey.events} events in {commands} xdotool bursts "
          f"(frame delay {args.frame_delay_ms} ms): alive and answering")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
