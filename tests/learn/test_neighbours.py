"""The neighbour index: rows stored in several lists, one list searched, and its guards."""

from __future__ import annotations

import numpy as np
import pytest

from routeyard.learn.neighbours import NeighbourRegressor, project


def clustered(seed: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit vectors around 6 directions; the target is which side of a plane a row lies on."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(6, 32))
    x = centres[rng.integers(0, 6, size=400)] + 0.6 * rng.normal(size=(400, 32))
    x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)
    y = (x[:, :1] > 0).astype(np.float64)
    return x, y, np.ones_like(y, dtype=bool)


def test_each_row_is_stored_in_its_nearest_lists() -> None:
    x, y, mask = clustered()
    nn = NeighbourRegressor.fit(x, y, mask, y.mean(axis=0), dims=16, spill=3)
    lists = nn.centres.shape[0]
    assert nn.probe == 1 and nn.spill == 3 and lists > 3
    assert nn.index.shape[0] == 3 * x.shape[0] == nn.offsets[-1]
    z = project(x, nn.mean, nn.basis)
    nearest = np.argsort(-(z @ nn.centres.T), axis=1)[:, :3]
    for c in range(lists):
        stored = nn.index[nn.offsets[c] : nn.offsets[c + 1]]
        members = z[(nearest == c).any(axis=1)]
        assert stored.shape == members.shape
        np.testing.assert_allclose(np.sort(stored, axis=0), np.sort(members, axis=0), atol=1e-6)


def test_a_training_prompt_finds_itself() -> None:
    """Its nearest centre's list holds it, so a sharp kernel returns its own target."""
    x, y, mask = clustered()
    nn = NeighbourRegressor.fit(x, y, mask, y.mean(axis=0), dims=16, spill=2, temperature=0.0125)
    predicted = nn.predict(x[:50])
    assert np.mean(np.abs(predicted - y[:50]) < 0.5) > 0.95


def test_spilling_rows_needs_a_one_list_search() -> None:
    x, y, mask = clustered()
    nn = NeighbourRegressor.fit(x, y, mask, y.mean(axis=0), dims=16, spill=2)
    with pytest.raises(ValueError, match="one list"):
        nn.with_search(probe=2)
