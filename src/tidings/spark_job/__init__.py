"""The pure-Python parts of the Spark job (``tidings.spark``): reading input blobs,
grouping events into stories by actor pair and date window, and flattening analyses to
table rows.

Why apart from ``tidings.spark``: none of this imports pyspark, so it runs (and is tested)
the same in an executor, in a plain loop, and on a machine without Java.
"""
