"""Admin benchmark: the case edit page as an editor opens it (server time, size, queries).

    .venv/bin/python bench/admin.py [--runs 20]

Runs in its own throwaway database (``dxforum_bench_admin`` on the embedded server): migrated,
the demo site loaded, and one case given three co-implementers. Each run is one GET of the
case's edit page through Django's test client (``DEBUG = False``), timed on the server side.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "dxforum_bench_admin"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    bench_search = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_search)  # its database and percentile helpers
    pct, recreate_database = bench_search.pct, bench_search.recreate_database

    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    recreate_database(BENCH_DB)
    bench_search.setup_django(BENCH_DB)

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from cases.models import CaseCoImplementer, CasePage
    from home import demo
    from localgov.models import LocalGovernment

    call_command("migrate", verbosity=0)
    demo.load(password="bench-pass-123")
    case = CasePage.objects.order_by("pk").first()
    for n, code in enumerate(("172120", "173240", "173614")):
        CaseCoImplementer.objects.create(
            page=case, local_government=LocalGovernment.objects.get(code=code), sort_order=n
        )
    case.save_revision()

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="demo-editor"))
    url = reverse("wagtailadmin_pages:edit", args=(case.pk,))
    client.get(url)  # warm: templates compiled, connection open
    times, size, queries = [], 0, 0
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200
        size, queries = len(response.content), len(captured)
    print(f"case edit page ({args.runs} runs, {LocalGovernment.objects.count()} local governments)")
    print(
        f"  server time p50 {pct(times, 50) * 1000:.0f} ms   p95 {pct(times, 95) * 1000:.0f} ms"
        f"   mean {statistics.mean(times) * 1000:.0f} ms"
    )
    html = response.content.decode()
    print(f"  size {size / 1024:.0f} KB   queries {queries}   <option> {html.count('<option')}")


if __name__ == "__main__":
    main()
