"""The three-instance exchange run (issue 19, Measure): two districts and a city on the loopback,
each its own gongkai (bench/instances.py). The districts' items flow up to the city, the city's
上级文件 (policy documents) flow down to both districts; the receiver is killed in the middle and
restarted; afterwards every side must agree exactly.

    .venv/bin/python -m bench.exchange                       # the full run: 10,000 items, 2,000
                                                             # revisions, 500 withdrawals (SQLite)
    .venv/bin/python -m bench.exchange --postgres            # the same on PostgreSQL (databases
                                                             # gk_exchange_<run>_*, dropped after)
    .venv/bin/python -m bench.exchange --items 300 --revisions 60 --withdrawals 15 --down 20

Phases, each timed:
1. set-up: one migrated schema copied into three instances, each seeded with its government,
   units and people, served by gunicorn; partners registered through the API both ways
   (POST /api/v1/exchange/partners, the peer's credentials pasted, PATCH to complete).
2. backlog: the districts publish ``items`` between them, the city ``down`` policy documents,
   through the real pipeline (bench/exchangeload.py), before any cycle runs.
3. drain (the measured part): rounds of ``exchange_cycle`` on the three instances at once, while
   a second process per district revises ``revisions`` and withdraws ``withdrawals`` of the items
   already published, as staff would during the day. After the first round the city is killed
   (SIGKILL), one round runs against it while it is down, and it is restarted. Rounds go on until
   the revisions and withdrawals are done and a round moves nothing anywhere.
4. steady state: cycles every ``interval`` seconds while a district publishes an item now and
   then; the districts' partner view (GET /api/v1/exchange/partners/{id}) is read every second
   and the largest ``lag_seconds`` is kept.
5. check: per item SHA-256 of (title, body, revision, state) at the origin and at every receiver
   (bench/exchangeload.py PRINTS), equal sets and equal hashes; every partner's pushed cursor at
   its change log's head with no open delivery failure (a receipt for every record).

Prints one JSON object (``--json``) or a block for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import exchangeload as load
from bench.instances import Cluster, Instance, cluster, pair

# Counts of an exchange_cycle line (gongkai/exchange/cycle.py Counts) that mean "something moved",
# and those that mean "a partner could not be served" (failed now, or waiting out its back-off).
MOVED = ("pushed", "pulled")
STUCK = ("failed_partners", "waiting_partners")


@dataclass
class Plan:
    items: int = 10_000
    revisions: int = 2_000
    withdrawals: int = 500
    down: int = 200  # the city's policy documents sent down
    interval: float = 60.0  # steady state: seconds between cycles
    steady_cycles: int = 3
    kill_after_round: int = 1
    kill_delay: float | None = None  # seconds into that round (None: when it has ended)
    max_rounds: int = 400
    postgres: bool = False
    tasks: str = "immediate"
    # The drain's rounds: --force, as the office's 立即同步 does, so that the restarted city is
    # tried at once rather than after the back-off's first minute (the steady state runs without).
    cycle_args: tuple[str, ...] = ("--force",)
    env: dict[str, str] = field(default_factory=dict)  # settings of every instance (GONGKAI_…)
    city_env: dict[str, str] = field(default_factory=dict)  # and of the city alone
    workers: int = 2  # gunicorn workers per instance
    wait_for_search: bool = True  # jobs in the database: wait until the workers have indexed all


@dataclass
class Result:
    plan: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)
    rounds: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    steady: dict[str, Any] = field(default_factory=dict)
    check: dict[str, Any] = field(default_factory=dict)
    machine: dict[str, Any] = field(default_factory=dict)  # load averages: others share the cores

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "timings": self.timings,
            "totals": self.totals,
            "rounds": [
                {
                    "at": r.get("at"),
                    "seconds": r["seconds"],
                    "city_down": r.get("city_down", False),
                    "errors": {k: v["error"] for k, v in r["lines"].items() if "error" in v},
                    "pending": r.get("pending", {}),
                }
                for r in self.rounds
            ],
            "steady": self.steady,
            "check": self.check,
            "machine": self.machine,
        }


class Timer:
    def __init__(self, result: Result) -> None:
        self.result = result

    def __call__(self, name: str, work: Callable[[], Any]) -> Any:
        start = time.monotonic()
        value = work()
        self.result.timings[name] = round(time.monotonic() - start, 2)
        return value


def shell_json(instance: Instance, script: str, spec: dict[str, Any], tasks: str | None = None) -> Any:
    """A load script in the instance; ``tasks`` overrides the jobs backend for that process only."""
    if tasks is not None:
        saved = dict(instance.extra_env)
        instance.extra_env["GONGKAI_TASKS"] = tasks
        try:
            return json.loads(instance.shell(script, json.dumps(spec)).splitlines()[-1])
        finally:
            instance.extra_env = saved
    return json.loads(instance.shell(script, json.dumps(spec)).splitlines()[-1])


def publish(instance: Instance, tag: str, count: int, kind: str = "item", start: int = 0) -> list[int]:
    spec = {"unit": instance.unit_id, "tag": tag, "start": start, "count": count, "kind": kind}
    return list(shell_json(instance, load.PUBLISH, spec)) if count else []


def setup(made: Cluster, plan: Plan) -> tuple[list[Instance], Instance]:
    d1, d2, city = made.add_all(
        [
            {"label": "d1", "name": "康巴什区", "division": "150603", "env": plan.env},
            {"label": "d2", "name": "东胜区", "division": "150602", "env": plan.env},
            {"label": "city", "name": "鄂尔多斯市", "division": "150600", "env": plan.env | plan.city_env},
        ],
        tasks=plan.tasks,
        workers=plan.workers,
    )
    districts = [d1, d2]
    for district in districts:
        pair(district, city, "up")
    return districts, city


def backlog(districts: list[Instance], city: Instance, plan: Plan) -> dict[str, list[int]]:
    """The items, published at once in the three instances (one process each: two cores)."""
    shares = [plan.items // 2, plan.items - plan.items // 2]
    with ThreadPoolExecutor(3) as pool:
        jobs = {d.label: pool.submit(publish, d, d.name, n) for d, n in zip(districts, shares, strict=True)}
        jobs[city.label] = pool.submit(publish, city, city.name, plan.down, "policy")
        return {label: job.result() for label, job in jobs.items()}


def edits(districts: list[Instance], ids: dict[str, list[int]], plan: Plan) -> Callable[[], None]:
    """Revisions and withdrawals spread over the districts' items (disjoint sets), in batches."""

    def one(district: Instance, share_r: int, share_w: int) -> None:
        own = ids[district.label]
        step = max(1, len(own) // max(1, share_r))
        revised = own[::step][:share_r]
        withdrawn = [pk for pk in reversed(own) if pk not in set(revised)][:share_w]
        for start in range(0, max(len(revised), len(withdrawn)), 200):
            spec = {"ids": revised[start : start + 200], "withdraw": withdrawn[start : start + 200], "round": 1}
            shell_json(district, load.REVISE, spec)

    def run() -> None:
        halves = [
            (plan.revisions // 2, plan.withdrawals // 2),
            (plan.revisions - plan.revisions // 2, plan.withdrawals - plan.withdrawals // 2),
        ]
        with ThreadPoolExecutor(2) as pool:
            for job in [pool.submit(one, d, r, w) for d, (r, w) in zip(districts, halves, strict=True)]:
                job.result()

    return run


def cycle_or_error(instance: Instance, args: tuple[str, ...]) -> dict[str, Any]:
    try:
        return instance.cycle(*args)
    except RuntimeError as exc:
        return {"error": str(exc)[-500:]}


def one_round(instances: list[Instance], args: tuple[str, ...] = ()) -> dict[str, Any]:
    start = time.monotonic()
    with ThreadPoolExecutor(len(instances)) as pool:
        lines = dict(
            zip([i.label for i in instances], pool.map(lambda i: cycle_or_error(i, args), instances), strict=True)
        )
    return {"seconds": round(time.monotonic() - start, 2), "lines": lines}


def pending(instances: list[Instance]) -> dict[str, list[str]]:
    """The partners, per instance, that still wait for a change of ours."""
    with ThreadPoolExecutor(len(instances)) as pool:
        answers = pool.map(lambda i: shell_json(i, load.PENDING, {}), instances)
        return {i.label: names for i, names in zip(instances, answers, strict=True) if names}


def moved(round_: dict[str, Any]) -> int:
    return sum(int(line.get(key, 0) or 0) for line in round_["lines"].values() for key in MOVED)


def failing(round_: dict[str, Any]) -> int:
    lines = round_["lines"].values()
    return sum(sum(int(line.get(key, 0) or 0) for key in STUCK) + (1 if "error" in line else 0) for line in lines)


def drain(districts: list[Instance], city: Instance, ids: dict[str, list[int]], plan: Plan, result: Result) -> None:
    """Rounds of cycles until nothing moves, the city killed in or after ``kill_after_round``."""
    everyone = [*districts, city]
    editing = threading.Thread(target=edits(districts, ids, plan), name="edits")
    start = time.monotonic()
    editing.start()
    killed = False
    for number in range(1, plan.max_rounds + 1):
        killer = None
        if number == plan.kill_after_round and plan.kill_delay is not None:
            # In the middle of the round: the districts' pushes are cut off mid-batch.
            killer = threading.Timer(plan.kill_delay, city.kill)
            killer.start()
        round_ = one_round(everyone, plan.cycle_args)
        round_["at"] = round(time.monotonic() - start, 2)
        result.rounds.append(round_)
        if killer is not None:
            killer.join()
        if number == plan.kill_after_round and not killed:
            killed = True
            city.kill()
            down = one_round(districts, plan.cycle_args)  # the districts try the city while it is away
            down["city_down"] = True
            result.rounds.append(down)
            restart = time.monotonic()
            city.start()
            result.timings["city_restart"] = round(time.monotonic() - restart, 2)
            continue
        if not editing.is_alive() and moved(round_) == 0 and failing(round_) == 0 and number > plan.kill_after_round:
            waiting = pending(everyone)
            if not waiting:
                break
            round_["pending"] = waiting
            time.sleep(5)
    editing.join()
    result.timings["drain"] = round(time.monotonic() - start, 2)
    if plan.tasks == "database" and plan.wait_for_search:  # the search indexes, kept by the job workers
        catch_up(everyone, result)
        result.timings["search_caught_up"] = round(time.monotonic() - start, 2)
    add_up(result)


def catch_up(instances: list[Instance], result: Result) -> None:
    """Until no job is waiting anywhere (a worker that died is started again, and counted)."""
    while any(i.jobs_pending() for i in instances):
        restarted = sum(i.ensure_worker() for i in instances)
        if restarted:
            result.totals["worker_restarts"] = result.totals.get("worker_restarts", 0) + restarted
        time.sleep(2)


def add_up(result: Result) -> None:
    """The cycles' counts over every round."""
    totals: dict[str, int] = dict(result.totals)
    for round_ in result.rounds:
        for line in round_["lines"].values():
            for key, value in line.items():
                if isinstance(value, int):
                    totals[key] = totals.get(key, 0) + value
    result.totals = totals


def steady(districts: list[Instance], city: Instance, plan: Plan, result: Result) -> None:
    """Cycles every ``interval`` s; a district item every third of it; the largest lag seen."""
    partner_id = district_partner_ids(districts[0])[0]
    one_round([*districts, city])  # a fresh start: the drain may have ended minutes ago
    lags: list[float] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            answer = districts[0].api("GET", f"/exchange/partners/{partner_id}")
            if answer.status_code == 200 and answer.json().get("lag_seconds") is not None:
                lags.append(float(answer.json()["lag_seconds"]))
            stop.wait(1.0)

    watcher = threading.Thread(target=watch, name="lag")
    watcher.start()
    number = 1_000_000
    try:
        for _ in range(plan.steady_cycles):
            began = time.monotonic()
            for _ in range(3):
                publish(districts[0], districts[0].name, 1, start=number)
                number += 1
                time.sleep(max(0.0, plan.interval / 3 - 1))
            one_round([*districts, city])
            time.sleep(max(0.0, plan.interval - (time.monotonic() - began)))
        one_round([*districts, city])
    finally:
        stop.set()
        watcher.join()
    result.steady = {"interval": plan.interval, "max_lag_seconds": max(lags) if lags else None, "samples": len(lags)}


def district_partner_ids(instance: Instance) -> list[int]:
    answer = instance.api("GET", "/exchange/partners")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    rows = body["items"] if isinstance(body, dict) and "items" in body else body
    return [int(row["id"]) for row in rows]


def check(districts: list[Instance], city: Instance) -> dict[str, Any]:
    """Every side agrees: the same keys and hashes at origin and receiver; receipts for all (no
    change of ours is pending for any partner, none is listed as undelivered either way)."""
    everyone = [*districts, city]
    with ThreadPoolExecutor(len(everyone)) as pool:
        answers = pool.map(lambda i: shell_json(i, load.CHECK, {}), everyone)
        found = dict(zip([i.label for i in everyone], answers, strict=True))
    prints = {label: answer["prints"] for label, answer in found.items()}
    status = {label: answer["status"] for label, answer in found.items()}
    expected_at_city = {k: v for d in districts for k, v in prints[d.label]["own"].items()}
    problems: dict[str, Any] = {}
    compare(problems, "city", expected_at_city, prints["city"]["received"])
    for district in districts:
        compare(problems, district.label, prints["city"]["own"], prints[district.label]["received"])
    for label, partners in status.items():
        for partner in partners:
            if partner["pending"] or partner["open_out"] or partner["open_in"]:
                problems.setdefault("receipts", []).append({"at": label, **partner})
        inconsistent = prints[label]["inconsistent"]
        if inconsistent:
            problems[f"{label}_withdrawn_flag"] = inconsistent[:10]
    return {
        "agree": not problems,
        "problems": problems,
        "counts": {
            label: {
                "own": len(p["own"]),
                "received": len(p["received"]),
                "withdrawn_own": p["withdrawn_own"],
                "withdrawn_received": p["withdrawn_received"],
            }
            for label, p in prints.items()
        },
    }


def compare(problems: dict[str, Any], where: str, expected: dict[str, str], got: dict[str, str]) -> None:
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    differ = sorted(k for k in set(expected) & set(got) if expected[k] != got[k])
    if missing or extra or differ:
        problems[where] = {
            "missing": len(missing),
            "extra": len(extra),
            "differ": len(differ),
            "examples": (missing + extra + differ)[:5],
        }


def run_in(made: Cluster, plan: Plan, steady_state: bool = True) -> tuple[Result, list[Instance], Instance]:
    """The run in a cluster the caller keeps (the smoke test goes on with the live instances)."""
    result = Result(plan=plan.__dict__ | {"cycle_args": list(plan.cycle_args)})
    result.machine = {"cpus": os.cpu_count(), "load_at_start": [round(x, 1) for x in os.getloadavg()]}
    timed = Timer(result)
    districts, city = timed("setup", lambda: setup(made, plan))
    ids = timed("backlog", lambda: backlog(districts, city, plan))
    drain(districts, city, ids, plan, result)
    if steady_state:
        steady(districts, city, plan, result)
    result.check = timed("check", lambda: check(districts, city))
    result.machine["load_at_end"] = [round(x, 1) for x in os.getloadavg()]
    return result, districts, city


def run(folder: Path, plan: Plan, schema: Path | None = None, steady_state: bool = True) -> Result:
    with cluster(folder, postgres=plan.postgres, schema=schema) as made:
        return run_in(made, plan, steady_state)[0]


def markdown(result: Result) -> str:
    p, t = result.plan, result.timings
    first = next((r for r in result.rounds if not r.get("city_down")), {"seconds": 0})
    lines = [
        f"Three instances on the loopback ({'PostgreSQL' if p['postgres'] else 'SQLite'}, jobs {p['tasks']}): "
        f"{p['items']:,} district items, {p['revisions']:,} revisions, {p['withdrawals']:,} withdrawals up; "
        f"{p['down']:,} city policy documents down; the city killed (SIGKILL) "
        + (
            f"{p['kill_delay']} s into round {p['kill_after_round']}"
            if p["kill_delay"] is not None
            else f"after round {p['kill_after_round']}"
        )
        + " and restarted.",
        "",
        "| step | seconds |",
        "|---|---:|",
        f"| set-up (schema, 3 seeds, 3 gunicorns, pairing through the API) | {t.get('setup')} |",
        f"| backlog published through the pipeline (3 processes) | {t.get('backlog')} |",
        f"| first round of cycles | {first['seconds']} |",
        f"| drain: every item, revision and withdrawal through, kill and restart included | {t.get('drain')} |",
        f"| city restart (gunicorn to /healthz) | {t.get('city_restart')} |",
        f"| search indexes caught up (job workers; jobs {p['tasks']}) | {t.get('search_caught_up', '—')} |",
        f"| check (fingerprints of every item on three sides) | {t.get('check')} |",
        "",
        f"Machine: {result.machine.get('cpus')} cores, load average (1, 5, 15 min) "
        f"{result.machine.get('load_at_start')} at the start, {result.machine.get('load_at_end')} at the end.",
        f"Rounds: {len(result.rounds)}; totals {json.dumps(result.totals, ensure_ascii=False)}.",
        f"Steady state: cycles every {result.steady.get('interval')} s, largest lag "
        f"{result.steady.get('max_lag_seconds')} s over {result.steady.get('samples')} samples.",
        f"Agreement: {'every side agrees' if result.check.get('agree') else 'DISAGREE'} "
        f"{json.dumps(result.check.get('counts'), ensure_ascii=False)}",
    ]
    if not result.check.get("agree"):
        lines.append(f"Problems: {json.dumps(result.check.get('problems'), ensure_ascii=False)[:2000]}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--revisions", type=int, default=2_000)
    parser.add_argument("--withdrawals", type=int, default=500)
    parser.add_argument("--down", type=int, default=200)
    parser.add_argument("--interval", type=float, default=60.0)
    parser.add_argument("--steady-cycles", type=int, default=3)
    parser.add_argument("--kill-after-round", type=int, default=1)
    parser.add_argument("--kill-delay", type=float, default=None, help="kill the city this many s into that round")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--tasks", choices=["immediate", "database"], default="immediate")
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-search-wait", action="store_true", help="do not wait for the job workers' indexing")
    parser.add_argument("--keep", action="store_true", help="keep the instances' folders (logs, databases)")
    args = parser.parse_args()
    plan = Plan(
        items=args.items,
        revisions=args.revisions,
        withdrawals=args.withdrawals,
        down=args.down,
        interval=args.interval,
        steady_cycles=args.steady_cycles,
        kill_after_round=args.kill_after_round,
        kill_delay=args.kill_delay,
        wait_for_search=not args.no_search_wait,
        postgres=args.postgres,
        tasks=args.tasks,
    )
    folder = args.folder or Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    try:
        result = run(folder, plan)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result.as_dict(), ensure_ascii=False, indent=1) if args.json else markdown(result))


if __name__ == "__main__":
    main()
