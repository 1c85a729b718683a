"""Security probes (issue 15): scripts anyone can rerun against a fresh demo district.

- ``pii_crawl``: plants personal data through the public forms and API, crawls every public page;
- ``cross_unit``: every workbench URL and staff API operation, naming another unit's objects;
- ``xss_render``: hostile payloads in every rendered field, pages rendered in headless Chromium.

Each runs as ``.venv/bin/python -m bench.probes.<name>`` from the checkout, in a temporary data
directory (nothing is written into the working tree), and exits 1 when it finds something.
Figures go to docs/benchmarks.md ("Security probes").
"""
