"""Supervision (监督检查): three Django apps under one package.

``ledger`` — the work-points task ledger (任务台账) with progress, supervision notices (督办) and
the look-back (回头看); ``newmedia`` — the government new-media registry (政务新媒体备案);
``inspection`` — the site self-inspection against 国办秘函〔2019〕19号 (REGULATIONS.md §5).
"""
