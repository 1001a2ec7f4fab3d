"""Story assignment cost as the store grows: time per added document at 1 k, 10 k, 100 k.

Why synthetic: the demo corpus is small; shifting its events' dates and actors gives a
store of any size with the same shape (pairs of countries, a few reports per event). Run:
``.venv/bin/python benchmarks/stories.py [--sizes 1000,10000,100000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from tidings import model
from tidings.store import Store
from tidings.stories import assign_story

CODES = [f"C{i:02d}" for i in range(60)]
TYPES = [model.PloverType.CONSULT, model.PloverType.ACCUSE, model.PloverType.AID]


def make_report(index: int, rng: random.Random) -> model.Analysis:
    event_no = index // 3  # about three reports per real event
    local = random.Random(event_no)
    source, target = local.sample(CODES, 2)
    day = dt.date(2015, 1, 1) + dt.timedelta(days=local.randrange(3650))
    date = model.PartialDate(year=day.year, month=day.month, day=day.day, basis=(("year", "text"),))
    event = model.Event(
        type=TYPES[event_no % len(TYPES)],
        source=source,
        target=target,
        date=date,
        evidence=model.Span(0, 20),
        main=True,
    )
    doc = model.Document(
        id=f"d{index}",
        source=f"d{index}",
        text=f"Report {index} of event {event_no} {rng.random()}",
        lang=rng.choice(["en", "de", "id"]),
        published=day + dt.timedelta(days=1),
        events=[event],
    )
    return model.Analysis(document=doc)


def run(sizes: list[int], probe: int = 200) -> None:
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.sqlite")
        added = 0
        for size in sizes:
            with store.transaction():  # bulk fill, then time single additions
                while added < size - probe:
                    analysis = make_report(added, rng)
                    store.add_analysis(analysis)
                    assign_story(store, analysis)
                    added += 1
            start = time.perf_counter()
            for _ in range(probe):
                analysis = make_report(added, rng)
                store.add_analysis(analysis)
                assign_story(store, analysis)
                added += 1
            per_doc = (time.perf_counter() - start) / probe * 1000
            print(f"store {size:>7,} documents: {per_doc:.2f} ms per added document")
        store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    run([int(s) for s in args.sizes.split(",")])
