"""Quality runs of tidings on other projects' public test suites.

Why a package of its own: each suite (PLOVER, PETRARCH2, the Zyte extraction benchmark,
our own dev gold) has its own format and scoring rule; one module per suite keeps each rule
readable next to the data it scores, and ``benchmarks/quality.py`` only lays them side by
side. Every ``run_*`` function returns a ``PartResult`` whose ``figures`` use the same
``Figure`` type as ``tidings eval``, so the same floor check gates all of them.
"""
