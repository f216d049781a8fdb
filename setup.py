"""Only the optional C modules live here; everything else is in pyproject.toml.

``optional=True``: where no C compiler is available the build goes on without them, and
routeyard serves its local model on the numpy path (``routeyard.learn.serving``) and reads
words in Python (``routeyard.classify.lexicon``).
"""

from setuptools import Extension, setup

# Let the compiler reorder float sums (so sums run on SIMD lanes) and fuse multiply-adds, without
# the rest of -ffast-math: NaN and infinity keep their meaning, results move by rounding only.
REORDER_SUMS = [
    "-ffp-contract=fast",
    "-fno-math-errno",
    "-fno-trapping-math",
    "-fno-signed-zeros",
    "-fassociative-math",
]

setup(
    ext_modules=[
        Extension(
            "routeyard.learn._kernel",
            ["src/routeyard/learn/_kernel.c"],
            extra_compile_args=["-O3", "-std=c11", *REORDER_SUMS],
            libraries=["m"],
            optional=True,
        ),
        Extension(
            "routeyard.classify._lexicon",
            ["src/routeyard/classify/_lexicon.c"],
            extra_compile_args=["-O3", "-std=c11"],
            optional=True,
        ),
    ]
)
