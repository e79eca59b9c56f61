#!/usr/bin/env python3
"""First throughput figure: /start and menu choices through `botrunner serve --stdio`.

Per chat: /start, the help option, a help topic, "Продолжить" (back to the menu): 4 turns.
Chats run interleaved (turn k of every chat before turn k+1 of any), with a window of
outstanding messages. Prints turns/s and latency percentiles; checks every turn arrived
and ended where it should.

usage: scripts/bench-stdio.py [--chats 1000] [--window 256] [--binary .build/release/botrunner]
"""
import argparse, json, os, subprocess, sys, tempfile, time, statistics, selectors

STEPS = ["/start", "Помощь и контакты", "Когда придёт логин?", "Продолжить"]
EXPECT = [("menu", "main"), ("help", "overview"), ("help", "faq_when_login"), ("menu", "main")]

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--window", type=int, default=256)
    parser.add_argument("--binary", default=".build/release/botrunner")
    parser.add_argument("--durability", default="full")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-stdio-")
    db = os.path.join(folder, "bench.sqlite")
    started = time.perf_counter()
    bot = subprocess.Popen([args.binary, "serve", "--stdio", "--db", db, "--durability", args.durability],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=sys.stderr, bufsize=0)
    messages = []
    for step, text in enumerate(STEPS):
        for chat in range(args.chats):
            messages.append((f"b:{chat}", f"{chat}-{step}", text, step))
    sent_at = {}
    latencies = []
    pending = b""
    wrong = 0
    next_index = 0
    received = 0
    os.set_blocking(bot.stdout.fileno(), False)
    selector = selectors.DefaultSelector()
    selector.register(bot.stdout, selectors.EVENT_READ)
    first_sent = time.perf_counter()
    while received < len(messages):
        batch = []
        while next_index < len(messages) and next_index - received < args.window:
            chat, mid, text, _ = messages[next_index]
            batch.append(json.dumps({"chat": chat, "id": mid, "text": text}, ensure_ascii=False) + "\n")
            sent_at[mid] = time.perf_counter()
            next_index += 1
        if batch:
            bot.stdin.write("".join(batch).encode())
        for _key, _ in selector.select(timeout=10):
            chunk = bot.stdout.read(1 << 20) or b""
            pending += chunk
        *lines, pending = pending.split(b"\n")
        now = time.perf_counter()
        for line in lines:
            reply = json.loads(line)
            if reply.get("type") != "turn":
                wrong += 1
                received += 1
                continue
            mid = reply["reply_to"]
            latencies.append(now - sent_at.pop(mid))
            step = int(mid.split("-")[1])
            meta = reply["meta"]
            if (meta["dialog"], meta["step"]) != EXPECT[step]:
                wrong += 1
            received += 1
    elapsed = time.perf_counter() - first_sent
    bot.stdin.close()
    bot.wait()
    if wrong:
        print(f"FAILED: {wrong} turns ended in the wrong place", file=sys.stderr)
        sys.exit(1)
    latencies.sort()
    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
    print(f"chats {args.chats}, turns {len(messages)} ({len(STEPS)} per chat), window {args.window}, durability {args.durability}")
    print(f"turns/s {len(messages) / elapsed:,.0f}   p50 {pct(0.5):.2f} ms   p99 {pct(0.99):.2f} ms   max {latencies[-1]*1000:.2f} ms")
    print(f"wall time incl. start {time.perf_counter() - started:.2f} s")

if __name__ == "__main__":
    main()
