"""The demo's mixed workload: the kinds of requests a team sends an LLM in one afternoon."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

_FACTS = [
    "What is the capital of Australia?",
    "Who wrote Pride and Prejudice?",
    "What year did the Berlin Wall fall?",
    "What is the boiling point of water at sea level in Fahrenheit?",
    "Which planet has the most moons?",
    "What does HTTP stand for?",
    "Who painted the Mona Lisa?",
    "What is the largest ocean on Earth?",
    "What language is spoken in Brazil?",
    "What is the chemical symbol for gold?",
]
_EXTRACT = [
    "Extract the company names from: 'Acme Corp signed a deal with Globex and Initech on Monday.'",
    "Classify the sentiment of this review as positive, negative or neutral: 'The battery died "
    "after two days and support never answered.'",
    "Extract the date and amount from: 'Invoice 4411 of 3 March 2025 totals EUR 1,240.50.'",
    "Categorize this ticket as billing, bug or feature request: 'I was charged twice this month.'",
    "Pull out every email address in: 'write to ana@example.org or ops@example.com today'.",
    "Label the language of each line: 'bonjour', 'hola', 'guten Tag'.",
]
_CODE = [
    "Write a Python function that merges two sorted lists into one sorted list.",
    "Implement a thread-safe LRU cache class in Java with get and put methods.",
    "Fix the bug in this code:\n```js\n"
    "function sum(a) { let s; for (x of a) s += x; return s }\n```",
    "Write a SQL query that returns the top 5 customers by total order value.",
    "Refactor this function to use a dictionary instead of if/elif chains:\n```python\n"
    "def f(x):\n    if x == 'a': return 1\n    elif x == 'b': return 2\n    else: return 0\n```",
    "Write a bash script that deletes files older than 7 days in /tmp/cache.",
]
_MATH = [
    "Solve for x: 3x + 7 = 25.",
    "A train travels 180 km in 2.5 hours. How many km does it travel in 4 hours at that speed?",
    "What is the derivative of x^3 * sin(x)?",
    "Calculate the probability of rolling two sixes with two fair dice.",
    "If 15% of a number is 45, what is the number?",
    "Compute the sum of the integers from 1 to 250.",
]
_REASONING = [
    "Analyze the trade-offs between event sourcing and a classic CRUD model for an order system "
    "that must keep a full audit trail, and recommend one.",
    "Explain why the 2008 financial crisis spread from housing to the whole banking system, step "
    "by step.",
    "Compare and contrast microservices and a modular monolith for a team of six engineers.",
    "Prove that the square root of 2 is irrational, and explain each step.",
]
_LONG_CONTEXT = (
    "The following is an internal design document. Read it carefully.\n\n"
    + " ".join(
        f"Section {i}: the service keeps a write-ahead log, replays it on start, and compacts "
        f"segments older than {i} hours while serving reads from the newest snapshot."
        for i in range(1, 90)
    )
    + "\n\nQuestion: what are the risks of this design, and what would you change first?"
)


@dataclass(frozen=True, slots=True)
class DemoRequest:
    kind: str
    body: dict[str, Any]


def build_workload(count: int = 120, seed: int = 7) -> list[DemoRequest]:
    """A shuffled, deterministic mix; some requests stream and some offer a tool."""
    rng = random.Random(seed)
    pools: list[tuple[str, list[str], float]] = [
        ("factual", _FACTS, 0.30),
        ("extraction", _EXTRACT, 0.20),
        ("code", _CODE, 0.20),
        ("math", _MATH, 0.15),
        ("reasoning", [*_REASONING, _LONG_CONTEXT], 0.15),
    ]
    out: list[DemoRequest] = []
    for kind, prompts, share in pools:
        for i in range(round(count * share)):
            body: dict[str, Any] = {
                "model": "auto",
                "messages": [{"role": "user", "content": prompts[i % len(prompts)]}],
            }
            if i % 4 == 3:
                body["stream"] = True
                body["stream_options"] = {"include_usage": True}
            out.append(DemoRequest(kind, body))
    rng.shuffle(out)
    return out
