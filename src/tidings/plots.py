"""Pictures of timelines and relation graphs (optional extra ``plot``: matplotlib, networkx).

Why separate: plotting libraries are heavy and optional; nothing else imports this module,
and the CLI imports it only when ``--plot`` is given. The Agg backend needs no display.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tidings.graph import Edge, merge_pairs
from tidings.store import TimelineRow


def parse_shown_date(shown: str | None) -> dt.date | None:
    """The first day of a timeline date with a year ("2023-03-01", "2023-03", "2023")."""
    if not shown or not shown[:4].isdigit():
        return None
    parts = [int(p) for p in shown.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def plot_timeline(rows: list[TimelineRow], out: Path, title: str) -> Path:
    """One marker per dated story (size: number of reports, colour: type)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 3 + 0.1 * len(rows)))
    types = sorted({r.type for r in rows})
    for row in rows:
        day = parse_shown_date(row.date)
        if day is None:
            continue
        y = types.index(row.type)
        size = 40 * max(1, sum(row.reports.values()))
        ax.scatter([day], [y], s=size, alpha=0.7)  # type: ignore[arg-type]
        place = row.location.city if row.location and row.location.city else ""
        ax.annotate(f"{row.source}→{row.target} {place}", (day, y), fontsize=7)
    ax.set_yticks(range(len(types)), types)
    ax.set_title(title)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)
    return out


def plot_graph(edges: list[Edge], out: Path, title: str) -> Path:
    """Actors as nodes; edge width by stories, colour by the sign of the Goldstein sum."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx  # type: ignore[import-untyped]

    graph = nx.DiGraph()
    for (s, t), (n, g) in merge_pairs(edges).items():
        graph.add_edge(s, t, weight=n, goldstein=g)
    fig, ax = plt.subplots(figsize=(8, 8))
    if graph.number_of_nodes():
        pos = nx.spring_layout(graph, seed=1)
        widths = [1 + graph[u][v]["weight"] for u, v in graph.edges]
        colours = [
            "tab:green" if graph[u][v]["goldstein"] >= 0 else "tab:red" for u, v in graph.edges
        ]
        nx.draw_networkx(graph, pos, ax=ax, width=widths, edge_color=colours, node_color="#ddd")
    ax.set_title(title)
    ax.set_axis_off()
    fig.savefig(out)
    plt.close(fig)
    return out
