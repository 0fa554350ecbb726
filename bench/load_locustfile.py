"""Locust users of ``bench/load.py`` (not run alone: load.py writes the plan it reads).

Each simulated user is one signed-in persona of the demo (a session prepared by load.py, as if the
person had logged in earlier in the day), waits 5–15 s between actions and opens the pages a person
in that role opens: dashboards, lists, the plan's task progress reports. Only the HTML page is
fetched (a browser keeps the static files in its cache). A page counts as an error if its status is
not 200 or if it lands on the login page.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["TINHGON_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
_USERS = itertools.cycle(PLAN["users"])


class Person(HttpUser):
    wait_time = between(5, 15)

    def on_start(self) -> None:
        me = next(_USERS)
        self.persona = me["persona"]
        self.pages = me["pages"]
        self.rng = random.Random(me["session"])
        self.client.cookies.set("sessionid", me["session"])
        # the reverse proxy of docs/deployment.md terminates TLS and says so
        self.client.headers["X-Forwarded-Proto"] = "https"

    @task
    def open_a_page(self) -> None:
        name, url = self.rng.choice(self.pages)
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            elif "dang-nhap" in r.url:
                r.failure("logged out")
