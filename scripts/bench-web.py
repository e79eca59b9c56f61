#!/usr/bin/env python3
"""Offers the reference workload's messages to a running `botrunner serve --http` from N browser sessions.

usage: scripts/bench-web.py [--port 8080] [--browsers 16] [--messages 400]

Each session has its own cookie and CSRF token and sends its messages one after another over one kept-alive
connection (as a page does); prints turns/s and the median and p99 round trip. Start the server with a high
`--http-rate` (the per-address limit would otherwise refuse a bench from one address). Python's threads are the
limit past a few sessions: the figure is a floor, not the server's ceiling.
"""
import argparse
import http.client
import json
import threading
import time

TEXTS = ["/start", "Нет логина и пароля", "МБОУ СОШ №1 г. Казани", "1234567890", "7707083893", "16",
         "school1@example.ru", "Иванов Иван Иванович"]


def session(port):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/api/session")
    response = connection.getresponse()
    body = json.loads(response.read())
    cookie = response.getheader("Set-Cookie").split(";")[0]
    return connection, {"Cookie": cookie, "X-CSRF-Token": body["csrf"], "Content-Type": "application/json"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--browsers", type=int, default=16)
    parser.add_argument("--messages", type=int, default=400)
    options = parser.parse_args()
    latencies, lock = [], threading.Lock()

    def browser(number):
        connection, headers = session(options.port)
        mine = []
        for index in range(options.messages):
            started = time.perf_counter()
            body = json.dumps({"text": TEXTS[index % len(TEXTS)], "id": f"b{number}-{index}"})
            connection.request("POST", "/api/messages", body, headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"HTTP {response.status}")
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=browser, args=(number,)) for number in range(options.browsers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    print(f"{len(latencies)} messages from {options.browsers} browsers: {len(latencies) / elapsed:.0f} turns/s, "
          f"p50 {latencies[len(latencies) // 2] * 1000:.2f} ms, p99 {latencies[int(len(latencies) * 0.99)] * 1000:.2f} ms")


if __name__ == "__main__":
    main()
