"""notebooks/vnplan_tour.ipynb runs headless against data/raw and four real plans of the corpus, so it cannot rot."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_notebook_runs_and_saves_its_plots(ingested_with_real, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("VNPLAN_DATA", str(ingested_with_real))
    monkeypatch.setenv("VNPLAN_PLOTS", str(tmp_path))
    notebook = nbformat.read(ROOT / "notebooks" / "vnplan_tour.ipynb", as_version=4)
    nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    ).execute()
    assert (tmp_path / "deadlines_by_quarter.png").stat().st_size > 1000
    assert (tmp_path / "tasks_by_area_and_province.png").stat().st_size > 1000
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("130/2005/NĐ-CP" in str(o.get("data", {})) for o in outputs)
    shown = " ".join(str(o.get("data", {})) for o in outputs)
    assert "Không có hạn" in shown and "Quý II/2025" in shown  # the undated bar, and an empty quarter
