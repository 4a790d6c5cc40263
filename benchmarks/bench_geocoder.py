"""Benchmark the offline postcode geocoder (hub.geocoder).

Run from the project root:

    python benchmarks/bench_geocoder.py

Prints plain lines of figures: cold area loads, warm look-ups, outward-code centres and the
memory used with every postcode area loaded.
"""

import gc
import gzip
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hub import geocoder  # noqa: E402
from hub.geocoder import clear_cache, geocode_postcode, preload_areas  # noqa: E402

COLD_REPEATS = 5
SAMPLE_AREAS = ["B", "SN", "EH", "CF", "ZE"]
WARM_SAMPLE = 10_000


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def us(seconds: float) -> str:
    return f"{seconds * 1_000_000:.1f} us"


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def area_postcodes(area: str) -> list[str]:
    # The benchmark reads the raw file itself to pick real postcodes to look up.
    path = geocoder._data_dir() / f"{area.lower()}.csv.gz"
    with gzip.open(path, "rt", encoding="ascii") as rows:
        return [row.split(",", 1)[0] for row in rows if not row.endswith(",0,0\n")]


def cold_loads() -> None:
    print("Cold area loads (median of", COLD_REPEATS, "loads, each after clear_cache):")
    for area in SAMPLE_AREAS:
        first = area_postcodes(area)[0]
        load_times, lookup_times = [], []
        rows = 0
        for _ in range(COLD_REPEATS):
            clear_cache()
            gc.collect()
            start = time.perf_counter()
            rows = preload_areas([area])
            load_times.append(time.perf_counter() - start)
            clear_cache()
            gc.collect()
            lookup_times.append(timed(geocode_postcode, first))
        print(
            f"  {area:<3} {rows:>6} postcodes: load {ms(statistics.median(load_times))}, "
            f"first look-up including load {ms(statistics.median(lookup_times))}"
        )

    clear_cache()
    gc.collect()
    per_area = {}
    for area in geocoder._available_areas():
        clear_cache()
        start = time.perf_counter()
        rows = preload_areas([area])
        per_area[area] = (time.perf_counter() - start, rows)
    slowest = max(per_area, key=lambda a: per_area[a][0])
    largest = max(per_area, key=lambda a: per_area[a][1])
    total_rows = sum(rows for _, rows in per_area.values())
    total_time = sum(t for t, _ in per_area.values())
    print(
        f"  All {len(per_area)} areas, one cold load each: total {ms(total_time)}"
        f" for {total_rows} postcodes; largest area {largest} ({per_area[largest][1]} postcodes,"
        f" {ms(per_area[largest][0])}); slowest load {slowest} ({ms(per_area[slowest][0])})"
    )


def warm_lookups() -> None:
    rng = random.Random(1)
    clear_cache()
    sample = []
    for area in SAMPLE_AREAS:
        sample.extend(area_postcodes(area))
    sample = rng.sample(sample, WARM_SAMPLE)
    preload_areas(SAMPLE_AREAS)

    first_times = []
    for postcode in sample:
        start = time.perf_counter()
        geocode_postcode(postcode)
        first_times.append(time.perf_counter() - start)
    repeat_times = []
    for postcode in sample:
        start = time.perf_counter()
        geocode_postcode(postcode)
        repeat_times.append(time.perf_counter() - start)
    spelled = [postcode.lower().replace(" ", "") for postcode in sample]
    spelled_times = []
    for text in spelled:
        start = time.perf_counter()
        geocode_postcode(text)
        spelled_times.append(time.perf_counter() - start)
    normalise_times = []
    for text in spelled:
        start = time.perf_counter()
        geocoder.normalise_postcode(text)
        normalise_times.append(time.perf_counter() - start)

    print(f"Warm look-ups of {WARM_SAMPLE} random full postcodes (area already loaded):")
    for label, times in [
        ("first look-up of each postcode (dict hit + conversion)", first_times),
        ("repeat look-up (cached point)", repeat_times),
        ("repeat look-up, lower case without space", spelled_times),
        ("normalise_postcode alone", normalise_times),
    ]:
        print(
            f"  {label}: median {us(statistics.median(times))}, p95 {us(p95(times))},"
            f" max {us(max(times))}"
        )


def outward_centres() -> None:
    print("Outward-code centres:")
    for area, outward in [("B", "B33"), ("SN", "SN10")]:
        cold = []
        for _ in range(COLD_REPEATS):
            clear_cache()
            preload_areas([area])
            gc.collect()
            cold.append(timed(geocode_postcode, outward))
        warm = [timed(geocode_postcode, outward) for _ in range(1000)]
        print(
            f"  {outward}: first in its area (all the area's centres at once, area already loaded)"
            f" median {ms(statistics.median(cold))}; warm median {us(statistics.median(warm))},"
            f" p95 {us(p95(warm))}"
        )


def rss_mb() -> float | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def rss_growth() -> None:
    """Run in a fresh process: RSS growth from loading every area, without tracemalloc."""
    gc.collect()
    before = rss_mb()
    rows = preload_areas()
    after = rss_mb()
    if before is not None and after is not None:
        print(f"  process RSS grew by {after - before:.0f} MB for {rows} postcodes, untraced")


def memory() -> None:
    clear_cache()
    gc.collect()
    tracemalloc.start()
    rows = preload_areas()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"Memory with all areas loaded ({rows} postcodes): {current / 1e6:.1f} MB traced"
        f" ({current / rows:.0f} bytes per postcode), peak during load {peak / 1e6:.1f} MB"
    )
    clear_cache()
    subprocess.run([sys.executable, __file__, "--rss"], check=True)  # noqa: S603


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    cold_loads()
    warm_lookups()
    outward_centres()
    memory()


if __name__ == "__main__":
    if sys.argv[1:] == ["--rss"]:
        rss_growth()
    else:
        main()
