from typing import Any

class Kernel:
    def __init__(
        self,
        *,
        vectors: Any,
        w: Any,
        b: Any,
        centres: Any,
        task_means: Any,
        index_t: Any,
        table: Any,
        bounds: Any,
        prior: Any,
        c: int,
        k: int,
        t: int,
        d: int,
        ridge: bool,
        unshifted: bool,
        exp_safe: bool,
        all_present: bool,
        temperature: float,
    ) -> None: ...
    def predict(self, ids: list[int]) -> tuple[list[float], list[float]]: ...
    def predict_weighted(
        self, ids: list[int], starts: list[int], weights: list[float]
    ) -> tuple[list[float], list[float]]: ...

def fill_ids(
    chunks: list[str],
    start: int,
    cache: dict[str, tuple[int, ...]],
    out: list[int],
    max_tokens: int,
) -> int: ...
def segment_scores(
    vectors: Any,
    projected: Any,
    hidden_bias: Any,
    weights: Any,
    ids: list[int],
    starts: list[int],
) -> list[float | None]: ...
