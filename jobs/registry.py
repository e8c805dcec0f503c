"""The kinds of background job: a name → the function that runs it.

A runner is `runner(payload: dict, *, job: Job, progress: Progress) -> dict | None`; what
it returns is stored as the job's JSON result, an exception it raises becomes the job's
error. Apps register their kinds in `AppConfig.ready()` (or at import of a module the
worker imports), e.g. `register("route_plan", plan_job)`.
"""

from collections.abc import Callable

RUNNERS: dict[str, Callable] = {}
STAGES: dict[str, dict] = {}


class UnknownKind(KeyError):
    """No runner is registered under this kind."""


def register(kind: str, runner: Callable | None = None, stages: dict | None = None):
    """Register `runner` for `kind`; usable as a decorator `@register("kind")`.

    `stages` maps the stage codes the runner reports to translatable labels.
    """

    def add(function: Callable) -> Callable:
        RUNNERS[kind] = function
        STAGES[kind] = dict(stages or {})
        return function

    return add(runner) if runner is not None else add


def runner_for(kind: str) -> Callable:
    """Return the runner of `kind`, or raise UnknownKind."""
    try:
        return RUNNERS[kind]
    except KeyError:
        raise UnknownKind(kind) from None


def kinds() -> list[str]:
    return sorted(RUNNERS)


def stage_text(kind: str, stage: str) -> str:
    """Return the label of a kind's stage in the active language (the code if unknown)."""
    return str(STAGES.get(kind, {}).get(stage, stage))
