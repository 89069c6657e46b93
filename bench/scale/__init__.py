"""The scale bench: the same portal at pilot and at national scale, side by side.

- data.py — builds a programme of either scale into an empty database (bulk inserts);
- pages.py — the pages to time, by role (later apps add theirs there);
- settings.py and querycount.py — production settings plus a header with each request's
  query count, for the gunicorn servers;
- bench/bench_scale.py — prepares both databases, serves them and prints the table.
"""
