"""Benchmark tasks and metrics (ReservoirPy's ``datasets`` and ``observables`` names).

The series come from the library's generators (tasks/*.hpp), seeded from
``sub_seed(seed, task)`` as the CLI's ``reservoir --task``; the metrics are
tasks/metrics.hpp's streaming statistics in double. ``edgechaos.datasets`` and
``edgechaos.observables`` are this module under ReservoirPy's module names.
"""
from ._edgechaos import (lorenz, mackey_glass, memory_capacity, memory_task, narma, nrmse,  # noqa: F401
                         rmse, rsquare, squared_correlation)

__all__ = ["mackey_glass", "narma", "memory_task", "lorenz", "nrmse", "rmse", "rsquare",
           "squared_correlation", "memory_capacity", "to_forecasting"]


def to_forecasting(timeseries, forecast=1):
    """(X, Y) = (series[:-forecast], series[forecast:]): ReservoirPy's one-series split."""
    if forecast < 1:
        raise ValueError("invalid_argument: forecast must be at least 1")
    return timeseries[:-forecast], timeseries[forecast:]
